"""Two rules of the algebra of limits that need more than "the limit of the parts"
(trusted base, used by :mod:`.limits`).

* **A vanishing exponential.** ``exp(g(v)) → 0`` when ``g(v) → −∞``: the exponent, expanded,
  is a part with a finite limit plus terms ``u·v^k`` that grow without bound (``k > 0`` as
  ``v → ∞``, ``k < 0`` as ``v → 0⁺``), the coefficients ``u`` free of ``v`` and provably
  negative (SymPy's assumptions: ``−e^h``, ``−h² − 1/10``). Each such term tends to ``−∞``,
  so the sum does and its exponential tends to 0.
* **First order at the point.** With ``t = 1/v`` (``v → ∞``) or ``t = v`` (``v → 0⁺``), if
  ``t·f`` is an expression ``g(t)`` that is *smooth at 0* (built from sums, products, finite
  sums over a support, ``exp``, ``log`` of an argument positive at 0, powers whose base is
  nonzero, or positive for a non-integer exponent, at 0) and ``g(0)`` is shown to be 0 by the
  kernel's zero test, then ``f = g(t)/t → g'(0)`` (the definition of the derivative;
  ``g`` is differentiable at 0, and SymPy's automatic rewrites of ``g`` assume only
  ``t > 0``, where they agree with ``t·f``). So ``β log Z(x) → E_{π_ref}[r]`` as ``β → ∞``:
  ``g(t) = log Σ_y π_ref(y|x) e^{t r(x,y)}``, ``g(0) = log 1 = 0``.

Neither rule evaluates anything numerically; both return ``None`` when they do not apply.

>>> import sympy as sp
>>> from derive.definitions import STANDARD as S
>>> first_order(S.beta * (sp.exp(S.z / S.beta) - 1), S.beta, sp.oo, "-")
z
>>> tends_to_minus_infinity(-sp.exp(S.h) / S.beta + S.z, S.beta, sp.S.Zero, "+")
True
"""

from __future__ import annotations

import sympy as sp

from ..definitions import Probability, RealFunction, SupportSum, unfold_all
from .normal_form import BudgetExceeded, is_zero, normal_form

__all__ = ["tends_to_minus_infinity", "first_order", "smooth_at_zero"]


def _growth(w: sp.Expr, var: sp.Symbol, point: sp.Expr, direction: str) -> str | None:
    """``"infinite"`` when the monomial ``w`` tends to ``+∞``, ``"zero"`` when it tends to 0,
    ``"one"`` for 1, else ``None`` (not a power of ``var`` this rule knows)."""
    if w == 1:
        return "one"
    if w == var:
        k = sp.S.One
    elif isinstance(w, sp.Pow) and w.base == var and w.exp.is_real and w.exp.is_number:
        k = w.exp
    else:
        return None
    if point is sp.oo:
        return "infinite" if k.is_positive else "zero" if k.is_negative else None
    if point == 0 and direction == "+" and var.is_positive:
        return "infinite" if k.is_negative else "zero" if k.is_positive else None
    return None


def tends_to_minus_infinity(arg: sp.Expr, var: sp.Symbol, point: sp.Expr,
                            direction: str) -> bool:
    """Is ``arg → −∞`` as ``var → point`` shown term by term (see the module docstring)?"""
    groups: dict[sp.Expr, sp.Expr] = {}
    for term in sp.Add.make_args(sp.expand(arg)):
        u, w = term.as_independent(var, as_Add=False)
        groups[w] = groups.get(w, sp.S.Zero) + u
    diverging = False
    for w, u in groups.items():
        kind = _growth(w, var, point, direction)
        if kind == "infinite":
            if u.is_negative is not True or not u.is_finite:
                return False
            diverging = True
        elif kind is None or not (u.is_real and u.is_finite):
            return False  # "zero" terms vanish; "one" is the constant part
    return diverging


def _nonzero_at_zero(e: sp.Expr, t: sp.Symbol) -> bool:
    v = e.xreplace({t: sp.S.Zero})
    return bool(v.is_positive or v.is_negative)


def smooth_at_zero(g: sp.Expr, t: sp.Symbol) -> bool:
    """Is ``g`` (definitions unfolded) a smooth function of ``t`` near ``t = 0``, for every
    value of its other symbols? Conservative: ``False`` means *not shown*."""
    if t not in g.free_symbols:
        return True
    if g == t:
        return True
    if isinstance(g, (sp.Add, sp.Mul)):
        return all(smooth_at_zero(a, t) for a in g.args)
    if isinstance(g, sp.exp):
        return smooth_at_zero(g.args[0], t)
    if isinstance(g, sp.log):
        arg = g.args[0]
        return smooth_at_zero(arg, t) and arg.xreplace({t: sp.S.Zero}).is_positive is True
    if isinstance(g, sp.Pow):
        base, ex = g.base, g.exp
        if not smooth_at_zero(base, t):
            return False
        if t not in ex.free_symbols and ex.is_integer and ex.is_nonnegative:
            return True
        if t not in ex.free_symbols and ex.is_integer:
            return _nonzero_at_zero(base, t)
        return smooth_at_zero(ex, t) and base.xreplace({t: sp.S.Zero}).is_positive is True
    if isinstance(g, SupportSum):  # a finite sum of smooth terms (proved for every element)
        return t not in g.variables and smooth_at_zero(g.body, t)
    if isinstance(g, (Probability, RealFunction)):
        return False  # an unknown function of t
    return False


def first_order(e: sp.Expr, var: sp.Symbol, point: sp.Expr, direction: str,
                deadline: float | None = None) -> sp.Expr | None:
    """``lim f`` for ``f = g(t)/t`` with ``g`` smooth at 0 and ``g(0) = 0`` (see the module
    docstring): ``g'(0)``, or ``None`` when the rule does not apply."""
    if point is sp.oo:
        t = sp.Dummy("t", positive=True)
        at = 1 / t
    elif point == 0 and direction == "+" and var.is_positive:
        t = sp.Dummy("t", positive=True)
        at = t
    else:
        return None
    g = sp.expand_mul(unfold_all(e).xreplace({var: at}) * t, deep=False)
    if var in g.free_symbols or not smooth_at_zero(g, t):
        return None
    g0 = g.xreplace({t: sp.S.Zero})
    try:
        vanishes = is_zero(normal_form(g0, deadline), deadline)
    except BudgetExceeded:  # out of time: nothing shown
        return None
    if not vanishes:
        return None  # g(0) ≠ 0 (an infinite limit) or not shown to vanish
    value = sp.diff(g, t).xreplace({t: sp.S.Zero})
    if t in value.free_symbols or value.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return None
    return value
