"""Distributions with zero masses: ``xlogy`` and the convention ``0 · log 0 = 0``.

By default a distribution has full support (every mass positive). A distribution declared
with zeros (``distribution("P", X, zeros=True)``, or a table with a zero entry such as
``P := (0.5, 0.5, 0)``) may put mass 0 on elements of its domain; entropy, cross-entropy and
KL of such distributions unfold through :class:`XLogY`, the function of torch and scipy:

* ``XLogY(x, y) = 0`` when ``x = 0`` (whatever ``y``: the convention ``0 · log 0 = 0``),
* ``XLogY(x, y) = x log y`` otherwise, so ``XLogY(x, 0) = −∞`` for ``x > 0``.

Then ``D_KL(P‖Q) = Σ XLogY(P, P) − XLogY(P, Q)`` is ``+∞`` exactly where absolute continuity
fails (``P(v) > 0 = Q(v)``), and ``H(P) = −Σ XLogY(P, P)`` is finite.

>>> import sympy as sp
>>> XLogY(0, 0), XLogY(sp.Rational(1, 2), 0), XLogY(2, sp.E)
(0, -oo, 2)
>>> x = sp.Symbol("x", positive=True); y = sp.Symbol("y", nonnegative=True)
>>> XLogY(x, y), XLogY(x, x)
(XLogY(x, y), x*log(x))
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["XLogY", "may_have_zeros"]


class XLogY(sp.Function):
    """``xlogy(x, y)``: ``0`` at ``x = 0``, else ``x log y`` (``−∞`` at ``y = 0 < x``).

    Evaluates when ``x`` is the number 0 (to 0) or ``x`` and ``y`` are known positive (to
    ``x log y``); a positive ``x`` at ``y = 0`` gives ``−∞``. Otherwise it stays an opaque atom that
    the evaluators compute with the convention.

    >>> XLogY(sp.Rational(1, 4), sp.Rational(1, 4))
    -log(4)/4
    """

    nargs = 2

    @classmethod
    def eval(cls, x: sp.Expr, y: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return sp.S.Zero
        if x.is_positive and x.is_finite:
            if y.is_zero:
                return sp.S.NegativeInfinity
            if y.is_positive:
                return x * sp.log(y)
        return None

    def _eval_is_real(self) -> bool | None:
        return None  # may be −∞

    def _latex(self, printer: Any, exp: Any = None) -> str:
        x, y = (printer._print(a) for a in self.args)
        tex = r"\operatorname{xlogy}(%s, %s)" % (x, y)
        return tex if exp is None else r"%s^{%s}" % (tex, exp)


def may_have_zeros(expr: sp.Basic) -> bool:
    """Does ``expr`` hold an application of a distribution declared with zero masses?

    >>> from derive.definitions.support import Domain, distribution
    >>> X = Domain("X"); v = sp.Symbol("v")
    >>> may_have_zeros(distribution("P", X, table=("0.5", "0.5", "0"))(v))
    True
    >>> may_have_zeros(distribution("P", X)(v))
    False
    """
    return any(getattr(type(node), "zeros", False) for node in sp.preorder_traversal(expr)
               if isinstance(node, sp.Function))
