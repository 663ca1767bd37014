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

__all__ = ["Masker", "blank", "split_note", "top_level"]

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


def split_note(line: str) -> tuple[str, str | None]:
    """Split one display line into (math, annotation)."""
    top = top_level(line)
    amps = [i for i, ch in enumerate(top) if ch == "&" and (i == 0 or line[i - 1] != "\\")]
    cut, note = len(line), None
    if len(amps) >= 2:
        cut = amps[1]
    m = _TRAILING_NOTE.search(top[:cut])
    if m and m.start() > 0 and top[: m.start()].strip(" &"):
        cut = m.start()
        while cut < len(line) and top[cut] == " " and not line[cut].isspace():
            cut += 1  # blanked brace contents ({1}{1+e^{z}}) belong to the math, not the note
    if cut < len(line):
        note = " ".join(re.sub(r"\\(?:text|mbox|textrm|textit|mathrm)\s*|[{}&]|\\q?quad|\\[,;:]",
                               " ", line[cut:]).split()) or None
    return line[:cut], note
