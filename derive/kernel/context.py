"""What a derivation may assume: local definitions, intervals, stated assumptions.

Distributions, positivity and reality travel with the objects themselves (a distribution
family's applications are positive and normalized; ``β`` is a positive symbol; a reward is a
real function). A :class:`Context` adds what a document says locally: definitions such as
``Z(x) := Σ_y π_ref(y|x) exp(r(x,y)/β)`` or ``P := (0.9, 0.1)``, intervals for symbols
(``ε ∈ (0, 1)``), and assumptions stated in words for the writeup.

>>> import sympy as sp
>>> c = sp.Symbol("c")
>>> ctx = Context().define(c, sp.Integer(3))
>>> ctx.expand(c + 1)
4
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sympy as sp

__all__ = ["LocalDefinition", "Context", "substitute"]


def substitute(body: sp.Expr, mapping: dict[sp.Basic, sp.Basic]) -> sp.Expr:
    """``body`` with ``mapping`` applied simultaneously, capture-avoiding: when a value's free
    symbols clash with a variable bound inside ``body`` (``Z(x) := Σ_y …`` applied at ``y``),
    the bound variables are first renamed apart.

    >>> from derive.definitions import STANDARD as S, SupportSum
    >>> body = SupportSum(S.r(S.x, S.y), (S.y, S.Y))
    >>> S.y in substitute(body, {S.x: S.y}).free_symbols
    True
    """
    from ..definitions import Binder
    from .normal_form import rename_apart

    incoming: set[sp.Basic] = set()
    for value in mapping.values():
        incoming |= sp.sympify(value).free_symbols
    bound = {v for node in sp.preorder_traversal(body) if isinstance(node, Binder)
             for v in node.variables}
    if incoming & bound:
        body = rename_apart(body)
    return body.xreplace(mapping)


@dataclass(frozen=True)
class LocalDefinition:
    """``head(params) := body``; ``head`` is a symbol or a function class."""

    head: sp.Basic | type
    params: tuple[sp.Symbol, ...]
    body: sp.Expr

    def apply(self, expr: sp.Expr) -> sp.Expr:
        if isinstance(self.head, sp.Basic):
            return expr.xreplace({self.head: self.body})
        head, params, body = self.head, self.params, self.body

        def instantiate(app: sp.Expr) -> sp.Expr:
            return substitute(body, dict(zip(params, app.args, strict=True)))

        return expr.replace(lambda e: isinstance(e, head) and len(e.args) == len(params),
                            instantiate)


@dataclass(frozen=True)
class Context:
    """Local definitions, symbol intervals and stated assumptions of a derivation."""

    definitions: tuple[LocalDefinition, ...] = ()
    intervals: dict[sp.Symbol, tuple[float, float]] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()

    def define(self, head: sp.Basic | type, body: sp.Expr,
               params: tuple[sp.Symbol, ...] = ()) -> Context:
        """A context that also knows ``head(params) := body``."""
        return replace(self, definitions=self.definitions + (LocalDefinition(head, params, body),))

    def assume(self, *statements: str) -> Context:
        """A context that also states ``statements`` (LaTeX) as assumptions."""
        return replace(self, assumptions=self.assumptions + statements)

    def within(self, symbol: sp.Symbol, lo: float, hi: float) -> Context:
        """A context in which ``symbol`` ranges over the open interval ``(lo, hi)``; an end may
        be infinite (``β > 1``: ``(1, inf)``), and the numeric instances then reach values of
        every magnitude along the half-line."""
        intervals = dict(self.intervals)
        intervals[symbol] = (float(lo), float(hi))
        return replace(self, intervals=intervals)

    def expand(self, expr: sp.Expr, limit: int = 10) -> sp.Expr:
        """``expr`` with every local definition substituted (repeatedly, until stable)."""
        expr = sp.sympify(expr)
        for _ in range(limit):
            new = expr
            for d in self.definitions:
                new = d.apply(new)
            if new == expr:
                return expr
            expr = new
        raise RecursionError("local definitions refer to each other in a cycle")

    def is_positive(self, expr: sp.Expr) -> bool:
        """Is ``expr`` positive for every valid instance, as SymPy's assumptions can tell?"""
        return bool(self.expand(expr).is_positive)
