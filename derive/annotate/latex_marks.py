r"""The lecturer's LaTeX source with a margin mark before every checked display.

Nothing of the lecturer's text is changed or re-typeset: the output is the input with

* a block of definitions just before ``\begin{document}`` (our own names,
  ``\DeriveAnnotate…``; ``pifont`` only if its font ``uzdr.tfm`` is installed, plain math
  symbols otherwise; no package that could clash with the lecturer's preamble),
* ``\DeriveAnnotateDisplayMark{n}{verdict}`` just before each checked display (and
  ``\DeriveAnnotateMark`` after each inline claim, or after the brace group that holds it,
  ``\textbf{…}`` or ``\section{…}``), which
  sets ``✓ [n] proved`` (``≈`` numeric, ``✗`` refuted, ``?`` unsupported or inconclusive)
  in the margin with ``\marginpar``; inside a box, float, table or footnote (where LaTeX
  allows no margin note, :func:`margin_safe`) a display's mark ``\DeriveAnnotateInlineMark``
  is set inline instead, and an inline claim there is listed in the summary only,
* for a refuted display, a footnote marked ``✗`` (the lecturer's footnote numbers are not
  touched) with the claim, the counterexample and the diagnosis,
* a summary page just before ``\end{document}``.

Everything we write comes from the report through :func:`~derive.export.safe_math.safe_report`
(a whitelist of math commands) and :func:`~derive.export._common.latex_text` (escaped text).

>>> src = "\\documentclass{article}\n\\begin{document}\nSo\n\\[ H(P) \\ge 0 \\]\n\\end{document}\n"
>>> out = annotated_latex(src)
>>> out.count("\\DeriveAnnotateDisplayMark{")
1
>>> out.replace(PREAMBLE, "").replace(out[out.index("\\clearpage"):out.index("\\end{document}")],
...     "").replace("\\DeriveAnnotateDisplayMark{1}{numeric}", "") == src
True
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..export._common import latex_text, number_latex
from ..export.safe_math import safe_report
from ..records import INCONCLUSIVE, NUMERIC_ONLY, PROVED, REFUTED, RELATION_LATEX, CheckReport
from .displays import UNSUPPORTED, AnnotatedDocument, Display, checked_displays

__all__ = ["PREAMBLE", "AnnotateInputError", "annotated_latex", "annotate_document",
           "summary_latex", "value_latex", "WORD"]


class AnnotateInputError(ValueError):
    """The document cannot be annotated; ``line`` and ``column`` say where."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


#: the word under each mark
WORD = {PROVED: "proved", NUMERIC_ONLY: "numeric", REFUTED: "refuted",
        INCONCLUSIVE: "inconclusive", UNSUPPORTED: "unsupported"}

#: our definitions, inserted just before ``\begin{document}``
PREAMBLE = r"""%% ---- derive annotate: margin marks (the rest of this file is the lecturer's) ----
\makeatletter
% a page of notes may carry many marks: room for more pending margin notes than LaTeX's 18
\@ifundefined{extrafloats}{}{\extrafloats{64}}
\IfFileExists{uzdr.tfm}{\RequirePackage{pifont}%
  \newcommand\DeriveAnnotateGlyphproved{\ding{51}}%
  \newcommand\DeriveAnnotateGlyphrefuted{\ding{55}}}{%
  \newcommand\DeriveAnnotateGlyphproved{\ensuremath{\surd}}%
  \newcommand\DeriveAnnotateGlyphrefuted{\ensuremath{\times}}}
\newcommand\DeriveAnnotateGlyphnumeric{\ensuremath{\approx}}
\newcommand\DeriveAnnotateGlyphinconclusive{?}
\newcommand\DeriveAnnotateGlyphunsupported{?}
% #1 the display's number, #2 its verdict: proved, numeric, refuted, inconclusive, unsupported
\newcommand\DeriveAnnotateLabel[2]{{\normalfont\sffamily\scriptsize
  \mbox{\@nameuse{DeriveAnnotateGlyph#2}~[#1]~#2}}}
\newcommand\DeriveAnnotateMarginLabel[2]{{\normalfont\sffamily\scriptsize
  \mbox{\@nameuse{DeriveAnnotateGlyph#2}~[#1]}\\\mbox{#2}\par}}
% a mark: in the margin where LaTeX allows a margin note, else inline; a display's mark is
% lowered from the line before the display to the display's first line
\newcommand\DeriveAnnotateMark[2]{\ifinner\DeriveAnnotateLabel{#1}{#2}\else
  \marginpar{\raggedright\DeriveAnnotateMarginLabel{#1}{#2}}\fi}
\newcommand\DeriveAnnotateInlineMark[2]{\DeriveAnnotateLabel{#1}{#2}}
\newcommand\DeriveAnnotateDisplayMark[2]{\ifinner\DeriveAnnotateLabel{#1}{#2}\else
  \marginpar{\raggedright\vspace*{\abovedisplayskip}\vspace*{0.8\baselineskip}%
  \DeriveAnnotateMarginLabel{#1}{#2}}\fi}
% math a report may use that the lecturer's preamble may not define (local to our notes)
\newcommand\DeriveAnnotateSafeMath{%
  \providecommand\text[1]{\mbox{##1}}\providecommand\operatorname[1]{\mathop{\rm ##1}}%
  \providecommand\mathbb[1]{\mathbf{##1}}\providecommand\dfrac{\frac}%
  \providecommand\tfrac{\frac}\providecommand\lVert{\Vert}\providecommand\rVert{\Vert}%
  \providecommand\lvert{\vert}\providecommand\rvert{\vert}\providecommand\coloneqq{:=}%
  \providecommand\checkmark{\surd}\providecommand\eqref[1]{(\ref{##1})}%
  \providecommand\boldsymbol[1]{\mathbf{##1}}\providecommand\binom[2]{{##1\choose ##2}}}
% a note on a refuted display: a footnote marked with the cross, numbering untouched
\newcommand\DeriveAnnotateNote[1]{\ifinner\else{\renewcommand\thefootnote{%
  \DeriveAnnotateGlyphrefuted}\footnotetext{\DeriveAnnotateSafeMath\raggedright #1}}\fi}
\makeatother
%% ---- end of derive annotate definitions ----
"""

_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")


def _code_positions(text: str) -> str:
    """``text`` with comments and verbatim material blanked (positions kept)."""
    out = re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\\begin\s*\{(verbatim\*?|lstlisting|minted|comment)\}.*?\\end\s*\{\1\}",
                  lambda m: re.sub(r"[^\n]", " ", m.group(0)), out, flags=re.S)


def _depths(code: str, start: int) -> list[int]:
    """Brace depth before each character from ``start`` on (0 at ``start``)."""
    depth, out, prev = 0, [], ""
    for ch in code[start:]:
        out.append(depth)
        if prev != "\\":
            depth += 1 if ch == "{" else -1 if ch == "}" else 0
        prev = "" if prev == "\\" else ch
    out.append(depth)
    return out


#: environments in which LaTeX allows no margin note (boxes, floats, tables, multi-columns)
NO_MARGIN = frozenset(
    "minipage figure figure* table table* tabular tabular* tabularx tabulary longtable array "
    "wrapfigure wraptable multicols multicols* tcolorbox mdframed framed boxedminipage "
    "picture tikzpicture frame columns column".split())
_ENV = re.compile(r"\\(begin|end)\s*\{([^{}]+)\}")


def margin_safe(code: str, begin: int, positions: list[int]) -> list[bool]:
    r"""For each offset in ``positions`` (after ``begin``), whether a ``\marginpar`` there is
    in outer paragraph mode: at brace depth 0 and inside no environment of :data:`NO_MARGIN`.

    >>> code = "\\begin{document}Q \\begin{minipage}{2cm} R \\end{minipage} {S} T"
    >>> [margin_safe(code, 16, [code.index(ch)]) for ch in "QRST"]
    [[True], [False], [False], [True]]
    """
    depth = _depths(code, begin)
    events = [(m.start(), m.group(1), m.group(2).strip()) for m in _ENV.finditer(code, begin)]
    out = []
    for at in positions:
        stack: list[str] = []
        for where, kind, name in events:
            if where >= at:
                break
            if kind == "begin":
                stack.append(name)
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        out.append(depth[at - begin] == 0 and not NO_MARGIN.intersection(stack))
    return out


def _mark_positions(code: str, begin: int, shown: list[Display]) -> list[int]:
    r"""Where each display's mark goes: before a display, after an inline claim, and after the
    brace group that holds an inline claim (``\textbf{…}``, ``\section{…}``, ``\footnote{…}``),
    where LaTeX allows a margin note, unless another display's mark would come in between.

    >>> code = "\\begin{document}A \\textbf{so $a = b$.} B"
    >>> d = Display(code.index("$"), code.index(".}"), 1, 1, True)
    >>> code[_mark_positions(code, 16, [d])[0]:]
    ' B'
    """
    depth = _depths(code, begin)
    out = []
    for k, d in enumerate(shown):
        at = d.end if d.inline else d.start
        if d.inline and depth[at - begin] > 0:
            close = next((j for j in range(at - begin, len(depth)) if depth[j] == 0), None)
            later = shown[k + 1].start if k + 1 < len(shown) else len(code)
            if close is not None and begin + close <= later:
                at = begin + close
        out.append(at)
    return out


def _math(tex: str) -> str:
    return f"${tex}$" if tex.strip() else ""


def value_latex(value: object, limit: int = 8) -> str:
    r"""A counterexample value as math that may break after its commas (a footnote is narrow);
    a long list shows its first ``limit`` entries and how many there are.

    >>> value_latex([0.5, 0.25, 0.25])
    '(0.5,\\allowbreak 0.25,\\allowbreak 0.25)'
    >>> value_latex(list(range(10)), limit=2)
    '(0,\\allowbreak 1,\\allowbreak \\ldots\\text{ (10 values)})'
    """
    if isinstance(value, (list, tuple)):
        items = [value_latex(v, limit) for v in value[:limit]]
        if len(value) > limit:
            items.append(f"\\ldots\\text{{ ({len(value)} values)}}")
        return "(" + ",\\allowbreak ".join(items) + ")"
    return number_latex(value)


def _line_word(line: int) -> str:
    return f"line {line}"


def _step_note(step, display: Display,  # noqa: ANN001 - a CheckedStep
               where: Callable[[int], str] = _line_word) -> str:
    rel = RELATION_LATEX.get(step.relation, step.relation)
    parts = [f"[{display.number}] {latex_text(where(step.line))}: "
             f"{_math(f'{step.lhs} {rel} {step.rhs}')} "
             f"is refuted."]
    ce = step.counterexample
    if ce is not None:
        values = ", ".join(f"${name} = {value_latex(value)}$"
                           for name, value in ce.assignment.items())
        parts.append(f"Counterexample: {values}; left side ${number_latex(ce.lhs)}$, "
                     f"right side ${number_latex(ce.rhs)}$.")
        if ce.detail:
            parts.append(latex_text(ce.detail))
    if step.diagnosis is not None:
        parts.append(f"Diagnosis: {latex_text(step.diagnosis.message)}")
    return " ".join(parts)


def _safe(doc: AnnotatedDocument) -> AnnotatedDocument:
    """``doc`` with every step and error passed through the math whitelist."""
    for d in doc.displays:
        report = safe_report(CheckReport("", steps=tuple(d.steps), errors=tuple(d.errors)))
        d.steps, d.errors = list(report.steps), list(report.errors)
    return doc


def summary_latex(doc: AnnotatedDocument, source_name: str = "",
                  where: Callable[[int], str] = _line_word) -> str:
    r"""The summary page: counts, then one paragraph per checked display.

    ``where(line)`` names a line of the checked text (``line 3``; for notes split over files,
    ``sec1.tex, line 3``).

    >>> from derive.annotate import checked_displays
    >>> "\\DeriveAnnotateLabel{1}{numeric}" in summary_latex(
    ...     checked_displays("\\[ H(P) \\ge 0 \\]", "tex"))
    True
    """
    counts = ", ".join(f"{doc.count(v)} {WORD[v]}" for v in WORD if doc.count(v))
    name = latex_text(source_name) if source_name else "this document"
    lines = [
        "\\clearpage",
        "\\begingroup\\DeriveAnnotateSafeMath\\sloppy\\raggedright",
        "\\noindent{\\large\\bfseries derive annotate: summary}\\par\\medskip",
        f"\\noindent Checked displays in {name}: {len(doc.displays)}"
        + (f" ({counts})." if counts else ".")
        + " Each mark in the margin gives the display's number and its weakest verdict:"
          " \\DeriveAnnotateLabel{n}{proved} (a symbolic proof), \\DeriveAnnotateLabel{n}"
          "{numeric} (every numeric sample agrees, no symbolic proof),"
          " \\DeriveAnnotateLabel{n}{refuted} (a counterexample, in a footnote),"
          " \\DeriveAnnotateLabel{n}{unsupported} (a formula the checker does not read).\\par",
        "\\medskip",
    ]
    for d in doc.displays:
        items = []
        for s in d.steps:
            rel = RELATION_LATEX.get(s.relation, s.relation)
            word = WORD.get(s.verdict, s.verdict)
            why = s.reason if s.reason.startswith(word) else f"{word}: {s.reason}"
            items.append(f"{latex_text(where(s.line))}: {_math(f'{s.lhs} {rel} {s.rhs}')} "
                         f"({latex_text(why)})")
        for e in d.errors:
            items.append(f"{latex_text(where(e.line))}, column {e.column}: not read "
                         f"({latex_text(e.message)})")
        lines.append(f"\\noindent\\DeriveAnnotateLabel{{{d.number}}}{{{WORD[d.verdict]}}} "
                     f"({latex_text(where(d.line))}): " + "; ".join(items) + ".\\par\\smallskip")
    lines.append("\\endgroup")
    return "\n".join(lines) + "\n"


def annotated_latex(text: str, source_name: str = "", budget: float = 2.0,
                    doc: AnnotatedDocument | None = None,
                    where: Callable[[int], str] = _line_word) -> str:
    """The annotated source of the LaTeX document ``text`` (see the module docstring).

    ``where(line)`` names a line of ``text`` in the notes and footnotes (for notes split over
    files, :meth:`~derive.annotate.included_files.FlattenedDocument.where`).

    Raises :class:`AnnotateInputError` when ``text`` is not a whole document.
    """
    code = _code_positions(text)
    begin = _BEGIN_DOCUMENT.search(code)
    if begin is None:
        raise AnnotateInputError("no \\begin{document}: annotate takes a whole LaTeX document "
                                 "(with its preamble), not a fragment")
    ends = list(_END_DOCUMENT.finditer(code, begin.end()))
    if not ends:
        line = text.count("\n", 0, begin.start()) + 1
        raise AnnotateInputError("\\begin{document} is never ended by \\end{document}", line, 1)
    end = ends[-1]
    doc = _safe(doc if doc is not None else checked_displays(text, "tex", budget))
    shown = [d for d in doc.displays if begin.end() <= d.start and d.end <= end.start()]
    # (math in the preamble, a macro body, is not a display of the notes)
    at = _mark_positions(code, begin.end(), shown)
    safe = margin_safe(code, begin.end(), at)
    inserts: list[tuple[int, str]] = []
    for d, here, in_margin in zip(shown, at, safe, strict=True):
        label = f"{{{d.number}}}{{{WORD[d.verdict]}}}"
        if not in_margin:
            if not d.inline:  # a box, float or footnote: the mark goes inline, no note
                inserts.append((d.start, f"\\DeriveAnnotateInlineMark{label}"))
            continue
        notes = "".join(f"\\DeriveAnnotateNote{{{_step_note(s, d, where)}}}"
                        for s in d.steps if s.verdict == REFUTED)
        kind = "Mark" if d.inline else "DisplayMark"
        inserts.append((here, f"\\DeriveAnnotate{kind}{label}{notes}"))
    inserts.append((end.start(), summary_latex(doc, source_name, where)))
    inserts.append((begin.start(), PREAMBLE))
    out = text
    for at, what in sorted(inserts, key=lambda p: p[0], reverse=True):
        out = out[:at] + what + out[at:]
    return out


def annotate_document(text: str, source_name: str = "",
                      budget: float = 2.0) -> tuple[str, AnnotatedDocument]:
    """The annotated source and the checked displays it marks."""
    doc = checked_displays(text, "tex", budget)
    return annotated_latex(text, source_name, budget, doc), doc
