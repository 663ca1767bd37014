r"""Self-contained HTML pages whose math renders offline.

KaTeX (vendored under ``assets/katex``, MIT licence) is inlined into every page: the JS as a
``<script>``, the CSS with its woff2 fonts as base64 ``data:`` URLs.  Viewing a page makes no
network request.  Math is marked up as ``<span class="math">TeX</span>`` (``display`` for
display style) and typeset by a small script with ``katex.render``; prose with ``$...$`` is
split in Python, so the page does not depend on auto-render's delimiter heuristics.

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> page = derivation_html(DerivationRecord("d", "Doubling", "a + a = 2 a", (), "a + a", (step,)))
>>> page.startswith("<!DOCTYPE html>") and 'id="step-1"' in page and "https://" not in page
True
"""

from __future__ import annotations

import base64
import functools
import html
import json
import re
from importlib import resources

from derive.export._common import (
    EMPHASIS,
    REPORT_LABEL,
    STRONG,
    VERDICT_LABEL,
    expand_macros,
    format_number,
    is_prose,
    name_references,
    readable_name,
    split_inline_math,
    trust_summary,
)
from derive.export._wrap import break_lines
from derive.export.proof_layout import DEFAULT_OPTIONS, ExportOptions, step_reason
from derive.export.safe_math import safe_report
from derive.records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    REFUTED,
    RELATION_LATEX,
    CheckedStep,
    CheckReport,
    Counterexample,
    DerivationRecord,
    StepRecord,
)

KATEX_VERSION = "0.19.1"

_RENDER_JS = """
(function () {
  var macros = JSON.parse(document.getElementById("derive-macros").textContent);
  document.querySelectorAll("span.math, div.math").forEach(function (el) {
    katex.render(el.textContent, el, {
      displayMode: el.classList.contains("display"),
      throwOnError: false,
      macros: macros,
      output: "htmlAndMathml"
    });
  });
  function fit() {
    document.querySelectorAll(".katex-display").forEach(function (el) {
      el.style.fontSize = "";
      // scale to the column and measure again (rounding); KaTeX's empty 2px struts
      // (.vlist-s) do not scale, so two pixels over are nothing visible
      for (var k = 0, pct = 100; k < 6 && el.scrollWidth > el.clientWidth + 2; k++) {
        pct = Math.floor(pct * el.clientWidth / el.scrollWidth) - (k ? 1 : 0);
        el.style.fontSize = pct + "%";
      }
    });
  }
  fit();
  // the inlined fonts load asynchronously: measure again with the real glyphs
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fit); }
  window.addEventListener("load", fit);
  setTimeout(fit, 300);
  window.addEventListener("resize", fit);
  document.documentElement.setAttribute("data-math", "rendered");
})();
"""
#: display math wider than this (:func:`latex_width` units) is broken into rows
HTML_MATH_UNITS = 52.0


def _asset(*parts: str) -> bytes:
    return resources.files("derive.export").joinpath("assets", *parts).read_bytes()


@functools.lru_cache(maxsize=1)
def katex_css_inline() -> str:
    """KaTeX's CSS with every ``@font-face`` pointing at an inlined woff2 ``data:`` URL."""
    css = _asset("katex", "katex.min.css").decode("utf-8")

    def font(match: re.Match[str]) -> str:
        data = base64.b64encode(_asset("katex", "fonts", match.group(1) + ".woff2")).decode()
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    css, n = re.subn(r'src:url\(fonts/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*', font, css)
    if n == 0 or "url(fonts/" in css:
        raise RuntimeError("unexpected katex.min.css layout: fonts not inlined")
    return css


@functools.lru_cache(maxsize=1)
def _head_assets() -> tuple[str, str, str]:
    js = _asset("katex", "katex.min.js").decode("utf-8")
    own_css = _asset("derive.css").decode("utf-8")
    return katex_css_inline(), own_css, js


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def math(tex: str, display: bool = False) -> str:
    """Markup for one formula (typeset in the browser by KaTeX)."""
    tag = "div" if display else "span"
    cls = "math display" if display else "math"
    return f'<{tag} class="{cls}">{_e(expand_macros(tex))}</{tag}>'


def prose(text: str) -> str:
    r"""Escaped prose with inline ``$...$`` turned into math spans.

    >>> prose(r"if $a<b$ & c")
    'if <span class="math">a&lt;b</span> &amp; c'
    """
    return "".join(
        math(chunk) if is_math
        else EMPHASIS.sub(r"<em>\1</em>", STRONG.sub(r"<strong>\1</strong>", _e(chunk)))
        for is_math, chunk in split_inline_math(name_references(text))
    )


def _plain(text: str) -> str:
    """Text for ``<title>``: inline math kept as its source, without the dollars."""
    return _e(" ".join(chunk for _, chunk in split_inline_math(text)))


def badge(verdict: str, label: str | None = None) -> str:
    text = label or VERDICT_LABEL.get(verdict, REPORT_LABEL.get(verdict, verdict))
    return f'<span class="badge {_e(verdict)}">{_e(text)}</span>'


def page(title: str, body: str, macros: dict[str, str] | None = None) -> str:
    """Wrap ``body`` in a complete HTML document with KaTeX and our stylesheet inlined.

    ``macros`` (name -> body, e.g. a lecturer's ``\\KL``) are handed to KaTeX as data."""
    katex_css, own_css, katex_js = _head_assets()
    data = json.dumps(macros or {}).replace("<", "\\u003c")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="derive">\n'
        f"<title>{title}</title>\n<style>{katex_css}</style>\n<style>{own_css}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n"
        "<footer>Generated by <code>derive</code>. Math typeset offline with KaTeX "
        f"{KATEX_VERSION} (MIT licence), inlined in this file.</footer>\n</main>\n"
        f'<script type="application/json" id="derive-macros">{data}</script>\n'
        f"<script>{katex_js}</script>\n<script>{_RENDER_JS}</script>\n</body>\n</html>\n"
    )


def counterexample_table(cx: Counterexample) -> str:
    """The counterexample as a small table: symbols, values, then both sides."""
    rows = "".join(
        f"<tr><td>{math(name)}</td><td>{math(format_number(value))}</td></tr>"
        for name, value in cx.assignment.items()
    )
    rows += f"<tr><th>left-hand side</th><td>{math(format_number(cx.lhs))}</td></tr>"
    rows += f"<tr><th>right-hand side</th><td>{math(format_number(cx.rhs))}</td></tr>"
    out = (
        '<table class="counterexample"><thead><tr><th>symbol</th><th>value</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    if cx.detail:
        out += f'<p class="detail">{prose(cx.detail)}</p>'
    return out


def side_condition(text: str) -> str:
    r"""A side condition as the rules state it: a sentence (set as text, so it wraps) or a
    formula (set as math).

    >>> side_condition("every factor inside the logarithm is positive")
    'every factor inside the logarithm is positive'
    >>> side_condition(r"Z(x) > 0")
    '<span class="math">Z(x) &gt; 0</span>'
    """
    if is_prose(text) or re.fullmatch(r"[A-Za-z][A-Za-z ,;:'()\-]*\s[A-Za-z ,;:'()\-]*", text):
        return prose(text)
    return math(text)


def _evidence(step: StepRecord) -> str:
    ev = step.evidence
    items = [
        ("strategy", f"<code>{_e(ev.strategy)}</code>" if ev.strategy else "none succeeded"),
        ("samples", str(ev.samples)),
    ]
    if ev.max_discrepancy is not None:
        items.append(("worst discrepancy", _e(format_number(ev.max_discrepancy))))
    if ev.side_conditions:
        items.append(("side conditions", "; ".join(side_condition(c)
                                                   for c in ev.side_conditions)))
    if ev.seconds:
        items.append(("time", f"{ev.seconds:.2f} s"))
    items += [("note", prose(n)) for n in ev.notes]
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items)
    out = f'<dl class="evidence">{body}</dl>'
    if ev.counterexample is not None:
        out += counterexample_table(ev.counterexample)
    opened = " open" if step.verdict in (NUMERIC_ONLY, REFUTED, INCONCLUSIVE) else ""
    return f'<details class="evidence"{opened}><summary>Evidence</summary>{out}</details>'


def display_rows(tex: str, units: float = HTML_MATH_UNITS) -> str:
    r"""``tex`` broken into ``aligned`` rows when wider than ``units`` (KaTeX-safe).

    >>> display_rows("a + b", 2)
    '\\begin{aligned}&a \\\\ &\\qquad + b\\end{aligned}'
    """
    rows = break_lines(tex, units)
    if len(rows) == 1:
        return tex
    return "\\begin{aligned}&" + " \\\\ &\\qquad ".join(rows) + "\\end{aligned}"


def _step_item(step: StepRecord, opts: ExportOptions = DEFAULT_OPTIONS) -> str:
    rel = RELATION_LATEX[step.relation]
    mode = opts.justifications
    reason = "" if mode == "none" else step_reason(step, short=mode in ("short", "margin"))
    why = f'<p class="justification">{prose(reason)}</p>' if reason else ""
    after = display_rows(f"{rel} {opts.notation.apply(step.after)}")
    return (
        f'<li class="step {_e(step.verdict)}" id="step-{step.index}" data-step="{step.index}">'
        f'<div class="expr">{math(after, display=True)}</div>'
        f'<div class="why"><div class="head"><span class="num">{step.index}</span>'
        f'<span class="rule">{_e(readable_name(step.rule))}</span>{badge(step.verdict)}</div>'
        f"{why}{_evidence(step)}</div></li>"
    )


def _katex_macros(opts: ExportOptions) -> dict[str, str]:
    return {new: old for old, new in opts.notation.pairs if re.fullmatch(r"\\[A-Za-z]+", new)}


def derivation_html(rec: DerivationRecord, options: ExportOptions = DEFAULT_OPTIONS) -> str:
    """A standalone page: claim, assumptions, the step chain with evidence, a trust note.

    Long steps are broken into rows; what is still too wide is scaled to the column in the
    browser, so no display needs a scrollbar."""
    fix = options.notation.apply
    parts = [
        f'<header><h1>{prose(rec.title)}</h1><p class="meta">Checked derivation'
        f" · overall {badge(rec.verdict)}</p></header>"
    ]
    if rec.description:
        parts.append(f"<p>{prose(rec.description)}</p>")
    parts.append(f'<h2>Claim</h2><div class="claim">'
                 f"{math(display_rows(fix(rec.conclusion)), display=True)}</div>")
    if rec.assumptions:
        items = "".join(f"<li>{prose(a) if is_prose(a) else math(a)}</li>" for a in rec.assumptions)
        parts.append(f'<h2>Assumptions</h2><ul class="assumptions">{items}</ul>')
    steps = "".join(_step_item(s, options) for s in rec.steps)
    parts.append(
        '<h2>Derivation</h2><ol class="chain">'
        f'<li class="start"><div class="expr">{math(display_rows(fix(rec.start)), display=True)}'
        f"</div></li>{steps}</ol>"
    )
    tone = {NUMERIC_ONLY: " warn", INCONCLUSIVE: " warn", REFUTED: " bad"}.get(rec.verdict, "")
    parts.append(f'<p class="trust{tone}"><strong>Trust.</strong> {prose(trust_summary(rec))}</p>')
    return page(_plain(rec.title), "\n".join(parts), _katex_macros(options))


def _report_row(s: CheckedStep) -> str:
    rel = RELATION_LATEX.get(s.relation, s.relation)
    return (
        f'<tr id="step-{s.index}" data-step="{s.index}"><td>{s.index}</td><td>{s.line}</td>'
        f'<td>{badge(s.verdict)}</td><td class="claim">{math(f"{s.lhs} {rel} {s.rhs}")}</td>'
        f"<td>{prose(s.reason)}</td></tr>"
    )


def check_report_html(report: CheckReport) -> str:
    """A standalone page judging a student submission, step by step.

    Every piece of student math goes through :func:`~derive.export.safe_math.safe_report`
    (a whitelist of math commands) and every piece of text through HTML escaping.
    """
    report = safe_report(report, web=True)
    first = report.first_error
    lead = f" The first error is step {first.index} (line {first.line})." if first else ""
    parts = [
        f"<header><h1>Check of <code>{_e(report.file)}</code></h1>"
        f'<p class="meta">Verdict {badge(report.verdict)}{_e(lead)}</p></header>'
    ]
    if report.errors:
        items = "".join(
            f"<li>line {e.line}, column {e.column}: <code>{_e(e.message)}</code></li>"
            for e in report.errors
        )
        parts.append(f'<h2>Input errors</h2><ul class="errors">{items}</ul>')
    if report.steps:
        rows = "".join(_report_row(s) for s in report.steps)
        parts.append(
            '<h2>Steps</h2><table class="steps"><thead><tr><th>step</th><th>line</th>'
            f"<th>verdict</th><th>claim</th><th>reason</th></tr></thead><tbody>{rows}</tbody>"
            "</table>"
        )
    for s in report.steps:
        if s.counterexample is None and s.diagnosis is None:
            continue
        rel = RELATION_LATEX.get(s.relation, s.relation)
        section = [
            f"<h2>Step {s.index} (line {s.line}) {badge(s.verdict)}</h2>",
            math(f"{s.lhs} {rel} {s.rhs}", display=True),
        ]
        if s.counterexample is not None:
            section.append("<h3>Counterexample</h3>" + counterexample_table(s.counterexample))
        if s.diagnosis is not None:
            section.append(
                f'<p class="diagnosis"><strong>Diagnosis</strong> '
                f"<code>{_e(s.diagnosis.code)}</code>: {prose(s.diagnosis.message)}</p>"
            )
        parts.append(f'<section class="detail" id="detail-{s.index}">{"".join(section)}</section>')
    return page(f"Check of {_e(report.file)}", "\n".join(parts))


__all__ = [
    "KATEX_VERSION",
    "badge",
    "check_report_html",
    "counterexample_table",
    "derivation_html",
    "katex_css_inline",
    "math",
    "page",
    "prose",
]
