"""Numeric evidence for optimizer relations (trusted base).

For ``arg opt_v A = arg opt_v B`` each sampled instance fixes everything but ``v``. The variable
is a policy (a distribution family: one distribution *per prompt*, i.e. per row of its given
domains) or a scalar parameter. A parameter ``θ`` that a policy family names as its
``parameter`` (``π_θ``) means that policy, taken as realisable: optimizing over θ is optimizing
over π_θ. An objective that depends on neither the variable nor a policy it parametrises is
not compared at all (an arg max of a constant is every point).

Instances put the policy on supports of 2, 3, 4 and 5 points. Each side's optimizer is located
precisely: the best point of a grid (every distribution on a 2-point support at step 1/1000, on
a 3-point support at step 1/40, the uniform row on larger ones, the same row for every prompt;
or a parameter's range) and the claimed optimizer are starting points for Newton's method in
softmax coordinates over *all* rows jointly (least-squares steps leave rows an objective does
not use alone), evaluated with mpmath at 50 digits, with the float Hessian recomputed at the
current point when progress is slow. When only one side's optimizer is located, a point
beating it on the other side's objective is the witness. The
relation is refuted only by a witness whose advantage stays above 10⁻³⁰ (relative) both at 50
and at 80 digits: a point that beats the claimed optimizer ``G`` (which must be a distribution
in every row), or, for two arg opts, a point the other side's refined optimizer loses to.

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
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..definitions import Probability, SupportSum, unfold_all
from ..definitions.optimization import ArgOpt
from ..records import Counterexample
from .context import Context
from .evaluate import _compile, _MpOps
from .evidence import Outcome, _single
from .newton import CONVERGED, float_newton, gradient, refine
from .normal_form import depends_on
from .numeric import (
    Batch,
    Unsupported,
    describe_instance,
    evaluate,
    sample_batches,
    seed_for,
    signature,
    sized_batch,
)

__all__ = ["optimizer_evidence", "resolve_variable"]

#: working precision, and the higher one a refutation must survive
DPS, CHECK_DPS = 50, 80
#: a witness must beat by more than this (relative to the objective's size)
GAP_TOL = mpmath.mpf("1e-30")
#: the grid comparison's tolerance, used only when Newton's method cannot converge
GRID_GAP_TOL = 1e-7


def resolve_variable(a: ArgOpt) -> tuple[type | sp.Symbol, sp.Expr] | None:
    """What ``a`` really optimizes: ``(family or symbol, an application of it)``.

    A symbol ``θ`` that parametrises a policy family in the objective (``π_θ.parameter = θ``)
    stands for that family. ``None`` when the objective depends on neither the variable nor a
    family it parametrises, or on both θ itself and π_θ, or on several families of θ.
    """
    v, objective = a.variable, unfold_all(a.objective)
    if not isinstance(v, sp.Symbol):
        return (type(v), v) if depends_on(objective, type(v)) else None
    families = sorted({type(n) for n in sp.preorder_traversal(objective)
                       if isinstance(n, Probability) and getattr(type(n), "parameter", None) == v},
                      key=lambda c: c.__name__)
    if not families:
        return (v, v) if v in objective.free_symbols else None
    if len(families) > 1 or v in objective.free_symbols:
        return None
    fam = families[0]
    app = next(n for n in sp.preorder_traversal(objective) if isinstance(n, fam))
    return fam, app


class _PointOps(_MpOps):
    """mpmath evaluation with the optimization variable set to a high-precision point."""

    def __init__(self, batch: Batch, k: int, key: Any, point: Any):
        super().__init__(batch, k)
        self.key, self.point = key, point

    def value(self, key: Any, index: tuple[int, ...]) -> Any:
        if key is self.key:
            return self.point if isinstance(key, sp.Symbol) else self.point[index]
        return super().value(key, index)


def _rows_used(key: type, batch: Batch, objectives: tuple[sp.Expr, ...]) -> list | None:
    """The rows (prompts) the objectives use, when every application of the policy is at free
    prompt variables (one row per prompt value); ``None`` when some prompt is summed over."""
    rows = set()
    for obj in objectives:
        for node in sp.preorder_traversal(obj):
            if isinstance(node, SupportSum) and any(d in key.given for _, d in node.bindings):
                return None  # a prompt is summed over: every row counts
            if isinstance(node, key):
                given = node.given_args
                if not all(g in batch.env for g in given):
                    return None
                rows.add(tuple(batch.env[g] for g in given))
    return sorted(rows) or None


class _Problem:
    """One instance: objectives as functions of the variable's free coordinates ``z``.

    For a family the coordinates are softmax logits per row (the last logit is 0); for a
    parameter, its value.
    """

    def __init__(self, batch: Batch, k: int, key: Any, app: sp.Expr,
                 objectives: tuple[sp.Expr, ...] = ()):
        self.batch, self.k, self.key, self.app = batch, k, key, app
        if isinstance(key, sp.Symbol):
            self.rows, self.n = [()], 1
        else:
            if len(key.domains) != 1:
                raise Unsupported("optimizing a joint distribution is not supported")
            given = [batch.sizes[d] for d in key.given]
            self.rows = _rows_used(key, batch, objectives) or (
                list(np.ndindex(*given)) if given else [()])
            self.n = batch.sizes[key.domains[0]]
        self.dim = 1 if isinstance(key, sp.Symbol) else len(self.rows) * (self.n - 1)

    def point(self, z: list) -> Any:
        if isinstance(self.key, sp.Symbol):
            return z[0]
        table = {}
        for r, row in enumerate(self.rows):
            logits = list(z[r * (self.n - 1):(r + 1) * (self.n - 1)]) + [mpmath.mpf(0)]
            top = max(logits)
            ws = [mpmath.exp(t - top) for t in logits]
            total = mpmath.fsum(ws)
            for i, w in enumerate(ws):
                table[tuple(row) + (i,)] = w / total
        return table

    def coordinates(self, table: dict) -> list:
        """Logits of a table of positive probabilities (``z_i = log p_i - log p_n``)."""
        z = []
        for row in self.rows:
            last = mpmath.log(table[tuple(row) + (self.n - 1,)])
            z.extend(mpmath.log(table[tuple(row) + (i,)]) - last for i in range(self.n - 1))
        return z

    def value(self, expr: sp.Expr, z: list) -> Any:
        ops = _PointOps(self.batch, self.k, self.key, self.point(z))
        try:
            out = _compile(expr)(ops, self.batch.env, self.batch.sizes)
            return +mpmath.mpf(out)
        except (ZeroDivisionError, ValueError, TypeError):
            return mpmath.nan

    def claimed(self, g: sp.Expr) -> dict:
        """The claimed optimizer's table: ``g`` evaluated in every row and outcome."""
        rand, given = self.app.random_args[0], self.app.given_args
        table = {}
        for row in self.rows:
            for i in range(self.n):
                env = dict(self.batch.env)
                env[rand] = i
                env.update({s: j for s, j in zip(given, row, strict=True)
                            if isinstance(s, sp.Symbol)})
                ops = _PointOps(self.batch, self.k, None, None)
                try:
                    table[tuple(row) + (i,)] = +mpmath.mpf(
                        _compile(g)(ops, env, self.batch.sizes))
                except (ZeroDivisionError, ValueError, TypeError):
                    table[tuple(row) + (i,)] = mpmath.nan
        return table


def _grid(n: int) -> np.ndarray:
    if n == 2:
        t = np.linspace(0.001, 0.999, 999)
        return np.stack([t, 1 - t], axis=1)
    step = 40
    pts = [(i / step, j / step, (step - i - j) / step)
           for i in range(1, step) for j in range(1, step - i)]
    return np.array(pts)


def _grid_batch(batch: Batch, k: int, key: Any, cands: np.ndarray) -> Batch:
    """Instance ``k`` repeated once per candidate, the candidate in every row of the key."""
    g = len(cands)
    values = {name: np.repeat(arr[k:k + 1], g, axis=0)
              for name, arr in batch.values.items() if name is not key}
    if isinstance(key, sp.Symbol):
        values[key] = cands
    else:
        shape = batch.values[key].shape[1:]
        values[key] = np.broadcast_to(cands.reshape((g,) + (1,) * (len(shape) - 1)
                                                    + (shape[-1],)), (g,) + shape).copy()
    return Batch(g, batch.sizes, values, batch.env, batch.nice)


def _grid_start(obj: sp.Expr, kind: str, prob: _Problem) -> list:
    """The best grid point for ``obj`` (the same row for every prompt), as coordinates."""
    key = prob.key
    if isinstance(key, sp.Symbol):
        cands = (np.exp(np.linspace(np.log(0.01), np.log(50), 1201)) if key.is_positive
                 else np.linspace(-6, 6, 1201))
    else:
        cands = _grid(prob.n) if prob.n <= 3 else np.full((1, prob.n), 1.0 / prob.n)
    vals = evaluate(obj, _grid_batch(prob.batch, prob.k, key, cands))
    vals = np.where(np.isfinite(vals), vals, np.inf if kind == "min" else -np.inf)
    best = cands[int(np.argmin(vals) if kind == "min" else np.argmax(vals))]
    if isinstance(key, sp.Symbol):
        return [mpmath.mpf(float(best))]
    row = [mpmath.mpf(float(p)) for p in np.atleast_1d(best)]
    return [mpmath.log(p) - mpmath.log(row[-1]) for p in row[:-1]] * len(prob.rows)


def _float_values(obj: sp.Expr, prob: _Problem, zs: np.ndarray) -> np.ndarray:
    """``obj`` at many coordinate points at once (float64, one vectorised evaluation)."""
    m, key = len(zs), prob.key
    b = prob.batch
    values = {name: np.repeat(arr[prob.k:prob.k + 1], m, axis=0)
              for name, arr in b.values.items() if name is not key}
    if isinstance(key, sp.Symbol):
        values[key] = zs[:, 0].copy()
    else:
        logits = np.concatenate([zs.reshape(m, len(prob.rows), prob.n - 1),
                                 np.zeros((m, len(prob.rows), 1))], axis=2)
        logits -= logits.max(axis=2, keepdims=True)
        w = np.exp(logits)
        probs = w / w.sum(axis=2, keepdims=True)
        full = np.repeat(b.values[key][prob.k:prob.k + 1], m, axis=0)
        for r, row in enumerate(prob.rows):  # rows the objectives do not use keep theirs
            full[(slice(None),) + tuple(row)] = probs[:, r, :]
        values[key] = full
    return evaluate(obj, Batch(m, b.sizes, values, b.env, b.nice))


def _optimize(obj: sp.Expr, kind: str, prob: _Problem, z0: list,
              deadline: float) -> tuple[list, bool]:
    """Refine ``z0`` for ``obj``: Newton in float64, then a few 50-digit steps with the float
    Hessian; ``(z, converged)`` with converged meaning an mp gradient below ``CONVERGED``."""
    sense = 1 if kind == "max" else -1

    def fv(zs: np.ndarray) -> np.ndarray:
        return sense * _float_values(obj, prob, zs)

    zf, hess = float_newton(fv, np.array([float(t) for t in z0]))
    if len(hess) and np.all(np.isfinite(hess)):
        # Newton stops where the gradient vanishes: at a minimum or a saddle of the objective
        # it maximizes too (H minimized stops at the uniform policy, H's maximum)
        top = float(np.linalg.eigvalsh((hess + hess.T) / 2)[-1])
        if top > 1e-6 * max(1e-12, float(np.max(np.abs(hess)))):
            return list(z0), False

    def f(z: list) -> Any:
        v = prob.value(obj, z)
        return sense * v if mpmath.isfinite(v) else -mpmath.inf

    z, converged = refine(fv, f, zf, hess, deadline)
    # Newton finds a stationary point: for a concave objective minimized (a convex one
    # maximized) that is the worst point, not the best.  A refinement that ends worse than the
    # grid point it started from has not located an optimizer, and must never stand for one.
    with mpmath.workdps(DPS):
        if not f([mpmath.mpf(t) for t in z]) >= f([mpmath.mpf(t) for t in z0]):
            return list(z0), False
    return z, converged


def _confirmed_gap(obj: sp.Expr, kind: str, prob: _Problem, z_good: list,
                   z_bad: Callable[[], list]) -> Any:
    """How much ``z_good`` beats ``z_bad()`` for ``obj``, if that stays above the tolerance
    at 50 and at 80 digits (``z_bad`` is recomputed at each precision); else ``None``."""
    gaps = []
    for dps in (DPS, CHECK_DPS):
        with mpmath.workdps(dps):
            good, bad = prob.value(obj, [+t for t in z_good]), prob.value(obj, z_bad())
            if not (mpmath.isfinite(good) and mpmath.isfinite(bad)):
                return None
            gap = (good - bad) if kind == "max" else (bad - good)
            if gap <= GAP_TOL * max(1, abs(bad)):
                return None
            gaps.append(gap)
    return gaps[0] if abs(gaps[0] - gaps[1]) <= gaps[1] / 10 else None


def optimizer_evidence(a: ArgOpt, b: sp.Expr, ctx: Context | None, deadline: float) -> Outcome:
    """Compare the optimizers of ``a`` and ``b`` (an ``ArgOpt`` or a claimed optimizer)."""
    resolved = resolve_variable(a)
    if resolved is None or (isinstance(b, ArgOpt) and resolve_variable(b) is None):
        raise Unsupported("an objective depends on neither the optimization variable nor a "
                          "policy it parametrises")
    key, app = resolved
    if isinstance(a.variable, sp.Symbol) and isinstance(b, Probability) and \
            not isinstance(key, sp.Symbol) and type(b).given == key.given:
        app = key(*b.args)  # θ stands for π_θ: read the claim at the claim's own variables
    if isinstance(b, ArgOpt) and resolve_variable(b)[0] != key:
        raise Unsupported("the two sides optimize different variables")
    fa = unfold_all(a.objective)
    fb = unfold_all(b.objective) if isinstance(b, ArgOpt) else unfold_all(b)
    sig = signature(fa, fb, intervals=(ctx.intervals if ctx else {}))
    if not isinstance(key, sp.Symbol):
        sig.summed.add(key.domains[0])
    out = Outcome()
    seed = seed_for(fa, fb)
    with mpmath.workdps(DPS):
        # supports of 2 to 5 points: a claim true only on 2- or 3-point supports must fail
        for n, s, alpha in [(2, 2, None), (2, 3, 1.0), (3, 2, 1.0), (4, 1, 1.0), (5, 1, 1.0)]:
            if n > 3 and isinstance(key, sp.Symbol):
                continue  # a scalar parameter: support sizes do not matter to it
            if n > 3:  # a batch of its own, 2 points on the other domains: the search runs
                # over every row an objective uses, so it stays small
                batch = sized_batch(sig, seed, ((key.domains[0], n),))
            else:
                batches = sample_batches(sig, seed, ())
                batch = batches[0] if alpha is None else next(
                    (bt for bt in batches[1:] if isinstance(key, sp.Symbol)
                     or bt.sizes[key.domains[0]] == n), batches[1])
            for k in range(min(s, batch.samples)):
                if time.monotonic() > deadline:
                    out.timed_out = True
                    return out
                prob = _Problem(batch, k, key, app, (fa, fb))
                if isinstance(b, ArgOpt):
                    ce = _compare_two(a, b, fa, fb, prob, sig, deadline)
                else:
                    ce = _check_claim(a, fa, fb, prob, sig, deadline)
                out.max_discrepancy = 0.0
                if ce is not None:
                    out.counterexample = ce
                    return out
                out.samples += 1
    return out


def _check_claim(a: ArgOpt, fa: sp.Expr, g: sp.Expr, prob: _Problem, sig: Any,
                 deadline: float) -> Counterexample | None:
    """Is the claimed optimizer ``g`` a distribution in every row that nothing beats?

    Witnesses of a better point: a step from ``g`` along the gradient (``g`` is an interior
    point, so an optimizer must be stationary in every row), else the best grid point.
    """
    if isinstance(prob.key, sp.Symbol):
        raise Unsupported("a claimed optimizer needs a policy as the variable")
    table = prob.claimed(g)
    for row in prob.rows:
        vals = [table[tuple(row) + (i,)] for i in range(prob.n)]
        total = mpmath.fsum(vals)
        if not all(mpmath.isfinite(v) and v >= 0 for v in vals) or \
                abs(total - 1) > mpmath.mpf("1e-20"):
            return Counterexample(_instance(sig, prob), None, float(total),
                                  f"the claimed optimizer is not a distribution: it sums to "
                                  f"{float(total):.6g}")
        if any(v == 0 for v in vals):
            raise Unsupported("a claimed optimizer on the boundary of the simplex")
    sense = 1 if a.kind == "max" else -1

    def f(z: list) -> Any:
        v = prob.value(fa, z)
        return sense * v if mpmath.isfinite(v) else -mpmath.inf

    z_claim = prob.coordinates(table)
    f_claim = f(z_claim)
    candidates = []
    grad = gradient(f, z_claim)
    if max((abs(t) for t in grad), default=0) > CONVERGED:
        t = mpmath.mpf(1)
        while t > mpmath.mpf(10) ** -40:
            z = [zi + t * gi for zi, gi in zip(z_claim, grad, strict=True)]
            if f(z) > f_claim:
                candidates.append(z)
                break
            t /= 4
    if not candidates:  # g is stationary: a global competitor from the grid
        candidates.append(_grid_start(fa, a.kind, prob))
    for z in candidates:
        gap = _confirmed_gap(fa, a.kind, prob, z, lambda: prob.coordinates(prob.claimed(g)))
        if gap is not None:
            return Counterexample(
                _instance(sig, prob), float(prob.value(fa, z)), float(prob.value(fa, z_claim)),
                f"{_name(prob.key)} = {_fmt(prob.point(z), prob)} does better than the claimed "
                f"optimizer {_fmt(prob.point(z_claim), prob)} (by {mpmath.nstr(gap, 3)})")
    return None


def _compare_two(a: ArgOpt, b: ArgOpt, fa: sp.Expr, fb: sp.Expr, prob: _Problem, sig: Any,
                 deadline: float) -> Counterexample | None:
    """Does either side's refined optimizer lose measurably on the other side's objective?"""
    za0, zb0 = _grid_start(fa, a.kind, prob), _grid_start(fb, b.kind, prob)
    za, conv_a = _optimize(fa, a.kind, prob, za0, deadline)
    zb, conv_b = _optimize(fb, b.kind, prob, zb0, deadline)
    if conv_a and conv_b:  # both located to ~1e-28: a real gap is a witness
        pairs, tol = ((fa, a.kind, za, zb), (fb, b.kind, zb, za)), None
    elif conv_a or conv_b:  # one side located: any point beating it on the other objective
        # shows it is not an optimizer there (the other side's point need not be optimal)
        pairs = ((fb, b.kind, zb, za),) if conv_a else ((fa, a.kind, za, zb),)
        tol = None
    else:  # no precise optimizers (e.g. on the boundary): the grid optima, as before
        pairs, tol = ((fa, a.kind, za0, zb0), (fb, b.kind, zb0, za0)), GRID_GAP_TOL
    for obj, kind, own, other in pairs:
        gap = _confirmed_gap(obj, kind, prob, own, lambda o=other: o)
        if gap is not None and tol is not None and \
                gap <= tol * max(1, abs(prob.value(obj, other))):
            gap = None
        if gap is not None:
            za_, zb_ = (za0, zb0) if tol is not None else (za, zb)
            return Counterexample(
                _instance(sig, prob), float(prob.value(fa, za_)), float(prob.value(fb, zb_)),
                f"the left side is optimized at {_name(prob.key)} = "
                f"{_fmt(prob.point(za_), prob)}, the right side at {_fmt(prob.point(zb_), prob)}")
    return None


def _fmt(point: Any, prob: _Problem) -> str:
    if isinstance(prob.key, sp.Symbol):
        return mpmath.nstr(point, 8)
    rows = []
    for row in prob.rows:
        rows.append("(" + ", ".join(mpmath.nstr(point[tuple(row) + (i,)], 8)
                                    for i in range(prob.n)) + ")")
    return rows[0] if len(rows) == 1 else "[" + ", ".join(rows) + "]"


def _name(key: Any) -> str:
    """The optimization variable as written (``π``, ``θ``) for messages, in Unicode."""
    def greek(m: re.Match) -> str:
        try:
            return unicodedata.lookup(f"GREEK SMALL LETTER {m.group(1).upper()}")
        except KeyError:
            return m.group(1)

    tex = getattr(key, "tex", str(key))
    return re.sub(r"[{}]", "", re.sub(r"\\([A-Za-z]+)", greek, tex))


def _instance(sig: Any, prob: _Problem) -> dict[str, Any]:
    """The instance, without the optimization variable (its sampled value means nothing)."""
    out = describe_instance(sig, _single(prob.batch, prob.k), 0)
    out.pop(getattr(prob.key, "tex", str(prob.key)), None)
    return out
