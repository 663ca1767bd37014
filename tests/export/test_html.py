"""HTML pages: self-contained (no network), and really typeset by KaTeX in headless Chromium."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DERIVATIONS, require_tool, student_report

from derive.export import html as html_export
from derive.export.html import check_report_html, derivation_html, katex_css_inline

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
NETWORK_REF = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.I,
)


def chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return require_tool("chromium")


def run_chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--no-first-run",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
        # resolve no host at all: anything the page fetched from the network would fail
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=5000", "--window-size=1200,1600", *extra, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class _Dom(HTMLParser):
    """Collects, per ``data-step`` element, whether it contains ``.katex``; and stray text."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, step, is annotation/script
        self.steps_with_katex: set[str] = set()
        self.steps: set[str] = set()
        self.stray_text: list[str] = []
        self.katex_errors = 0

    def _step(self) -> str | None:
        return next((s for _, s, _ in reversed(self.stack) if s is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        step = a.get("data-step")
        if step:
            self.steps.add(step)
        if "katex" in classes and self._step():
            self.steps_with_katex.add(self._step() or "")
        if "katex-error" in classes:
            self.katex_errors += 1
        # annotation holds KaTeX's copy of the source; <code> holds literal parser messages
        hidden = tag in {"annotation", "script", "style", "title", "code"}
        if tag not in self.VOID:
            self.stack.append((tag, step, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, _, hidden in self.stack):
            self.stray_text.append(data)


def pages() -> dict[str, str]:
    out = {name: derivation_html(make()) for name, make in DERIVATIONS.items()}
    out["report"] = check_report_html(student_report())
    return out


@pytest.mark.parametrize("name", ["kl", "rlhf", "dpo", "report"])
def test_no_network_references(name: str) -> None:
    page = pages()[name]
    assert not NETWORK_REF.search(page), NETWORK_REF.search(page)
    assert "<link" not in page  # everything is inlined
    assert re.search(r"<script\s+src", page) is None
    assert page.count("data:font/woff2;base64,") >= 15


def test_fonts_inlined_without_fallback_urls() -> None:
    css = katex_css_inline()
    assert "url(fonts/" not in css and ".woff)" not in css and ".ttf)" not in css


def test_prose_math_and_escaping() -> None:
    out = html_export.prose(r"<b>bold</b> & $\frac{a}{b} < 1$")
    assert out == ('&lt;b&gt;bold&lt;/b&gt; &amp; <span class="math">\\frac{a}{b} &lt; 1</span>')


def test_page_shows_evidence_and_badges() -> None:
    page = pages()["rlhf"]
    assert 'class="badge numeric_only"' in page and "worst discrepancy" in page
    assert "3.2e-15" in page and ">200<" in page
    report = pages()["report"]
    assert '<table class="counterexample">' in report and "sign_flip" in report


@pytest.mark.parametrize("name", ["kl", "rlhf", "dpo", "report"])
def test_chromium_renders_every_step(name: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page_file = ARTIFACTS / f"{name}.html"
    page_file.write_text(pages()[name], encoding="utf-8")
    proc = run_chromium(page_file, tmp_path, "--dump-dom")
    dom = proc.stdout
    assert proc.returncode == 0 and 'data-math="rendered"' in dom, proc.stderr[-2000:]
    parser = _Dom()
    parser.feed(dom)
    assert parser.steps, "no step elements found"
    assert parser.steps == parser.steps_with_katex, parser.steps - parser.steps_with_katex
    assert parser.katex_errors == 0
    stray = "".join(parser.stray_text)
    for raw in (r"\frac", r"\sum", r"\left", r"\mathrm", r"\log"):
        assert raw not in stray, f"untypeset TeX {raw!r} visible in {name}"
    assert not re.search(r"\$\s*\\", stray), "a $...$ span was not typeset"

    shot = ARTIFACTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    proc = run_chromium(page_file, tmp_path, f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
