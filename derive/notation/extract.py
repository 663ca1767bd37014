"""Pull the math out of a submission (``.tex``, ``.md``, ``.txt``) and read it into steps.

The document is first *masked*: every character that is not math (prose, comments, ``&``,
``\\\\``, ``\\label``, annotations such as ``&& \\text{by definition}`` or a trailing
``\\quad\\text{...}``) becomes a space, newlines are kept.  Math segments are then slices of the
masked text, so every node the parser builds carries its true document line and column.

Lines are grouped into relation chains: a line that begins with a relation (``&= ...``) or a
binary operator (``&\\quad + ...``) continues the previous line; a line with no relation at all
continues into the next; any other line after a line that had a relation starts a new chain.

>>> doc = read_document("\\\\begin{align*}\\na &= b \\\\\\\\\\n&\\\\le c\\n\\\\end{align*}", "tex")
>>> [(s.index, s.relation, s.line) for s in doc.steps]
[(1, '=', 2), (2, '<=', 3)]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from . import ast as A
from .parser import NotationError, parse_math


@dataclass(frozen=True)
class Step:
    """One relation of a chain: ``lhs relation rhs``; line/column are where ``rhs`` begins."""

    index: int
    lhs: A.Node
    relation: str
    rhs: A.Node
    line: int
    column: int
    note: str | None = None


@dataclass
class Document:
    """Everything read from one submission."""

    definitions: list[A.Definition] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    errors: list[NotationError] = field(default_factory=list)


_DISPLAY_ENVS = r"(?:align|equation|gather|multline|eqnarray|flalign|alignat|math|displaymath)\*?"
_INNER_ENV = re.compile(r"\\(?:begin|end)\s*\{(?:aligned|split|gathered|alignedat)\}(?:\{\d+\})?")
_LEADING_REL = re.compile(
    r"\s*(?::=|\\coloneqq|\\triangleq|=|<|>|\\(?:le|leq|leqslant|ge|geq|geqslant|approx|propto|"
    r"neq?|simeq|lt|gt)(?![a-zA-Z])|\\(?:overset|stackrel)\s*\{)"
)
_LEADING_OP = re.compile(r"\s*(?:\\q?quad\s*|\\[,;:!]\s*)*(?:\+|-|\\cdot(?![a-zA-Z])|\\times)")
_ANY_REL = re.compile(
    r":=|\\coloneqq|\\triangleq|(?<![<>!])=|<|>|\\(?:le|leq|leqslant|ge|geq|geqslant|approx|"
    r"propto|neq?|simeq|lt|gt)(?![a-zA-Z])|\\(?:overset|stackrel)\s*\{"
)
_NOTE_WORDS = r"(?:by|since|using|from|where|because|as|def|definition|for|via|and|if|with|see)"
_TRAILING_NOTE = re.compile(
    r"(?:\\q?quad|\\[,;:]|\s)*(?:\\q?quad\s*[(\[]?\s*(?:\\(?:text|mbox|textrm|textit|mathrm)\s*\{"
    r"|\\forall|\\because|\\therefore|\\text)|\\(?:text|mbox|textrm)\s*\{\s*(?:\(|\[|"
    + _NOTE_WORDS
    + r"\b))"
)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


class _Masker:
    """Build the masked document: math kept in place, everything else blanked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out = list(_blank(text))
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def pos(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def keep(self, start: int, end: int) -> None:
        self.out[start:end] = self.text[start:end]

    def masked(self, start: int, end: int) -> str:
        return "".join(self.out[start:end])


def _top_level(text: str) -> str:
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


def _split_note(line: str) -> tuple[str, str | None]:
    """Split one display line into (math, annotation)."""
    top = _top_level(line)
    amps = [i for i, ch in enumerate(top) if ch == "&" and (i == 0 or line[i - 1] != "\\")]
    cut, note = len(line), None
    if len(amps) >= 2:
        cut = amps[1]
    m = _TRAILING_NOTE.search(top[:cut])
    if m and m.start() > 0 and top[: m.start()].strip(" &"):
        cut = m.start()
    if cut < len(line):
        note = " ".join(re.sub(r"\\(?:text|mbox|textrm|textit|mathrm)\s*|[{}&]|\\q?quad|\\[,;:]",
                               " ", line[cut:]).split()) or None
    return line[:cut], note


@dataclass
class _Line:
    start: int  # offset in the document
    end: int
    note: str | None = None


class _Reader:
    def __init__(self, text: str) -> None:
        self.m = _Masker(text)
        self.doc = Document()
        self.notes: dict[int, str] = {}
        # (start, end, gaps): a chain's span and the stretches inside it that are not its math
        # (the prose between two displays of one chain)
        self.groups: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
        self._last_display: int | None = None  # the group of the last display's last chain

    # ---------------------------------------------------------------- region handling
    def display(self, start: int, end: int, blank_split: bool = False,
                continues: bool = False) -> None:
        """A display region: split on ``\\\\`` (and blank lines if asked), group, queue.

        With ``continues``, a display that begins with a relation (``$$= ...$$``) continues
        the chain of the display before it, as Markdown notes write one step per display.
        """
        text = self.m.text
        body = text[start:end]
        lines: list[_Line] = []
        pos = start
        # a row ends at \\ (\\* keeps it on the page with the next), maybe with [<space>]
        pieces = re.split(r"(\\\\\*?(?:\s*\[[^\]]*\])?|\n)" if blank_split
                          else r"(\\\\\*?(?:\s*\[[^\]]*\])?)", body)
        for i, piece in enumerate(pieces):
            if i % 2 == 1:
                pos += len(piece)
                continue
            if blank_split and not piece.strip():
                lines.append(_Line(-1, -1))  # a blank line ends a derivation
                pos += len(piece)
                continue
            math, note = _split_note(piece)
            math_clean = _INNER_ENV.sub(lambda mm: _blank(mm.group(0)), math)
            math_clean = re.sub(r"(?<!\\)&", " ", math_clean)
            self.m.out[pos : pos + len(math)] = math_clean
            if math_clean.strip():
                lines.append(_Line(pos, pos + len(math), note))
            pos += len(piece)
        self._group(lines, continues)

    def inline(self, start: int, end: int) -> None:
        body = self.m.text[start:end]
        if not _ANY_REL.search(_top_level(body)):
            return
        self.m.keep(start, end)
        self.groups.append((start, end, ()))

    def _group(self, lines: list[_Line], continues: bool = False) -> None:
        cur: list[_Line] = []
        cur_has_rel = False
        base: tuple[int, tuple[tuple[int, int], ...]] | None = None  # a continued chain

        def flush() -> None:
            nonlocal base
            if cur:
                start, gaps = base if base else (cur[0].start, ())
                self.groups.append((start, cur[-1].end, gaps))
                self._last_display = len(self.groups) - 1
                for ln in cur:
                    if ln.note:
                        text = self.m.masked(ln.start, ln.end)
                        first = ln.start + len(text) - len(text.lstrip())
                        self.notes[self.m.pos(first)[0]] = ln.note
            base = None

        for k, ln in enumerate(lines):
            if ln.start < 0:
                flush()
                cur, cur_has_rel = [], False
                continue
            text = self.m.masked(ln.start, ln.end)
            has_rel = bool(_ANY_REL.search(_top_level(text)))
            leading = bool(_LEADING_REL.match(text)) or (
                bool(_LEADING_OP.match(text)) and not has_rel
            )
            if k == 0 and continues and leading and self._last_display is not None:
                prev_start, prev_end, prev_gaps = self.groups.pop(self._last_display)
                base = (prev_start, (*prev_gaps, (prev_end, ln.start)))
                cur, cur_has_rel = [ln], True
                continue
            if cur and (leading or not cur_has_rel):
                cur.append(ln)
                cur_has_rel = cur_has_rel or has_rel
            else:
                flush()
                cur, cur_has_rel = [ln], has_rel
        flush()

    # ---------------------------------------------------------------- parsing
    def finish(self) -> Document:
        index = 0
        for start, end, gaps in sorted(self.groups):
            line, col = self.m.pos(start)
            text = self.m.masked(start, end)
            for a, b in gaps:
                text = text[: a - start] + _blank(text[a - start : b - start]) + text[b - start :]
            try:
                node = parse_math(text, line, col)
            except NotationError as exc:
                self.doc.errors.append(exc)
                continue
            if isinstance(node, A.Definition):
                self.doc.definitions.append(node)
            elif isinstance(node, A.Chain):
                lhs = node.first
                for link in node.links:
                    index += 1
                    self.doc.steps.append(Step(index, lhs, link.relation, link.rhs, link.line,
                                               link.column, self.notes.get(link.line)))
                    lhs = link.rhs
        return self.doc


_TEX_MATH = re.compile(
    r"\\begin\s*\{(" + _DISPLAY_ENVS + r")\}(.*?)\\end\s*\{\1\}"
    r"|\$\$(.*?)\$\$|\\\[(.*?)\\\]|\\\((.*?)\\\)|(?<!\\)\$((?:\\\$|[^$])+?)\$",
    re.S,
)


def _strip_tex_comments(text: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: _blank(m.group(0)), text)


def _read_tex(text: str) -> Document:
    clean = _strip_tex_comments(text)
    r = _Reader(clean)
    for m in _TEX_MATH.finditer(clean):
        if m.group(2) is not None:
            r.display(m.start(2), m.end(2))
        elif m.group(3) is not None:
            r.display(m.start(3), m.end(3))
        elif m.group(4) is not None:
            r.display(m.start(4), m.end(4))
        elif m.group(5) is not None:
            r.inline(m.start(5), m.end(5))
        else:
            r.inline(m.start(6), m.end(6))
    return r.finish()


_MD_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$|`[^`\n]*`", re.S | re.M)
_MD_MATH = re.compile(r"\$\$(.*?)\$\$|\\\[(.*?)\\\]|(?<![\\$])\$(?!\$)((?:\\\$|[^$\n])+?)\$", re.S)


def _read_md(text: str) -> Document:
    clean = _MD_CODE.sub(lambda m: _blank(m.group(0)), text)
    r = _Reader(clean)
    for m in _MD_MATH.finditer(clean):
        if m.group(1) is not None:
            r.display(m.start(1), m.end(1), continues=True)
        elif m.group(2) is not None:
            r.display(m.start(2), m.end(2), continues=True)
        else:
            r.inline(m.start(3), m.end(3))
    return r.finish()


def _read_txt(text: str) -> Document:
    r = _Reader(text)
    r.display(0, len(text), blank_split=True)
    # in plain text each line is its own line of the derivation
    return r.finish()


def read_document(text: str, kind: str) -> Document:
    """Read a submission; ``kind`` is ``tex``, ``md`` or ``txt``.

    >>> d = read_document("Let $P := (0.9, 0.1)$.\\n$$D_{KL}(P\\\\|P) = 0$$", "md")
    >>> len(d.definitions), len(d.steps), d.steps[0].line
    (1, 1, 2)
    """
    kind = kind.lower().lstrip(".")
    if kind == "tex":
        return _read_tex(text)
    if kind in ("md", "markdown"):
        return _read_md(text)
    if kind in ("txt", "text"):
        return _read_txt(text.replace("\r\n", "\n"))
    raise ValueError(f"unknown document kind {kind!r} (expected tex, md or txt)")


__all__ = ["Document", "Step", "read_document"]
