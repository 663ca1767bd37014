"""Reading ``\\infty``: the value +∞, and only as a whole side of a step.

Where zero masses are allowed a KL divergence can be infinite, and a document says so:
``D_{KL}(P\\|Q) = \\infty``. ``\\infty`` (or ``-\\infty``) is read as the exact value ``±∞``
when it is a whole side (or the whole right side of a definition); inside an expression
(``\\frac{1}{\\infty}``, ``0 \\cdot \\infty``, ``\\infty - \\infty``, ``e^{-\\infty}``) it would
be SymPy's arithmetic of infinities deciding what the student meant, so it is refused there,
never misread. ``0 < Z(x) < \\infty`` is two steps, each with ``\\infty`` a whole side: it
says that ``Z(x)`` is finite.

>>> from derive.notation import ast as A
>>> read_infinity(A.Infinity(), 1)
oo
>>> try:
...     read_infinity(A.Infinity(), 3)
... except ValueError as err:
...     print("refused:", "whole side" in str(err))
refused: True
"""

from __future__ import annotations

import sympy as sp

from ..notation import ast as A
from .information_reading import _err

__all__ = ["read_infinity"]


def read_infinity(node: A.Infinity, depth: int) -> sp.Expr:
    """``+∞`` for ``node`` read at translation ``depth`` (1: a whole side; ``-\\infty`` is
    read by its negation at depth 1 too); deeper, ``unsupported`` at the node."""
    if depth > 1:
        raise _err(node, "unsupported: \\infty is read only as a whole side of a step "
                         "(D_{KL}(P\\|Q) = \\infty), not inside an expression")
    return sp.oo
