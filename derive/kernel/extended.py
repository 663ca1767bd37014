"""Exact infinities for the ball evaluator (trusted base): ``+∞`` and ``−∞`` as values.

A side of a step can be infinite where zero masses are allowed: ``D_KL(P‖Q) = +∞`` where
``P(v) > 0 = Q(v)``, and ``xlogy(x, 0) = −∞`` for ``x > 0``. :class:`Infinity` is such a value:
an exact sign, never a float ``inf`` taken for a number. Arithmetic with it follows the extended
reals and is *undefined* (``ValueError``, which the evaluator turns into an undefined instance)
wherever the extended reals are ambiguous or a ball cannot tell the case:

* ``∞ + finite = ∞``, ``∞ + ∞ = ∞``; ``∞ − ∞`` is undefined;
* ``c · ∞`` is ``±∞`` when the ball ``c`` is provably positive or negative, undefined when it
  contains 0 (``0 · ∞`` is undefined: ``0 · log 0 = 0`` holds *inside* ``xlogy`` only);
* ``∞ / c`` as ``∞ · (1/c)``; ``c / ∞``, ``log``, ``exp``, powers of ``∞``: undefined.

>>> from flint import arb
>>> INF + arb(3) is INF, (arb(-2) * INF).sign
(True, -1)
>>> relation_holds("=", INF, INF), relation_holds("<=", arb(5), INF)
('holds', 'holds')
>>> relation_holds("=", arb(5), INF)
'fails'
>>> INF - INF
Traceback (most recent call last):
...
ValueError: ∞ − ∞ is undefined
"""

from __future__ import annotations

from typing import Any

from flint import arb

__all__ = ["Infinity", "INF", "NEG_INF", "relation_holds", "is_infinite", "extended_min",
           "extended_max", "xlogy_ball"]


class Infinity:
    """``+∞`` (``sign = 1``) or ``−∞`` (``sign = −1``): an exact value of the extended reals."""

    __slots__ = ("sign",)

    def __init__(self, sign: int) -> None:
        self.sign = 1 if sign > 0 else -1

    def __repr__(self) -> str:
        return "+∞" if self.sign > 0 else "−∞"

    @staticmethod
    def is_finite() -> bool:
        return False

    def __neg__(self) -> Infinity:
        return NEG_INF if self.sign > 0 else INF

    def __pos__(self) -> Infinity:
        return self

    def __abs__(self) -> Infinity:
        return INF

    def __add__(self, other: Any) -> Infinity:
        if isinstance(other, Infinity):
            if other.sign != self.sign:
                raise ValueError("∞ − ∞ is undefined")
            return self
        if not _as_ball(other).is_finite():
            raise ValueError("∞ plus an undefined value")
        return self

    __radd__ = __add__

    def __sub__(self, other: Any) -> Infinity:
        return self + (-other)

    def __rsub__(self, other: Any) -> Infinity:
        return (-self) + other

    def __mul__(self, other: Any) -> Infinity:
        if isinstance(other, Infinity):
            return INF if other.sign == self.sign else NEG_INF
        c = _as_ball(other)
        if c.is_finite() and c > 0:
            return self
        if c.is_finite() and c < 0:
            return -self
        raise ValueError("0 · ∞ is undefined (or the factor's sign is unknown)")

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Infinity:
        if isinstance(other, Infinity):
            raise ValueError("∞ / ∞ is undefined")
        c = _as_ball(other)
        if c.is_finite() and (c > 0 or c < 0):
            return self * c
        raise ValueError("∞ divided by a value that may vanish")

    def __rtruediv__(self, other: Any) -> Infinity:
        raise ValueError("division by ∞ is not taken")

    def __pow__(self, other: Any) -> Infinity:
        raise ValueError("a power of ∞ is not taken")

    __rpow__ = __pow__

    def log(self) -> Infinity:
        raise ValueError("log of ∞ is not taken")

    def exp(self) -> Infinity:
        raise ValueError("exp of ∞ is not taken")


INF = Infinity(1)
NEG_INF = Infinity(-1)


def _as_ball(v: Any) -> arb:
    if isinstance(v, arb):
        return v
    if isinstance(v, int):
        return arb(v)
    raise ValueError(f"{type(v).__name__} beside ∞")


def is_infinite(v: Any) -> bool:
    """Is ``v`` one of the exact infinities?"""
    return isinstance(v, Infinity)


def relation_holds(rel: str, a: Any, b: Any) -> str:
    """``'holds'``, ``'fails'`` or ``'undefined'`` for ``a rel b`` when a side is infinite;
    the other side is an exact infinity or a finite ball (any other is ``'undefined'``).

    ``≈`` and ``∝`` never hold with an infinite side (a tolerance or a ratio of ∞ says
    nothing); they are ``'undefined'``.
    """
    for v in (a, b):
        if not isinstance(v, Infinity) and not (isinstance(v, arb) and v.is_finite()):
            return "undefined"
    if rel not in ("=", "<=", ">=", "<", ">"):
        return "undefined"
    sa = a.sign if isinstance(a, Infinity) else 0
    sb = b.sign if isinstance(b, Infinity) else 0
    # a finite ball lies strictly between −∞ and +∞, so only the signs matter
    truth = {"=": sa == sb, "<=": sa <= sb, ">=": sa >= sb, "<": sa < sb, ">": sa > sb}[rel]
    if sa == sb == 0:
        return "undefined"  # both finite: not for this function
    return "holds" if truth else "fails"


def extended_min(a: Any, b: Any) -> Any:
    """``min`` where a side may be infinite (``min(+∞, c) = c``)."""
    if isinstance(a, Infinity):
        return b if a.sign > 0 else a
    if isinstance(b, Infinity):
        return a if b.sign > 0 else b
    return a.min(b)


def extended_max(a: Any, b: Any) -> Any:
    """``max`` where a side may be infinite (``max(−∞, c) = c``)."""
    if isinstance(a, Infinity):
        return b if a.sign < 0 else a
    if isinstance(b, Infinity):
        return a if b.sign < 0 else b
    return a.max(b)


def xlogy_ball(x: Any, y: Any) -> Any:
    """``xlogy(x, y)`` on balls: ``0`` when ``x`` is exactly 0 (``0 · log 0 = 0``), ``x log y``
    when ``y`` is provably positive, ``∓∞`` when ``y`` is exactly 0 and ``x`` provably of a sign;
    undefined (``ValueError``) otherwise.

    >>> xlogy_ball(arb(0), arb(0)), xlogy_ball(arb(1) / 2, arb(0))
    (0, −∞)
    """
    if isinstance(x, Infinity) or isinstance(y, Infinity):
        raise ValueError("xlogy of an infinite value is not taken")
    if not (x.is_finite() and y.is_finite()):
        raise ValueError("xlogy of an undefined value")
    if x.is_zero():
        return arb(0)
    if y > 0:
        return x * y.log()
    if y.is_zero():
        if x > 0:
            return NEG_INF
        if x < 0:
            return INF
    raise ValueError("xlogy(x, y) with y ≤ 0 not separated from 0, or x's sign unknown")
