r"""Markdown renderings that display on GitHub and in MyST (Sphinx) alike.

Every display formula is its own ``$$`` block with the dollars on their own lines — the form
both GitHub and MyST's ``dollarmath`` render reliably (no ``\\`` line breaks that Markdown could
eat, no custom macros: our optional macros are expanded).  Inline ``$...$`` math in
justifications is kept; the prose around it is Markdown-escaped.

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> md = derivation_markdown(DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a",
...                                           (step,)))
>>> "$$\n= 2 a\n$$" in md
True
"""

from __future__ import annotations

import re

from derive.export._common import (
    REPORT_LABEL,
    expand_macros,
    format_number,
    is_prose,
    name_references,
    readable_name,
    short_reason,
    split_inline_math,
    trust_summary,
)
from derive.export.proof_layout import DEFAULT_OPTIONS, ExportOptions
from derive.export.safe_math import safe_report
from derive.records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    PROVED,
    REFUTED,
    RELATION_LATEX,
    CheckReport,
    Counterexample,
    DerivationRecord,
    StepRecord,
)

#: verdict -> badge text (symbol + words; symbols common fonts have, no emoji)
BADGE: dict[str, str] = {
    PROVED: "✓ proved",
    NUMERIC_ONLY: "⚠ numeric only",
    REFUTED: "✗ refuted",
    INCONCLUSIVE: "? inconclusive",
}

# ``*`` and ``_`` are left alone: authors use ``*emphasis*``, and CommonMark (GitHub, MyST)
# never treats an intraword ``_`` (``optimal_policy``) as emphasis.
_MD_SPECIAL = re.compile(r"([\\`\[\]<>|#])")


def md_escape(text: str) -> str:
    r"""Backslash-escape Markdown specials in prose.

    >>> md_escape("a_b *c* <d>")
    'a_b *c* \\<d\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def md_literal(text: str) -> str:
    r"""Text shown exactly as written: every ASCII punctuation character backslash-escaped.

    >>> md_literal("a_*b*`<c>`")
    'a\\_\\*b\\*\\`\\<c\\>\\`'
    """
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", re.sub(r"\s+", " ", text))


def md_text(text: str) -> str:
    r"""Prose with inline ``$...$`` math: escape the prose, keep the math.

    >>> md_text(r"Use $\log(a/b)$ for a[1].")
    'Use $\\log(a/b)$ for a\\[1\\].'
    """
    return "".join(
        f"${expand_macros(chunk)}$" if is_math else md_escape(chunk)
        for is_math, chunk in split_inline_math(name_references(text))
    )


def display(tex: str) -> str:
    """A ``$$`` block on its own lines (blank line before and after).

    The formula is put on one line, and ``{}`` is prepended when it would start like a
    Markdown list item or quote (``- x`` could otherwise interrupt the block on GitHub).

    >>> display("- a").split()
    ['$$', '{}', '-', 'a', '$$']
    """
    body = " ".join(expand_macros(tex).split())
    if re.match(r"[-+*>#]|\d+[.)]", body):
        body = "{} " + body
    return f"\n$$\n{body}\n$$\n\n"


def _cell_math(tex: str) -> str:
    """Inline math safe inside a Markdown table cell (no bare ``|``)."""
    tex = expand_macros(tex).replace(r"\|", r"\Vert ").replace("|", r"\vert ")
    return f"${tex}$"


def _evidence_line(step: StepRecord) -> str:
    ev = step.evidence
    parts = [f"strategy `{ev.strategy}`" if ev.strategy else "no symbolic strategy"]
    parts.append(f"{ev.samples} samples")
    if ev.max_discrepancy is not None:
        parts.append(f"worst discrepancy {format_number(ev.max_discrepancy)}")
    return "; ".join(parts)


def counterexample_markdown(cx: Counterexample) -> str:
    """A two-column table of the counterexample's values, then both sides.

    >>> from derive.records import Counterexample
    >>> print(counterexample_markdown(Counterexample({"x": 2}, 1.0, 0.5)).strip())
    | symbol | value |
    |---|---|
    | $x$ | $2$ |
    | left-hand side | $1$ |
    | right-hand side | $0.5$ |
    """
    rows = ["| symbol | value |", "|---|---|"]
    rows += [f"| {_cell_math(k)} | ${format_number(v)}$ |" for k, v in cx.assignment.items()]
    rows.append(f"| left-hand side | ${format_number(cx.lhs)}$ |")
    rows.append(f"| right-hand side | ${format_number(cx.rhs)}$ |")
    out = "\n".join(rows) + "\n"
    if cx.detail:
        out += "\n" + md_text(cx.detail) + "\n"
    return out + "\n"


def derivation_markdown(rec: DerivationRecord, options: ExportOptions = DEFAULT_OPTIONS, *,
                        heading_level: int = 1) -> str:
    """The derivation as Markdown: claim, assumptions, one ``$$`` per step, a trust line.

    ``options`` choose the justifications (``full``/``short``/``none``; footnote and margin
    notes are set in full) and the notation map."""
    h = "#" * heading_level
    fix = options.notation.apply
    mode = options.justifications
    out = [f"{h} {md_text(rec.title)}\n\n"]
    if rec.description:
        out.append(md_text(rec.description) + "\n\n")
    out.append(f"**Claim.**\n{display(fix(rec.conclusion))}")
    if rec.assumptions:
        out.append(
            "**Assumptions:**\n\n"
            + "".join(
                f"- {md_text(a) if is_prose(a) else f'${expand_macros(a)}$'}\n"
                for a in rec.assumptions
            )
        )
        out.append("\n")
    out.append(f"**Derivation** (overall: {BADGE.get(rec.verdict, rec.verdict)}).\n")
    out.append(display(fix(rec.start)))
    for step in rec.steps:
        rel = RELATION_LATEX[step.relation]
        out.append(display(f"{rel} {fix(step.after)}").lstrip("\n"))
        line = (f"**Step {step.index}** · *{readable_name(step.rule)}* · "
                f"{BADGE.get(step.verdict, step.verdict)}")
        reason = "" if mode == "none" else step.justification.strip() if mode != "short" \
            else short_reason(step.rule, step.justification)
        if reason:
            line += f" — {md_text(reason)}"
        out.append(line + "\n")
        if step.verdict != PROVED:
            out.append(f"<br>*Evidence:* {md_escape(_evidence_line(step))}\n")
        out.append("\n")
    out.append(f"> **Trust.** {md_text(trust_summary(rec))}\n")
    return "".join(out)


def check_report_markdown(report: CheckReport) -> str:
    """A student submission's judgement: verdict, each step, counterexample and diagnosis.

    Student math is whitelisted (:func:`~derive.export.safe_math.safe_report`, with ``<``
    and ``>`` as ``\\lt``/``\\gt``), prose and the file name are escaped: no live HTML.

    >>> print(check_report_markdown(CheckReport("a`<b>.md")).splitlines()[0])
    # Check of a\\`\\<b\\>\\.md
    """
    report = safe_report(report, web=True)
    verdict = REPORT_LABEL.get(report.verdict, report.verdict)
    out = [f"# Check of {md_literal(report.file)}\n\n**Verdict: {verdict}.**"]
    first = report.first_error
    if first is not None:
        out.append(f" The first error is step {first.index} (line {first.line}).")
    out.append("\n\n")
    if report.errors:
        out.append("## Input errors\n\n")
        out += [
            f"- line {e.line}, column {e.column}: {md_escape(e.message)}\n" for e in report.errors
        ]
        out.append("\n")
    for s in report.steps:
        rel = RELATION_LATEX.get(s.relation, s.relation)
        out.append(f"## Step {s.index} (line {s.line}) — {BADGE.get(s.verdict, s.verdict)}\n")
        out.append(display(f"{s.lhs} {rel} {s.rhs}"))
        if s.reason:
            out.append(md_text(s.reason) + "\n\n")
        if s.counterexample is not None:
            out.append("**Counterexample**\n\n" + counterexample_markdown(s.counterexample))
        if s.diagnosis is not None:
            out.append(f"**Diagnosis** (`{s.diagnosis.code}`): {md_text(s.diagnosis.message)}\n\n")
    return "".join(out)


__all__ = [
    "BADGE",
    "check_report_markdown",
    "counterexample_markdown",
    "derivation_markdown",
    "md_escape",
    "md_text",
]
