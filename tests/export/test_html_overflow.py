"""Every HTML export fits its page in headless Chromium (issue 13): no page scrollbar, no box
past the window, no text spilling out of its box, no formula with a scrollbar or cut off.

The DOM is measured by a script in the page (:mod:`chromium_overflow`) and the result read
back with ``--dump-dom``; one screenshot per page is kept under ``artifacts/`` to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium_overflow import overflow, screenshot
from conftest import student_report
from test_library import RECORDS

from derive.export.html import check_report_html, derivation_html

ARTIFACTS = Path(__file__).parent / "artifacts"
#: the widest derivations, also checked in a phone-sized window
NARROW = ("optimal_policy", "dpo_from_rlhf", "kl_cross_entropy")


def _assert_fits(found: dict) -> None:
    assert found["page"] is False, found
    assert found["outside"] == [] and found["spilling"] == [], found
    assert found["scrolling_math"] == [], found


@pytest.mark.skipif(not RECORDS, reason="derive.library not available")
@pytest.mark.parametrize("name", sorted(RECORDS) or ["none"])
def test_derivation_page_fits(name: str, tmp_path: Path) -> None:
    page = derivation_html(RECORDS[name])
    _assert_fits(overflow(page, tmp_path, 1000))
    if name in NARROW:
        _assert_fits(overflow(page, tmp_path, 500))
        ARTIFACTS.mkdir(exist_ok=True)
        screenshot(page, tmp_path, ARTIFACTS / f"{name}-1000.png", 1000)


def test_check_report_page_fits(tmp_path: Path) -> None:
    page = check_report_html(student_report())
    for width in (1000, 500):
        _assert_fits(overflow(page, tmp_path, width))
