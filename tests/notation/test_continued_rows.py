"""A display row with no relation goes on from the row above, as LaTeX typesets it: a row that
begins with an operator behind spacing, a group, a style or beamer's
``\\resizebox{..}{!}{\\ensuremath{\\displaystyle + ...}}`` (derive's own exports write that), and
a bare row under a row with a relation (``a &= b \\\\ & c`` is ``a = b c``).  Such a row was
dropped unread, so the step judged was not the step written."""

from __future__ import annotations

import pytest

from derive.checker import check_text

_ALIGN = "\\begin{{align*}}\nH(P,Q) &= -\\sum_x P(x)\\log P(x) \\\\\n{row}\n\\end{{align*}}\n"


@pytest.mark.parametrize("row", [
    r"&\quad + \sum_x P(x)\log\frac{P(x)}{Q(x)}",
    r"&\qquad{} + \sum_x P(x)\log\frac{P(x)}{Q(x)}",
    r"&\qquad\resizebox{0.5\linewidth}{!}{\ensuremath{\displaystyle + \sum_x P(x)"
    r"\log\frac{P(x)}{Q(x)}}}",
])
def test_a_row_that_begins_with_an_operator_continues_the_right_side(row: str) -> None:
    report = check_text(_ALIGN.format(row=row), "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(2, "proved")], report.errors


@pytest.mark.parametrize("row,verdict", [
    (r"& \sum_x P(x)", "proved"),      # H(P) = (-Σ P log P)(Σ P): true
    (r"& 2", "refuted"),               # H(P) = -2 Σ P log P: false, never read as H(P) = H(P)
])
def test_a_bare_row_under_a_relation_is_part_of_the_formula(row: str, verdict: str) -> None:
    text = _ALIGN.format(row=row).replace("H(P,Q) &=", "H(P) &=")
    assert [s.verdict for s in check_text(text, "tex").steps] == [verdict]


def test_a_dropped_continuation_would_have_been_refuted() -> None:
    """The negative twin: without its continuation row the step is false."""
    text = _ALIGN.format(row="")
    assert [s.verdict for s in check_text(text, "tex").steps] == ["refuted"]


def test_a_signed_group_after_a_term_is_refused_where_it_stands() -> None:
    """``b {+ c}`` shows b + c but braces multiply: refused at the group, never read b·c."""
    row = r"&\qquad {\displaystyle + \sum_x P(x)\log\frac{P(x)}{Q(x)}}"
    report = check_text(_ALIGN.format(row=row), "tex")
    assert report.steps == ()
    assert [(e.line, "braces" in e.message) for e in report.errors] == [(3, True)]


def test_alignat_column_count_is_not_a_factor() -> None:
    """``\\begin{alignat}{2}``: the ``{2}`` is the number of columns; it was multiplied into the
    first row, so ``\\log 2 = 2\\log 2`` was proved."""
    for env in ("alignat", "alignat*"):
        text = f"\\begin{{{env}}}{{2}}\n\\log(2) &= 2\\log(2)\n\\end{{{env}}}\n"
        assert [s.verdict for s in check_text(text, "tex").steps] == ["refuted"], env
        true = text.replace("2\\log(2)\n", "\\log(2)\n")
        assert [s.verdict for s in check_text(true, "tex").steps] == ["proved"], env



_NOTE_COLUMN = ("\\begin{{align*}}\n\\log 6 &= \\log 2 + \\log 3 {note} \\\\\n"
                "&= \\log 3 + \\log 2\n\\end{{align*}}\n")


@pytest.mark.parametrize("text,where", [
    # a continuation in the note column after math in the first: "a &= b \\ & c && + d"
    ("\\begin{align*}\n\\log 2 &= \\log 2 \\\\\n& 1 && + \\log 3\n\\end{align*}\n", (3, 8)),
    # a second equation beside the first
    ("\\begin{align*}\na &= a && b &= b + 1\n\\end{align*}\n", (2, 11)),
    ("\\begin{align*}\na &= a & b &= b + 1\n\\end{align*}\n", (2, 10)),
])
def test_math_after_the_note_column_is_reported_not_dropped(text: str, where: tuple) -> None:
    report = check_text(text, "tex")
    assert not report.steps
    assert [(e.line, e.column) for e in report.errors] == [where]
    assert "after &&" in report.errors[0].message


@pytest.mark.parametrize("note", [
    r"&& \text{\footnotesize by the product rule $\log(ab) = \log a + \log b$}",
    r"&& \text{since } 2 > 0",
    r"&& (\text{product rule})",
    r"&& \because \log(ab) = \log a + \log b",
    r"&& \eqref{eq:product}",
    r"&& (1)",
])
def test_a_justification_after_the_note_column_is_a_note(note: str) -> None:
    report = check_text(_NOTE_COLUMN.format(note=note), "tex")
    assert [s.verdict for s in report.steps] == ["proved", "proved"], report.errors
    assert not report.errors


def test_a_continuation_in_the_third_column_continues_the_formula() -> None:
    """``&& + \\log 3`` under a row is typeset as the rest of the formula (eqnarray writes
    ``& & + c``); it was dropped as a note, and ``\\log 2 = \\log 2`` was proved."""
    text = "\\begin{align*}\n\\log 2 &= \\log 2 \\\\\n&& + \\log 3\n\\end{align*}\n"
    report = check_text(text, "tex")
    assert [(s.rhs, s.verdict) for s in report.steps] == [(r"\log 2 + \log 3", "refuted")]
