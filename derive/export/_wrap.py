r"""Rough widths of LaTeX expressions and where to break them (for wrapping long lines).

The estimate is deliberately simple (a "character" is about 0.5em of display math at
``\small``); :mod:`derive.export.latex` calibrates it against pdflatex measurements.

>>> wrap_chunks(r"a + b + c", 3)
['a', '+ b', '+ c']
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# rough width of a LaTeX expression, for wrapping
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}]|[^\\{}]")
_ZERO_WIDTH = {
    r"\left", r"\right", r"\mathrm", r"\mathbb", r"\mathcal", r"\mathbf", r"\mathit",
    r"\operatorname", r"\operatorname*", r"\text", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr",
    r"\big", r"\Big", r"\displaystyle", r"\limits", r"\nolimits", r"\!", r"\mathsf",
    r"\boldsymbol", r"\hat", r"\tilde", r"\bar", r"\vec",
}  # fmt: skip
_SPACES = {r"\,": 0.2, r"\:": 0.25, r"\;": 0.3, r"\ ": 0.3, r"\quad": 1.0, r"\qquad": 2.0}
_WORD_OPS = {r"\log", r"\exp", r"\max", r"\min", r"\arg", r"\sup", r"\inf", r"\lim", r"\det",
             r"\sin", r"\cos", r"\tanh", r"\ln"}  # fmt: skip
_BIG_OPS = {r"\sum", r"\prod", r"\int", r"\bigcup", r"\bigcap"}


def latex_width(tex: str) -> float:
    r"""Very rough display width of ``tex`` in "characters" (about 0.5em each).

    Good enough to decide when a line needs wrapping; subscripts count 70 %.

    >>> latex_width("a + b") < latex_width(r"\sum_{x} P(x) \log{\left(P(x) \right)}")
    True
    """
    tokens = _TOKEN.findall(tex)
    pos = 0

    def group() -> float:
        nonlocal pos
        if pos >= len(tokens):
            return 0.0
        tok = tokens[pos]
        pos += 1
        if tok == "{":
            return seq(until_close=True)
        return atom(tok)

    def atom(tok: str) -> float:
        nonlocal pos
        if tok == r"\frac" or tok == r"\dfrac" or tok == r"\tfrac":
            return max(group(), group())
        if tok in (r"\sqrt",):
            return 1.0 + group()
        if tok in _ZERO_WIDTH:
            return 0.0
        if tok in _SPACES:
            return _SPACES[tok]
        if tok in _WORD_OPS:
            return len(tok) - 1.0
        if tok in _BIG_OPS:
            return 1.6
        if tok.startswith("\\") and len(tok) > 2 and tok[1:].rstrip("*").isalpha():
            return 1.0
        if tok.isspace() or tok == "}":
            return 0.0
        if tok in "+-=<>":
            return 2.0
        return 1.0

    def seq(until_close: bool = False) -> float:
        nonlocal pos
        width = 0.0
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            if tok == "}" and until_close:
                return width
            if tok in ("_", "^"):
                width += 0.7 * group()
            elif tok == "{":
                width += seq(until_close=True)
            else:
                width += atom(tok)
        return width

    return seq()


_PREFIX_OPS = {
    r"\sum", r"\prod", r"\int", r"\max", r"\min", r"\arg", r"\sup", r"\inf", r"\lim", r"\log",
    r"\exp", r"\ln", r"\cdot", r"\times", r"\mid", r"\le", r"\ge", r"\approx", r"\propto",
    r"\sim", r"\in", r"\quad", r"\qquad", r"\,", r"\;",
}  # fmt: skip


def _skip_group(tex: str, i: int) -> int:
    """Index just after the brace group or single token starting at ``i``."""
    while i < len(tex) and tex[i].isspace():
        i += 1
    if i < len(tex) and tex[i] == "{":
        depth = 0
        while i < len(tex):
            if tex[i] == "\\":
                i += 2
                continue
            if tex[i] == "{":
                depth += 1
            elif tex[i] == "}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return i
    m = re.match(r"\\[A-Za-z]+|\\.|.", tex[i:], re.S)
    return i + (len(m.group(0)) if m else 1)


def split_top_level(tex: str) -> list[str]:
    r"""Split ``tex`` before each top-level binary ``+``/``-`` (outside braces, ``\left..\right``).

    A sign right after an operator such as ``\arg\max_{\pi}`` or ``=`` is unary and not split.

    >>> split_top_level(r"a + \left(b - c\right) - {d + e}")
    ['a', '+ \\left(b - c\\right)', '- {d + e}']
    >>> split_top_level(r"\arg\max_{\pi} - D + x_{1} - y")
    ['\\arg\\max_{\\pi} - D', '+ x_{1}', '- y']
    """
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    prev = "op"  # "op": a following sign is unary; "x": binary
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"\\[A-Za-z]+|\\.", tex[i:])
            cmd = m.group(0) if m else "\\"
            if cmd == r"\left":
                depth += 1
            elif cmd == r"\right":
                depth -= 1
                prev = "x"
            elif depth == 0:
                prev = "op" if cmd in _PREFIX_OPS else "x"
            i += len(cmd)
            continue
        if ch in "_^":
            i = _skip_group(tex, i + 1)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                prev = "x"
        elif depth == 0 and ch in "+-":
            if prev == "x":
                parts.append(tex[start:i].strip())
                start = i
            prev = "op"
        elif depth == 0 and not ch.isspace():
            prev = "op" if ch in "=<>(,[" else "x"
        i += 1
    parts.append(tex[start:].strip())
    return [p for p in parts if p]


def _depth_zero_positions(tex: str, pattern: str) -> list[int]:
    """Start indices of ``pattern`` matches outside braces and ``\\left..\\right`` pairs."""
    hits: list[int] = []
    depth = 0
    i = 0
    while i < len(tex):
        hit_len = 0
        if depth == 0:
            m = re.match(pattern, tex[i:])
            if m:
                hits.append(i)
                hit_len = max(len(m.group(0)), 1)
        if tex.startswith(r"\left", i) and not tex[i + 5 : i + 6].isalpha():
            depth += 1
            i += 5
            continue
        if tex.startswith(r"\right", i) and not tex[i + 6 : i + 7].isalpha():
            depth -= 1
            i += 6
            continue
        if hit_len:
            i += hit_len
            continue
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        i += 1
    return hits


def _split_at_norm(tex: str) -> list[str]:
    r"""Split before a top-level ``\|`` (the divider in ``D(P \,\|\, Q)``), keeping it."""
    hits = _depth_zero_positions(tex, r"\\,?\s*\\\|")
    bounds = [0, *hits, len(tex)]
    return [tex[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False) if tex[a:b].strip()]


_RELATIONS = r"(?:=|<|>|\\(?:leq?|geq?|approx|propto)(?![A-Za-z]))"


def split_relation(tex: str) -> tuple[str, str, str] | None:
    r"""Split ``lhs <rel> rhs`` at its first top-level relation, or ``None``.

    >>> split_relation(r"D(P \,\|\, Q) = \sum_{x} f(x) \le 1")
    ('D(P \\,\\|\\, Q)', '=', '\\sum_{x} f(x) \\le 1')
    """
    hits = _depth_zero_positions(tex, _RELATIONS)
    if not hits:
        return None
    i = hits[0]
    m = re.match(_RELATIONS, tex[i:])
    assert m is not None
    lhs, rhs = tex[:i].strip(), tex[i + len(m.group(0)) :].strip()
    if not lhs or not rhs:
        return None
    return lhs, m.group(0), rhs


def _split_inside_left(tex: str) -> list[str]:
    r"""Split inside the outermost ``\left( ... \right)`` when the top level has no sign.

    Produces ``prefix \left( a \right.`` and ``\left. + b \right) suffix``.
    """
    starts = _depth_zero_positions(tex, r"\\left(?![A-Za-z])")
    m = re.compile(r"\\left(\\?.)").match(tex, starts[0]) if starts else None
    if not m:
        return [tex]
    open_end = m.end()
    depth, i = 1, open_end
    while i < len(tex):
        if tex.startswith(r"\left", i) and not tex[i + 5 : i + 6].isalpha():
            depth += 1
            i += 5
            continue
        if tex.startswith(r"\right", i) and not tex[i + 6 : i + 7].isalpha():
            depth -= 1
            if depth == 0:
                break
            i += 6
            continue
        i += 1
    if depth != 0:
        return [tex]
    inner = split_top_level(tex[open_end:i])
    if len(inner) < 2:
        inner = _split_at_norm(tex[open_end:i])
    if len(inner) < 2:
        return [tex]
    prefix, suffix = tex[:open_end], tex[i:]
    return [
        f"{prefix} {inner[0]} \\right.",
        *[f"\\left. {p} \\right." for p in inner[1:-1]],
        f"\\left. {inner[-1]} {suffix}",
    ]


def _greedy_lines(pieces: list[str], limit: float) -> list[str]:
    """``pieces`` joined with spaces into lines of width at most ``limit`` where possible
    (a piece wider than ``limit`` is a line of its own)."""
    lines: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}".strip()
        if current and latex_width(candidate) > limit:
            lines.append(current)
            current = piece
        else:
            current = candidate
    lines.append(current)
    return lines


def wrap_chunks(tex: str, limit: float) -> list[str]:
    r"""Greedily group :func:`split_top_level` pieces into lines of width at most ``limit``.

    Returns ``[tex]`` when it already fits or cannot be split.
    """
    if latex_width(tex) <= limit:
        return [tex]
    pieces = split_top_level(tex)
    if len(pieces) < 2:
        pieces = _split_inside_left(tex)
    if len(pieces) < 2:
        return [tex]
    return _greedy_lines(pieces, limit)



_LEFT_RIGHT = {"(": ("\\Bigl(", "\\Bigr)"), "[": ("\\Bigl[", "\\Bigr]"),
               "\\{": ("\\Bigl\\{", "\\Bigr\\}"), "|": ("\\Bigl|", "\\Bigr|")}


def _inside_outer_pair(tex: str) -> list[str]:
    r"""Pieces of ``tex`` broken before the signs inside its first top-level ``\left( \right)``
    pair, which is rewritten ``\Bigl( \Bigr)`` (a pair TeX lets one break); ``[tex]`` if none."""
    starts = _depth_zero_positions(tex, r"\\left(?![A-Za-z])")
    m = re.compile(r"\\left\s*(\\\{|\\?.)").match(tex, starts[0]) if starts else None
    if not m or m.group(1) not in _LEFT_RIGHT:
        return [tex]
    depth, i = 1, m.end()
    while i < len(tex):
        if tex.startswith(r"\left", i) and not tex[i + 5 : i + 6].isalpha():
            depth += 1
        elif tex.startswith(r"\right", i) and not tex[i + 6 : i + 7].isalpha():
            depth -= 1
            if depth == 0:
                break
        i += 1
    close = re.compile(r"\\right\s*(\\\}|\\?.)").match(tex, i) if depth == 0 else None
    if close is None:
        return [tex]
    inner = split_top_level(tex[m.end() : i])
    if len(inner) < 2:
        inner = _split_at_norm(tex[m.end() : i])
    if len(inner) < 2:
        return [tex]
    left, right = _LEFT_RIGHT[m.group(1)]
    inner[0] = f"{tex[: m.start()]}{left} {inner[0]}"
    inner[-1] = f"{inner[-1]} {right}{tex[close.end():]}"
    return inner


def break_lines(tex: str, limit: float) -> list[str]:
    r"""``tex`` as display lines of width about ``limit``, pieces a reader can rejoin.

    Breaks before top-level ``+``/``-``; when there is none, the outermost ``\left( \right)``
    pair becomes ``\Bigl( \Bigr)`` and is broken inside, so no line holds half a ``\left``
    pair.  A piece that still does not fit is returned as it is (the caller scales it).

    >>> break_lines(r"\sigma\left(a + b\right)", 3)
    ['\\sigma\\Bigl( a', '+ b \\Bigr)']
    >>> break_lines("a + b", 10)
    ['a + b']
    """
    if latex_width(tex) <= limit:
        return [tex]
    pieces = split_top_level(tex)
    if len(pieces) < 2:
        pieces = _inside_outer_pair(tex)
    return _greedy_lines(pieces, limit)
