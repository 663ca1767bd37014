r"""A derivation laid out for a page or a slide: rows of an ``align`` with the options a
lecturer chooses.

The start expression is the first row, then one row per step, ``&<relation> <after>``,
beginning at the alignment point (no ``\MoveEqLeft``: plain amsmath).  A step too wide for the
page is broken into continuation rows (``&\qquad + ...``); one that cannot be broken is scaled
(``\resizebox``, only outside the KaTeX-safe variant).  Justifications (:data:`MODES`):

* ``full`` — the whole reason in small type on rows under the step, wrapped to the page;
* ``short`` — a few words beside the step (``&& \text{...}``), or under it when no room;
* ``none`` — no reasons;
* ``footnote`` — a footnote mark on the step, the reason as a footnote;
* ``margin`` — a few words in the margin (a zero-width ``\tag*``).

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> rec = DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a", (step,))
>>> print(proof_align(rec, ExportOptions(justifications="short")))
\begin{align*}
  &a + a \\
  &= 2 a && \text{\footnotesize collect}
\end{align*}
<BLANKLINE>
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from derive.export._common import (
    latex_text,
    name_references,
    short_reason,
    split_inline_math,
    text_words,
)
from derive.export._wrap import break_lines, latex_width
from derive.export.notation_map import NotationMap
from derive.records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    REFUTED,
    RELATION_LATEX,
    DerivationRecord,
    StepRecord,
)

__all__ = ["DEFAULT_OPTIONS", "MODES", "ARTICLE", "BEAMER", "ExportOptions", "Page",
           "mark_broken_pairs", "proof_align", "proof_rows", "step_reason"]

#: the justification modes
MODES = ("full", "short", "none", "footnote", "margin")


@dataclass(frozen=True)
class ExportOptions:
    """What a lecturer chooses; the defaults give the plain calculational layout."""

    justifications: str = "full"
    numbered: bool = False
    katex_safe: bool = False
    notation: NotationMap = field(default_factory=NotationMap)

    def __post_init__(self) -> None:
        if self.justifications not in MODES:
            raise ValueError(f"justifications must be one of {', '.join(MODES)}, "
                             f"not {self.justifications!r}")


#: the options of a plain export
DEFAULT_OPTIONS = ExportOptions()


@dataclass(frozen=True)
class Page:
    """Widths of the measure a block is set on: the line, a :func:`latex_width` unit of
    display math, and an average character of the ``\footnotesize`` reasons (points)."""

    line_pt: float
    math_pt: float
    text_pt: float

    @property
    def math_units(self) -> float:
        """Room for one row's math, in :func:`latex_width` units (relation and indent kept)."""
        return (self.line_pt - 40) / self.math_pt

    @property
    def note_chars(self) -> int:
        """Characters of ``\\footnotesize`` text on one note row (after its ``\\qquad``, with
        room to spare: the widths are estimates)."""
        return int((self.line_pt - 30) * 0.85 / self.text_pt)


#: ``article`` at 11pt: 360pt measure (a4 or letter), display math about 6pt a unit, Computer
#: Modern at 9pt about 4.3pt a character (measured with ``pdftotext -bbox``)
ARTICLE = Page(line_pt=360.0, math_pt=6.0, text_pt=4.4)
#: a beamer frame at ``\small``, sized for 4:3 (307pt measure; 16:9 is wider); the sans
#: ``\footnotesize`` measures about 3.9pt a character
BEAMER = Page(line_pt=300.0, math_pt=6.0, text_pt=4.2)


def _note(step: StepRecord) -> str:
    if step.verdict == NUMERIC_ONLY:
        return f"(Numerical check only: {step.evidence.samples} samples.)"
    if step.verdict == REFUTED:
        return "(Refuted.)"
    if step.verdict == INCONCLUSIVE:
        return "(Inconclusive.)"
    return ""


def step_reason(step: StepRecord, short: bool = False) -> str:
    """The justification (full or short) with a remark when the step was not proved."""
    text = short_reason(step.rule, step.justification) if short else step.justification.strip()
    return " ".join(p for p in (text, _note(step)) if p)


def _label(rec: DerivationRecord, k: int) -> str:
    return "eq:" + re.sub(r"[^A-Za-z0-9]+", "-", rec.name) + f"-{k}"


def _math_rows(tex: str, page: Page, opts: ExportOptions, rel: str) -> list[str]:
    """``rel tex`` as one or more row bodies (the first holds the relation)."""
    limit = page.math_units - (2 if rel else 0)
    lines = break_lines(tex, limit)
    rows = []
    for i, line in enumerate(lines):
        if latex_width(line) > limit + 2 and not opts.katex_safe:
            ratio = min(1.0, round(limit / latex_width(line), 2))
            # \ensuremath, not $...$: inside align, chktex would read a $ as leaving math
            line = (f"\\resizebox{{{ratio:g}\\linewidth}}{{!}}"
                    f"{{\\ensuremath{{\\displaystyle {line}}}}}")
        rows.append(f"{rel} {line}" if i == 0 and rel else f"\\qquad {line}" if i else line)
    return rows


def _note_rows(text: str, page: Page, overlay: str, katex_safe: bool = False) -> list[str]:
    """A reason as small-type rows under the step, each ``\\text{...}`` short enough to fit
    (a formula wider than a row is scaled, outside the KaTeX-safe variant)."""
    rows = []
    for chunk in text_words(name_references(text), page.note_chars):
        body = f"\\text{{\\footnotesize {latex_text(chunk)}}}"
        if not katex_safe and len(text_words(chunk, page.note_chars)) == 1 and \
                _chunk_width(chunk) > page.note_chars:
            body = f"\\resizebox{{0.8\\linewidth}}{{!}}{{{body}}}"
        rows.append(f"\\qquad {_reveal(body, overlay)}")
    return rows


def _chunk_width(chunk: str) -> float:
    """Estimated width of prose with inline math, in characters."""
    return sum(latex_width(c) * 1.2 if m else len(c) for m, c in split_inline_math(chunk))


def _reveal(body: str, overlay: str) -> str:
    return f"\\uncover<{overlay}>{{{body}}}" if overlay else body


def proof_rows(rec: DerivationRecord, opts: ExportOptions, page: Page = ARTICLE,
               steps: tuple[StepRecord, ...] | None = None, start: str | None = None,
               overlays: bool = False) -> tuple[list[str], list[str]]:
    """Rows of the ``align`` (without ``\\\\``) and the footnote texts they mark.

    ``steps``/``start`` select a part of the derivation (one beamer frame); with ``overlays``
    the k-th step of the part is uncovered on slide k+1.
    """
    steps = rec.steps if steps is None else steps
    start = rec.start if start is None else start
    fix = opts.notation.apply
    mode = opts.justifications
    rows: list[str] = []
    notes: list[str] = []
    first = steps[0].index - 1 if steps else 0
    for i, line in enumerate(_math_rows(fix(start), page, opts, "")):
        rows.append("&" + line + _tail(rec, opts, first, i == 0, last=True))
    # beside the steps only when the widest row and the widest reason fit together: align
    # sets every row's math in one column and every reason in the next
    side = mode == "short" and bool(steps) and (
        max(latex_width(fix(t)) for t in (start, *(s.after for s in steps))) + 2
        + max(len(step_reason(s, True)) for s in steps) * page.text_pt / page.math_pt
        < page.math_units)
    for k, step in enumerate(steps, start=1):
        overlay = f"{k + 1}-" if overlays else ""
        body = _math_rows(fix(step.after), page, opts, RELATION_LATEX[step.relation])
        reason = step_reason(step, short=mode in ("short", "margin"))
        for i, line in enumerate(body):
            last = i == len(body) - 1
            cell = "&" + _reveal(line, overlay)
            if last and reason and mode == "short" and side:
                cell += " && " + _reveal(f"\\text{{\\footnotesize {latex_text(reason)}}}",
                                         overlay)
            elif last and reason and mode == "footnote":
                cell += " \\quad " + _reveal("\\text{\\footnotemark}", overlay)
                notes.append(_eqref_prefix(rec, opts, step) + latex_text(reason))
            elif last and reason and mode == "margin" and not opts.katex_safe:
                cell += (" \\tag*{\\makebox[0pt][l]{\\hspace{\\marginparsep}\\parbox[t]"
                         f"{{\\marginparwidth}}{{\\raggedright\\scriptsize "
                         f"{latex_text(reason)}}}}}}}")
            rows.append(cell + _tail(rec, opts, step.index, last, last=last))
        under = mode == "full" or (mode == "short" and not side) or (
            mode in ("margin", "footnote") and opts.katex_safe)
        if reason and under:
            text = reason if mode != "full" else step_reason(step)
            prefix = _eqref_prefix(rec, opts, step)
            for line in _note_rows(text, page, overlay, opts.katex_safe):
                rows.append("&" + (line.replace("\\footnotesize ", "\\footnotesize " + prefix,
                                                 1) if prefix else line)
                            + (" \\notag" if opts.numbered else ""))
                prefix = ""
    return rows, notes


def _eqref_prefix(rec: DerivationRecord, opts: ExportOptions, step: StepRecord) -> str:
    """``From (k-1):`` before a reason when equations are numbered."""
    if not opts.numbered:
        return ""
    return f"From \\eqref{{{_label(rec, step.index - 1)}}}: "


def _tail(rec: DerivationRecord, opts: ExportOptions, k: int, labelled: bool,
          last: bool) -> str:
    if not opts.numbered:
        return ""
    return f" \\label{{{_label(rec, k)}}}" if labelled and last else " \\notag"


def proof_align(rec: DerivationRecord, opts: ExportOptions = DEFAULT_OPTIONS,
                page: Page = ARTICLE) -> str:
    """The derivation as one ``align``/``align*`` block, footnote texts after it."""
    rows, notes = proof_rows(rec, opts, page)
    env = "align" if opts.numbered else "align*"
    out = mark_broken_pairs(f"\\begin{{{env}}}\n  " + _join(rows) + f"\n\\end{{{env}}}\n")
    if notes:
        out += f"\\addtocounter{{footnote}}{{-{len(notes)}}}%\n" + "".join(
            f"\\stepcounter{{footnote}}\\footnotetext{{{n}}}%\n" for n in notes)
    return out


def mark_broken_pairs(block: str) -> str:
    r"""Lines holding half of a pair broken across rows get ``% chktex 9`` (chktex's own
    suppression: the pair is balanced over the rows, not on one line): a ``\Bigl( \Bigr)``
    pair of a broken step, or a parenthesis of a reason wrapped onto several small-type rows.

    >>> mark_broken_pairs("a \\Bigl( b \\\\\n+ c \\Bigr)")
    'a \\Bigl( b \\\\ % chktex 9\n+ c \\Bigr) % chktex 9'
    >>> print(mark_broken_pairs("&\\qquad \\text{\\footnotesize a (b} \\\\\n"
    ...                         "&\\qquad \\text{\\footnotesize c) d}"))
    &\qquad \text{\footnotesize a (b} \\ % chktex 9
    &\qquad \text{\footnotesize c) d} % chktex 9
    """
    return "\n".join(f"{ln} % chktex 9" if _broken_pair(ln) else ln for ln in block.split("\n"))


def _broken_pair(line: str) -> bool:
    if ("\\Bigl" in line) != ("\\Bigr" in line):
        return True
    return "\\footnotesize" in line and line.count("(") != line.count(")")


def _join(rows: list[str]) -> str:
    r"""Rows joined by ``\\``; a reason row is kept with its step (``\\*``) and set closer."""
    out = rows[0] if rows else ""
    for row in rows[1:]:
        sep = " \\\\*[-0.6ex]\n  " if row.startswith("&\\qquad \\text{\\footnotesize") or \
            row.startswith("&\\qquad \\uncover<") and "\\footnotesize" in row else " \\\\\n  "
        out += sep + row
    return out
