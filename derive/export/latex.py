r"""LaTeX renderings of derivations and check reports.

* :func:`derivation_document` — a standalone 11pt ``article`` (amsmath, amssymb);
* :func:`derivation_snippet` — the macros it needs plus the ``align*`` block, to paste into notes;
* :func:`check_report_latex` — a standalone article judging a student submission.

(Beamer frames and decks are in :mod:`derive.export.beamer`.)  The derivation reads like a
calculational proof laid out by :mod:`derive.export.proof_layout`: the start expression, then
one row per step, its reason in small type under it (or as the options say).

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> rec = DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a", (step,))
>>> print(derivation_snippet(rec))
% Doubling -- checked by derive: The single step was proved symbolically.
% Needs amsmath.
\begingroup\allowdisplaybreaks
\begin{align*}
  &a + a \\
  &= 2 a \\*[-0.6ex]
  &\qquad \text{\footnotesize Collect terms.}
\end{align*}
\endgroup
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
    trust_summary,
    used_macros,
)
from derive.export._wrap import break_lines, latex_width, split_relation
from derive.export.proof_layout import (
    ARTICLE,
    DEFAULT_OPTIONS,
    ExportOptions,
    mark_broken_pairs,
    proof_align,
)
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

_PACKAGES = "\\usepackage{amsmath}\n\\usepackage{amssymb}\n"


def macro_definitions(texts: list[str]) -> str:
    r"""``\providecommand`` lines for the optional macros used in ``texts`` (may be empty).

    >>> macro_definitions([r"\argmax_{\pi} f"])
    '\\providecommand{\\argmax}{\\operatorname*{arg\\,max}}\n'
    """
    return "".join(
        f"\\providecommand{{\\{name}}}{{{MACROS[name]}}}\n" for name in used_macros(texts)
    )


def align_block(rec: DerivationRecord, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    r"""The derivation as one ``align*`` (``align`` when numbered), in a group that allows
    page breaks between steps (``\allowdisplaybreaks``); see :mod:`~derive.export.proof_layout`.
    """
    return "\\begingroup\\allowdisplaybreaks\n" + proof_align(rec, options, ARTICLE) + \
        "\\endgroup\n"


def snippet_needs(block: str) -> str:
    """The packages a block needs, as a comment line for the person pasting it."""
    extra = [pkg for pkg, used in (("amssymb", "\\mathbb" in block),
                                   ("graphicx", "\\resizebox" in block)) if used]
    return "% Needs amsmath" + "".join(f", {p}" for p in extra) + ".\n"


def derivation_snippet(rec: DerivationRecord, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    r"""The block plus the ``\providecommand`` lines it needs, for pasting into notes.

    Needs ``amsmath`` only (``amssymb`` for ``\mathbb``; ``graphicx`` when a step had to be
    scaled); the first comment line says which.
    """
    block = align_block(rec, options)
    head = (
        f"% {' '.join(rec.title.split())} -- checked by derive: {trust_summary(rec)}\n"
        + snippet_needs(block)
    )
    return head + macro_definitions(record_texts(rec)) + block


def display_math(tex: str, limit: float = ARTICLE.math_units) -> str:
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
        rows = break_lines(tex, limit)
        return mark_broken_pairs(
            "\\begin{align*}\n  &" + " \\\\\n  &\\qquad ".join(rows) + "\n\\end{align*}\n")
    lhs, rel, rhs = parts
    rows = [f"&{line}" for line in break_lines(lhs, limit)]
    rhs_rows = break_lines(rhs, limit - 4)
    rows.append(f"&{rel} {rhs_rows[0]}")
    rows += [f"&\\qquad {line}" for line in rhs_rows[1:]]
    return mark_broken_pairs("\\begin{align*}\n  " + " \\\\\n  ".join(rows) + "\n\\end{align*}\n")


def _assumption_list(assumptions: tuple[str, ...]) -> str:
    if not assumptions:
        return ""
    items = "".join(f"  \\item {latex_text(a) if is_prose(a) else f'${a}$'}\n" for a in assumptions)
    return f"\\begin{{itemize}}\n{items}\\end{{itemize}}\n"


def derivation_document(rec: DerivationRecord, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    r"""A standalone ``article`` with title, assumptions, the derivation and a trust line.

    >>> from derive.records import DerivationRecord
    >>> doc = derivation_document(DerivationRecord("n", "T", "a = a", (), "a", ()))
    >>> doc.startswith("\\documentclass") and doc.rstrip().endswith("\\end{document}")
    True
    """
    texts = record_texts(rec)
    block = align_block(rec, options)
    parts = [
        "\\documentclass[a4paper,11pt]{article}\n",
        _PACKAGES,
        macro_definitions(texts),
        "\\usepackage{graphicx}\n" if "\\resizebox" in block else "",
        "\\setlength{\\emergencystretch}{3em}\n",
        f"\\title{{{latex_text(rec.title)}}}\n",
        "\\author{Checked with \\texttt{derive}}\n\\date{}\n",
        "\\begin{document}\n\\maketitle\n\n",
    ]
    if rec.description:
        parts.append(latex_text(rec.description) + "\n\n")
    parts.append("\\paragraph{Claim.}\n" + display_math(rec.conclusion) + "\n")
    if rec.assumptions:
        parts.append("\\paragraph{Assumptions.}\n" + _assumption_list(rec.assumptions) + "\n")
    parts.append("\\paragraph{Derivation.}\n" + block + "\n")
    parts.append(f"\\paragraph{{Trust.}} {latex_escape(trust_summary(rec))}\n\n")
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
    "derivation_document",
    "derivation_snippet",
    "format_number",
    "latex_width",
    "macro_definitions",
    "step_evidence_latex",
]
