r"""The value of a distribution-valued expression on a small finite support, entry by entry.

``derive eval '\pi^*(\cdot|x)' --set '\pi_{ref}=[0.5,0.3,0.2]' --set 'r=[1,0,-1]'
--set '\beta=0.5'`` asks for a whole distribution: the expression is read with an outcome
variable in place of ``\cdot``, every definition is unfolded, sums over the outcome's domain
are written out over the given support, and each family given as a vector takes its entry at
each element (the context, such as ``x``, is held fixed). Values are computed with mpmath.

>>> import sympy as sp
>>> from derive.definitions import STANDARD as S
>>> from derive.definitions import unfold_all
>>> expr = unfold_all(S.pi_star(S.y, S.x))
>>> fams = {type(S.pi_ref(S.y, S.x)): [sp.Rational(1, 2)] * 2, type(S.r(S.x, S.y)): [0, 1]}
>>> [round(float(v), 6) for v in entries(expr, S.y, 2, fams, {S.beta: 1}, 30)]
[0.268941, 0.731059]
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from ..definitions.support import SupportSum


class NotTabulable(ValueError):
    """The expression cannot be written out over the given support."""


def _element(k: int) -> sp.Symbol:
    return sp.Symbol(f"_element_{k}")


def _write_out_sums(expr: sp.Expr, domain: Any, size: int) -> sp.Expr:
    """Every sum over ``domain`` replaced by the explicit sum over ``size`` elements."""

    def expand(node: SupportSum) -> sp.Expr:
        body = node.body
        for var, dom in reversed(node.bindings):
            if dom != domain:
                raise NotTabulable(f"a sum over {dom} has no given support")
            body = sp.Add(*[body.xreplace({var: _element(k)}) for k in range(size)])
        return body

    return expr.replace(lambda e: isinstance(e, SupportSum), expand)


def _tabulate(expr: sp.Expr, size: int, families: dict[type, list]) -> sp.Expr:
    """Each application of a given family at an element replaced by its entry there."""
    elements = {_element(k): k for k in range(size)}

    def entry(app: sp.Expr) -> sp.Expr:
        at = [elements[a] for a in app.args if a in elements]
        if len(at) != 1:
            raise NotTabulable(f"{type(app).__name__} is given as a vector over one "
                               "outcome, but used here with another")
        return sp.sympify(families[type(app)][at[0]])

    return expr.replace(lambda e: type(e) in families and bool(set(e.args) & set(elements)),
                        entry)


def entries(expr: sp.Expr, outcome: sp.Symbol, size: int, families: dict[type, list],
            scalars: dict, dps: int) -> list[Any]:
    """The mpmath values of ``expr`` (already unfolded) at each of ``size`` outcomes.

    ``families`` maps each family given as a vector to its ``size`` entries (exact numbers);
    ``scalars`` maps symbols to numbers. Raises :class:`NotTabulable` when something is left
    without a value.
    """
    domain = _outcome_domain(expr, outcome)
    written = _write_out_sums(expr, domain, size)
    out = []
    for k in range(size):
        closed = _tabulate(written.xreplace({outcome: _element(k)}), size, families)
        closed = closed.xreplace(scalars)
        left = sorted(str(s) for s in closed.free_symbols)
        if left:
            raise NotTabulable(f"no value for {', '.join(left)}; give it with --set")
        leftover = [type(a).__name__ for a in sp.preorder_traversal(closed)
                    if isinstance(a, sp.Function) and type(a) in families]
        if leftover:
            raise NotTabulable(f"{leftover[0]} is used away from the outcome")
        with mpmath.workdps(dps):
            try:
                value = sp.N(closed, dps)
                out.append(mpmath.mpf(value) if value.is_real else mpmath.nan)
            except (TypeError, ValueError, ZeroDivisionError):
                out.append(mpmath.nan)
    return out


def _outcome_domain(expr: sp.Expr, outcome: sp.Symbol) -> Any:
    """The domain of ``outcome``: read off a family applied to it."""
    for node in sp.preorder_traversal(expr):
        domains = getattr(type(node), "domains", None)
        if isinstance(node, sp.Function) and domains:
            for arg, dom in zip(node.args, domains, strict=False):
                if arg == outcome:
                    return dom
    raise NotTabulable("the outcome does not appear as a distribution's argument")


__all__ = ["NotTabulable", "entries"]
