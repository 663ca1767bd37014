"""Where a formula goes wrong: :class:`NotationError` with the *document* line and column,
the map from the rewritten text back to the text as written, and one clear message for each
way the grammar can fail (an unbalanced bracket, an unknown or deliberately unsupported
command, an unexpected token or end).

>>> str(NotationError("unexpected '='", 4, 7))
"line 4, column 7: unexpected '='"
>>> strip_trailing("a = b, \\\\label{eq:1}")
'a = b              '
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from .rewrite import Rewritten

__all__ = ["Locator", "NotationError", "UNSUPPORTED_COMMANDS", "lark_error", "strip_trailing"]

#: commands the grammar deliberately does not read, and why (the message names the reason)
UNSUPPORTED_COMMANDS: dict[str, str] = {
    "\\partial": "derivatives are not supported", "\\nabla": "gradients are not supported",
    "\\int": "integrals are not supported",
    "\\lim": "a limit needs its subscript, \\lim_{\\beta \\to \\infty}",
    "\\implies": "an implication between statements is not a checkable step",
    "\\Rightarrow": "an implication between statements is not a checkable step",
    "\\Longrightarrow": "an implication between statements is not a checkable step",
    "\\iff": "an equivalence between statements is not a checkable step",
    "\\Leftrightarrow": "an equivalence between statements is not a checkable step",
    "\\Pr": "probabilities of events are not supported",
    "\\forall": "quantified statements are not supported",
    "\\exists": "quantified statements are not supported",
    "\\to": "limits and maps are not supported", "\\mapsto": "maps are not supported",
    "\\dots": "a family X_1, ..., X_n of n variables is not supported",
    "\\ldots": "a family X_1, ..., X_n of n variables is not supported",
    "\\cdots": "a family X_1, ..., X_n of n variables is not supported",
    "\\ceil": "rounding (ceiling, floor) is not supported",
    "\\lceil": "rounding (ceiling, floor) is not supported",
    "\\lfloor": "rounding (ceiling, floor) is not supported",
}



class NotationError(ValueError):
    """A LaTeX segment that the grammar cannot read, with its document position.

    >>> str(NotationError("unexpected '='", 4, 7))
    "line 4, column 7: unexpected '='"
    """

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message = message
        self.line = line
        self.column = column


TRAILING = re.compile(r"(?:\s|\\[,;:! ]|\\q?quad(?![a-zA-Z])|~|[.,;]"
                       r"|\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![a-zA-Z]))+\Z")


_TRAILING_TOKEN = re.compile(r"(?:\s|\\[,;:! ]|\\q?quad|\\(?:nonumber|notag)|~|[.,;]"
                             r"|\\(?:label|tag\*?)\s*\{[^{}]*\})\Z")


def strip_trailing(src: str) -> str:
    r"""Blank out trailing punctuation/spacing (and ``\label``/``\tag``/``\nonumber``),
    keeping every position in place.

    Tokens are peeled off the end one at a time, each looked for in a short window before it,
    so the scan is linear in the length of the trailing run however long it is.

    >>> strip_trailing(r"a = b \quad .")
    'a = b        '
    >>> strip_trailing(r"a = b, \label{eq:1}")
    'a = b              '
    >>> strip_trailing(r"x \quadx")
    'x \\quadx'
    """
    end = len(src)
    while end > 0:
        m = _TRAILING_TOKEN.search(src, max(0, end - 12), end)
        if m is None and src[end - 1] == "}":  # a \label{...} is longer than the window
            m = _TRAILING_TOKEN.search(src, max(0, end - 400), end)
        if m is None:
            break
        if re.search(r"(?:quad|nonumber|notag)\Z", m.group(0)) and src[end:end + 1].isalpha():
            break  # \quadx is not \quad
        end = m.start()
    if end == len(src):
        return src
    return src[:end] + re.sub(r"[^\n]", " ", src[end:])


def _describe(tok: str) -> str:
    return "end of input" if not tok else f"'{tok}'"


def _bracket_problem(src: str) -> tuple[str, int, int] | None:
    """Find an unbalanced bracket (message, line, column in snippet) by a light scan."""
    stack: list[tuple[str, int, int]] = []
    line, col = 1, 1
    pat = re.compile(
        r"\\left\s*(?:\\?[(\[{|]|\\[lr]vert)|\\right\s*(?:\\?[)\]}|.]|\\[lr]vert)|\\left\s*\."
        r"|\\[{}]|\\[a-zA-Z]+|\\.|[()\[\]{}]|\n|."
    )
    for m in pat.finditer(src):
        tok = m.group(0)
        if tok == "\n":
            line, col = line + 1, 1
            continue
        norm = re.sub(r"\s+", "", tok)
        if norm.startswith("\\left") and norm != "\\left.":
            stack.append((norm, line, col))
        elif norm in ("(", "[", "{", "\\{"):
            stack.append((norm, line, col))
        elif norm.startswith("\\right") or norm in (")", "]", "}", "\\}"):
            if norm == "\\right.":
                pass
            elif not stack:
                return (f"unexpected {_describe(norm)} — unbalanced brackets", line, col)
            else:
                opener = stack.pop()
                if (opener[0] == "{") != (norm == "}"):
                    return (f"unexpected {_describe(norm)} — unbalanced brackets "
                            f"('{opener[0]}' opened at column {opener[2]})", line, col)
        col += len(tok)
    if stack:
        opener = stack[-1]
        return (f"'{opener[0]}' is never closed — unbalanced brackets", opener[1], opener[2])
    return None


class Locator:
    """Map a (line, column) of the rewritten text to the document, through the rewrite's map."""

    def __init__(self, src: str, rw: Rewritten, line: int, column: int) -> None:
        self.src, self.rw, self.line, self.column = src, rw, line, column
        self._starts = [0] + [m.end() for m in re.finditer("\n", rw.text)]

    def offset(self, offset: int) -> tuple[int, int]:
        """Document position of ``offset`` in the segment as written."""
        before = self.src[:offset]
        l = before.count("\n")
        c = offset - (before.rfind("\n") + 1) + 1
        if l == 0:
            return self.line, self.column + c - 1
        return self.line + l, c

    def __call__(self, l: int, c: int) -> tuple[int, int]:
        i = self._starts[min(l, len(self._starts)) - 1] + c - 1
        origin = self.rw.origin
        src_offset = origin[i] if i < len(origin) else (origin[-1] + 1 if origin else 0)
        return self.offset(src_offset)


def _located(locate: Locator, msg: str, l: int, c: int) -> NotationError:
    return NotationError(msg, *locate(l, c))



def lark_error(exc: UnexpectedInput, text: str, locate: Locator) -> NotationError:
    """One located message for a Lark parse failure of ``text``."""
    bracket = _bracket_problem(text)
    if bracket is not None:
        return _located(locate, *bracket)
    if isinstance(exc, UnexpectedCharacters):
        m = re.match(r"\\[a-zA-Z]+|.", text[exc.pos_in_stream:])
        what = m.group(0) if m else text[exc.pos_in_stream:exc.pos_in_stream + 1]
        kind = "unknown command" if what.startswith("\\") and len(what) > 1 else "unexpected"
        if what in UNSUPPORTED_COMMANDS:
            return _located(locate, f"{what}: {UNSUPPORTED_COMMANDS[what]}", exc.line,
                            exc.column)
        return _located(locate, f"{kind} '{what}'", exc.line, exc.column)
    if isinstance(exc, UnexpectedEOF) or getattr(exc, "token", None) is None or \
            getattr(exc.token, "type", "") == "$END":
        lines = text.rstrip().split("\n")
        return _located(locate, "unexpected end of formula", len(lines), len(lines[-1]) + 1)
    tok = exc.token  # type: ignore[attr-defined]
    return _located(locate, f"unexpected '{tok}'", tok.line, tok.column)
