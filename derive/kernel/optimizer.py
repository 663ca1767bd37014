"""Numeric evidence for optimizer relations (trusted base).

For ``arg opt_v A = arg opt_v B`` each sampled instance fixes everything but ``v``; both
objectives are evaluated on a grid of candidates for ``v`` (every distribution on a 2-point
support at step 1/1000, and on a 3-point support at step 1/40; or a parameter's range), and the
relation is refuted when the optimizer of one side is measurably worse for the other side's
objective (confirmed with 50-digit arithmetic). For ``arg opt_v A = G`` the claimed optimizer
``G`` must be a distribution and no grid point may beat it.

>>> from derive.definitions import STANDARD as S, KL
>>> from derive.definitions.optimization import ArgMin
>>> pi, y, x = S.pi(S.y, S.x), S.y, S.x
>>> kl = KL(pi, S.pi_ref(y, x), (y, S.Y))
>>> import time
>>> optimizer_evidence(ArgMin(kl, pi), ArgMin(kl + S.beta, pi), None, time.monotonic() + 5).agrees
True
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..definitions import unfold_all
from ..definitions.optimization import ArgOpt
from ..records import Counterexample
from .context import Context
from .evidence import Outcome, _single
from .numeric import (
    Batch,
    Unsupported,
    describe_instance,
    evaluate,
    evaluate_mp,
    sample_batches,
    seed_for,
    signature,
)

__all__ = ["optimizer_evidence"]

GAP_TOL = 1e-7


def _simplex_grid(n: int) -> np.ndarray:
    if n == 2:
        t = np.linspace(0.001, 0.999, 999)
        return np.stack([t, 1 - t], axis=1)
    step = 40
    pts = [(i / step, j / step, (step - i - j) / step)
           for i in range(1, step) for j in range(1, step - i)]
    return np.array(pts)


def _grid_batch(batch: Batch, k: int, key: Any, cands: np.ndarray) -> Batch:
    g = len(cands)
    values = {}
    for name, arr in batch.values.items():
        if name is key:
            continue
        values[name] = np.repeat(arr[k:k + 1], g, axis=0)
    if isinstance(key, sp.Symbol):
        values[key] = cands
    else:
        shape = batch.values[key].shape[1:]
        values[key] = np.broadcast_to(cands.reshape((g,) + (1,) * (len(shape) - 1)
                                                    + (shape[-1],)), (g,) + shape).copy()
    return Batch(g, batch.sizes, values, batch.env, batch.nice)


def _ranks(values: np.ndarray) -> bool:
    """Can float64 rank the candidates (all finite, not all equal through under/overflow)?"""
    if not np.isfinite(values).all():
        return False
    return bool(np.ptp(values) > 1e-12 * max(1.0, float(np.max(np.abs(values)))))


def _best(values: np.ndarray, kind: str) -> int:
    v = np.where(np.isfinite(values), values, np.inf if kind == "min" else -np.inf)
    return int(np.argmin(v) if kind == "min" else np.argmax(v))


def _fmt(c: Any) -> str:
    arr = np.atleast_1d(np.asarray(c, dtype=float))
    return "(" + ", ".join(f"{v:.3g}" for v in arr) + ")"


def _worse(obj: sp.Expr, kind: str, batch: Batch, i_own: int, i_other: int) -> tuple[bool, Any]:
    """Is candidate ``i_other`` measurably worse than ``i_own`` for ``obj``? (50 digits)"""
    own, other = evaluate_mp(obj, batch, i_own), evaluate_mp(obj, batch, i_other)
    if not (mpmath.isfinite(own) and mpmath.isfinite(other)):
        return False, 0
    gap = (other - own) if kind == "min" else (own - other)
    return gap > GAP_TOL * max(1, abs(own)), gap


def optimizer_evidence(a: ArgOpt, b: sp.Expr, ctx: Context | None, deadline: float) -> Outcome:
    """Compare the optimizers of ``a`` and ``b`` (an ``ArgOpt`` or a claimed optimizer)."""
    key = a.family
    fa = unfold_all(a.objective)
    fb = unfold_all(b.objective) if isinstance(b, ArgOpt) else unfold_all(b)
    sig = signature(fa, fb, intervals=(ctx.intervals if ctx else {}))
    if not isinstance(key, sp.Symbol):
        if key not in sig.distributions:
            raise Unsupported("the objective does not depend on the optimization variable")
        dom = key.domains[0]
        sig.summed.add(dom)
    out = Outcome()
    seed = seed_for(fa, fb)
    configs = [(2, 4, None), (2, 6, 1.0), (3, 4, 1.0)]
    for n, s, alpha in configs:
        batches = sample_batches(sig, seed, ())
        batch = batches[0] if alpha is None else next(
            (bt for bt in batches[1:] if not isinstance(key, sp.Symbol)
             and bt.sizes[dom] == n), batches[1])
        if isinstance(key, sp.Symbol):
            cands = (np.exp(np.linspace(np.log(0.01), np.log(50), 1201)) if key.is_positive
                     else np.linspace(-6, 6, 1201))
        else:
            cands = _simplex_grid(batch.sizes[dom]) if batch.sizes[dom] <= 3 else None
            if cands is None:
                continue
        for k in range(min(s, batch.samples)):
            if time.monotonic() > deadline:
                out.timed_out = True
                return out
            gb = _grid_batch(batch, k, key, cands)
            va = evaluate(fa, gb)
            if not _ranks(va):  # float64 cannot rank this instance's candidates
                out.undefined += 1
                continue
            ia = _best(va, a.kind)
            if isinstance(b, ArgOpt):
                vb = evaluate(fb, gb)
                if not _ranks(vb):
                    out.undefined += 1
                    continue
                ib = _best(vb, b.kind)
                bad, gap = _worse(fa, a.kind, gb, ia, ib)
                if not bad:
                    bad, gap = _worse(fb, b.kind, gb, ib, ia)
                detail = (f"the left side is optimized at {_name(key)} = {_fmt(cands[ia])}, "
                          f"the right side at {_fmt(cands[ib])}")
                lhs, rhs = float(evaluate_mp(fa, gb, ia)), float(evaluate_mp(fb, gb, ib))
            else:
                target = _target_values(fb, a.variable, batch, k)
                if not np.isfinite(target).all():
                    out.undefined += 1
                    continue
                total = float(np.sum(target))
                if not np.isfinite(total) or abs(total - 1) > 1e-9:
                    out.counterexample = Counterexample(
                        _instance(sig, batch, k, key), None, total,
                        f"the claimed optimizer is not a distribution: it sums to {total:.6g}")
                    return out
                tb = _grid_batch(batch, k, key, np.vstack([cands, target[None, :]]))
                vt = evaluate(fa, tb)
                bad, gap = _worse(fa, a.kind, tb, ia, len(cands))
                detail = (f"{_name(key)} = {_fmt(cands[ia])} does better than the claimed "
                          f"optimizer {_fmt(target)}")
                lhs, rhs = float(vt[ia]), float(vt[-1])
            out.max_discrepancy = max(out.max_discrepancy or 0.0, 0.0)
            if bad:
                out.counterexample = Counterexample(
                    _instance(sig, batch, k, key), lhs, rhs, detail)
                return out
            out.samples += 1
    return out


def _name(key: Any) -> str:
    """The optimization variable as written (``π``, ``θ``) for messages, in Unicode."""
    def greek(m: re.Match) -> str:
        try:
            return unicodedata.lookup(f"GREEK SMALL LETTER {m.group(1).upper()}")
        except KeyError:
            return m.group(1)

    tex = getattr(key, "tex", str(key))
    return re.sub(r"[{}]", "", re.sub(r"\\([A-Za-z]+)", greek, tex))


def _instance(sig: Any, batch: Batch, k: int, key: Any) -> dict[str, Any]:
    """The instance, without the optimization variable (its sampled value means nothing)."""
    out = describe_instance(sig, _single(batch, k), 0)
    out.pop(getattr(key, "tex", str(key)), None)
    return out


def _target_values(g: sp.Expr, variable: sp.Expr, batch: Batch, k: int) -> np.ndarray:
    """Values of the claimed optimizer ``g`` at each element of the variable's domain."""
    rand = variable.random_args[0]
    n = batch.sizes[type(variable).domains[0]]
    one = _single(batch, k)
    out = []
    for i in range(n):
        env = dict(batch.env)
        env[rand] = i
        out.append(float(evaluate(g, one, env)[0]))
    return np.array(out)
