r"""LaTeX renderings of derivations and check reports.

* :func:`derivation_document` — a standalone ``article`` (amsmath, amssymb, mathtools only);
* :func:`derivation_snippet` — the macros it needs plus the ``align*`` block, to paste into notes;
* :func:`derivation_beamer` — a standalone beamer deck, one frame per group of at most 4 steps;
* :func:`check_report_latex` — a standalone article judging a student submission.

The derivation reads like a calculational proof: the start expression, then one line per step,
``&<relation> <after> && \text{<justification>}``.

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> rec = DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a", (step,))
>>> print(derivation_snippet(rec))
% Doubling -- checked by derive: The single step was proved symbolically.
% Needs amsmath and mathtools (\MoveEqLeft).
\begin{align*}
  \MoveEqLeft a + a \\
  &= 2 a && \text{Collect terms.}
\end{align*}
<BLANKLINE>
"""

from __future__ import annotations

from derive.export._common import (
    MACROS,
    NUMERIC_ONLY,
    PROVED,
    REFUTED,
    REPORT_LABEL,
    VERDICT_LABEL,
    evidence_summary,
    format_number,
    is_prose,
    latex_escape,
    latex_text,
    number_latex,
    record_texts,
    report_texts,
    split_inline_math,
    trust_summary,
    used_macros,
)
from derive.export._wrap import latex_width, split_relation, wrap_chunks
from derive.export.safe_math import safe_report
from derive.records import (
    INCONCLUSIVE,
    RELATION_LATEX,
    CheckedStep,
    CheckReport,
    Counterexample,
    DerivationRecord,
    StepRecord,
)

# Layout constants, measured with pdflatex on ``article`` at ``\small`` (textwidth 345pt):
# one :func:`~derive.export._common.latex_width` unit of display math is 4.5-6pt (we use 5.2), one
# character of text about 4.3pt.  The room for "after" + justification on a line is ~275pt.
_MATH_PT = 5.2
_TEXT_PT = 4.3
_LINE_PT = 345.0
_ROOM_PT = 275.0
#: the widest an ``after`` may be when it has to share the line with a justification column
_MATH_WITH_REASON_PT = 170.0
#: beamer frames have no justification column (reasons are listed under the equations)
BEAMER_MATH_WIDTH = 38.0
#: at most this many steps per beamer frame
STEPS_PER_FRAME = 4
#: rough height budget of one frame, in "lines" (a line with a fraction counts 1.6)
FRAME_HEIGHT = 7.0

_PACKAGES = "\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\usepackage{mathtools}\n"


def macro_definitions(texts: list[str]) -> str:
    r"""``\providecommand`` lines for the optional macros used in ``texts`` (may be empty).

    >>> macro_definitions([r"\argmax_{\pi} f"])
    '\\providecommand{\\argmax}{\\operatorname*{arg\\,max}}\n'
    """
    return "".join(
        f"\\providecommand{{\\{name}}}{{{MACROS[name]}}}\n" for name in used_macros(texts)
    )


def _wrapped(tex: str, limit: float) -> str:
    r"""``tex``, or an ``aligned`` block breaking it before top-level ``+``/``-`` signs."""
    lines = wrap_chunks(tex, limit)
    if len(lines) == 1:
        return tex
    inner = " \\\\\n      &\\quad ".join(lines)
    return f"\\begin{{aligned}}[t]\n      &{inner}\n    \\end{{aligned}}"


def _step_note(step: StepRecord) -> str:
    """A remark appended to the justification of a step that was not proved."""
    if step.verdict == NUMERIC_ONLY:
        return f"(Numerical check only: {step.evidence.samples} samples.)"
    if step.verdict == REFUTED:
        return "(Refuted.)"
    if step.verdict == INCONCLUSIVE:
        return "(Inconclusive.)"
    return ""


def _reason(step: StepRecord) -> str:
    return " ".join(p for p in (step.justification.strip(), _step_note(step)) if p)


def text_width_pt(text: str) -> float:
    """Estimated width in points of plain text with inline math, at ``\\small``."""
    return sum(
        latex_width(chunk) * _MATH_PT if is_math else len(chunk) * _TEXT_PT
        for is_math, chunk in split_inline_math(text)
    )


def _layout(rec: DerivationRecord) -> tuple[float, float | None]:
    """``(math width limit in units, justification parbox width as a fraction of \\linewidth)``.

    The parbox fraction is ``None`` when every line fits with plain ``\\text``.
    """
    math = max((latex_width(s.after) * _MATH_PT for s in rec.steps), default=0.0)
    reason = max((text_width_pt(_reason(s)) for s in rec.steps), default=0.0)
    if math + reason <= _ROOM_PT:
        return _ROOM_PT / _MATH_PT, None
    math = min(math, _MATH_WITH_REASON_PT)
    return math / _MATH_PT, round((_ROOM_PT - math) / _LINE_PT, 2)


def _justification(step: StepRecord, frac: float | None) -> str:
    text = _reason(step)
    if not text:
        return ""
    body = latex_text(text)
    if frac is not None and text_width_pt(text) > frac * _LINE_PT:
        body = f"\\parbox[t]{{{frac:g}\\linewidth}}{{\\raggedright {body}}}"
    return f" && \\text{{{body}}}"


def _start_line(tex: str, limit: float) -> str:
    lines = wrap_chunks(tex, limit)
    if len(lines) == 1:
        return f"  \\MoveEqLeft {tex}"
    rest = " \\\\\n  &\\qquad ".join(lines[1:])
    return f"  \\MoveEqLeft {lines[0]} \\\\\n  &\\qquad {rest}"


def align_block(rec: DerivationRecord) -> str:
    r"""The derivation as one ``align*`` environment (no preamble, no macros).

    The start expression is the first line (``\MoveEqLeft`` from mathtools), then one line per
    step: ``&<relation> <after> && \text{<justification>}``.  Long ``after`` expressions are
    broken before top-level ``+``/``-`` into an ``aligned`` block; long justifications are set
    in a ragged-right ``\parbox`` so that the lines fit the text width.
    """
    limit, frac = _layout(rec)
    lines = [_start_line(rec.start, (_LINE_PT - 20) / _MATH_PT)]
    for step in rec.steps:
        rel = RELATION_LATEX[step.relation]
        after = _wrapped(step.after, limit)
        lines.append(f"  &{rel} {after}{_justification(step, frac)}")
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n"


def _trust_latex(rec: DerivationRecord) -> str:
    return latex_escape(trust_summary(rec))


def derivation_snippet(rec: DerivationRecord) -> str:
    r"""The ``align*`` block plus the ``\providecommand`` lines it needs, for pasting into notes.

    Requires ``amsmath`` and ``mathtools`` in the host document (and ``amssymb`` if the
    expressions use ``\mathbb``).
    """
    head = (
        f"% {' '.join(rec.title.split())} -- checked by derive: {trust_summary(rec)}\n"
        "% Needs amsmath and mathtools (\\MoveEqLeft).\n"
    )
    return head + macro_definitions(record_texts(rec)) + align_block(rec)


def display_math(tex: str, limit: float = (_LINE_PT - 20) / _MATH_PT) -> str:
    r"""``equation*`` with ``tex``, or ``align*`` broken at its first relation when too wide.

    (``equation*`` rather than ``\[...\]``: chktex mistakes ``\[`` for an optional argument.)

    >>> print(display_math("a = b"))
    \begin{equation*} a = b \end{equation*}
    <BLANKLINE>
    """
    if latex_width(tex) <= limit:
        return f"\\begin{{equation*}} {tex} \\end{{equation*}}\n"
    parts = split_relation(tex)
    if parts is None:
        return f"\\begin{{align*}}\n  &{_wrapped(tex, limit)}\n\\end{{align*}}\n"
    lhs, rel, rhs = parts
    return (
        f"\\begin{{align*}}\n{_start_line(lhs, limit)} \\\\\n"
        f"  &{rel} {_wrapped(rhs, limit - 4)}\n\\end{{align*}}\n"
    )


def _assumption_list(assumptions: tuple[str, ...]) -> str:
    if not assumptions:
        return ""
    items = "".join(f"  \\item {latex_text(a) if is_prose(a) else f'${a}$'}\n" for a in assumptions)
    return f"\\begin{{itemize}}\n{items}\\end{{itemize}}\n"


def derivation_document(rec: DerivationRecord) -> str:
    r"""A standalone ``article`` with title, assumptions, the derivation and a trust line.

    >>> from derive.records import DerivationRecord
    >>> doc = derivation_document(DerivationRecord("n", "T", "a = a", (), "a", ()))
    >>> doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    True
    """
    texts = record_texts(rec)
    parts = [
        "\\documentclass[a4paper]{article}\n",
        _PACKAGES,
        macro_definitions(texts),
        "\\allowdisplaybreaks\n\\setlength{\\emergencystretch}{3em}\n",
        f"\\title{{{latex_text(rec.title)}}}\n",
        "\\author{Checked with \\texttt{derive}}\n\\date{}\n",
        "\\begin{document}\n\\maketitle\n\n",
    ]
    if rec.description:
        parts.append(latex_text(rec.description) + "\n\n")
    parts.append("\\paragraph{Claim.}\n" + display_math(rec.conclusion) + "\n")
    if rec.assumptions:
        parts.append("\\paragraph{Assumptions.}\n" + _assumption_list(rec.assumptions) + "\n")
    parts.append("\\paragraph{Derivation.}\n{\\small\n" + align_block(rec) + "}\n\n")
    parts.append(f"\\paragraph{{Trust.}} {_trust_latex(rec)}\n\n")
    parts.append("\\end{document}\n")
    return "".join(parts)


# ------------------------------------------------------------------------------------- beamer


def _frame(title: str, start: str, steps: tuple[StepRecord, ...], footer: str) -> str:
    lines = [_start_line(start, BEAMER_MATH_WIDTH + 4)]
    for step in steps:
        rel = RELATION_LATEX[step.relation]
        after = _wrapped(step.after, BEAMER_MATH_WIDTH)
        lines.append(f"  &{rel} {after} \\tag*{{({step.index})}}")
    reasons = "".join(f"  \\item[({s.index})] {latex_text(_reason(s))}\n" for s in steps)
    body = (
        f"\\begin{{frame}}[t]{{{title}}}\n\\small\n\\begin{{align*}}\n"
        + " \\\\\n".join(lines)
        + "\n\\end{align*}\n"
        + f"\\begin{{itemize}}\\footnotesize\n{reasons}\\end{{itemize}}\n"
    )
    if footer:
        body += f"\\vfill\n{{\\footnotesize {footer}\\par}}\n"
    return body + "\\end{frame}\n"


def _height(tex: str, limit: float) -> float:
    lines = wrap_chunks(tex, limit)
    return sum(1.6 if "\\frac" in line else 1.0 for line in lines)


def frame_groups(rec: DerivationRecord) -> list[tuple[StepRecord, ...]]:
    """Split the steps into frames of at most :data:`STEPS_PER_FRAME` steps that fit a slide.

    Heights are estimated from wrapped lines (fractions are taller) and justification length.
    """
    groups: list[tuple[StepRecord, ...]] = []
    current: list[StepRecord] = []
    used = 0.0
    start = rec.start
    for step in rec.steps:
        h = _height(step.after, BEAMER_MATH_WIDTH) + 0.5 + len(_reason(step)) / 90
        if current and (len(current) == STEPS_PER_FRAME or used + h > FRAME_HEIGHT):
            groups.append(tuple(current))
            current, used = [], 0.0
            start = groups[-1][-1].after
        if not current:
            used = _height(start, BEAMER_MATH_WIDTH + 4)
        current.append(step)
        used += h
    if current:
        groups.append(tuple(current))
    return groups


def derivation_beamer(rec: DerivationRecord) -> str:
    r"""A standalone beamer deck: title, overview, then one frame per group of <= 4 steps.

    Each frame repeats the expression the group starts from, numbers the steps with
    ``\tag*`` and lists their justifications below the equations.

    >>> from derive.records import DerivationRecord
    >>> "\\begin{frame}" in derivation_beamer(DerivationRecord("n", "T", "a", (), "a", ()))
    True
    """
    title = latex_text(rec.title)
    parts = [
        "\\documentclass[11pt]{beamer}\n",
        "\\usepackage{mathtools}\n",
        macro_definitions(record_texts(rec)),
        "\\setbeamertemplate{navigation symbols}{}\n",
        f"\\title{{{title}}}\n\\subtitle{{Checked with \\texttt{{derive}}}}\n\\date{{}}\n",
        "\\begin{document}\n\n",
        "\\begin{frame}[t]\n\\titlepage\n\\end{frame}\n\n",
        f"\\begin{{frame}}[t]{{Overview: {title}}}\n",
        "\\textbf{Claim.}\n{\\small\n"
        + display_math(rec.conclusion, BEAMER_MATH_WIDTH + 4)
        + "}\n",
    ]
    if rec.assumptions:
        parts.append("\\textbf{Assumptions.}\n" + _assumption_list(rec.assumptions))
    parts.append(f"\\medskip\n\\textbf{{Trust.}} {_trust_latex(rec)}\n\\end{{frame}}\n\n")
    groups = frame_groups(rec)
    start = rec.start
    for k, group in enumerate(groups):
        first, last = group[0].index, group[-1].index
        span = f"step {first}" if first == last else f"steps {first}--{last}"
        footer = _trust_latex(rec) if k == len(groups) - 1 else ""
        parts.append(_frame(f"{title} ({span})", start, group, footer) + "\n")
        start = group[-1].after
    parts.append("\\end{document}\n")
    return "".join(parts)


# --------------------------------------------------------------------------------- check report

_MARK = {
    PROVED: "$\\checkmark$",
    NUMERIC_ONLY: "$\\checkmark$*",
    REFUTED: "$\\times$",
    INCONCLUSIVE: "\\mbox{?}",
}


def _claim(step: CheckedStep) -> str:
    return f"${step.lhs} {RELATION_LATEX.get(step.relation, step.relation)} {step.rhs}$"


def counterexample_table(cx: Counterexample) -> str:
    r"""A small ``tabular``: one row per symbol, then both sides' values.

    >>> from derive.records import Counterexample
    >>> print(counterexample_table(Counterexample({"x": 2}, 1.0, 0.5)))
    \begin{tabular}{ll}
    \toprule
    Symbol & Value \\
    \midrule
    $x$ & $2$ \\
    \midrule
    left-hand side & $1$ \\
    right-hand side & $0.5$ \\
    \bottomrule
    \end{tabular}
    <BLANKLINE>
    """
    rows = ["\\begin{tabular}{ll}", "\\toprule", "Symbol & Value \\\\", "\\midrule"]
    for name, value in cx.assignment.items():
        rows.append(f"${name}$ & ${number_latex(value)}$ \\\\")
    rows += [
        "\\midrule",
        f"left-hand side & ${number_latex(cx.lhs)}$ \\\\",
        f"right-hand side & ${number_latex(cx.rhs)}$ \\\\",
        "\\bottomrule",
        "\\end{tabular}",
    ]
    out = "\n".join(rows) + "\n"
    if cx.detail:
        out += "\n" + latex_text(cx.detail) + "\n"
    return out


def check_report_latex(report: CheckReport) -> str:
    r"""A standalone article: verdict, a table of steps, counterexamples and diagnoses.

    Marks: $\checkmark$ proved, $\checkmark$* checked numerically only, $\times$ refuted,
    ``?`` inconclusive.

    >>> from derive.records import CheckReport
    >>> "\\end{document}" in check_report_latex(CheckReport("hw1.txt"))
    True
    """
    report = safe_report(report)  # student math: whitelisted commands only
    texts = report_texts(report)
    verdict = REPORT_LABEL.get(report.verdict, report.verdict)
    parts = [
        "\\documentclass[a4paper]{article}\n",
        _PACKAGES,
        "\\usepackage{array}\n\\usepackage{booktabs}\n",
        macro_definitions(texts),
        "\\begin{document}\n\n",
        f"\\section*{{Check of \\texttt{{{latex_escape(report.file)}}}}}\n\n",
        f"\\textbf{{Verdict: {latex_escape(verdict)}.}}",
    ]
    first = report.first_error
    if first is not None:
        parts.append(f" The first error is step {first.index} (line {first.line}).")
    parts.append("\n\n")
    if report.errors:
        items = "".join(
            f"  \\item Line {e.line}, column {e.column}: {latex_text(e.message)}\n"
            for e in report.errors
        )
        parts.append(
            f"\\paragraph{{Input errors.}}\n\\begin{{itemize}}\n{items}\\end{{itemize}}\n\n"
        )
    if report.steps:
        rows = [
            f"{s.index} & {s.line} & {_MARK.get(s.verdict, '?')} & {_claim(s)} & "
            f"{latex_text(s.reason)} \\\\"
            for s in report.steps
        ]
        parts.append(
            "{\\small\n\\begin{tabular}{@{}r r c >{\\raggedright}p{0.41\\linewidth} "
            ">{\\raggedright\\arraybackslash}p{0.27\\linewidth}@{}}\n"
            "\\toprule\nStep & Line & & Claim & Reason \\\\\n\\midrule\n"
            + "\n".join(rows)
            + "\n\\bottomrule\n\\end{tabular}\\par}\n\n"
            "\\smallskip\n{\\footnotesize $\\checkmark$ proved; $\\checkmark$* checked "
            "numerically only; $\\times$ refuted; \\mbox{?} inconclusive.\\par}\n\n"
        )
    for s in report.steps:
        if s.counterexample is None and s.diagnosis is None:
            continue
        parts.append(
            f"\\subsection*{{Step {s.index} (line {s.line}): "
            f"{latex_escape(VERDICT_LABEL.get(s.verdict, s.verdict))}}}\n\n"
        )
        parts.append(
            display_math(f"{s.lhs} {RELATION_LATEX.get(s.relation, s.relation)} {s.rhs}") + "\n"
        )
        if s.counterexample is not None:
            parts.append(
                "\\paragraph{Counterexample.}\n" + counterexample_table(s.counterexample) + "\n"
            )
        if s.diagnosis is not None:
            parts.append(
                f"\\paragraph{{Diagnosis.}} \\texttt{{{latex_escape(s.diagnosis.code)}}}: "
                f"{latex_text(s.diagnosis.message)}\n\n"
            )
    parts.append("\\end{document}\n")
    return "".join(parts)


def step_evidence_latex(step: StepRecord) -> str:
    r"""One line of text-mode LaTeX describing a step's evidence (used in reports).

    >>> from derive.records import Evidence, StepRecord
    >>> step_evidence_latex(StepRecord(1, "=", "a", "a", "r", "", "proved",
    ...                                Evidence("normal_form", 64, 0.0)))
    'strategy normal\\_form; 64 samples; worst discrepancy 0'
    """
    return latex_escape(evidence_summary(step))


__all__ = [
    "align_block",
    "check_report_latex",
    "counterexample_table",
    "derivation_beamer",
    "derivation_document",
    "derivation_snippet",
    "format_number",
    "latex_width",
    "macro_definitions",
    "step_evidence_latex",
]
