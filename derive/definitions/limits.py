"""The limit of an expression as one variable approaches a point: ``LimitOf``.

``LimitOf(body, var, point, direction)`` binds ``var`` (it is not a free symbol of the limit)
and prints the way the field writes it. ``point`` is a number or ``oo``; ``direction`` is
``"+"`` (from above, ``0^{+}``), ``"-"`` (from below) or ``"+-"`` (two-sided). A limit at
``oo`` is always from below. It is not a definition to unfold: the kernel decides what a limit
is worth (:mod:`derive.kernel.limits`), and the numeric evaluator refuses it, so no limit is
ever judged from a few sampled values.

>>> import sympy as sp
>>> from derive.definitions import STANDARD as S
>>> from derive.latex import latex
>>> lim = LimitOf(S.r(S.x, S.y) / S.beta, S.beta, sp.oo)
>>> latex(lim)
'\\\\lim_{\\\\beta \\\\to \\\\infty} \\\\frac{r(x, y)}{\\\\beta}'
>>> S.beta in lim.free_symbols, lim.direction
(False, '-')
>>> latex(LimitOf(S.beta, S.beta, 0, "+"))
'\\\\lim_{\\\\beta \\\\to 0^{+}} \\\\beta'
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.symbol import Str

__all__ = ["LimitOf", "DIRECTIONS", "has_limit"]

#: how a variable may approach its point
DIRECTIONS = ("+", "-", "+-")


class LimitOf(sp.Expr):
    """``lim_{var → point^{direction}} body``; ``var`` is bound."""

    is_commutative = True

    def __new__(cls, body: Any, var: sp.Symbol, point: Any,
                direction: str | Str | None = None) -> LimitOf:
        body, point = sp.sympify(body), sp.sympify(point)
        if not isinstance(var, sp.Symbol):
            raise TypeError("a limit's variable must be a symbol")
        if point is sp.oo:
            direction = "-"
        elif point is sp.S.NegativeInfinity:
            direction = "+"
        direction = str(direction) if direction is not None else "+-"
        if direction not in DIRECTIONS:
            raise ValueError(f"unknown direction {direction!r}")
        if not (point.is_number and (point.is_real or point.is_infinite)):
            raise ValueError("a limit's point must be a real number or ±oo")
        return super().__new__(cls, body, var, point, Str(direction))

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def var(self) -> sp.Symbol:
        return self.args[1]

    @property
    def point(self) -> sp.Expr:
        return self.args[2]

    @property
    def direction(self) -> str:
        return self.args[3].name

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return self.body.free_symbols - {self.var}

    def _eval_subs(self, old: Any, new: Any) -> Any:
        if old == self.var:
            return self  # the variable is bound
        return None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        point = printer._print(self.point)
        if self.point.is_finite and self.direction != "+-":
            point = "%s^{%s}" % (point, self.direction)
        body = printer._print(self.body)
        if isinstance(self.body, sp.Add):
            body = r"\left(%s\right)" % body
        text = r"\lim_{%s \to %s} %s" % (printer._print(self.var), point, body)
        return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)


def has_limit(expr: sp.Basic) -> bool:
    """Does ``expr`` contain a :class:`LimitOf`?

    >>> has_limit(sp.Symbol("a") + 1)
    False
    """
    return any(isinstance(e, LimitOf) for e in sp.preorder_traversal(expr))
