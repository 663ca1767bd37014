"""Rows of one display with no relation between them (``a \\\\ b``, an align whose rows never
relate) claim nothing: reported unsupported where they begin, unless a later display goes on
from them with a relation.  A single expression, or rows joined by an operator, is no report."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation import read_document


@pytest.mark.parametrize(("text", "kind", "line"), [
    ("We have\n\n$$ D_{KL}(P\\|Q) \\\\ H(P,Q) - H(P) + 1 $$\n", "md", 3),
    ("We have\n\\begin{align*}\nD_{KL}(P\\|Q) \\\\\nH(P,Q) - H(P) + 1\n\\end{align*}\n", "tex", 3),
])
def test_rows_that_never_relate_are_reported(text: str, kind: str, line: int) -> None:
    report = check_text(text, kind)
    assert report.steps == ()
    assert [(e.line, "no relation between them" in e.message) for e in report.errors] == [
        (line, True)]


@pytest.mark.parametrize(("text", "kind"), [
    ("We have\n\n$$ D_{KL}(P\\|Q) \\\\ = H(P,Q) - H(P) $$\n", "md"),
    ("We have\n\\begin{align*}\nD_{KL}(P\\|Q) \\\\\n&= H(P,Q) - H(P)\n\\end{align*}\n", "tex"),
])
def test_the_same_rows_with_their_relation_are_judged(text: str, kind: str) -> None:
    assert [s.verdict for s in check_text(text, kind).steps] == ["proved"]


@pytest.mark.parametrize("text", [
    "The objective is\n\n$$ \\sum_x P(x) \\\\ - \\sum_x Q(x) $$\n",
    "The objective is\n\n$$ \\sum_x P(x) $$\n",
    "We start from\n\n$$ D_{KL}(P\\|Q) \\\\ H(P) $$\n\n$$ = \\sum_x P(x) $$\n",
])
def test_one_expression_or_rows_a_later_display_continues_are_no_report(text: str) -> None:
    assert not any("no relation between them" in e.message
                   for e in read_document(text, "md").errors)
