"""A condition written after a display ("$$ ... $$ where $\\beta > 5$") or inside its row
(``\\log\\beta > 0 \\quad \\text{for } \\beta > 1``) qualifies that display alone: it bounds the
instances of that display's steps, and never those of the steps after it (a false step there
must still be refuted)."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.checker.stated_ranges import qualified_display


def _verdicts(text: str, kind: str = "md") -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, kind).steps]


def test_a_trailing_where_qualifies_the_display_before_it_alone() -> None:
    text = "$$\n\\beta^2 > 25\n$$\nwhere $\\beta > 5$.\n\n$$\n\\log\\beta > 1\n$$\n"
    assert _verdicts(text) == [(2, "numeric_only"), (7, "refuted")]


def test_a_let_still_holds_from_where_it_stands() -> None:
    text = "$$\na = a\n$$\n\nLet $\\beta > 5$.\n\n$$\n\\log\\beta > 1\n$$\n"
    assert _verdicts(text)[-1] == (8, "numeric_only")


@pytest.mark.parametrize("words", ["for", "for all", "if", "when", "provided that"])
def test_a_condition_in_the_row_bounds_that_row(words: str) -> None:
    text = f"$$\n\\log\\beta > 0 \\quad \\text{{{words} }} \\beta > 1\n$$\n"
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] == ["numeric_only"]
    assert "$\\beta > 1$ (line 2)" in report.steps[0].reason


def test_a_row_condition_does_not_rescue_a_false_row() -> None:
    text = "$$\n\\log\\beta > 1 \\quad \\text{for } \\beta > 2\n$$\n"
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] == ["refuted"]
    assert 2 < report.steps[0].counterexample.assignment["\\beta"] < 2.718281828


def test_a_row_condition_holds_for_its_row_only() -> None:
    text = ("\\begin{align*}\n\\log\\beta &> 0 \\quad \\text{for } \\beta > 1 \\\\\n"
            "\\log\\beta &> 1\n\\end{align*}\n")
    assert _verdicts(text, "tex") == [(2, "numeric_only"), (3, "refuted")]


def test_a_graded_submission_does_not_assume_its_row_conditions() -> None:
    from derive.checker.chain import judge_document
    text = "$$\n\\log\\beta > 0 \\quad \\text{for } \\beta > 1\n$$\n"
    judged = judge_document(text, "md", apply_hypotheses=False)
    assert [s.verdict for s in judged.steps] == ["refuted"]


@pytest.mark.parametrize("prose,qualifies", [
    ("where", True), (", for", True), ("for all", True), ("provided that", True),
    ("Now let", False), ("We assume", False), ("where we also note that. Let", False),
])
def test_which_prose_qualifies_the_display_before_it(prose: str, qualifies: bool) -> None:
    doc = f"Text.\n\\[\na = b\n\\]\n{prose} $x > 0$."
    found = qualified_display(doc, doc.index("x > 0"))
    assert (found == (2, 4)) is qualifies
