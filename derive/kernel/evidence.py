"""Numeric evidence for the kernel (trusted base): rigorous per-instance decisions.

Both sides are evaluated on the instances of :mod:`.numeric` in two passes:

1. **a float64 screen** over every instance (vectorised, cheap) that only *ranks* instances:
   those where float64 sees the relation fail, those it cannot evaluate, and those closest to
   failing;
2. **ball arithmetic** (python-flint's ``arb``) on the instances the screen ranked first, plus a
   spread of the others. An instance *fails* only when the balls prove the sides apart; it
   *holds* only when the balls prove the relation, or (for ``=``, ``≤``, ``≥``) when the sides stay
   together to 2⁻²⁰⁰ of their size at 320 bits after agreeing in float64; an instance whose
   value is undefined (``log`` of a non-positive, division by zero) is *undefined* and never
   counts. Where a strict inequality's sides cannot be separated, the instance is evaluated in
   exact arithmetic: identical sides make it fail.

A counterexample is shrunk to one or two decimals (exact rationals, distributions still summing
to one) while it still fails, and reported with both sides' values. The outcome counts only the
instances decided *with balls*; fewer than :data:`MIN_DECIDED` of them (one, for a step with
nothing to sample) is not evidence, and the kernel then says ``inconclusive``; so does a strict
inequality whose sides could not be told apart on some instance (they may be equal there).

>>> from derive.definitions import STANDARD as S, KL
>>> kl = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
>>> out = numeric_evidence(kl, ">=", sp.Integer(0))
>>> out.agrees, out.samples >= MIN_DECIDED
(True, True)
>>> numeric_evidence(kl, ">", sp.Integer(0)).counterexample is not None   # P = Q
True
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp
from flint import arb, fmpq

from ..definitions import unfold_all
from ..records import Counterexample
from .context import Context
from .extended import is_infinite, relation_holds
from .numeric import (
    Batch,
    Signature,
    Unsupported,
    describe_instance,
    evaluate_ball,
    evaluate_exact,
    sample_batches,
    seed_for,
    signature,
)
from .screen import (
    CHEAP_WORK,
    SCREENED,
    FloatScreen,
    Probe,
    evaluate_probes,
    rank_instances,
    take_screen,
    work,
)

__all__ = ["Outcome", "numeric_evidence", "refute_early", "refute_identical", "decide_instance",
           "MIN_DECIDED"]

#: ball precisions (bits) for instances the float screen flagged; passing ones go to the last
PRECISIONS = (96, 320)
#: the passing instances closest to failing must also agree here: sides that "agree" at 320
#: bits but differ by e^-1000 are told apart
DEEP = (320, 2048)
#: further precisions for inequalities float64 sees fail (or cannot tell from tied) that 320
#: bits cannot decide (see :data:`.screen.MAX_TIED` for the tied ones pushed)
ESCALATE = (2048, 16384)
#: the precision of the scan of further float-undefined instances (see ``.screen``)
SCAN_PRECISION = (128,)
#: a step with nothing to sample is one instance: it is pushed much further
CONSTANT = (320, 2048, 8192)
#: at the top precision, sides within 2^-AGREE_BITS of their size are taken to agree
AGREE_BITS = 200
#: fewer instances decided with balls than this is not evidence
MIN_DECIDED = 6

HOLDS, FAILS, UNDEFINED, UNDECIDED = "holds", "fails", "undefined", "undecided"


@dataclass
class Outcome:
    """What the numeric pass found. ``samples`` counts instances decided with balls."""

    samples: int = 0
    screened: int = 0
    undefined: int = 0
    undecided: int = 0
    #: instances of a strict inequality whose sides could not be told apart (their balls still
    #: overlap at the top precision): the sides may be equal there, so the claim is unconfirmed
    touching: int = 0
    required: int = MIN_DECIDED
    max_discrepancy: float | None = None
    counterexample: Counterexample | None = None
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        """No counterexample, within budget, and enough instances decided with balls."""
        return (self.counterexample is None and not self.timed_out
                and self.samples >= self.required and not self.touching)


# ---------------------------------------------------------------- one instance, rigorously

def _ball_verdict(rel: str, va: arb, vb: arb, tol: float | None, top: bool) -> str:
    d = va - vb
    if rel in ("<=", ">=", "<", ">"):
        e = d if rel in (">=", ">") else -d  # the relation claims e >= 0 (or e > 0)
        if rel in ("<=", ">="):
            if e.lower() >= 0:
                return HOLDS
            if e.upper() < 0:
                return FAILS
        else:
            if e.lower() > 0:
                return HOLDS
            if e.upper() <= 0:
                return FAILS
    elif rel == "approx":
        exact_tol = Fraction(tol or 0.0)
        t = arb(fmpq(exact_tol.numerator, exact_tol.denominator))
        if abs(d).upper() <= t.lower():
            return HOLDS
        if abs(d).lower() > t.upper():
            return FAILS
        return UNDECIDED
    elif not d.contains(0):
        return FAILS
    if top and rel in ("=", "<=", ">="):
        scale = max(arb(1), abs(va).upper(), abs(vb).upper())
        if d.rad() <= scale * arb(2) ** (-AGREE_BITS):
            return HOLDS
    elif rel in ("=", "<=", ">=") and d.contains(0):
        return UNDECIDED  # straddling below the top precision: go higher
    return UNDECIDED


def _exactly_equal(a: sp.Expr, b: sp.Expr, batch: Batch, k: int, probe: Probe) -> bool:
    """Are both sides the *same* exact number at this instance? (small instances only)"""
    if work(batch) > CHEAP_WORK:
        return False
    try:
        diff = evaluate_exact(a, batch, k, probe.env_a) - evaluate_exact(b, batch, k, probe.env_b)
    except (Unsupported, ValueError, TypeError, ZeroDivisionError, RecursionError):
        return False
    return diff.is_zero


def decide_instance(rel: str, a: sp.Expr, b: sp.Expr, probe: Probe, k: int,
                    tol: float | None = None,
                    precisions: tuple[int, ...] = PRECISIONS,
                    agree_at_top: bool = True) -> tuple[str, arb, arb]:
    """``(verdict, left ball, right ball)`` for instance ``k`` of ``probe``; with
    ``agree_at_top=False`` sides that merely agree to ``AGREE_BITS`` stay undecided."""
    batch = probe.batch
    va = vb = arb.nan()
    defined = False
    for i, prec in enumerate(precisions):
        va = evaluate_ball(a, batch, k, prec, probe.env_a)
        vb = evaluate_ball(b, batch, k, prec, probe.env_b)
        if is_infinite(va) or is_infinite(vb):  # zero masses: an exact ±∞ (kernel/extended)
            verdict = relation_holds(rel, va, vb)
            if verdict in (HOLDS, FAILS):
                return verdict, va, vb
            continue
        if not (va.is_finite() and vb.is_finite()):
            continue
        defined = True
        verdict = _ball_verdict(rel, va, vb, tol,
                                top=agree_at_top and i == len(precisions) - 1)
        if verdict in (HOLDS, FAILS):
            return verdict, va, vb
    if not defined:
        return UNDEFINED, va, vb
    if rel in ("<", ">") and _exactly_equal(a, b, batch, k, probe):
        return FAILS, vb, vb  # the sides are the same number

    return UNDECIDED, va, vb


# ---------------------------------------------------------------- the whole comparison

def _suspect_levels(rel: str) -> tuple[tuple[int, ...], bool]:
    """Precisions for instances float64 sees fail, and whether agreement at the top counts: an
    inequality is pushed far (sides apart by e^-10000 are told apart) and never counted as
    holding merely because its sides agree to AGREE_BITS."""
    if rel in ("<=", ">=", "<", ">"):
        return PRECISIONS + ESCALATE, False
    return PRECISIONS, True


def _decide_items(screen: FloatScreen, rel: str, tol: float | None, items: list,
                  precisions: tuple[int, ...], agree_at_top: bool, out: Outcome,
                  deadline: float, detail: Any, memo: dict | None = None) -> bool:
    """Decide ``items`` with balls into ``out``; ``True`` when the comparison is over (a
    counterexample, or out of time). ``memo`` keeps verdicts already reached at these levels."""
    for _, p_i, k in items:
        if time.monotonic() > deadline:
            out.timed_out = True
            return True
        probe = screen.probes[p_i]
        levels = precisions  # escalation only where it is affordable
        if len(levels) > len(PRECISIONS) and work(probe.batch) > CHEAP_WORK:
            levels = PRECISIONS
        if memo is not None and (p_i, k) in memo:
            verdict, va, vb = memo[p_i, k]
        else:
            verdict, va, vb = decide_instance(rel, screen.a, screen.b, probe, k, tol, levels,
                                              agree_at_top)
            if memo is not None:
                memo[p_i, k] = (verdict, va, vb)
        if verdict == FAILS:
            out.counterexample = _counterexample(screen.a, screen.b, rel, screen.sig, probe, k,
                                                 tol, va, vb, detail)
            return True
        out.samples += verdict == HOLDS
        out.undefined += verdict == UNDEFINED
        out.undecided += verdict == UNDECIDED
        out.touching += verdict == UNDECIDED and rel in ("<", ">") and va.overlaps(vb) \
            and _moderate(probe.batch, k)
    return False


def _moderate(batch: Any, k: int) -> bool:
    """Are all values of instance ``k`` moderate (finite, |v| ≤ 10³, and 0 or |v| ≥ 10⁻⁶)?
    There, sides of this vocabulary that balls of hundreds of bits cannot tell apart are equal
    for every practical purpose; with huge rewards or tiny β a true strict inequality may be
    apart by e^-100000 (σ(r) < 1), which is not held against it."""
    for arr in batch.values.values():
        row = np.abs(np.asarray(arr[k], dtype=float))
        if not (np.all(np.isfinite(row)) and np.all(row <= 1e3)
                and np.all((row == 0) | (row >= 1e-6))):
            return False
    return True


def refute_early(screen: FloatScreen, rel: str, tol: float | None, deadline: float,
                 memo: dict) -> Outcome | None:
    """Decide, with balls, only the instances float64 sees fail: the outcome if one of them is
    a counterexample (the step is refuted whatever a symbolic search would say), else ``None``.
    The verdicts reached are kept in ``memo`` for the full comparison, which decides the same
    instances at the same levels."""
    if rel not in SCREENED:
        return None
    out = Outcome()
    suspects = rank_instances(screen, rel, tol, out)[0]
    if not suspects:
        return None
    precisions, agree_at_top = _suspect_levels(rel)
    _decide_items(screen, rel, tol, suspects, precisions, agree_at_top, out, deadline, None,
                  memo)
    return out if out.counterexample is not None else None


def _check(screen: FloatScreen, rel: str, tol: float | None, deadline: float,
           detail: Any = None, thorough: bool = False, memo: dict | None = None) -> Outcome:
    sig, probes = screen.sig, screen.probes
    out = Outcome()
    fixed = {fam.domains[0] for fam in sig.distributions if fam.table is not None}
    if not (sig.functions or sig.scalars or sig.support_vars) and all(
            fam.table is not None for fam in sig.distributions) and sig.summed <= fixed:
        out.required = 1  # nothing to sample: one instance is the whole space
    suspects, nonfinite, confirm, scan = rank_instances(screen, rel, tol, out, thorough)
    out.screened = sum(p.batch.samples for p in probes)
    deep = CONSTANT if out.required == 1 else DEEP
    if rel == "=":  # below the top an equation's balls can only fail, never hold: for the
        # passing instances confirmed deep, the lower passes were work thrown away (an
        # instance apart at 320 bits is apart at 2048 too)
        deep = deep[-1:]
    precisions, agree_at_top = _suspect_levels(rel)
    phases = ((suspects, precisions, agree_at_top, memo),
              (nonfinite, PRECISIONS, True, None), (confirm[:2], deep, True, None),
              (confirm[2:], PRECISIONS[-1:], True, None))
    for items, levels, top, known in phases:
        if _decide_items(screen, rel, tol, items, levels, top, out, deadline, detail, known):
            return out
    # without a symbolic proof, the other instances float64 could not evaluate (overflow:
    # huge rewards, tiny β) are each looked at with 128-bit balls, which decide rigorously
    # when the sides are far apart; what they cannot decide is simply not counted
    for _, p_i, k in scan:
        if time.monotonic() > deadline:
            break
        verdict, va, vb = decide_instance(rel, screen.a, screen.b, probes[p_i], k, tol,
                                          SCAN_PRECISION, agree_at_top=False)
        if verdict == FAILS:
            out.counterexample = _counterexample(screen.a, screen.b, rel, sig, probes[p_i], k,
                                                 tol, va, vb, detail)
            return out
        out.samples += verdict == HOLDS
    if out.undefined:
        out.notes.append(f"{out.undefined} instance(s) where a side is undefined did not count")
    if out.touching:
        out.notes.append(f"on {out.touching} instance(s) the two sides could not be told apart "
                         "(they may be equal there, which a strict inequality excludes), so the "
                         "inequality is not confirmed")
    if out.undecided:
        out.notes.append(f"{out.undecided} instance(s) could not be decided with balls and "
                         "did not count")
    if out.samples < out.required:
        out.notes.append(f"only {out.samples} instance(s) could be decided rigorously; "
                         f"at least {out.required} are needed")
    return out


#: instances tried for a defined one when the sides of a strict inequality are identical
IDENTICAL_TRIES = 40


def refute_identical(screen: FloatScreen, rel: str, how: str, deadline: float) -> Outcome | None:
    """The sides were shown *identical* symbolically (``how``: the strategy that proves
    ``a = b``), so ``a < b`` and ``a > b`` fail wherever both sides are defined: the first
    instance (the nice batch first) on which balls show both sides finite is a counterexample.
    ``None`` when no such instance is found in :data:`IDENTICAL_TRIES` tries or in time."""
    if rel not in ("<", ">"):
        return None
    tries = 0
    for probe in screen.probes:
        for k in range(probe.batch.samples):
            tries += 1
            if tries > IDENTICAL_TRIES or time.monotonic() > deadline:
                return None
            va = evaluate_ball(screen.a, probe.batch, k, PRECISIONS[0], probe.env_a)
            vb = evaluate_ball(screen.b, probe.batch, k, PRECISIONS[0], probe.env_b)
            if is_infinite(va) or is_infinite(vb) or not (va.is_finite() and vb.is_finite()):
                continue

            def detail(_probe: Probe, _va: arb, _vb: arb) -> str:
                return (f"the two sides are identical ({how}), so they are the same number "
                        "wherever they are defined, as here")

            return Outcome(samples=1, counterexample=_counterexample(
                screen.a, screen.b, rel, screen.sig, probe, k, None, va, vb, detail))
    return None


# ---------------------------------------------------------------- counterexamples

def _single(batch: Batch, k: int, transform: Any = None) -> Batch:
    """Instance ``k`` of ``batch`` as a batch of one (``transform(key, array)`` applied)."""
    values = {key: arr[k:k + 1].copy() for key, arr in batch.values.items()}
    exact = {key: arr[k:k + 1].copy() for key, arr in batch.exact.items()}
    if transform is not None:
        values = {key: transform(key, arr) for key, arr in values.items()}
    return Batch(1, batch.sizes, values, batch.env, batch.nice, exact, batch.label)


def _rounded(sig: Signature, batch: Batch, k: int, decimals: int) -> Batch | None:
    """Instance ``k`` with every value rounded to ``decimals`` (exact rationals), if valid."""
    one = _single(batch, k)
    unit = Fraction(1, 10 ** decimals)
    for key, arr in list(one.values.items()):
        if getattr(key, "table", None) is not None:
            continue
        flat = [Fraction(f"{v:.{decimals}f}") for v in arr.reshape(-1)]
        if key in sig.distributions:
            n = arr.shape[-1] if len(key.domains) == 1 else int(
                np.prod(arr.shape[arr.ndim - len(key.domains):]))
            rows = [flat[i:i + n] for i in range(0, len(flat), n)]
            for row in rows:
                zeros = getattr(key, "zeros", False)  # declared with zeros: 0 stays 0
                for j, v in enumerate(row):
                    row[j] = v if zeros else max(v, unit)
                top = max(range(n), key=lambda j, row=row: row[j])
                row[top] = 1 - (sum(row) - row[top])
                if row[top] <= 0:
                    return None
            flat = [v for row in rows for v in row]
        elif isinstance(key, sp.Symbol):
            lo, hi = sig.intervals.get(key, (None, None))
            if (key.is_positive and flat[0] <= 0) or (lo is not None and not lo < flat[0] < hi):
                return None
        exact = np.empty(len(flat), dtype=object)
        exact[:] = flat
        one.exact[key] = exact.reshape(arr.shape)
        one.values[key] = np.array([float(v) for v in flat]).reshape(arr.shape)
    return one


def _counterexample(a: sp.Expr, b: sp.Expr, rel: str, sig: Signature, probe: Probe, k: int,
                    tol: float | None, va: arb, vb: arb, detail: Any) -> Counterexample:
    chosen, kk = probe.batch, k
    if not probe.batch.nice:
        for decimals in (1, 2):
            cand = _rounded(sig, probe.batch, k, decimals)
            if cand is None:
                continue
            small = Probe(cand, probe.env_a, probe.env_b)
            verdict, ca, cb = decide_instance(rel, a, b, small, 0, tol)
            if verdict == FAILS:
                chosen, kk, va, vb = cand, 0, ca, cb
                break
    if detail is not None:
        note = detail(probe, va, vb)
    else:
        note = ", ".join(f"{v} is element {i + 1}" for v, i in sorted(
            probe.env_a.items(), key=lambda t: str(t[0])) if isinstance(v, sp.Symbol))
        note = f"free variables: {note}" if note else ""
    infinite = [f"the {side} side is {v!r}" for side, v in (("left", va), ("right", vb))
                if is_infinite(v)]
    note = "; ".join(infinite + ([note] if note else []))
    return Counterexample(describe_instance(sig, chosen, kk), _float(va), _float(vb), note)


def _float(v: arb) -> float | None:
    if not v.is_finite():
        return None
    f = float(v.mid())
    return f if np.isfinite(f) else None


# ---------------------------------------------------------------- entry points

def _propto(a: sp.Expr, b: sp.Expr, var: Any, sig: Signature, seed: int,
            deadline: float) -> Outcome:
    """``a/b`` must not change when ``var`` (a support variable) moves over its domain."""
    if var not in sig.support_vars:
        raise Unsupported(f"{var} is not an element variable of this step")
    dom = sig.support_vars[var]
    probes = []
    for batch in sample_batches(sig, seed):
        for i in range(batch.sizes[dom]):
            moved = dict(batch.env)
            moved[var] = i
            if moved != batch.env:
                probes.append(Probe(batch, batch.env, moved))
    ratio = a / b

    def detail(probe: Probe, va: arb, vb: arb) -> str:
        return (f"the ratio left/right is {_float(va):.6g} at {var} = element "
                f"{probe.env_a[var] + 1} but {_float(vb):.6g} at element {probe.env_b[var] + 1}")

    return _check(evaluate_probes(ratio, ratio, sig, probes), "=", None, deadline, detail)


def numeric_evidence(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context | None = None, *,
                     var: Any = None, tolerance: float | None = None,
                     deadline: float | None = None, thorough: bool = True,
                     screen: FloatScreen | None = None, memo: dict | None = None) -> Outcome:
    """Evaluate both sides on instances covering the quantified space, decide each with balls.

    ``thorough=False`` (a symbolic proof stands beside the numbers) decides fewer instances.
    ``screen`` is the float screen of these sides when already taken (:func:`.take_screen`),
    ``memo`` the ball verdicts :func:`refute_early` reached on it."""
    ctx = ctx or Context()
    deadline = deadline if deadline is not None else time.monotonic() + 10.0
    try:
        if rel == "argopt":
            from .optimizer import optimizer_evidence
            return optimizer_evidence(a, b, ctx, deadline)
        if rel == "propto":
            ua, ub = unfold_all(a), unfold_all(b)
            sig = signature(ua, ub, intervals=ctx.intervals)
            return _propto(ua, ub, var, sig, seed_for(ua, ub), deadline)
        screen = screen if screen is not None else take_screen(a, b, ctx)
        return _check(screen, rel, tolerance, deadline, thorough=thorough, memo=memo)
    except Unsupported as exc:
        return Outcome(notes=[f"numeric evaluation not possible: {exc}"])
