"""Every library derivation's ``text/latex`` MIME output renders in a real browser: a local page
carrying each bundle is typeset in headless Chromium once by KaTeX (its auto-render, as a
front end that renders text/latex with KaTeX does) and once by MathJax 3's TeX input (as
Jupyter does), with no network.  A render error (KaTeX ``.katex-error``, MathJax ``merror`` /
``data-mjx-error``) or a derivation left without rendered math fails the test.

The JavaScript comes from the npm packages ``.ci/run`` installs into ``.ci/.node``
(``katex``, ``mathjax-full``); ``DERIVE_NODE_MODULES`` (or ``MATHJAX_NODE_MODULES``) points at
another ``node_modules``.  Locally the test skips, saying why, when Chromium or the packages are
absent; with ``CI=true`` it fails instead.

Each page also carries control bundles (a library bundle with ``\\MoveEqLeft`` injected, one
with an unknown macro): the test checks that the renderer does reject them, so a renderer that
silently accepts anything cannot make the test pass.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from derive.checker import check_text
from derive.export import notebook
from derive.library import all_derivations

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_DEFAULT = "/usr/bin/chromium"
#: what a render error looks like in the page each renderer leaves behind
KATEX_ERROR = re.compile(r'class="[^"]*\bkatex-error\b')
MATHJAX_ERROR = re.compile(r"<merror\b|data-mjx-error=", re.I)

pytestmark = pytest.mark.slow


def _unavailable(reason: str) -> None:
    """Skip locally; in CI (``CI=true``) a missing tool is a failure, never a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def _chromium() -> str:
    path = shutil.which("chromium") or (CHROMIUM_DEFAULT if Path(CHROMIUM_DEFAULT).exists()
                                        else None)
    if path is None:
        _unavailable("chromium is not installed (the CI installs it with apt, see .ci/run)")
    return str(path)


def _node_modules() -> Path:
    for var in ("DERIVE_NODE_MODULES", "MATHJAX_NODE_MODULES"):
        if os.environ.get(var):
            return Path(os.environ[var])
    return ROOT / ".ci" / ".node" / "node_modules"


def _asset(*parts: str) -> Path:
    path = _node_modules().joinpath(*parts)
    if not path.is_file():
        _unavailable(f"{path} is missing: run `npm install --prefix .ci/.node katex@0.19.1 "
                     "mathjax-full@3.2.2` (as .ci/run does)")
    return path


# ----------------------------------------------------------------------------- the pages

#: KaTeX's auto-render on each bundle, as a front end renders text/latex with KaTeX.  With
#: ``throwOnError: false`` KaTeX would show an unsupported macro as red text and report
#: nothing, so errors are thrown, and each is written into its bundle as the
#: ``.katex-error`` span KaTeX uses (with the message as its title).
_KATEX_SCRIPT = r"""
for (const item of document.querySelectorAll("[data-item]")) {
  renderMathInElement(item, {
    delimiters: [{left: "$$", right: "$$", display: true}, {left: "$", right: "$", display: false},
                 {left: "\\[", right: "\\]", display: true},
                 {left: "\\(", right: "\\)", display: false}],
    throwOnError: true, strict: "error",
    errorCallback: (msg, err) => {
      const span = document.createElement("span");
      span.className = "katex-error";
      span.title = String(err);
      item.appendChild(span);
    }});
}
document.body.setAttribute("data-math", "rendered");
"""

#: MathJax 3 as a notebook loads it (TeX input, $...$ inline), without ``noundefined`` (which
#: would show an unknown macro in red instead of failing) and without the packages that load
#: more code at run time (``autoload``, ``require``): an unknown macro is an ``merror``.
_MATHJAX_CONFIG = r"""
window.MathJax = {
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
        processEscapes: true, packages: {"[-]": ["noundefined", "autoload", "require"]}},
  svg: {fontCache: "none"},
  startup: {pageReady: () => MathJax.startup.defaultPageReady().then(
    () => document.body.setAttribute("data-math", "rendered"),
    (err) => document.body.setAttribute("data-math", "failed: " + err))}
};
"""


def _page(items: list[tuple[str, str]], renderer: str) -> str:
    """A page with one ``div`` per bundle (its text/latex, escaped as text) and the renderer."""
    body = "\n".join(f'<div class="item" data-item="{html.escape(name)}">{html.escape(tex)}'
                     "</div>" for name, tex in items)
    if renderer == "katex":
        dist = _asset("katex", "dist", "katex.min.js").parent
        head = (f'<link rel="stylesheet" href="{(dist / "katex.min.css").as_uri()}">'
                f'<script src="{(dist / "katex.min.js").as_uri()}"></script>'
                f'<script src="{(dist / "contrib" / "auto-render.min.js").as_uri()}"></script>')
        tail = f"<script>{_KATEX_SCRIPT}</script>"
    else:
        src = _asset("mathjax-full", "es5", "tex-svg.js")
        head = f'<script>{_MATHJAX_CONFIG}</script><script src="{src.as_uri()}"></script>'
        tail = ""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
            f'<body><div id="items">{body}</div>{tail}</body></html>')


class _Items(HTMLParser):
    """Per ``data-item`` element of the dumped DOM: does it hold rendered math, render errors,
    and text left outside the math (raw TeX the renderer did not typeset)?"""

    VOID = {"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source",
            "path", "use"}
    MATH = {"katex", "katex-display"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, item, inside math
        self.rendered: set[str] = set()
        self.errors: dict[str, list[str]] = {}
        self.stray: dict[str, list[str]] = {}

    def _item(self) -> str | None:
        return next((i for _, i, _ in reversed(self.stack) if i is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        item = self._item()
        classes = set((a.get("class") or "").split())
        in_math = any(m for _, _, m in self.stack)
        math = in_math or bool(classes & self.MATH) or tag == "mjx-container"
        if item is not None and (classes & self.MATH or tag == "mjx-container"):
            self.rendered.add(item)
        if item is not None and ("katex-error" in classes or tag == "merror"
                                 or "data-mjx-error" in a):
            detail = a.get("title") or a.get("data-mjx-error") or tag
            self.errors.setdefault(item, []).append(str(detail))
        if tag not in self.VOID:
            self.stack.append((tag, a.get("data-item"), math))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        item = self._item()
        if item is not None and data.strip() and not any(m for _, _, m in self.stack):
            self.stray.setdefault(item, []).append(data.strip())


def _render_in_chromium(items: list[tuple[str, str]], renderer: str, tmp_path: Path) -> _Items:
    chromium = _chromium()
    page = tmp_path / f"{renderer}.html"
    page.write_text(_page(items, renderer), encoding="utf-8")
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--allow-file-access-from-files",
           "--host-resolver-rules=MAP * ~NOTFOUND",  # no network: nothing may be fetched
           "--virtual-time-budget=30000", "--dump-dom", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    dom = proc.stdout
    assert proc.returncode == 0 and 'data-math="rendered"' in dom, (
        f"{renderer} did not finish: {re.findall(r'data-math=[^>]*', dom)} {proc.stderr[-1500:]}")
    parsed = _Items()
    parsed.feed(dom)
    # the same errors, read straight from the markup (independent of the parser above)
    assert bool(parsed.errors) == bool((KATEX_ERROR if renderer == "katex" else
                                        MATHJAX_ERROR).search(dom))
    return parsed


# ----------------------------------------------------------------------------- the bundles

_MOVE_EQ_LEFT = r"\MoveEqLeft"


@functools.cache
def _bundles() -> list[tuple[str, str]]:
    """Every library derivation's text/latex, one step's, and a student's reports' (one with
    a wrong step and its counterexample, one whose input is invalid)."""
    records = [d.record() for d in all_derivations()]
    out = [(r.name, notebook.mimebundle(r)["text/latex"]) for r in records]
    assert len(out) >= 20
    out.append(("step:" + records[0].name, notebook.step_mimebundle(records[0].steps[0])
                ["text/latex"]))
    wrong = check_text("$$\\sum_x P(x) \\log \\frac{P(x)}{Q(x)} = \\sum_x P(x) \\log Q(x) "
                       "- \\sum_x P(x) \\log P(x)$$", "md", "hw_1.md")
    invalid = check_text("ok\n$$ D_{KL}(P\\| $$\n", "md", "bad_file.md")
    assert (wrong.verdict, invalid.verdict) == ("incorrect", "invalid")
    out += [("report:wrong", wrong._repr_mimebundle_()["text/latex"]),
            ("report:invalid", invalid._repr_mimebundle_()["text/latex"])]
    return out


def _controls(bundles: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Bundles a renderer must reject: ``\\MoveEqLeft`` injected into a real one (what the
    notebook repr once emitted), and ``\\parbox``."""
    name, tex = bundles[0]
    assert tex.startswith("$\\begin{aligned}\n")
    moved = tex.replace("\\begin{aligned}\n", "\\begin{aligned}\n" + _MOVE_EQ_LEFT + " ", 1)
    parbox = tex.replace("\\end{aligned}", "&& \\parbox{3cm}{why}\n\\end{aligned}", 1)
    return [(f"control:MoveEqLeft:{name}", moved), (f"control:parbox:{name}", parbox)]


def _failures(parsed: _Items, names: list[str]) -> dict[str, str]:
    """Each bundle that failed, and why: a render error, no rendered math, or raw TeX left."""
    out = {}
    for name in names:
        if parsed.errors.get(name):
            out[name] = "render error: " + "; ".join(parsed.errors[name])[:300]
        elif name not in parsed.rendered:
            out[name] = "no rendered math"
        elif any("\\" in s or "$" in s for s in parsed.stray.get(name, [])):
            out[name] = "raw TeX left: " + " ".join(parsed.stray[name])[:300]
    return out


@pytest.mark.parametrize("renderer", ["katex", "mathjax"])
def test_every_library_bundle_renders_in_headless_chromium(renderer: str,
                                                           tmp_path: Path) -> None:
    _chromium()
    _asset(*(("katex", "dist", "katex.min.js") if renderer == "katex" else
             ("mathjax-full", "es5", "tex-svg.js")))  # before the slow part: skip or fail
    bundles = _bundles()
    controls = _controls(bundles)
    parsed = _render_in_chromium(bundles + controls, renderer, tmp_path)
    failures = _failures(parsed, [n for n, _ in bundles + controls])
    # the renderer does reject what it lacks: the controls fail, and say why
    for name, _ in controls:
        assert name in failures, f"{renderer} accepted {name}"
    assert _MOVE_EQ_LEFT.strip("\\") in failures[controls[0][0]], failures[controls[0][0]]
    real = {k: v for k, v in failures.items() if not k.startswith("control:")}
    assert not real, f"{renderer}: {json.dumps(real, indent=1)}"
    assert {n for n, _ in bundles} <= parsed.rendered  # every bundle produced math


def test_a_bundle_left_as_text_is_caught() -> None:
    """The DOM reading itself: math that was not typeset, and an error span, are failures."""
    parsed = _Items()
    parsed.feed('<div data-item="a"><span class="katex"><span>x</span></span></div>'
                '<div data-item="b">$\\MoveEqLeft x$</div>'
                '<div data-item="c"><span class="katex-error" title="ParseError: x">x</span>'
                '</div><div data-item="d"><mjx-container><merror data-mjx-error="Undefined '
                'control sequence \\parbox"></merror></mjx-container></div>')
    assert _failures(parsed, ["a", "b", "c", "d"]) == {
        "b": "no rendered math", "c": "render error: ParseError: x",
        "d": "render error: Undefined control sequence \\parbox"}
