"""Reading the subscript of ``\\lim``: which variable approaches which point, from which side.

The grammar reads ``\\lim_{...}`` as one token (so ``\\to`` and ``\\infty`` stay unsupported
everywhere else); this module takes its subscript apart. Read: a variable that is one letter or
one Greek letter (``\\beta``, ``\\varepsilon``, ``T``), the arrows ``\\to``, ``\\rightarrow``,
``\\longrightarrow``, and the points ``\\infty``, ``+\\infty``, a number, and a number from one
side, ``0^+``, ``0^{+}``, ``0^-``, ``0^{-}``. Anything else (``-\\infty``, ``x \\to a`` for a
letter ``a``, ``n \\to \\infty`` along integers written with a condition) raises
:class:`LimitSubscriptError` with the reason, so the formula is reported ``unsupported``.

>>> read_limit_subscript(r"\\lim_{\\beta \\to \\infty}")
('beta', 'oo', '-')
>>> read_limit_subscript(r"\\lim\\limits_{\\epsilon\\rightarrow 0^{+}}")
('epsilon', '0', '+')
>>> read_limit_subscript(r"\\lim_{x\\to -\\infty}")
Traceback (most recent call last):
...
derive.notation.limit_subscript.LimitSubscriptError: unsupported: a limit at -\\infty
"""

from __future__ import annotations

import re

__all__ = ["LimitSubscriptError", "read_limit_subscript", "LIMIT_TOKEN"]

#: the token the grammar matches (kept in step with ``LIMOP`` in grammar.lark)
LIMIT_TOKEN = re.compile(r"\\lim(?![a-zA-Z])(?:\s*\\limits)?\s*_\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_ARROW = re.compile(r"\\(?:to|rightarrow|longrightarrow)(?![a-zA-Z])")
_VAR = re.compile(r"\A(?:([A-Za-z])|\\([A-Za-z]+))\Z")
_POINT = re.compile(r"\A(?:(\+)?\\infty|(\d+(?:\.\d+)?)(?:\^\s*(?:\{\s*([+-])\s*\}|([+-])))?)\Z")


class LimitSubscriptError(ValueError):
    """A ``\\lim`` subscript that is not read (the message says why)."""


def read_limit_subscript(token: str) -> tuple[str, str, str]:
    """``(variable name, point, direction)`` of a ``\\lim_{...}`` token: the name as the grammar
    spells it (``beta``, ``x``), the point ``oo`` or a decimal numeral, the direction ``+``,
    ``-`` or ``+-`` (``-`` at ``oo``)."""
    m = LIMIT_TOKEN.match(token.strip())
    if m is None:
        raise LimitSubscriptError("unsupported: a limit needs its subscript, "
                                  r"\lim_{\beta \to \infty}")
    parts = _ARROW.split(m.group(1))
    if len(parts) != 2:
        raise LimitSubscriptError(r"unsupported: a limit's subscript must read v \to a")
    var_tex = re.sub(r"\s+|\\[,;:! ]", "", parts[0])
    point_tex = re.sub(r"\s+|\\[,;:! ]", "", parts[1])
    v = _VAR.match(var_tex)
    if v is None:
        raise LimitSubscriptError("unsupported: a limit's variable must be one letter or one "
                                  f"Greek letter, not {var_tex!r}")
    name = v.group(1) or v.group(2)
    if point_tex.startswith("-"):
        raise LimitSubscriptError(r"unsupported: a limit at -\infty" if "infty" in point_tex
                                  else "unsupported: a limit at a negative point")
    p = _POINT.match(point_tex)
    if p is None:
        raise LimitSubscriptError("unsupported: a limit's point must be \\infty, a number or "
                                  f"a number from one side (0^+), not {point_tex!r}")
    if p.group(2) is None:
        return name, "oo", "-"
    return name, p.group(2), p.group(3) or p.group(4) or "+-"
