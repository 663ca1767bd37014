"""Sign proofs for inequalities: part of the kernel's trusted base.

``nonnegative(e)`` returns ``True`` only when it can *show* ``e ≥ 0`` for every valid instance
from a few facts:

* SymPy's assumptions (positive symbols, ``exp``, distribution values, squares);
* Gibbs' inequality: a KL divergence between two distributions is ``≥ 0`` (the fact lives on
  :class:`~derive.definitions.KL`, which claims it only for genuine distributions);
* the tangent line of the logarithm: ``u - 1 - log u ≥ 0`` for ``u > 0`` (so any
  ``k (u - 1 - log u)`` with ``k ≥ 0``);
* ``a - min(a, …) ≥ 0`` and ``max(a, …) - a ≥ 0``;
* sums and products of non-negative terms, and sums over supports of non-negative bodies.

>>> import sympy as sp
>>> w = sp.Symbol("w", positive=True)
>>> nonnegative(w - 1 - sp.log(w))
True
>>> nonnegative(sp.log(w))
False
"""

from __future__ import annotations

import sympy as sp

from ..definitions import SupportSum, fresh_symbol
from .remembered import remembered

__all__ = ["nonnegative", "positive", "merge_sums"]


def _expand(e: sp.Expr) -> sp.Expr:
    return sp.expand(e, log=False)


def merge_sums(e: sp.Expr) -> sp.Expr:
    """Combine ``c₁ Σ_v f + c₂ Σ_v g`` over the same domain into ``Σ_v (c₁ f + c₂ g)``."""
    groups: dict[tuple, list[tuple[sp.Expr, SupportSum]]] = {}
    rest = []
    for term in sp.Add.make_args(_expand(e)):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, SupportSum)]
        if len(sums) == 1 and len(sums[0].bindings) == 1:
            s = sums[0]
            coeff = term / s
            groups.setdefault(tuple(d for _, d in s.bindings), []).append((coeff, s))
        else:
            rest.append(term)
    out = sp.Add(*rest)
    for domains, members in groups.items():
        # the new name must occur nowhere in the merged bodies (free *or* bound: a body may
        # hold an inner sum over ``v``) and nowhere free in the coefficients
        var = fresh_symbol("v", set().union(*(m[1].atoms(sp.Symbol) | m[0].atoms(sp.Symbol)
                                              for m in members)) | e.free_symbols)
        body = sp.Add(*(c * s.body.xreplace({s.variables[0]: var}) for c, s in members))
        out += SupportSum(body, (var, domains[0]))
    return out


def _tangent(e: sp.Expr, depth: int) -> bool:
    """``e = k (u - 1 - log u) + rest`` with ``k ≥ 0``, ``u > 0`` and ``rest ≥ 0``?"""
    for term in sp.Add.make_args(e):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) != 1:
            continue
        u = logs[0].args[0]
        k = -term / logs[0]
        if not (u.is_positive and nonnegative(k, depth + 1)):
            continue
        rest = _expand(e - k * (u - 1 - sp.log(u)))
        if nonnegative(rest, depth + 1):
            return True
    return False


def _minmax(e: sp.Expr, depth: int) -> bool:
    for term in sp.Add.make_args(e):
        if isinstance(-term, sp.Min):
            rest = e - term
            if any(nonnegative(_expand(rest - a), depth + 1) for a in (-term).args):
                return True
        if isinstance(term, sp.Max):
            rest = e - term
            if any(nonnegative(_expand(rest + a), depth + 1) for a in term.args):
                return True
    return False


#: answers of :func:`nonnegative` by (expression, depth): SymPy's assumption queries on the
#: rebuilt terms are the dear part, and a step judged again asks the same questions
_CACHE: dict[tuple[sp.Expr, int], bool] = {}


def nonnegative(e: sp.Expr, depth: int = 0) -> bool:
    """Can ``e ≥ 0`` be shown for every valid instance?"""
    if depth > 6:
        return False
    e = sp.sympify(e)
    return remembered(_CACHE, (e, depth), lambda: _nonnegative(e, depth))


def _nonnegative(e: sp.Expr, depth: int) -> bool:
    if e.is_nonnegative or e.is_extended_nonnegative:  # ≥ 0 or +∞ (zero masses)
        return True
    if isinstance(e, sp.Add):
        if all(nonnegative(t, depth + 1) for t in e.args):
            return True
        return _tangent(e, depth) or _minmax(e, depth)
    if isinstance(e, sp.Mul):
        signs = []
        for f in e.args:
            if nonnegative(f, depth + 1):
                signs.append(1)
            elif nonnegative(-f, depth + 1):
                signs.append(-1)
            else:
                return False
        return signs.count(-1) % 2 == 0
    if isinstance(e, sp.Pow) and e.exp.is_even:
        return True
    if isinstance(e, SupportSum):
        body = _expand(e.body)
        return nonnegative(body, depth + 1)
    return False


def positive(e: sp.Expr) -> bool:
    """Can ``e > 0`` be shown (SymPy's assumptions only)?"""
    return bool(sp.sympify(e).is_positive)
