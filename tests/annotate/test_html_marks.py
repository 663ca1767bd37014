"""``derive annotate --format html`` on real Markdown notes: a mark beside every checked
display, the summary at the top, the lecturer's text escaped, nothing wider than the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from annotate_fixtures import ARTIFACTS, CORPUS
from chromium_overflow import overflow, screenshot

from derive.annotate.displays import checked_displays
from derive.annotate.html_marks import annotated_html

NOTES = sorted((CORPUS / "markdown").glob("*.md"))


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[str, object]]:
    out = {}
    for p in NOTES:
        text = p.read_text(encoding="utf-8")
        doc = checked_displays(text, "md")
        out[p.name] = (annotated_html(text, p.name, doc=doc), doc)
    return out


def test_real_markdown_notes_with_their_source() -> None:
    assert len(NOTES) >= 2
    for p in NOTES:
        assert p.read_text(encoding="utf-8").startswith("<!-- SOURCE: https://github.com/")


@pytest.mark.parametrize("name", [p.name for p in NOTES])
def test_every_checked_display_has_its_mark_once(name: str, pages: dict) -> None:
    page, doc = pages[name]
    assert doc.displays
    marks = re.findall(r'<span class="mark ([a-z_]+)" id="display-(\d+)"', page)
    assert sorted(int(n) for _, n in marks) == [d.number for d in doc.displays]
    assert {int(n): v for v, n in marks} == {d.number: d.verdict for d in doc.displays}
    head = page.index("<header>")
    assert head < page.index('class="annotated"') or not any(not d.inline for d in doc.displays)
    assert page.count('<div class="refutation">') == sum(
        s.verdict == "refuted" for d in doc.displays for s in d.steps)


def test_the_lecturers_text_is_escaped() -> None:
    page = annotated_html("<script>alert(1)</script> & <b>x</b>\n\n$$\\sigma(-z) = 1 - "
                          "\\sigma(z)$$\n\n```\n<i>code</i>\n```\n", "t.md")
    body = page[page.index("<main>"):page.index("<footer>")]
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<b>x</b>" not in body and "&lt;i&gt;code&lt;/i&gt;" in body
    assert "✓ [1] proved" in body


@pytest.mark.parametrize("name", [p.name for p in NOTES])
@pytest.mark.parametrize("width", [1000, 420])
def test_nothing_is_wider_than_the_page(name: str, width: int, pages: dict,
                                        tmp_path: Path) -> None:
    found = overflow(pages[name][0], tmp_path, width)
    assert found["page"] is False and found["outside"] == [], found
    assert found["scrolling_math"] == [] and found["spilling"] == [], found
    if width == 1000:
        ARTIFACTS.mkdir(exist_ok=True)
        screenshot(pages[name][0], tmp_path, ARTIFACTS / f"{Path(name).stem}.png", width)
