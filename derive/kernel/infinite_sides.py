"""The symbolic strategy for steps with an infinite side (trusted base): zero masses.

Where zero masses are allowed, a normal form can be exactly ``+∞`` (``D_KL(Q‖P)`` with tables
``P := (0.5, 0.5, 0)``, ``Q`` uniform). SymPy's ``∞ − ∞`` is ``nan``, so the usual strategies
(a difference is zero, or non-negative) must not run on such sides. This module decides them
by the extended reals: the relation holds when both sides are exact infinities of the right
signs, or one is and the other is a finite real number (no ``xlogy`` atom, no infinity).
Anything else is not proved here.

>>> import sympy as sp
>>> compare_extended(sp.oo, "=", sp.oo), compare_extended(sp.oo, ">", sp.log(3))
('extended_reals', 'extended_reals')
>>> compare_extended(sp.oo, "=", sp.log(3)) is None, compare_extended(sp.oo, "<", sp.oo) is None
(True, True)
>>> compare_extended(sp.Symbol("d"), "<=", sp.oo), compare_extended(sp.Symbol("d"), "<", sp.oo)
('extended_reals', None)
"""

from __future__ import annotations

import sympy as sp

from ..definitions import XLogY

__all__ = ["involves_infinity", "has_infinite_atom", "compare_extended"]

_INFINITE = (sp.oo, sp.S.NegativeInfinity, sp.zoo, sp.nan)


def has_infinite_atom(e: sp.Basic) -> bool:
    """Does ``e`` hold ``±∞``, ``zoo`` or ``nan`` anywhere?"""
    return any(e.has(v) for v in _INFINITE)


def involves_infinity(e: sp.Basic) -> bool:
    """Can ``e`` (unfolded) be infinite: an ``xlogy`` atom or an infinity in it?"""
    return e.has(XLogY) or has_infinite_atom(e)


def _rank(e: sp.Expr) -> int | None:
    """``±1`` for ``±∞``, ``0`` for a finite real, ``None`` when not known to be either."""
    if e is sp.oo:
        return 1
    if e is sp.S.NegativeInfinity:
        return -1
    if involves_infinity(e):
        return None
    return 0 if e.is_finite is True and e.is_real is True else None


def compare_extended(a: sp.Expr, rel: str, b: sp.Expr) -> str | None:
    """``'extended_reals'`` when ``a rel b`` holds with a side exactly infinite, else ``None``
    (both sides finite is not decided here)."""
    ra, rb = _rank(a), _rank(b)
    if (rel == "<=" and rb == 1) or (rel == ">=" and ra == 1) or \
            (rel == ">=" and rb == -1) or (rel == "<=" and ra == -1):
        return "extended_reals"  # every extended real is ≤ +∞ and ≥ −∞ (where defined)
    if ra is None or rb is None or ra == rb == 0:
        return None
    truth = {"=": ra == rb, "<=": ra <= rb, ">=": ra >= rb, "<": ra < rb, ">": ra > rb}.get(rel)
    return "extended_reals" if truth else None
