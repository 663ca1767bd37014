"""Which displays of a lecturer's document were checked, and with what verdict.

The document is judged by the same reader and kernel as ``derive check``
(:func:`~derive.checker.chain.judge_document`); every judged step and every input error
carries its line and column.  This module finds the display math of the source text (its
exact character span, so a mark can be put next to it without touching the math) and gives
each display the steps and errors that fall inside it.  A display is *checked* when it holds
at least one step or one unreadable formula; its verdict is the weakest of its parts:
``refuted`` < ``inconclusive`` < ``unsupported`` < ``numeric_only`` < ``proved``.

Inline formulas the prose plainly asserts are claims too; they are returned with
``inline=True`` (the LaTeX view marks them only where a margin note is safe).

>>> doc = "Text\\n\\\\begin{equation}\\nH(P) \\\\ge 0\\n\\\\end{equation}\\nand $x$.\\n"
>>> [(d.number, d.line, d.verdict) for d in checked_displays(doc, "tex").displays]
[(1, 2, 'numeric_only')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..notation.document_kinds import code_or_math
from ..notation.extract import _DISPLAY_ENVS
from ..records import INCONCLUSIVE, NUMERIC_ONLY, PROVED, REFUTED, CheckedStep, InputError

__all__ = ["UNSUPPORTED", "VERDICT_ORDER", "Display", "AnnotatedDocument", "checked_displays",
           "find_displays"]

#: a display none of whose formulas could be read
UNSUPPORTED = "unsupported"
#: weakest first: a display is as good as its weakest part
VERDICT_ORDER = (REFUTED, INCONCLUSIVE, UNSUPPORTED, NUMERIC_ONLY, PROVED)

#: the display environments the reader reads (breqn's dmath and empheq too)
_TEX_DISPLAY_ENVS = _DISPLAY_ENVS
#: the math regions of a LaTeX document, as the reader finds them (displays, then inline)
_TEX_MATH = re.compile(
    r"\\begin\s*\{(" + _TEX_DISPLAY_ENVS + r")\}(.*?)\\end\s*\{\1\}"
    r"|\$\$(.*?)\$\$|\\\[(.*?)\\\]|\\\((.*?)\\\)|(?<!\\)\$((?:\\\$|[^$])+?)\$",
    re.S,
)
_MD_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[^\n]*$|`[^`\n]*`", re.S | re.M)
_MD_MATH = re.compile(r"\$\$(.*?)\$\$|\\\[(.*?)\\\]|\\begin\s*\{(" + _TEX_DISPLAY_ENVS
                      + r")\}(.*?)\\end\s*\{\3\}|(?<![\\$])\$(?!\$)((?:\\\$|[^$\n])+?)\$"
                      r"|\\\((.*?)\\\)", re.S)


@dataclass
class Display:
    """One math region of the source: ``text[start:end]`` with its delimiters."""

    start: int
    end: int
    line: int
    column: int
    inline: bool
    number: int = 0
    steps: list[CheckedStep] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def checked(self) -> bool:
        """Whether anything in the display was judged (a step, or a formula not read)."""
        return bool(self.steps or self.errors)

    @property
    def verdict(self) -> str:
        """The weakest verdict of the display's parts (``unsupported``: a formula not read)."""
        found = {s.verdict for s in self.steps} | ({UNSUPPORTED} if self.errors else set())
        return next((v for v in VERDICT_ORDER if v in found), UNSUPPORTED)


@dataclass
class AnnotatedDocument:
    """The checked displays of one document (numbered 1, 2, … in document order)."""

    text: str
    kind: str
    displays: list[Display]
    #: steps and errors outside every math region (should not happen; kept, never dropped)
    stray_steps: list[CheckedStep]
    stray_errors: list[InputError]

    def count(self, verdict: str) -> int:
        """How many checked displays have ``verdict``."""
        return sum(d.verdict == verdict for d in self.displays)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _without_tex_comments(text: str) -> str:
    """``text`` with every ``%`` comment blanked (same length, newlines kept)."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: _blank(m.group(0)), text)


def find_displays(text: str, kind: str) -> list[Display]:
    r"""Every math region of ``text`` (``tex`` or ``md``), in document order.

    >>> [(d.line, d.inline) for d in find_displays("a $x$ b\n\\[ y \\]\n% $z$\n", "tex")]
    [(1, True), (2, False)]
    """
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def pos(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    from ..notation.rewrite import strip_macro_defs

    if kind == "tex":
        clean, pattern = strip_macro_defs(_without_tex_comments(text)), _TEX_MATH
    else:
        no_code = _MD_CODE.sub(code_or_math, text)  # a ```math block is a display
        clean, pattern = strip_macro_defs(no_code), _MD_MATH
    inline_groups = (5, 6)
    out = []
    for m in pattern.finditer(clean):
        inline = any(m.group(g) is not None for g in inline_groups)
        line, column = pos(m.start())
        out.append(Display(m.start(), m.end(), line, column, inline))
    return out


def _offset(starts: list[int], line: int, column: int) -> int:
    return starts[min(max(line, 1), len(starts)) - 1] + max(column, 1) - 1


def _owner(displays: list[Display], ends: list[int], offset: int) -> Display | None:
    i = bisect.bisect_right(ends, offset)
    if i < len(displays) and displays[i].start <= offset < displays[i].end:
        return displays[i]
    return None


def checked_displays(text: str, kind: str = "tex", budget: float = 2.0) -> AnnotatedDocument:
    """Judge ``text`` and return its checked displays, each with its steps and errors.

    Steps are placed by the position the reader gives them (where the right side begins);
    errors by their line and column.
    """
    from ..checker.chain import judge_document

    judged = judge_document(text, kind, budget)
    displays = find_displays(text, kind)
    ends = [d.end for d in displays]
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    stray_steps: list[CheckedStep] = []
    stray_errors: list[InputError] = []
    for seg in judged.segments:
        for link in seg.links:
            if link.checked is None:
                continue  # not read: its input error says where
            at = _offset(starts, link.step.line, link.step.column)
            owner = _owner(displays, ends, at)
            (owner.steps if owner else stray_steps).append(link.checked)
    for err in judged.errors:
        owner = _owner(displays, ends, _offset(starts, err.line, err.column))
        (owner.errors if owner else stray_errors).append(err)
    checked = [d for d in displays if d.checked]
    for k, d in enumerate(checked, start=1):
        d.number = k
    return AnnotatedDocument(text, kind, checked, stray_steps, stray_errors)
