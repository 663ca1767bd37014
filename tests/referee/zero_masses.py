"""The referee's own zero-mass semantics: distributions ``P0``, ``Q0`` that may have zeros,
``0 · log 0 = 0`` and exact infinities — written here from the definitions, not from derive.

* pools of exact distributions with zeros for ``P0`` and ``Q0`` (point masses, one zero,
  and the full-support rows of the ordinary pool);
* :func:`xlogy`: ``0`` when ``p = 0``, ``p log q`` when ``q > 0``, ``−∞`` when ``q = 0 < p``;
* :func:`extended_sign`: the order of two values of which one is ``±∞`` (``None`` when a side
  is ``nan``, i.e. ``∞ − ∞`` or ``0 · ∞`` was met: the instance does not count).

>>> import mpmath
>>> xlogy(mpmath.mpf(0), mpmath.mpf(0)), xlogy(mpmath.mpf(1) / 2, mpmath.mpf(0))
(mpf('0.0'), mpf('-inf'))
>>> extended_sign(mpmath.inf, mpmath.inf), extended_sign(mpmath.mpf(3), mpmath.inf)
(0, -1)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import mpmath

__all__ = ["ZERO_DISTS", "ZERO_POOL", "ZERO_PARTNER", "xlogy", "extended_sign", "is_extended"]

F = Fraction
#: distribution names that may put mass 0 on elements of X
ZERO_DISTS = ("P0", "Q0")
ZERO_PARTNER = {"Q0": "P0"}
ZERO_POOL: dict[int, list[tuple[Fraction, ...]]] = {
    1: [(F(1),)],
    2: [(F(1), F(0)), (F(0), F(1)), (F(1, 2), F(1, 2)), (F(9, 10), F(1, 10))],
    3: [(F(1, 2), F(1, 2), F(0)), (F(0), F(1, 4), F(3, 4)), (F(1), F(0), F(0)),
        (F(0), F(0), F(1)), (F(1, 3),) * 3, (F(1, 10), F(3, 10), F(3, 5))],
}


def xlogy(p: Any, q: Any) -> Any:
    """``p log q`` with ``0 log q = 0`` (any ``q ≥ 0``) and ``p log 0 = −∞`` for ``p > 0``."""
    if p == 0:
        return mpmath.mpf(0)
    if q == 0:
        return -mpmath.inf if p > 0 else mpmath.inf
    if q < 0:
        raise ArithmeticError("xlogy of a negative number")
    return p * mpmath.log(q)


def is_extended(*values: Any) -> bool:
    """Is any value infinite or nan (so the finite comparison does not apply)?"""
    return any(mpmath.isinf(v) or mpmath.isnan(v) for v in values)


def extended_sign(a: Any, b: Any) -> int | None:
    """Sign of ``a − b`` in the extended reals when a side is ``±∞``; ``None`` for ``nan``."""
    if mpmath.isnan(a) or mpmath.isnan(b):
        return None
    if a == b:
        return 0  # the same infinity
    return 1 if a > b else -1
