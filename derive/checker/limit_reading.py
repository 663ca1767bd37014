"""Reading a limit (``\\lim_{\\beta \\to \\infty} f``) as
:class:`~derive.definitions.limits.LimitOf`.

The parser has already read the subscript (:mod:`derive.notation.limit_subscript`); here the
variable must translate to a plain symbol of the document (``\\beta`` is the β of π* and Z,
``\\epsilon`` the clip range), else the formula is ``unsupported``, never guessed. Whether the
limit exists, and what it is worth, is the kernel's business (:mod:`derive.kernel.limits`).

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> Translator().expr(parse_math(r"\\lim_{\\beta \\to 0^+} \\beta e^{z}"))
LimitOf(beta*exp(z), beta, 0, +)
>>> Translator().expr(parse_math(r"\\lim_{\\pi \\to \\infty} \\pi(y|x)"))
Traceback (most recent call last):
...
derive.checker.information_reading.TranslationError: 1:1: unsupported: a limit's variable \
must be a number-valued symbol of the document, not pi
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions.limits import LimitOf
from ..notation import ast as A
from .information_reading import _err

__all__ = ["LimitReading"]


class LimitReading:
    """The ``_Limit`` case of :class:`~derive.checker.translate.Translator`."""

    context: Any

    def expr(self, node: A.Node) -> sp.Expr:  # provided by the translator
        raise NotImplementedError

    def _Limit(self, n: A.Limit) -> sp.Expr:  # noqa: N802 - dispatch by node name
        name = n.var.base if isinstance(n.var, A.Name) else "?"
        try:
            var = self.expr(n.var)
        except ValueError:
            var = None
        if not isinstance(var, sp.Symbol) or var.is_real is False:
            raise _err(n, "unsupported: a limit's variable must be a number-valued symbol of "
                          f"the document, not {name}")
        if any(getattr(d.head, "name", None) == var.name for d in self.context.definitions):
            raise _err(n, f"unsupported: a limit in {name}, which the document defines")
        point = sp.oo if n.point == "oo" else sp.Rational(n.point)
        return LimitOf(self.expr(n.body), var, point, n.direction)
