"""Numeric evidence for the kernel (trusted base): compare both sides on valid instances.

Float64 only ever *clears* a sample; any sample that float64 cannot clear is re-evaluated with
mpmath at 50 digits, and only a 50-digit disagreement becomes a counterexample. A counterexample
from a random instance is shrunk (rounded to one, then two decimals) while it still fails, so the
user sees the simplest instance found. Optimizer relations compare the optimizers of both sides
on grids over the simplex (supports of 2 and 3 points) or over a parameter's range.

>>> from derive.definitions import STANDARD as S, KL
>>> kl = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
>>> out = numeric_evidence(kl, ">=", sp.Integer(0))
>>> out.agrees, out.samples > 50
(True, True)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..definitions import unfold_all
from ..records import Counterexample
from .context import Context
from .numeric import (
    Batch,
    Signature,
    Unsupported,
    describe_instance,
    evaluate,
    evaluate_mp,
    sample_batches,
    seed_for,
    signature,
)

__all__ = ["Outcome", "numeric_evidence"]

FLOAT_TOL = 1e-9
MP_TOL = mpmath.mpf("1e-30")


@dataclass
class Outcome:
    samples: int = 0
    max_discrepancy: float | None = None
    counterexample: Counterexample | None = None
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return self.counterexample is None and not self.timed_out


def _float_ok(rel: str, la: np.ndarray, lb: np.ndarray, tol: float | None) -> np.ndarray:
    d = la - lb
    scale = np.maximum(1.0, np.maximum(np.abs(la), np.abs(lb)))
    eps = FLOAT_TOL * scale
    with np.errstate(invalid="ignore"):
        ok = {
            "=": np.abs(d) <= eps,
            "<=": d <= eps,
            ">=": d >= -eps,
            "<": d < -eps,
            ">": d > eps,
            "approx": np.abs(d) <= (tol or 0.0) - eps,
        }[rel]
    return ok & np.isfinite(la) & np.isfinite(lb)


def _mp_fails(rel: str, va: Any, vb: Any, tol: float | None) -> bool | None:
    """``True`` if the relation fails at 50 digits, ``False`` if it holds, ``None`` if undefined."""
    if not (mpmath.isfinite(va) and mpmath.isfinite(vb)):
        return None
    d = va - vb
    eps = MP_TOL * max(1, abs(va), abs(vb))
    return {
        "=": abs(d) > eps,
        "<=": d > eps,
        ">=": d < -eps,
        "<": d >= -eps,
        ">": d <= eps,
        "approx": abs(d) > mpmath.mpf(tol or 0),
    }[rel]


def _single(batch: Batch, k: int, transform: Any = None) -> Batch:
    values = {key: arr[k:k + 1].copy() for key, arr in batch.values.items()}
    if transform is not None:
        values = {key: transform(key, arr) for key, arr in values.items()}
    return Batch(1, batch.sizes, values, batch.env, batch.nice)


def _rounder(sig: Signature, decimals: int) -> Any:
    def transform(key: Any, arr: np.ndarray) -> np.ndarray:
        if key in sig.distributions and getattr(key, "table", None) is None:
            r = np.round(arr, decimals)
            r = np.maximum(r, 10.0 ** -decimals)
            r[..., -1] = 0
            r[..., -1] = 1 - r.sum(axis=-1)
            return arr if (r <= 0).any() else r
        if key in sig.distributions:
            return arr
        r = np.round(arr, decimals)
        if isinstance(key, sp.Symbol) and key.is_positive and (r <= 0).any():
            return arr
        return r
    return transform


def _counterexample(a: sp.Expr, b: sp.Expr, rel: str, sig: Signature, batch: Batch, k: int,
                    tol: float | None, env: dict | None = None, detail: str = "") -> Counterexample:
    """Shrink instance ``k`` (round to 1 then 2 decimals while it still fails) and report it."""
    chosen = _single(batch, k)
    if not batch.nice:
        for decimals in (1, 2):
            cand = _single(batch, k, _rounder(sig, decimals))
            va, vb = evaluate_mp(a, cand, 0, env=env), evaluate_mp(b, cand, 0, env=env)
            if _mp_fails(rel, va, vb, tol):
                chosen = cand
                break
    va, vb = evaluate_mp(a, chosen, 0, env=env), evaluate_mp(b, chosen, 0, env=env)
    free = ", ".join(f"{v} is element {i + 1}" for v, i in sorted(
        (env or chosen.env).items(), key=lambda t: str(t[0])))
    note = detail or (f"free variables: {free}" if free else "")
    return Counterexample(describe_instance(sig, chosen, 0), float(va), float(vb), note)


def _compare(a: sp.Expr, b: sp.Expr, rel: str, sig: Signature, batches: list[Batch],
             tol: float | None, deadline: float, env: dict | None = None,
             out: Outcome | None = None) -> Outcome:
    out = out or Outcome()
    worst = out.max_discrepancy or 0.0
    for batch in batches:
        if time.monotonic() > deadline:
            out.timed_out = True
            break
        la, lb = evaluate(a, batch, env), evaluate(b, batch, env)
        ok = _float_ok(rel, la, lb, tol)
        finite = np.isfinite(la) & np.isfinite(lb)
        if finite.any() and rel in ("=", "approx"):
            worst = max(worst, float(np.max(np.abs((la - lb)[finite]))))
        for k in np.flatnonzero(~ok):
            fails = _mp_fails(rel, evaluate_mp(a, batch, k, env=env),
                              evaluate_mp(b, batch, k, env=env), tol)
            if fails is None:
                out.notes.append("an instance where a side is undefined was skipped")
                continue
            if fails:
                out.counterexample = _counterexample(a, b, rel, sig, batch, k, tol, env)
                out.samples += int(k) + 1
                out.max_discrepancy = worst
                return out
        out.samples += batch.samples
    out.max_discrepancy = worst
    return out


def _propto(a: sp.Expr, b: sp.Expr, var: Any, sig: Signature, seed: int,
            deadline: float) -> Outcome:
    """``a/b`` must not change when ``var`` (a support variable) moves over its domain."""
    if var not in sig.support_vars:
        raise Unsupported(f"{var} is not a support variable of this step")
    sig.summed.add(sig.support_vars[var])
    batches = sample_batches(sig, seed)
    ratio = a / b
    out = Outcome()
    for n_batch, batch in enumerate(batches):
        base_env = dict(batch.env)
        for i in range(batch.sizes[sig.support_vars[var]]):
            env = dict(base_env)
            env[var] = i
            if env == base_env:
                continue
            moved = evaluate(ratio, batch, env)
            fixed = evaluate(ratio, batch, base_env)
            bad = ~_float_ok("=", moved, fixed, None)
            for k in np.flatnonzero(bad):
                vm, vf = evaluate_mp(ratio, batch, k, env=env), evaluate_mp(ratio, batch, k)
                if _mp_fails("=", vm, vf, None):
                    ce = describe_instance(sig, _single(batch, k), 0)
                    out.counterexample = Counterexample(
                        ce, float(vf), float(vm),
                        f"the ratio left/right is {float(vf):.6g} at {var} = element "
                        f"{base_env[var] + 1} but {float(vm):.6g} at element {i + 1}")
                    return out
        out.samples += batch.samples
        if time.monotonic() > deadline and n_batch < len(batches) - 1:
            out.timed_out = True
            break
    return out


def numeric_evidence(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context | None = None, *,
                     var: Any = None, tolerance: float | None = None,
                     deadline: float | None = None) -> Outcome:
    """Evaluate both sides on seeded valid instances and compare them under ``rel``."""
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
        return _compare(ua, ub, rel, sig, sample_batches(sig, seed), tolerance, deadline)
    except Unsupported as exc:
        return Outcome(notes=[f"numeric evaluation not possible: {exc}"])
