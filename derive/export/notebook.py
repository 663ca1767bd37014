r"""Jupyter representations: ``_repr_latex_`` and ``_repr_mimebundle_`` bodies.

The lead's derivation classes delegate to these (there is deliberately no ``_repr_html_``).

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> rec = DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a", (step,))
>>> print(latex_repr(rec))
$\begin{aligned}
a + a \\
&= 2 a && \text{Collect terms.}
\end{aligned}$
>>> sorted(mimebundle(rec))
['application/json', 'text/latex', 'text/plain']
"""

from __future__ import annotations

from typing import Any

from derive.export._common import (
    VERDICT_LABEL,
    expand_macros,
    latex_escape,
    latex_text,
    trust_summary,
)
from derive.export.safe_math import safe_report
from derive.records import (
    PROVED,
    RELATION_LATEX,
    RELATION_TEXT,
    CheckReport,
    DerivationRecord,
)


def latex_repr(rec: DerivationRecord) -> str:
    r"""``$\begin{aligned} ... \end{aligned}$``: start, then ``&<rel> <after> && \text{why}``.

    Steps that were not proved say so in their justification, e.g. ``[numeric only]``.
    """
    lines = [expand_macros(rec.start)]
    for step in rec.steps:
        why = step.justification.strip()
        if step.verdict != PROVED:
            why = f"{why} [{VERDICT_LABEL.get(step.verdict, step.verdict)}]".strip()
        line = f"&{RELATION_LATEX[step.relation]} {expand_macros(step.after)}"
        if why:
            line += f" && \\text{{{latex_text(why)}}}"
        lines.append(line)
    return "$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$"


def plain_text(rec: DerivationRecord) -> str:
    """A terminal-friendly rendering (LaTeX sources, one step per line, trust line)."""
    out = [rec.title, f"  {rec.start}"]
    for step in rec.steps:
        rel = RELATION_TEXT.get(step.relation, step.relation)
        label = VERDICT_LABEL.get(step.verdict, step.verdict)
        out.append(f"  {rel} {step.after}    [{step.index}. {step.rule}: {label}]")
        if step.justification.strip():
            out.append(f"      {step.justification.strip()}")
    out.append(trust_summary(rec))
    return "\n".join(out)


def mimebundle(rec: DerivationRecord) -> dict[str, Any]:
    """``{"text/latex", "text/plain", "application/json"}`` for ``_repr_mimebundle_``."""
    return {
        "text/latex": latex_repr(rec),
        "text/plain": plain_text(rec),
        "application/json": rec.to_json(),
    }


def report_latex_repr(report: CheckReport) -> str:
    r"""A student report as an ``aligned`` block: ``lhs &rel rhs && \text{line, verdict}``.

    >>> from derive.records import CheckedStep
    >>> r = CheckReport("hw.tex", (CheckedStep(1, 3, "=", "a", "b", "refuted", "wrong"),))
    >>> print(report_latex_repr(r))
    $\begin{aligned}
    a &= b && \text{line 3: refuted}
    \end{aligned}$
    """
    report = safe_report(report)  # student math: whitelisted commands only
    lines = []
    for s in report.steps:
        note = f"line {s.line}: {VERDICT_LABEL.get(s.verdict, s.verdict)}"
        if s.diagnosis:
            note += f" ({s.diagnosis.code})"
        lines.append(f"{s.lhs} &{RELATION_LATEX.get(s.relation, '=')} {s.rhs} "
                     f"&& \\text{{{latex_text(note)}}}")
    if not lines:
        lines = [f"\\text{{{latex_escape(report.file + ': ' + report.verdict)}}}"]
    return "$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$"


def report_mimebundle(report: CheckReport) -> dict[str, Any]:
    """``{"text/latex", "text/plain", "application/json"}`` for a check report."""
    plain = [f"{report.file}: {report.verdict}"] + [
        f"  line {s.line}: step {s.index} {s.verdict}"
        + (f" [{s.diagnosis.code}]" if s.diagnosis else "") for s in report.steps]
    return {"text/latex": report_latex_repr(report), "text/plain": "\n".join(plain),
            "application/json": report.to_json()}


__all__ = ["latex_repr", "mimebundle", "plain_text", "report_latex_repr", "report_mimebundle"]
