"""Limits on what the reader parses: formula length and nesting depth, checked in linear time.

A formula past a limit is reported as one located ``unsupported`` line instead of being
parsed (deep nesting would otherwise exhaust Python's recursion in the parser, the AST
builder or SymPy).

>>> nesting_problem("(" * 3 + "x" + ")" * 3) is None
True
"""

from __future__ import annotations

import re

#: the longest formula read (longer ones are reported, not parsed)
MAX_FORMULA_LENGTH = 50_000
#: the deepest nesting of brackets and commands read
MAX_NESTING = 100
TOO_DEEP = "unsupported: the formula is nested too deeply or has too many terms to read"
_NESTING_TOKEN = re.compile(r"\\[{}]|[{(\[]|[})\]]|\n|[-+=,<>&]"
                            r"|\\(?:log|ln|exp|sigma|sqrt|frac)(?![a-zA-Z])")


def nesting_problem(src: str) -> tuple[str, int, int] | None:
    """Where the nesting of brackets (and of bare ``\\log``-like commands) first passes
    :data:`MAX_NESTING`, as (message, line, column in ``src``); one linear scan.

    >>> nesting_problem("(" * 120 + "x" + ")" * 120)[1:]
    (1, 101)
    >>> nesting_problem(r"\\log(\\log(x))") is None
    True
    """
    depth, bare, line, line_start = 0, 0, 1, 0
    for m in _NESTING_TOKEN.finditer(src):
        tok = m.group(0)
        if tok == "\n":
            line, line_start = line + 1, m.end()
            continue
        if tok in ("\\{", "\\}"):
            continue
        if tok in "-+=,<>&":
            bare = 0
            continue
        if tok in ("{", "(", "["):
            depth += 1
        elif tok in ("}", ")", "]"):
            depth = max(depth - 1, 0)
            bare = 0
        else:
            bare += 1  # \log \log \log x: nesting without brackets
        if depth > MAX_NESTING or bare > MAX_NESTING:
            return (f"unsupported: nested more than {MAX_NESTING} levels deep", line,
                    m.start() - line_start + 1)
    return None
