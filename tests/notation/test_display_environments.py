"""Displays written in other packages' environments are read (breqn's ``dmath``, ``dmath*``
and ``dgroup``, empheq, GitHub Markdown's ```` ```math ```` blocks) or reported unsupported at
their position; a document of false displays there was graded correct."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation import read_document


def _tex(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\nWe show\n" + body + "\\end{document}\n"


@pytest.mark.parametrize("env", ["dmath", "dmath*"])
def test_breqn_displays_are_read(env: str) -> None:
    doc = _tex(f"\\begin{{{env}}}[label={{eq:a}}]\nx + x = 3x\n\\end{{{env}}}\n")
    report = check_text(doc, "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(5, "refuted")]
    assert report.verdict == "incorrect"


def test_a_dgroup_is_read_through_its_dmath() -> None:
    doc = _tex("\\begin{dgroup}\n\\begin{dmath}\na + b = b + a\n\\end{dmath}\n"
               "\\begin{dmath}\na = 2a\n\\end{dmath}\n\\end{dgroup}\n")
    report = check_text(doc, "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(6, "proved"), (9, "refuted")]


@pytest.mark.parametrize("opening", ["\\begin{empheq}{align}",
                                     "\\begin{empheq}[box=\\fbox]{align*}"])
def test_empheq_is_read(opening: str) -> None:
    doc = _tex(opening + "\nz &= 2z \\\\\n&= 2z + 0\n\\end{empheq}\n")
    report = check_text(doc, "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(5, "refuted"), (6, "proved")]


def test_a_math_fence_is_a_display() -> None:
    doc = "We show\n\n```math\nx + x = 3x\n```\n\nand\n\n~~~ math\ny = y\n~~~\n"
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(4, "refuted"), (10, "proved")]


def test_other_code_blocks_are_not_math() -> None:
    doc = "Code:\n\n```python\nx = x + 1\n```\n\n$$a = a$$\n"
    assert len(read_document(doc, "md").steps) == 1


@pytest.mark.parametrize("env", ["IEEEeqnarray", "IEEEeqnarray*", "xalignat", "numcases"])
def test_a_display_environment_not_read_is_unsupported_at_its_position(env: str) -> None:
    doc = _tex(f"\\begin{{{env}}}{{rCl}}\nu &=& u + 1\n\\end{{{env}}}\n")
    report = check_text(doc, "tex")
    assert report.verdict != "correct"
    assert [(e.line, e.column) for e in report.errors] == [(4, 1)]
    assert env in report.errors[0].message and "unsupported" in report.errors[0].message


def test_github_inline_math_is_read_like_dollar_math() -> None:
    doc = "We have $`a + a = 3a`$.\n\nAnd `b = b + 1` is code.\n"
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(1, "refuted")]


@pytest.mark.parametrize("rows,verdicts", [
    # eqnarray's relation column, rows ended by \\ or plain TeX's \cr
    ("\\log 6 &=& \\log 2 + \\log 3 \\\\\n&=& \\log 3 + \\log 2\n", ["proved", "proved"]),
    ("\\log 6 &=& \\log 2 + \\log 3 \\cr\n&=& \\log 3 + 2\\log 2\n", ["proved", "refuted"]),
    # eqnarray's continuation: "& & + c" goes on with the formula above
    ("\\log 6 &=& \\log 2 \\\\\n& & {}+ \\log 3\n", ["proved"]),
    ("\\log 6 &=& \\log 2 \\\\\n& & {}+ \\log 5\n", ["refuted"]),
    ("\\log 6 &\\le& \\log 7\n", ["proved"]),
])
def test_eqnarray_rows_are_read_through_their_relation_column(rows: str, verdicts: list) -> None:
    report = check_text(_tex("\\begin{eqnarray}\n" + rows + "\\end{eqnarray}\n"), "tex")
    assert [s.verdict for s in report.steps] == verdicts, report.errors
    assert not report.errors
