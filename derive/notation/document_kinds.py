"""The kinds of submission ``derive check`` reads: LaTeX, Markdown, plain text, Jupyter.

Each kind says where its math is (``\\begin{align}``, ``$$``, ``\\(…\\)``, ``$…$``, fenced
```` ```math ```` blocks, MathJax 2 script tags, kramdown's ``$$`` inside a line) and hands
every region to :class:`~derive.notation.extract._Reader`, which reads it into steps, givens
and definitions; the document's log base is recorded last.

>>> d = read_document("Let $P := (0.9, 0.1)$.\\n$$D_{KL}(P\\\\|P) = 0$$", "md")
>>> len(d.definitions), len(d.steps), d.steps[0].line
(1, 1, 2)
"""

from __future__ import annotations

import json
import re

from .claims import declared_log_base
from .extract import _DISPLAY_ENVS, _UNREAD_DISPLAYS, Document, _math_start, _Reader
from .masking import blank as _blank
from .mathjax import script_math_as_tex
from .notebook_cells import notebook_markdown
from .parser import NotationError
from .rewrite import blank_overlays, collect_macros, strip_macro_defs

__all__ = ["code_or_math", "read_document"]


_TEX_MATH = re.compile(
    r"\\begin\s*\{(" + _DISPLAY_ENVS + r")\}(.*?)\\end\s*\{\1\}"
    r"|\$\$(.*?)\$\$|\\\[(.*?)\\\]|\\\((.*?)\\\)|(?<!\\)\$((?:\\\$|[^$])+?)\$",
    re.S,
)


def _strip_tex_comments(text: str) -> str:
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: _blank(m.group(0)), text)


def _log_convention(doc: Document, text: str) -> Document:
    """Record the document's log base: declared in prose, or ``\\log_2`` used in its math."""
    doc.log_base = declared_log_base(text)
    doc.bits = doc.log_base == 2 or bool(re.search(r"\\log\s*_\s*\{?\s*2(?!\d)|\\lg(?![a-zA-Z])",
                                                    text))
    return doc


def _read_tex(text: str) -> Document:
    clean = blank_overlays(strip_macro_defs(_strip_tex_comments(text)))
    r = _Reader(clean, collect_macros(_strip_tex_comments(text)))
    for m in _TEX_MATH.finditer(clean):
        outer = (m.start(), m.end())
        for g, inline in ((2, False), (3, False), (4, False), (5, True), (6, True)):
            if m.group(g) is not None:
                start = _math_start(m.group(1), clean, m.start(g)) if g == 2 else m.start(g)
                r.region(start, m.end(g), inline, outer)
                break
    _unread_displays(r, clean)
    return _log_convention(r.finish(), clean)


def _unread_displays(r: _Reader, text: str) -> None:
    """A display environment that is not read is an error at its position."""
    for m in _UNREAD_DISPLAYS.finditer(text):
        line, column = r.m.pos(m.start())
        r.doc.errors.append(NotationError(
            f"unsupported: the display environment {m.group(1)} is not read (its lines are not "
            "checked); write align or equation", line, column))


_MD_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$|`[^`\n]*`", re.S | re.M)
#: the opening fence of a math block, ```` ```math ````
_MATH_FENCE = re.compile(r"(?:```|~~~)[ \t]*math[ \t]*\n")
_MD_MATH = re.compile(r"\$\$(.*?)\$\$|\\\[(.*?)\\\]|\\begin\s*\{(" + _DISPLAY_ENVS
                      + r")\}(.*?)\\end\s*\{\3\}|(?<![\\$])\$(?!\$)((?:\\\$|[^$\n])+?)\$"
                      r"|\\\((.*?)\\\)", re.S)


def code_or_math(m: re.Match) -> str:
    """A code span or block blanked; a fenced ```` ```math ```` block (GitHub, GitLab) is a
    display: its fences become ``$$`` (the same length, so positions stay); GitHub's inline
    math ``$`a = b`$`` keeps its math between the dollars."""
    block = m.group(0)
    fence = _MATH_FENCE.match(block)
    if fence is None:
        text, start, end = m.string, m.start(), m.end()
        if block.startswith("`") and "\n" not in block and start > 0 \
                and text[start - 1] == "$" and text[end:end + 1] == "$":
            return " " + block[1:-1] + " "
        return _blank(block)
    last = block.rfind("\n") + 1
    return ("$$" + _blank(block[2:fence.end()]) + block[fence.end():last] + "$$"
            + _blank(block[last + 2:]))


def _read_md(text: str, kramdown: bool | None = None) -> Document:
    # code and HTML comments are neither math nor prose of the document
    clean = script_math_as_tex(_MD_CODE.sub(code_or_math, text))  # MathJax 2
    clean = re.sub(r"<!--.*?-->", lambda m: _blank(m.group(0)), clean, flags=re.S)
    macros = collect_macros(clean)
    clean = strip_macro_defs(clean)
    r = _Reader(clean, macros)
    matches = list(_MD_MATH.finditer(clean))
    if kramdown is None:  # kramdown (Jekyll) has no $...$: its inline math is $$ in a line,
        # often with prose on both sides; elsewhere "As is well known, $$...$$" is a display
        kramdown = not any(m.group(5) is not None for m in matches) and any(
            m.group(1) is not None and _prose_beside(clean, m.start(), m.end()) == (True, True)
            for m in matches)
    for m in matches:
        outer = (m.start(), m.end())
        for g, inline in ((1, False), (2, False), (4, False), (5, True), (6, True)):
            if m.group(g) is not None:
                if g == 1 and kramdown and _inside_a_line(clean, m.start(), m.end()):
                    inline = True  # kramdown: $$...$$ within a line of prose is inline math
                start = _math_start(m.group(3), clean, m.start(g)) if g == 4 else m.start(g)
                r.region(start, m.end(g), inline, outer)
                break
    _unread_displays(r, clean)
    return _log_convention(r.finish(), clean)


def _inside_a_line(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` (a ``$$…$$``) on one line with prose beside it on that line, as
    kramdown writes inline math (``sets $$\varepsilon = 0.2$$ in``, table cells)?

    >>> _inside_a_line("we set $$a = 1$$ here", 7, 16), _inside_a_line("$$a = 1$$.", 0, 9)
    (True, False)
    """
    return any(_prose_beside(text, start, end))


def _prose_beside(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Is there prose before and after ``text[start:end]`` on its line (``False, False`` when
    it spans lines)? List markers, punctuation, pandoc attributes and equation numbers are not
    prose; the other ``$$…$$`` of a table row are."""
    if "\n" in text[start:end]:
        return False, False
    before = text[text.rfind("\n", 0, start) + 1:start]
    line_end = text.find("\n", end)
    after = text[end:len(text) if line_end < 0 else line_end]
    after = re.sub(r"\{#[^}]*\}|\(\d+\)", "", after)  # pandoc attributes, equation numbers
    return bool(before.strip(" \t>*-+0123456789.")), bool(after.strip(" \t.,;:"))


def _read_txt(text: str) -> Document:
    r = _Reader(text)
    r.display(0, len(text), blank_split=True)
    # in plain text each line is its own line of the derivation
    return _log_convention(r.finish(), text)


def read_document(text: str, kind: str) -> Document:
    """Read a submission; ``kind`` is ``tex``, ``md``, ``txt`` or ``ipynb`` (Markdown cells).

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
    if kind == "ipynb":
        try:
            return _read_md(notebook_markdown(text), kramdown=False)  # Jupyter: $$ is display
        except json.JSONDecodeError as exc:
            return Document(errors=[NotationError(f"not a Jupyter notebook: {exc.msg}",
                                                  exc.lineno, exc.colno)])
    raise ValueError(f"unknown document kind {kind!r} (expected tex, md, txt or ipynb)")
