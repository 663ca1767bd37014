"""Limits in the kernel: the value of ``lim_{v → a} f`` and steps that contain limits.

A step with a :class:`~derive.definitions.limits.LimitOf` is decided in two stages:

1. each limit (innermost first) is replaced by its value, found **symbolically**: the body
   (definitions unfolded) is taken apart by the algebra of limits — a sum, product or
   quotient of pieces whose limits exist and are finite (a divisor's limit provably nonzero),
   a continuous function (``exp``, ``log`` of a positive limit, ``min``, ``max``, ``|·|``) of
   a convergent argument, a finite sum over a support term by term, ``1/v → 0`` as
   ``v → ∞``, the soft maximum ``v log Σ_i c_i e^{u_i/v} → max_i u_i`` as ``v → 0⁺``, and
   the two rules of :mod:`.limit_rules` (``e^g → 0`` as ``g → −∞``; ``g(t)/t → g'(0)`` for
   ``g`` smooth at 0 with ``g(0) = 0``: ``β log Z(x) → E_{π_ref}[r]``) — and
   a piece the algebra cannot take apart and that holds no sum over a support goes to
   ``sympy.limit`` (distributions and rewards as positive and real constants; a quotient
   first divided by one of its exponentials, so the dominant growth cancels). The
   value is then **cross-checked** with mpmath on sampled instances of moderate values, at
   far points approaching ``a`` (``10^{±24}``, ``10^{±48}``, with 80 + 2k digits): a value
   the body settles away from is never used, and an instance on which the body is still
   moving is no evidence either way. The cross-check is evidence, never proof: without a
   symbolic value, or where the cross-check disagrees or cannot be run, the step is
   ``inconclusive`` — never ``numeric_only`` from a few large values;
2. the step with the limits' values in place is decided by :func:`~derive.kernel.decide`
   like any other; its verdict, strategy and evidence are the step's, with the limits named
   in the notes.

So ``lim_{β→∞} π*(y|x) = π_ref(y|x)`` is proved (each ``exp(r/β) → 1``, ``Z(x) → 1``), while a
limit that needs an assumption SymPy cannot see (``β → 0⁺`` of ``π*`` over an abstract support
concentrates only on a *unique* arg max of ``r``) is ``inconclusive`` until the step states it
concretely (a reward table with one maximiser).

>>> import sympy as sp
>>> from derive.definitions import STANDARD as S
>>> from derive.definitions.limits import LimitOf
>>> value, how = limit_value(LimitOf(sp.exp(S.z / S.beta), S.beta, sp.oo))
>>> value, how
(1, 'algebra_of_limits')
>>> limit_value(LimitOf(sp.sin(1 / S.beta), S.beta, 0, "+")) is None
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..definitions import Definition, Probability, RealFunction, SupportSum, unfold_all
from ..definitions.limits import LimitOf, has_limit
from ..records import INCONCLUSIVE, Evidence, Verdict
from .context import Context
from .evaluate import evaluate_mp
from .limit_rules import first_order, tends_to_minus_infinity
from .numeric import EXTREME_LABEL, sample_batches, seed_for, signature

__all__ = ["limit_value", "cross_check", "decide_with_limits", "LIMIT_SHARE"]

#: share of a step's budget the limits may use (the rest decides the step without them)
LIMIT_SHARE = 0.5
#: exponents k of the far approach points 10^{±k}
APPROACH = (24, 48)
#: the body must be this close (relative to 1 + |value|) at every far approach point
CROSS_TOLERANCE = sp.Rational(1, 10**8)
#: instances the cross-check must agree on
MIN_AGREEING = 3
_DIGITS = 80


def _finite(v: sp.Expr | None) -> bool:
    return v is not None and not v.has(sp.oo, -sp.oo, sp.zoo, sp.nan, sp.AccumBounds, sp.Limit)


def _bounded(fn: Callable[[], Any], deadline: float) -> Any:
    """``fn()`` in a daemon thread, given until ``deadline``; ``None`` past it or on error."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["v"] = fn()
        except Exception:  # a failed attempt proves nothing
            box["v"] = None

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0.0))
    return box.get("v")


def _sympy_limit(e: sp.Expr, var: sp.Symbol, point: sp.Expr, direction: str,
                 deadline: float) -> sp.Expr | None:
    """``sympy.limit`` of a closed form: applications of distributions and rewards (which do
    not depend on ``var``) become positive and real constants for the call."""
    if e.has(SupportSum) or time.monotonic() >= deadline:
        return None
    atoms: dict[sp.Basic, sp.Symbol] = {}
    for node in sp.preorder_traversal(e):
        if isinstance(node, (Probability, RealFunction)) and node not in atoms:
            if var in node.free_symbols:
                return None
            atoms[node] = sp.Dummy(positive=True) if isinstance(node, Probability) \
                else sp.Dummy(real=True)
    closed = e.xreplace(atoms)
    if any(not (s.is_real or s == var) for s in closed.free_symbols):
        return None
    dirn = "-" if point is sp.oo else direction
    value = _bounded(lambda: sp.limit(closed, var, point, dirn), deadline)
    if not _finite(value):
        return None
    return value.xreplace({d: a for a, d in atoms.items()})


def _algebra(e: sp.Expr, var: sp.Symbol, point: sp.Expr, direction: str,
             deadline: float, use_sympy: bool = True, divide: bool = True) -> sp.Expr | None:
    """The finite limit of ``e`` by the algebra of limits, or ``None`` when it cannot tell.

    A piece whose *unfolded* form is free of ``var`` is its own limit and stays folded
    (``σ(z)``, not its formula); a definition that depends on ``var`` (π*, Z, σ(v)) is unfolded
    before it is taken apart, so no dependence hides inside a definition."""
    if time.monotonic() >= deadline:
        return None
    unfolded = unfold_all(e)
    if var not in unfolded.free_symbols:
        return e
    if isinstance(e, (Definition, sp.Derivative)):
        return _algebra(unfolded, var, point, direction, deadline, use_sympy, divide)
    if e == var:
        return point if point.is_finite else None
    out: sp.Expr | None = None
    if isinstance(e, sp.Pow) and e.base == var and point is sp.oo and e.exp.is_negative:
        out = sp.S.Zero  # v^{-k} → 0 as v → ∞
    elif isinstance(e, (sp.Add, sp.Mul, sp.Min, sp.Max)):
        parts = [_algebra(a, var, point, direction, deadline, use_sympy, divide)
                 for a in e.args]
        if all(_finite(p) for p in parts):
            out = e.func(*parts)
    elif isinstance(e, sp.Pow) and var not in e.exp.free_symbols:
        base = _algebra(e.base, var, point, direction, deadline, use_sympy, divide)
        if _finite(base) and (e.exp.is_nonnegative and e.exp.is_integer or base.is_positive):
            out = base ** e.exp
    elif isinstance(e, (sp.exp, sp.Abs)):
        arg = _algebra(e.args[0], var, point, direction, deadline, use_sympy, divide)
        out = e.func(arg) if _finite(arg) else None
        if out is None and isinstance(e, sp.exp) \
                and tends_to_minus_infinity(e.args[0], var, point, direction):
            out = sp.S.Zero  # e^{g} → 0 as g → −∞
    elif isinstance(e, sp.log):
        arg = _algebra(e.args[0], var, point, direction, deadline, use_sympy, divide)
        out = sp.log(arg) if _finite(arg) and arg.is_positive else None
    elif isinstance(e, SupportSum) and var not in e.variables:
        # a finite sum: term by term
        body = _algebra(e.body, var, point, direction, deadline, use_sympy, divide)
        out = SupportSum(body, *e.bindings) if _finite(body) else None
    if out is None and isinstance(e, sp.Mul) and point == 0 and direction == "+" \
            and var.is_positive:
        out = _soft_maximum(unfolded, var)
    if out is None and isinstance(unfolded, (sp.Mul, sp.Add)):
        out = first_order(unfolded, var, point, direction, deadline)
    if out is None and divide and isinstance(unfolded, sp.Mul):
        out = _divided_by_exponential(unfolded, var, point, direction, deadline, use_sympy)
    if out is None and use_sympy:
        out = _sympy_limit(unfolded, var, point, direction, deadline)
    return out if _finite(out) else None


def _exponentials_combined(e: sp.Expr) -> sp.Expr:
    """``e`` expanded into terms, each term's exponentials combined into one ``exp`` of an
    expanded exponent (``e^{z/β} e^{(z'-z)/β} = e^{z'/β}``)."""
    terms = sp.Add.make_args(sp.expand(e, power_exp=False, log=False))
    return sp.Add(*(sp.powsimp(t, combine="exp").replace(
        sp.exp, lambda u: sp.exp(sp.expand(u))) for t in terms))


def _soft_maximum(e: sp.Mul, var: sp.Symbol) -> sp.Expr | None:
    """``c·v·log(Σ_i c_i e^{u_i/v}) → c·max_i u_i`` as ``v → 0⁺`` (``c``, ``c_i > 0`` and real
    ``u_i`` free of ``v``; a term without an exponential has ``u_i = 0``): for ``v > 0`` the
    expression lies between ``max u + v log c_{arg max}`` and ``max u + v log Σ c_i``."""
    logs = [f for f in e.args if isinstance(f, sp.log)]
    if len(logs) != 1 or var not in e.args:
        return None
    rest = e / (var * logs[0])
    if var in rest.free_symbols:
        return None
    tops = []
    for term in sp.Add.make_args(_exponentials_combined(logs[0].args[0])):
        exps = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.exp)]
        if len(exps) > 1:
            return None
        u = sp.expand(exps[0].args[0] * var) if exps else sp.S.Zero
        coeff = sp.Mul(*(f for f in sp.Mul.make_args(term) if f not in exps))
        if var in u.free_symbols or var in coeff.free_symbols or not coeff.is_positive \
                or not u.is_real:
            return None
        tops.append(u)
    return rest * sp.Max(*tops)


def _divided_by_exponential(e: sp.Mul, var: sp.Symbol, point: sp.Expr, direction: str,
                            deadline: float, use_sympy: bool) -> sp.Expr | None:
    """``N/D`` with numerator and denominator both divided by one exponential ``e^u`` met in
    ``N`` or in a term of ``D`` (an identity: ``e^u > 0``), so the dominant growth cancels
    (``p e^{m/β}/(q e^{(m−a)/β} + p e^{m/β})`` whatever the sign of ``m``). The quotient's
    limit is then the quotient of the limits when the algebra finds both and the divisor's is
    positive (the other exponentials vanishing: ``e^{−a/β} → 0`` for ``a > 0``), else (with
    ``use_sympy``) ``sympy.limit`` of the quotient."""
    num, den = sp.fraction(sp.together(e))
    candidates: dict[sp.Expr, None] = {}
    for term in sp.Mul.make_args(num) + sp.Add.make_args(_exponentials_combined(den)):
        for f in sp.Mul.make_args(term):
            if isinstance(f, sp.exp) and var in f.free_symbols:
                candidates[f] = None
    for f in list(candidates)[:6]:
        scale = sp.exp(-f.args[0])
        n2, d2 = (_exponentials_combined(t * scale) for t in (num, den))
        top, bottom = (_algebra(t, var, point, direction, deadline, use_sympy=False,
                                divide=False) for t in (n2, d2))
        if _finite(top) and _finite(bottom) and bottom.is_positive:
            return top / bottom
        out = _sympy_limit(n2 / d2, var, point, direction, deadline) if use_sympy else None
        if out is not None:
            return out
    return None


def limit_value(lim: LimitOf, context: Context | None = None,
                deadline: float | None = None) -> tuple[sp.Expr, str] | None:
    """``(value, how)`` for a limit found symbolically (not yet cross-checked), else ``None``.
    ``how`` is ``algebra_of_limits``, or ``algebra_of_limits+sympy_limit`` when a piece went
    to ``sympy.limit``."""
    deadline = deadline if deadline is not None else time.monotonic() + 10.0
    ctx = context or Context()
    body = ctx.expand(lim.body)
    if has_limit(body) or lim.point is sp.S.NegativeInfinity:
        return None  # -oo is not among the field's limits; never guessed
    for use_sympy, how in ((False, "algebra_of_limits"), (True, "algebra_of_limits+sympy_limit")):
        value = _algebra(body, lim.var, lim.point, lim.direction, deadline, use_sympy)
        if value is not None:
            return value, how
    return None


def _approach(point: sp.Expr, direction: str) -> list[list[tuple[sp.Expr, int]]]:
    """Far points approaching ``point`` from each side the limit is taken from, each with the
    digits it is evaluated with (:data:`_DIGITS` + 2k at ``10^{±k}``, so a body that cancels to
    first or second order in ``10^{-k}`` keeps its digits), as Floats of those digits: an
    exact 10^48 put into ``(1 + 1/\beta)^\beta`` makes SymPy expand a rational to that power
    (it never returns), a Float is evaluated at once.

    >>> [(float(t), d) for t, d in _approach(sp.oo, "-")[0]]
    [(1e+24, 128), (1e+48, 176)]
    >>> [float(side[-1][0]) for side in _approach(sp.S.Zero, "+-")]
    [1e-48, -1e-48]
    """
    if point is sp.oo:
        return [[(sp.Float(10**k, _DIGITS + 2 * k), _DIGITS + 2 * k) for k in APPROACH]]
    signs = {"+": (1,), "-": (-1,), "+-": (1, -1)}[direction]
    return [[(sp.Float(point + s * sp.Rational(1, 10**k), _DIGITS + 2 * k), _DIGITS + 2 * k)
             for k in APPROACH] for s in signs]


#: an instance is used by the cross-check when every sampled value is at most this in size:
#: beside e^{-e^{h}/β} with h = −200 even β = 10⁻⁴⁸ is not "near 0"
MODERATE = 30.0


def _moderate(batch: Any, k: int) -> bool:
    """Are the sampled values of instance ``k`` finite and at most :data:`MODERATE` in size?
    Beside larger ones the body may still be far from its limit at 10^{±48}, and stalled
    (``e^{-e^{h}/β}`` with ``h = −200`` is 1 at both far points as ``β → 0⁺``): such an
    instance is no evidence either way."""
    for arr in batch.values.values():
        row = abs(np.asarray(arr[k], dtype=float))
        if not (np.all(np.isfinite(row)) and np.all(row <= MODERATE)):
            return False
    return True


def cross_check(lim: LimitOf, value: sp.Expr, context: Context | None = None,
                deadline: float | None = None) -> tuple[bool, str]:
    """Does the body approach ``value`` on sampled instances? ``(agrees, note)``; evidence,
    never proof. On each instance of moderate values the body is evaluated at the farthest
    point of :func:`_approach`: within :data:`CROSS_TOLERANCE` of ``value`` there, the instance
    agrees; otherwise, if it is within that of the body at the nearer point, the body settled
    elsewhere and the check fails; else (still moving, or not evaluable) the instance is
    skipped. Fewer than :data:`MIN_AGREEING` agreeing instances is no agreement; when the time
    runs out, the instances already agreeing count.

    >>> from derive.definitions import STANDARD as S
    >>> cross_check(LimitOf(S.beta * sp.log(1 + 1 / S.beta), S.beta, sp.oo), sp.S.One)[0]
    True
    >>> cross_check(LimitOf(S.beta * sp.log(1 + 1 / S.beta), S.beta, sp.oo), sp.S(2))[0]
    False
    """
    deadline = deadline if deadline is not None else time.monotonic() + 10.0
    ctx = context or Context()
    body = unfold_all(ctx.expand(lim.body))
    sides = _approach(lim.point, lim.direction)
    probe = body.xreplace({lim.var: sides[0][0][0]})
    sig = signature(probe, value, intervals=ctx.intervals)
    tol = mpmath.mpf(CROSS_TOLERANCE.p) / CROSS_TOLERANCE.q
    agreeing = 0

    def at(point: sp.Expr, digits: int, batch: Any, k: int) -> Any:
        return evaluate_mp(body.xreplace({lim.var: point}), batch, k, dps=digits)

    for batch in sample_batches(sig, seed_for(body, value))[:10]:
        if batch.label == EXTREME_LABEL:
            continue  # 10^48 is not "far out" beside a parameter of 10^300
        for k in range(min(2, batch.samples)):
            if time.monotonic() >= deadline:
                if agreeing >= MIN_AGREEING:  # enough agreement, none against: evidence
                    return True, (f"cross-checked on {agreeing} instances approaching the "
                                  "point (the time ran out before the others)")
                return False, "the cross-check of the limit ran out of time"
            if not _moderate(batch, k):
                continue
            target = evaluate_mp(value, batch, k, dps=_DIGITS)
            if mpmath.isnan(target):
                continue
            close = tol * (1 + abs(target))
            farthest = [at(*side[-1], batch, k) for side in sides]
            if any(mpmath.isnan(v) for v in farthest):
                continue
            if all(abs(v - target) <= close for v in farthest):
                agreeing += 1
                continue
            for side, v in zip(sides, farthest, strict=True):
                nearer = at(*side[-2], batch, k)  # settled (not still moving) elsewhere?
                if not mpmath.isnan(nearer) and abs(v - nearer) <= close \
                        and abs(v - target) > close:
                    return False, (f"the body does not approach {value} on a sampled instance "
                                   f"(at the last approach points it is {mpmath.nstr(v, 8)}, "
                                   f"the limit claimed {mpmath.nstr(target, 8)})")
    if agreeing < MIN_AGREEING:
        return False, "too few instances could be evaluated to cross-check the limit"
    return True, f"cross-checked on {agreeing} instances approaching the point"


def _innermost(expr: sp.Expr) -> LimitOf:
    return next(e for e in sp.postorder_traversal(expr)
                if isinstance(e, LimitOf) and not has_limit(e.body))


def decide_with_limits(before: sp.Expr, relation: str, after: sp.Expr, context: Context,
                       decide_rest: Callable[..., Verdict], budget: float,
                       **options: Any) -> Verdict:
    """Decide a step with limits: their values in place (symbolic and cross-checked), then
    ``decide_rest`` on the step without them; ``inconclusive`` when a limit has no such value.
    """
    start = time.monotonic()
    deadline = start + budget * LIMIT_SHARE
    notes: list[str] = []
    hows: set[str] = set()
    sides = []
    for side in (before, after):
        while has_limit(side):
            lim = _innermost(side)
            found = limit_value(lim, context, deadline)
            if found is None:
                return _inconclusive(start, notes + [
                    f"no symbolic value for {sp.sstr(lim)} (the algebra of limits and "
                    "sympy.limit could not find a finite one); a limit is never judged from "
                    "sampled values alone"])
            value, how = found
            agrees, note = cross_check(lim, value, context, deadline)
            if not agrees:
                return _inconclusive(start, notes + [
                    f"{sp.sstr(lim)} = {sp.sstr(value)} by {how}, but {note}"])
            notes.append(f"{sp.sstr(lim)} = {sp.sstr(value)} by {how}; {note}")
            hows.add(how)
            side = side.xreplace({lim: value})
        sides.append(side)
    remaining = budget - (time.monotonic() - start)
    if remaining <= 0:
        return _inconclusive(start, notes + ["time budget exhausted after the limits"])
    verdict = decide_rest(sides[0], relation, sides[1], context, budget=remaining, **options)
    ev = verdict.evidence
    strategy = None if ev.strategy is None else "+".join(sorted(hows) + [ev.strategy])
    return Verdict(verdict.status, replace(
        ev, strategy=strategy, notes=tuple(notes) + ev.notes,
        seconds=round(time.monotonic() - start, 4)))


def _inconclusive(start: float, notes: list[str]) -> Verdict:
    return Verdict(INCONCLUSIVE, Evidence(strategy=None, notes=tuple(notes),
                                          seconds=round(time.monotonic() - start, 4)))
