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
nothing to sample) is not evidence, and the kernel then says ``inconclusive``.

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
from .numeric import (
    Batch,
    Signature,
    Unsupported,
    describe_instance,
    evaluate,
    evaluate_ball,
    evaluate_exact,
    sample_batches,
    seed_for,
    signature,
)

__all__ = ["Outcome", "numeric_evidence", "decide_instance", "MIN_DECIDED"]

FLOAT_TOL = 1e-9
#: ball precisions (bits) for instances the float screen flagged; passing ones go to the last
PRECISIONS = (96, 320)
#: the passing instances closest to failing must also agree here: sides that "agree" at 320
#: bits but differ by e^-1000 are told apart
DEEP = (320, 2048)
#: further precisions for inequalities float64 sees fail (or cannot tell from tied) that 320
#: bits cannot decide; how many float-tied instances of a non-strict inequality are pushed
ESCALATE = (2048, 16384)
MAX_TIED = 6
#: how many more float-undefined instances a step without a symbolic proof scans with balls
#: of SCAN_PRECISION bits (after the MAX_NONFINITE decided in full)
NONFINITE_SCAN, SCAN_PRECISION = 160, (128,)
#: a step with nothing to sample is one instance: it is pushed much further
CONSTANT = (320, 2048, 8192)
#: at the top precision, sides within 2^-AGREE_BITS of their size are taken to agree
AGREE_BITS = 200
#: how many float-failing, float-undefined and float-passing instances get ball decisions
MAX_SUSPECTS, MAX_NONFINITE, CONFIRM = 24, 12, 14
#: without a symbolic proof the numbers are all the evidence: two rows of every kind, and more
THOROUGH_CONFIRM = 40
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
    required: int = MIN_DECIDED
    max_discrepancy: float | None = None
    counterexample: Counterexample | None = None
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        """No counterexample, within budget, and enough instances decided with balls."""
        return (self.counterexample is None and not self.timed_out
                and self.samples >= self.required)


@dataclass(frozen=True)
class Probe:
    """One batch with an element assignment for each side (they differ only for ``∝``)."""

    batch: Batch
    env_a: dict
    env_b: dict


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
    if _work(batch) > 64:
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


# ---------------------------------------------------------------- the float screen

def _margins(rel: str, la: np.ndarray, lb: np.ndarray, tol: float | None) -> np.ndarray:
    """Relative margin by which float64 sees the relation hold (negative: fails)."""
    eps = FLOAT_TOL
    with np.errstate(all="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(la), np.abs(lb)))
        d = (la - lb) / scale
        return {
            "=": eps - np.abs(d),
            "<=": eps - d,
            ">=": eps + d,
            "<": -d - eps,
            ">": d - eps,
            "approx": ((tol or 0.0) - np.abs(la - lb)) / scale - eps,
        }[rel]


def _screen(a: sp.Expr, b: sp.Expr, rel: str, probes: list[Probe], tol: float | None,
            out: Outcome, thorough: bool = False) -> tuple[list, list, list]:
    suspects, nonfinite, passing = [], [], []
    worst = out.max_discrepancy or 0.0
    for p_i, probe in enumerate(probes):
        la = evaluate(a, probe.batch, probe.env_a)
        lb = evaluate(b, probe.batch, probe.env_b)
        finite = np.isfinite(la) & np.isfinite(lb)
        if finite.any() and rel in ("=", "approx"):
            with np.errstate(all="ignore"):
                gap = np.abs(la - lb)[finite]
            worst = max(worst, float(np.nanmax(gap, initial=0.0)))
        margin = _margins(rel, la, lb, tol)
        for k in np.flatnonzero(~finite).tolist():
            nonfinite.append((0.0, p_i, k))
        for k, m in enumerate(margin.tolist()):
            if finite[k]:
                (suspects if m < 0 else passing).append((m, p_i, k))
    out.max_discrepancy = worst
    # a failing round-number instance makes the best counterexample: nice batch first, then
    # the most failing of every batch in turn (ties in float64 must not starve a batch)
    suspects.sort(key=lambda t: (not probes[t[1]].batch.nice, t[0]))
    if thorough:
        nonfinite.sort(key=lambda t: ((t[2] - 3 * t[1]) % 8, t[2]))
    if rel in ("<=", ">=") and thorough:  # no symbolic proof, and float64 cannot tell these
        # sides apart: decided like suspects, rows of huge rewards, tiny or wide β first
        # (where e^{-r/β} hides below any float), from affordable batches
        tied = [t for t in passing if t[0] <= 2 * FLOAT_TOL
                and _work(probes[t[1]].batch) <= CHEAP_WORK]
        tied.sort(key=lambda t: (t[2] % 8 not in (3, 5, 6), t[2]))
        picked = set(_spread(tied, MAX_TIED))
        suspects = suspects + sorted(picked, key=lambda t: t[2] % 8 not in (3, 5, 6))
        passing = [t for t in passing if t not in picked]
    chosen_nonfinite = _spread(nonfinite, 2 * MAX_NONFINITE if thorough else MAX_NONFINITE)
    taken = set(chosen_nonfinite)
    scan = _spread([t for t in nonfinite if t not in taken], NONFINITE_SCAN) if thorough else []
    return (_spread(suspects, MAX_SUSPECTS + MAX_TIED), chosen_nonfinite,
            _confirmation(passing, probes, thorough), scan)


def _spread(items: list, n: int) -> list:
    """Up to ``n`` items, taking one per probe in turn."""
    by_probe: dict[int, list] = {}
    for it in items:
        by_probe.setdefault(it[1], []).append(it)
    chosen: list = []
    while len(chosen) < n and any(by_probe.values()):
        for lst in by_probe.values():
            if lst and len(chosen) < n:
                chosen.append(lst.pop(0))
    return chosen


def _confirmation(passing: list, probes: list[Probe], thorough: bool = False) -> list:
    """The passing instances closest to failing, then rows of every special kind (``P = Q``,
    uniform, tiny masses, tiny β, …; see :mod:`.numeric`) from the cheapest batches that have
    them (two of each from different batches when ``thorough``), then a spread over the rest."""
    total = THOROUGH_CONFIRM if thorough else CONFIRM
    work = [_work(p.batch) for p in probes]
    # beside a symbolic proof the closest calls are taken from affordable batches (for an
    # equation float64's margins are rounding noise, and a 64-point batch with nested sums
    # at 2048 bits costs seconds); the cheapest two of them get the deep check
    pool = passing if thorough else [t for t in passing if work[t[1]] <= CHEAP_WORK] or passing
    closest = sorted(pool, key=lambda t: t[0])[: CONFIRM // 3]
    if not thorough:
        closest.sort(key=lambda t: work[t[1]])
    chosen = list(closest)
    taken = set(closest)
    by_cost = sorted((t for t in passing if t not in taken), key=lambda t: (work[t[1]], t[2]))
    for _ in range(2 if thorough else 1):
        for mode in range(8):
            used = {t[1] for t in chosen if t[2] % 8 == mode}
            pick = next((t for t in by_cost if not probes[t[1]].batch.nice and t[2] % 8 == mode
                         and t not in taken and t[1] not in used), None)
            if pick is not None:
                chosen.append(pick)
                taken.add(pick)
    rest = [t for t in by_cost if t not in taken]
    if thorough:  # instances float64 cannot tell from failing first; each batch from its own
        # kind of row onwards, so the spread meets every kind of row in many batches
        rest.sort(key=lambda t: (t[0] >= 2 * FLOAT_TOL, (t[2] - 3 * t[1]) % 8, t[2]))
    return chosen + _spread(rest, max(0, total - len(chosen)))


#: the largest batch work (product of support sizes) from which a step with a symbolic proof
#: takes its closest calls
CHEAP_WORK = 64


def _work(batch: Batch) -> int:
    return int(np.prod(list(batch.sizes.values()) or [1]))


# ---------------------------------------------------------------- the whole comparison

def _check(a: sp.Expr, b: sp.Expr, rel: str, sig: Signature, probes: list[Probe],
           tol: float | None, deadline: float, detail: Any = None,
           thorough: bool = False) -> Outcome:
    out = Outcome()
    fixed = {fam.domains[0] for fam in sig.distributions if fam.table is not None}
    if not (sig.functions or sig.scalars or sig.support_vars) and all(
            fam.table is not None for fam in sig.distributions) and sig.summed <= fixed:
        out.required = 1  # nothing to sample: one instance is the whole space
    suspects, nonfinite, confirm, scan = _screen(a, b, rel, probes, tol, out, thorough)
    out.screened = sum(p.batch.samples for p in probes)
    deep = CONSTANT if out.required == 1 else DEEP
    # an inequality float64 sees fail is pushed far (sides apart by e^-10000 are told apart)
    # and never counted as holding merely because the sides agree to AGREE_BITS
    inequality = rel in ("<=", ">=", "<", ">")
    phases = ((suspects, PRECISIONS + ESCALATE if inequality else PRECISIONS,
               not inequality),
              (nonfinite, PRECISIONS, True), (confirm[:2], deep, True),
              (confirm[2:], PRECISIONS[-1:], True))
    for items, precisions, agree_at_top in phases:
        for _, p_i, k in items:
            if time.monotonic() > deadline:
                out.timed_out = True
                return out
            probe = probes[p_i]
            levels = precisions  # escalation only where it is affordable
            if len(levels) > len(PRECISIONS) and _work(probe.batch) > CHEAP_WORK:
                levels = PRECISIONS
            verdict, va, vb = decide_instance(rel, a, b, probe, k, tol, levels, agree_at_top)
            if verdict == FAILS:
                out.counterexample = _counterexample(a, b, rel, sig, probe, k, tol, va, vb,
                                                     detail)
                return out
            out.samples += verdict == HOLDS
            out.undefined += verdict == UNDEFINED
            out.undecided += verdict == UNDECIDED
    # without a symbolic proof, the other instances float64 could not evaluate (overflow:
    # huge rewards, tiny β) are each looked at with 128-bit balls, which decide rigorously
    # when the sides are far apart; what they cannot decide is simply not counted
    for _, p_i, k in scan:
        if time.monotonic() > deadline:
            break
        verdict, va, vb = decide_instance(rel, a, b, probes[p_i], k, tol, SCAN_PRECISION,
                                          agree_at_top=False)
        if verdict == FAILS:
            out.counterexample = _counterexample(a, b, rel, sig, probes[p_i], k, tol, va, vb,
                                                 detail)
            return out
        out.samples += verdict == HOLDS
    if out.undefined:
        out.notes.append(f"{out.undefined} instance(s) where a side is undefined did not count")
    if out.undecided:
        out.notes.append(f"{out.undecided} instance(s) could not be decided with balls and "
                         "did not count")
    if out.samples < out.required:
        out.notes.append(f"only {out.samples} instance(s) could be decided rigorously; "
                         f"at least {out.required} are needed")
    return out


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
                for j, v in enumerate(row):
                    row[j] = max(v, unit)
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

    return _check(ratio, ratio, "=", sig, probes, None, deadline, detail)


def float_screen_fails(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context | None = None) -> bool:
    """Does float64 alone see ``a rel b`` fail clearly (relative margin below ``-1e-6``) on some
    sampled instance? A cheap filter for *proposers* (e.g. which mistake to name): never a
    verdict, since float64 may be wrong on an instance; only :func:`numeric_evidence` decides.

    >>> from derive.definitions import STANDARD as S, KL
    >>> e = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
    >>> float_screen_fails(e, "<", 0), float_screen_fails(e, ">=", 0)
    (True, False)
    """
    if rel not in ("=", "<=", ">=", "<", ">"):
        return False
    ctx = ctx or Context()
    try:
        ua, ub = unfold_all(a), unfold_all(b)
        sig = signature(ua, ub, intervals=ctx.intervals)
        # one seed for every candidate: candidates of one step share a signature, so they
        # share the (cached) batches
        for batch in sample_batches(sig, 0):
            la, lb = evaluate(ua, batch), evaluate(ub, batch)
            margin = _margins(rel, la, lb, None)
            if (margin[np.isfinite(la) & np.isfinite(lb)] < -1e-6).any():
                return True
    except Unsupported:
        return False
    return False


def numeric_evidence(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context | None = None, *,
                     var: Any = None, tolerance: float | None = None,
                     deadline: float | None = None, thorough: bool = True) -> Outcome:
    """Evaluate both sides on instances covering the quantified space, decide each with balls.

    ``thorough=False`` (a symbolic proof stands beside the numbers) decides fewer instances."""
    ctx = ctx or Context()
    deadline = deadline if deadline is not None else time.monotonic() + 10.0
    try:
        if rel == "argopt":
            from .optimizer import optimizer_evidence
            return optimizer_evidence(a, b, ctx, deadline)
        ua, ub = unfold_all(a), unfold_all(b)
        sig = signature(ua, ub, intervals=ctx.intervals)
        seed = seed_for(ua, ub)
        if rel == "propto":
            return _propto(ua, ub, var, sig, seed, deadline)
        probes = [Probe(bt, bt.env, bt.env) for bt in sample_batches(sig, seed)]
        return _check(ua, ub, rel, sig, probes, tolerance, deadline, thorough=thorough)
    except Unsupported as exc:
        return Outcome(notes=[f"numeric evaluation not possible: {exc}"])
