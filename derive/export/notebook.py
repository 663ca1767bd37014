r"""Jupyter representations: ``_repr_latex_`` and ``_repr_mimebundle_`` bodies.

The LaTeX uses only what MathJax 2/3 and KaTeX all support: justifications are ``\text{}``
pieces joined with math (never ``$`` inside ``\text{}``, no ``\MoveEqLeft``, ``\parbox``,
``\_`` or ``\ `` in text).  Every bundle also has ``text/markdown`` and a plain ``text/html``
table (no KaTeX; math as ``\(...\)`` for front ends that typeset HTML).

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
['application/json', 'text/html', 'text/latex', 'text/markdown', 'text/plain']
"""

from __future__ import annotations

import html
import re
from typing import Any

from derive.export._common import (
    VERDICT_LABEL,
    _unicode_to_latex,
    expand_macros,
    split_inline_math,
    trust_summary,
)
from derive.export.markdown import md_escape, md_text
from derive.export.safe_math import safe_report
from derive.records import (
    PROVED,
    RELATION_LATEX,
    RELATION_TEXT,
    CheckReport,
    DerivationRecord,
    StepRecord,
)

#: characters that cannot stand in ``\text{}`` under every renderer -> math-mode stand-ins
_TEXT_SPECIALS = {"_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "{": r"\{", "}": r"\}",
                  "\\": r"\backslash ", "^": r"\wedge ", "~": r"\sim ", "$": r"\$",
                  "<": "<", ">": ">", "|": r"\vert "}


def _special(ch: str) -> str | None:
    """The math-mode stand-in for a character that cannot go in ``\\text{}`` (pdflatex
    cannot typeset ``β`` or ``≤`` in text mode either)."""
    if ch in _TEXT_SPECIALS:
        return _TEXT_SPECIALS[ch]
    if ord(ch) > 127:
        tex = _unicode_to_latex(ch)
        if tex and tex.startswith("$"):
            return tex.strip("$") + " "
    return None


def literal_dollars(text: str) -> str:
    r"""``text`` with every ``$`` literal, so :func:`math_text` reads none of it as math (file
    names and messages may quote what a student typed).

    >>> literal_dollars("a$b$.tex")
    'a\\$b\\$.tex'
    """
    return text.replace("$", "\\$")


def math_text(text: str) -> str:
    r"""Prose with inline ``$...$`` math as *math-mode* LaTeX: ``\text{}`` pieces joined with
    the math, so nothing in a ``\text{}`` needs a renderer's text-mode macros.

    >>> print(math_text("Divide by $e^{r}>0$ (see sign_error)"))
    \text{Divide by }e^{r}>0\text{ (see sign}\_\text{error)}
    >>> math_text("")
    ''
    """
    out: list[str] = []
    for is_math, chunk in split_inline_math(text):
        if is_math:
            out.append(expand_macros(chunk))
            continue
        chunk = re.sub(r"\*(\S(?:[^*]*\S)?)\*", r"\1", chunk)  # *emphasis* -> plain
        buf = ""
        for ch in chunk:
            special = _special(ch)
            if special is not None:
                if buf:
                    out.append(f"\\text{{{buf}}}")
                    buf = ""
                out.append(special)
            else:
                buf += " " if ch in "\n\t\r" else ch
        if buf:
            out.append(f"\\text{{{buf}}}")
    return "".join(out)


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
            line += f" && {math_text(why)}"
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


def _md_plain(text: str) -> str:
    r"""User text (file names, messages quoting a submission) as inert Markdown.

    >>> _md_plain("a_b *c* $x$ <d>")
    'a\\_b \\*c\\* \\$x\\$ \\<d\\>'
    """
    return re.sub(r"([*_$])", r"\\\1", md_escape(text))


def _html_math(tex: str) -> str:
    return f"\\({html.escape(expand_macros(tex))}\\)" if tex else ""


def _html_prose(text: str) -> str:
    return "".join(_html_math(chunk) if is_math else html.escape(chunk)
                   for is_math, chunk in split_inline_math(text))


def html_repr(rec: DerivationRecord) -> str:
    """A plain HTML table of the derivation (no KaTeX; math as ``\\(...\\)``, escaped).

    >>> from derive.records import Evidence
    >>> s = StepRecord(1, "=", "a", "b", "r", "because <a> & $x_1$", "proved", Evidence())
    >>> page = html_repr(DerivationRecord("n", "T", "", (), "a", (s,)))
    >>> "because &lt;a&gt; &amp; " + chr(92) + "(x_1" + chr(92) + ")" in page
    True
    """
    rows = [f"<tr><td></td><td></td><td>{_html_math(rec.start)}</td><td></td><td></td></tr>"]
    for st in rec.steps:
        rows.append(_step_row(st))
    return (f"<div class=\"derive-derivation\"><p><strong>{html.escape(rec.title)}</strong></p>"
            "<table><thead><tr><th>#</th><th></th><th>expression</th><th>why</th>"
            "<th>verdict</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"<p>{html.escape(trust_summary(rec))}</p></div>")


def _step_row(st: StepRecord) -> str:
    rel = RELATION_LATEX.get(st.relation, st.relation)
    return (f"<tr><td>{st.index}</td><td>{_html_math(rel)}</td><td>{_html_math(st.after)}</td>"
            f"<td>{_html_prose(st.justification)}</td>"
            f"<td>{html.escape(VERDICT_LABEL.get(st.verdict, st.verdict))}</td></tr>")


def markdown_repr(rec: DerivationRecord) -> str:
    """Markdown: the chain as one ``$$\\begin{aligned}`` display, then the justifications."""
    lines = [f"**{_md_plain(rec.title)}**", "", "$$", latex_repr(rec)[1:-1], "$$", ""]
    for st in rec.steps:
        label = VERDICT_LABEL.get(st.verdict, st.verdict)
        lines.append(f"{st.index}. `{st.rule}` ({label}): {md_text(st.justification.strip())}")
    lines += ["", trust_summary(rec)]
    return "\n".join(lines)


def mimebundle(rec: DerivationRecord) -> dict[str, Any]:
    """Every view of a derivation for ``_repr_mimebundle_``."""
    return {
        "text/latex": latex_repr(rec),
        "text/markdown": markdown_repr(rec),
        "text/html": html_repr(rec),
        "text/plain": plain_text(rec),
        "application/json": rec.to_json(),
    }


def step_mimebundle(step: StepRecord) -> dict[str, Any]:
    """One step record: ``&rel after \\text{why}``, a one-row table, and its JSON."""
    rel = RELATION_LATEX.get(step.relation, step.relation)
    why = math_text(step.justification.strip())
    latex = (f"$\\begin{{aligned}}{expand_macros(step.before)} &{rel} "
             f"{expand_macros(step.after)}" + (f" && {why}" if why else "") + "\\end{aligned}$")
    return {"text/latex": latex,
            "text/html": "<table><tbody>" + _step_row(step) + "</tbody></table>",
            "text/plain": f"{step.index}. {step.before} {RELATION_TEXT.get(step.relation, '=')} "
                          f"{step.after}  [{step.rule}: "
                          f"{VERDICT_LABEL.get(step.verdict, step.verdict)}]",
            "application/json": step.to_json()}


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
                     f"&& {math_text(note)}")
    for e in report.errors:  # an invalid report says why, with line:column
        lines.append(f"& {math_text(literal_dollars(f'line {e.line}:{e.column}: {e.message}'))}")
    if not lines:
        lines = [math_text(literal_dollars(report.file + ": " + report.verdict))]
    return "$\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}$"


def report_mimebundle(report: CheckReport) -> dict[str, Any]:
    """Every view of a check report; input errors and warnings with line:column."""
    plain = [f"{report.file}: {report.verdict}"] + [
        f"  line {s.line}: step {s.index} {s.verdict}"
        + (f" [{s.diagnosis.code}]" if s.diagnosis else "") for s in report.steps]
    plain += [f"  line {e.line}:{e.column}: {e.message}" for e in report.errors]
    plain += [f"  line {w.line}:{w.column}: warning: {w.message}" for w in report.warnings]
    rows = [f"<tr><td>{s.line}</td><td>{_html_math(s.lhs)}</td>"
            f"<td>{_html_math(RELATION_LATEX.get(s.relation, '='))}</td>"
            f"<td>{_html_math(s.rhs)}</td><td>{html.escape(s.verdict)}"
            + (f" ({html.escape(s.diagnosis.code)})" if s.diagnosis else "") + "</td></tr>"
            for s in report.steps]
    rows += [f"<tr><td>{e.line}:{e.column}</td><td colspan=\"4\">{html.escape(e.message)}</td></tr>"
             for e in (*report.errors, *report.warnings)]
    table = (f"<div class=\"derive-report\"><p><strong>{html.escape(report.file)}</strong>: "
             f"{html.escape(report.verdict)}</p><table><tbody>{''.join(rows)}</tbody></table></div>")
    md = [f"**{_md_plain(report.file)}**: {report.verdict}", ""]
    if report.steps:
        md += ["$$", report_latex_repr(report)[1:-1], "$$", ""]
    md += [f"- line {e.line}:{e.column}: {_md_plain(e.message)}" for e in report.errors]
    md += [f"- line {w.line}:{w.column}: warning: {_md_plain(w.message)}"
           for w in report.warnings]
    return {"text/latex": report_latex_repr(report), "text/markdown": "\n".join(md),
            "text/html": table, "text/plain": "\n".join(plain),
            "application/json": report.to_json()}


def register_formatters(ipython: Any = None) -> bool:
    """Rich display for the plain records (``DerivationRecord``, ``StepRecord``,
    ``CheckReport``) in IPython, which the records themselves do not know about.

    Called by ``%load_ext derive`` and when derive is imported inside IPython; returns
    whether an IPython shell was found.
    """
    if ipython is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        ipython = get_ipython()
    if ipython is None:
        return False
    views = {DerivationRecord: mimebundle, StepRecord: step_mimebundle,
             CheckReport: report_mimebundle}
    formatters = ipython.display_formatter.formatters
    for cls, bundle in views.items():
        for mime in ("text/latex", "text/markdown", "text/html"):
            if mime in formatters:
                formatters[mime].for_type(cls, lambda obj, b=bundle, m=mime: b(obj)[m])
        formatters["text/plain"].for_type(
            cls, lambda obj, p, cycle, b=bundle: p.text(b(obj)["text/plain"]))
    return True


__all__ = ["latex_repr", "mimebundle", "plain_text", "report_latex_repr", "report_mimebundle",
           "math_text", "html_repr", "markdown_repr", "step_mimebundle", "register_formatters"]
