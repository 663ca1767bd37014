"""The masked document: math kept in place, everything else blanked, positions unchanged.

Every character that is not math (prose, comments, ``&``, ``\\\\``, annotations such as
``&& \\text{by definition}`` or a trailing ``\\quad\\text{...}``) becomes a space and
newlines are kept, so math segments are slices that carry their true line and column.

>>> split_note(r"a = b \\quad \\text{by definition}")
('a = b', 'by definition')
"""

from __future__ import annotations

import bisect
import re

from .statements import asserting_connective

__all__ = ["Masker", "blank", "note_column_math", "relation_column_merged", "split_note",
           "top_level"]

_NOTE_WORDS = r"(?:by|since|using|from|where|because|as|def|definition|for|via|and|if|with|see)"
# the lookbehinds start a match only where a run of spacing starts (the earliest start anyway),
# so a long run of spaces is scanned once, not once per position (linear, not quadratic)
_TRAILING_NOTE = re.compile(
    r"(?<!\s)(?<!\\[,;:])(?<!\\quad)(?<!\\qquad)(?:\\q?quad|\\[,;:]|\s)*(?:\\q?quad\s*[(\[]?\s*(?:\\(?:text|mbox|textrm|textit|mathrm)\s*\{"
    r"|\\forall|\\because|\\therefore|\\text)|\\(?:text|mbox|textrm)\s*\{\s*(?:\(|\[|"
    + _NOTE_WORDS
    + r"\b))"
)



def blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


class Masker:
    """Build the masked document: math kept in place, everything else blanked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out = list(blank(text))
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def pos(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def keep(self, start: int, end: int) -> None:
        self.out[start:end] = self.text[start:end]

    def masked(self, start: int, end: int) -> str:
        return "".join(self.out[start:end])


def top_level(text: str) -> str:
    """Blank out everything inside braces, so relation searches see only the top level."""
    out, depth = [], 0
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        if ch == "{" and prev != "\\":
            depth += 1
            out.append(" ")
        elif ch == "}" and prev != "\\":
            depth = max(depth - 1, 0)
            out.append(" ")
        else:
            out.append(ch if depth == 0 else " ")
    return "".join(out)


# groups whose contents are prose in a justification column (their braces are balanced and may
# hold inline $...$ and nested groups, as derive's own exports write them)
_PROSE_GROUP = re.compile(r"\\(?:text(?:rm|it|bf|sf|tt|normal)?|mbox|mathrm|emph|eqref|ref|cite"
                          r"|label|tag\*?|footnote|hbox)\s*\{")
# marks that open a justification: after them the column is prose with math in it
_NOTE_LEAD = re.compile(r"\\(?:because|therefore|triangleright|rhd|forall|impliedby|implies)\b"
                        r"|\\(?:text(?:rm|it|bf|sf|tt|normal)?|mbox|mathrm|emph|eqref|ref|cite"
                        r"|tag|footnote|hbox)\s*\{")
_SPACING = r"(?:\s|\\q?quad\b|\\[,;:!> ]|\\(?:footnotesize|small|scriptsize|tiny|normalsize)\b|&)*"


def _without_prose_groups(text: str) -> str:
    """Blank every ``\\text{...}``-like group (nested braces included), keeping positions."""
    out = list(text)
    for m in _PROSE_GROUP.finditer(text):
        if out[m.start()] == " ":
            continue  # inside a group already blanked
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == "{" and text[i - 1] != "\\":
                depth += 1
            elif text[i] == "}" and text[i - 1] != "\\":
                depth -= 1
            i += 1
        out[m.start():i] = " " * (i - m.start())
    return "".join(out)


_LONE_RELATION = re.compile(
    r"\s*(?::=|=|<|>|[≤≥≈∝≠]|\\(?:le|leq|leqslant|ge|geq|geqslant|approx|propto|neq?|equiv|simeq"
    r"|lt|gt|coloneqq|triangleq)(?![a-zA-Z]))\s*\Z")


def relation_column_merged(line: str) -> str:
    """A row written ``a &=& b`` (eqnarray, or an array with columns ``rcl``) as ``a &=  b``.

    The relation stands alone in a middle column there; the ``&`` after it is not the start
    of a justification column.  Same length, so positions are kept.

    >>> relation_column_merged("p(x) &=& p(x, 1) + p(x, 2)")
    'p(x) &=  p(x, 1) + p(x, 2)'
    """
    top = top_level(line)
    amps = [i for i, ch in enumerate(top) if ch == "&" and (i == 0 or line[i - 1] != "\\")]
    if len(amps) >= 2 and _LONE_RELATION.match(line[amps[0] + 1:amps[1]]):
        return line[:amps[1]] + " " + line[amps[1] + 1:]
    if len(amps) >= 2 and not line[amps[0] + 1:amps[1]].strip() and not line[:amps[0]].strip():
        return line[:amps[1]] + " " + line[amps[1] + 1:]  # "& & + c": eqnarray's continuation
    return line


def note_column_math(line: str) -> int | None:
    """Where a row's column after ``&&`` holds math that is not a justification, or None.

    ``x &= y && \\text{by (3)}`` and ``&& \\text{since } p > 0`` are notes;
    ``&& + \\log 3`` (a continuation written in the note column) and ``a &= b && c &= d``
    (a second equation beside the first) are math the checker does not read, so the row must
    be reported, never dropped as a note.

    >>> note_column_math(r"x &= y && \\text{\\footnotesize by $(3)$}") is None
    True
    >>> note_column_math(r"&& + \\log 3")
    3
    """
    top = top_level(line)
    amps = [i for i, ch in enumerate(top) if ch == "&" and (i == 0 or line[i - 1] != "\\")]
    if len(amps) < 2:
        return None
    start = amps[1] + 1
    lead = re.compile(r"[(\[]?" + _SPACING).match(line, start)
    first = lead.end() if lead else start
    if _NOTE_LEAD.match(line, first):
        return None
    rest = _without_prose_groups(line[start:])
    rest = re.sub(r"\\(?:q?quad|footnotesize|small|scriptsize|tiny|normalsize|nonumber"
                  r"|notag)\b|\\[,;:!> ]|\(\s*\d+\s*\)|\[\s*\d+\s*\]",
                  lambda m: " " * len(m.group(0)), rest)
    m = re.search(r"[^\s&.,;:()\[\]{}]", rest)
    return None if m is None else start + m.start()


def split_note(line: str) -> tuple[str, str | None]:
    """Split one display line into (math, annotation)."""
    top = top_level(line)
    amps = [i for i, ch in enumerate(top) if ch == "&" and (i == 0 or line[i - 1] != "\\")]
    cut, note = len(line), None
    if len(amps) >= 2:
        cut = amps[1]
    # "a = b \\quad\\text{and}\\quad c < d": the words assert what follows, not a note
    m = next((m for m in _TRAILING_NOTE.finditer(top[:cut])
              if asserting_connective(line[:cut], m.start()) is None), None)
    if m and m.start() > 0 and top[: m.start()].strip(" &"):
        cut = m.start()
        while cut < len(line) and top[cut] == " " and not line[cut].isspace():
            cut += 1  # blanked brace contents ({1}{1+e^{z}}) belong to the math, not the note
    if cut < len(line):
        note = " ".join(re.sub(r"\\(?:text|mbox|textrm|textit|mathrm)\s*|[{}&]|\\q?quad|\\[,;:]",
                               " ", line[cut:]).split()) or None
    return line[:cut], note
