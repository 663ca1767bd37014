"""The page-fit measurement itself: it sees a box past the window, and it does not count the
part of a box that a clipping ancestor hides (KaTeX draws a square root's rule 400em wide and
clips it)."""

from __future__ import annotations

from pathlib import Path

from chromium_overflow import overflow

_PAGE = "<!doctype html><html><body style='margin:0'>{}</body></html>"


def test_a_box_past_the_window_is_outside(tmp_path: Path) -> None:
    found = overflow(_PAGE.format("<div style='margin-left:900px;width:300px'>x</div>"),
                     tmp_path, 1000)
    assert any(item.startswith("div ") for item in found["outside"]), found


def test_a_box_its_ancestor_clips_is_not_outside(tmp_path: Path) -> None:
    page = _PAGE.format("<div style='width:200px;overflow:hidden'>"
                        "<div style='width:4000px'>wide</div></div>")
    assert overflow(page, tmp_path, 1000)["outside"] == []


def test_a_clipping_ancestor_past_the_window_is_still_outside(tmp_path: Path) -> None:
    page = _PAGE.format("<div style='margin-left:800px;width:400px;overflow:hidden'>"
                        "<div style='width:4000px'>wide</div></div>")
    assert len(overflow(page, tmp_path, 1000)["outside"]) == 2
