"""Sections (derive/notation/sections.py): a hypothesis holds to the end of its section."""

from __future__ import annotations

import doctest

from derive.checker import check_text
from derive.notation import masking, notebook_cells, sections


def test_doctests() -> None:
    for module in (sections, masking, notebook_cells):
        assert doctest.testmod(module).failed == 0


def test_a_hypothesis_holds_to_the_end_of_its_section_only() -> None:
    text = ("## Joint entropy\n\nIf $Y = X$, we can show that $H(X \\mid Y) = 0$.\n\n"
            "## Mutual information\n\n$$I(X;Y) = H(X) + H(X \\mid Y)$$\n")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(7, "refuted")]
    same_section = text.replace("## Mutual information\n\n", "")
    assert not [s for s in check_text(same_section, "md").steps if s.verdict == "refuted"]


def test_a_proof_heading_does_not_end_the_theorem_s_hypothesis() -> None:
    text = ("## Theorem\n\nIf $Y = X$, then:\n\n### Proof\n\n$$H(X, Y) = H(X)$$\n")
    assert not [s for s in check_text(text, "md").steps if s.verdict == "refuted"]


def test_a_definition_display_claims_the_lines_that_go_on_from_it() -> None:
    text = ("The mutual information is defined as\n$$\\begin{split}\nI(X;Y) &= H(Y) - H(Y \\mid X)"
            " \\\\\n&= H(X) + H(X \\mid Y)\n\\end{split}$$\n")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(4, "refuted")]
    right = text.replace("H(X) + H(X", "H(X) - H(X")
    assert [(s.line, s.verdict) for s in check_text(right, "md").steps] == [(4, "proved")]
