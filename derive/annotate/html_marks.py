r"""Markdown lecture notes as one HTML page with a mark beside every checked display.

The page is built from the lecturer's Markdown by a small, strict renderer: headings
(``#``), paragraphs, list items, block quotes and fenced code; inline ``$…$``, display
``$$…$$``, ``\[…\]`` and ``\begin{align}…`` math typeset offline by KaTeX (the lecturer's
``\newcommand`` macros are handed to KaTeX as data).  Every character of the lecturer's text
is HTML-escaped; no raw HTML passes through.  A summary table is at the top; each checked
display sits beside its mark (``✓ [n] proved``, ``≈`` numeric only, ``✗`` refuted with the
counterexample and diagnosis below it, ``?`` unsupported).

>>> page = annotated_html("Notes <b>\n\n$$\\sigma(-z) = 1 - \\sigma(z)$$\n")
>>> "✓ [1] proved" in page and "&lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

import html
import re

from ..export._common import EMPHASIS, STRONG, format_number, split_inline_math
from ..export.html import badge, math, page, prose
from ..export.safe_math import safe_report
from ..records import INCONCLUSIVE, NUMERIC_ONLY, PROVED, REFUTED, RELATION_LATEX, CheckReport
from .displays import UNSUPPORTED, AnnotatedDocument, Display, checked_displays, find_displays

__all__ = ["annotated_html", "GLYPH", "ANNOTATE_CSS"]

GLYPH = {PROVED: "✓", NUMERIC_ONLY: "≈", REFUTED: "✗", INCONCLUSIVE: "?", UNSUPPORTED: "?"}
WORD = {PROVED: "proved", NUMERIC_ONLY: "numeric only", REFUTED: "refuted",
        INCONCLUSIVE: "inconclusive", UNSUPPORTED: "unsupported"}

ANNOTATE_CSS = """
.annotated { display: flex; align-items: flex-start; gap: 1rem; max-width: 100%; }
.annotated > .math.display { flex: 1 1 auto; min-width: 0; overflow-x: hidden; }
.annotated > .mark { flex: 0 0 7.5rem; font: 600 .8rem/1.3 system-ui, sans-serif;
  padding: .25rem .5rem; border-radius: 6px; margin-top: .35rem; }
.mark.proved { color: var(--ok); background: var(--ok-bg); }
.mark.numeric_only { color: var(--num); background: var(--num-bg); }
.mark.refuted { color: var(--bad); background: var(--bad-bg); }
.mark.inconclusive, .mark.unsupported { color: var(--unk); background: var(--unk-bg); }
.refutation { margin: .2rem 0 1rem; padding: .5rem .8rem; border-left: 4px solid var(--bad);
  background: var(--bad-bg); font-size: .9rem; overflow-wrap: anywhere; }
table.summary { table-layout: fixed; width: 100%; }
table.summary th, table.summary td { white-space: nowrap; overflow-wrap: normal; }
table.summary th:nth-child(1), table.summary th:nth-child(2) { width: 3.6em; }
table.summary th:nth-child(3) { width: 9.5em; }
table.summary td:last-child { white-space: normal; overflow-wrap: anywhere; overflow-x: auto; }
pre { overflow-x: auto; max-width: 100%; background: var(--panel); padding: .6rem; }
main { overflow-wrap: anywhere; }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _mark(d: Display) -> str:
    v = d.verdict
    return (f'<span class="mark {v}" id="display-{d.number}" title="line {d.line}">'
            f"{GLYPH[v]} [{d.number}] {WORD[v]}</span>")


def _claim(step) -> str:  # noqa: ANN001 - a CheckedStep
    return math(f"{step.lhs} {RELATION_LATEX.get(step.relation, step.relation)} {step.rhs}")


def _refutations(d: Display) -> str:
    out = []
    for s in d.steps:
        if s.verdict != REFUTED:
            continue
        parts = [f"<strong>✗ [{d.number}] line {s.line}:</strong> {_claim(s)} is refuted."]
        ce = s.counterexample
        if ce is not None:
            values = ", ".join(f"{math(name)} = {_e(format_number(v))}"
                               for name, v in ce.assignment.items())
            parts.append(f"Counterexample: {values}; left side {_e(format_number(ce.lhs))}, "
                         f"right side {_e(format_number(ce.rhs))}.")
            if ce.detail:
                parts.append(prose(ce.detail))
        if s.diagnosis is not None:
            parts.append(f"Diagnosis: {prose(s.diagnosis.message)}")
        out.append(f'<div class="refutation">{" ".join(parts)}</div>')
    return "".join(out)


def _summary(doc: AnnotatedDocument, title: str) -> str:
    counts = ", ".join(f"{doc.count(v)} {WORD[v]}" for v in WORD if doc.count(v)) or "none"
    rows = []
    for d in doc.displays:
        what = "; ".join([f"line {s.line}: {_claim(s)} — {_e(s.reason)}" for s in d.steps]
                         + [f"line {e.line}, column {e.column}: not read ({_e(e.message)})"
                            for e in d.errors])
        label = f"{GLYPH[d.verdict]} {WORD[d.verdict]}"
        rows.append(f'<tr><td><a href="#display-{d.number}">[{d.number}]</a></td>'
                    f"<td>{d.line}</td><td>{badge(d.verdict, label)}"
                    f"</td><td>{what}</td></tr>")
    table = ('<table class="summary"><thead><tr><th>#</th><th>line</th><th>verdict</th>'
             f'<th>checked</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return (f"<header><h1>derive annotate: {_e(title)}</h1>"
            f"<p>Checked displays: {len(doc.displays)} ({_e(counts)}). ✓ proved symbolically, "
            "≈ every numeric sample agrees (no symbolic proof), ✗ refuted (counterexample "
            "below the display), ? not read or undecided.</p>"
            f"{table}</header><hr>")


def _inline(text: str) -> str:
    """Escaped prose with inline math (``$…$``) as KaTeX spans; ``*…*``, ``**…**`` emphasis.

    >>> _inline("a <i> & $x<y$ **b**&lt;")
    'a &lt;i&gt; &amp; <span class="math">x&lt;y</span> <strong>b</strong>&lt;'
    """
    out = []
    for k, piece in enumerate(re.split(r"\$\$(.+?)\$\$", text, flags=re.S)):
        if k % 2:  # ``$$…$$`` inside a sentence (kramdown's inline math)
            out.append(math(piece))
            continue
        for is_math, chunk in split_inline_math(piece):
            if is_math:
                out.append(math(chunk))
            else:
                # character references (``&nbsp;``) are characters: decoded, then escaped
                text_ = _e(html.unescape(chunk))
                out.append(EMPHASIS.sub(r"<em>\1</em>", STRONG.sub(r"<strong>\1</strong>", text_)))
    return "".join(out)


def _block(chunk: str) -> str:
    """One Markdown block without display math (heading, list, quote, code, paragraph)."""
    stripped = chunk.strip("\n")
    if not stripped.strip():
        return ""
    fence = re.match(r"\s*(```|~~~)[^\n]*\n(.*?)\n?\s*\1\s*\Z", stripped, re.S)
    if fence:
        return f"<pre><code>{_e(fence.group(2))}</code></pre>"
    heading = re.match(r"\s*(#{1,6})\s+(.*)\Z", stripped, re.S)
    if heading and "\n" not in stripped:
        n = min(len(heading.group(1)) + 1, 6)
        return f"<h{n}>{_inline(heading.group(2))}</h{n}>"
    lines = stripped.splitlines()
    if all(re.match(r"\s*(?:[-*+]|\d+[.)])\s+", ln) or ln.startswith("  ") for ln in lines):
        items, cur = [], []
        for ln in lines:
            if re.match(r"\s*(?:[-*+]|\d+[.)])\s+", ln) and cur:
                items.append(" ".join(cur))
                cur = []
            cur.append(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", ln).strip())
        items.append(" ".join(cur))
        return "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>"
    if all(ln.startswith(">") for ln in lines):
        return f"<blockquote>{_inline(' '.join(ln.lstrip('> ') for ln in lines))}</blockquote>"
    return f"<p>{_inline(' '.join(ln.strip() for ln in lines))}</p>"


def _display_body(source: str) -> str:
    """The TeX of a display region without its ``$$``/``\\[`` delimiters."""
    s = source.strip()
    if s.startswith("$$"):
        return s[2:-2]
    if s.startswith("\\["):
        return s[2:-2]
    return s  # an environment: KaTeX reads \begin{align}… itself


def annotated_html(text: str, title: str = "notes", budget: float = 2.0,
                   doc: AnnotatedDocument | None = None) -> str:
    """The annotated HTML page of the Markdown notes ``text``."""
    from ..notation.rewrite import collect_macros

    doc = doc if doc is not None else checked_displays(text, "md", budget)
    for d in doc.displays:
        report = safe_report(CheckReport("", steps=tuple(d.steps), errors=tuple(d.errors)),
                             web=True)
        d.steps, d.errors = list(report.steps), list(report.errors)
    # a display is a block when it starts its line; ``$$…$$`` inside a sentence stays in it
    regions = [r for r in find_displays(text, "md")
               if not r.inline and not text[text.rfind("\n", 0, r.start) + 1:r.start].strip()]
    blocks = {r.start for r in regions}
    marked = {d.start: d for d in doc.displays if d.start in blocks}
    body: list[str] = []
    pos = 0
    for region in regions:
        for chunk in re.split(r"\n\s*\n", text[pos:region.start]):
            body.append(_block(chunk))
        tex = _display_body(text[region.start:region.end])
        d = marked.get(region.start)
        if d is None:
            body.append(math(tex, display=True))
        else:
            body.append(f'<div class="annotated">{math(tex, display=True)}{_mark(d)}</div>'
                        + _refutations(d))
        pos = region.end
    for chunk in re.split(r"\n\s*\n", text[pos:]):
        body.append(_block(chunk))
    inline = [d for d in doc.displays if d.start not in blocks]
    notes = ""
    if inline:
        notes = ("<h2>Claims inside the text</h2>" + "".join(
            f"<p>{_mark(d)} line {d.line}: "
            + "; ".join(_claim(s) for s in d.steps) + "</p>" + _refutations(d) for d in inline))
    macros = {name: m.body for name, m in collect_macros(text).items() if m.default is None}
    content = (f"<style>{ANNOTATE_CSS}</style>" + _summary(doc, title)
               + "\n".join(b for b in body if b) + notes)
    return page(f"derive annotate: {_e(title)}", content,
                macros={f"\\{k}": v for k, v in macros.items()})
