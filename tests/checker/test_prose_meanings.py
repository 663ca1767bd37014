"""A standard symbol the document gives a meaning of its own (in an equation of any kind or in
words) is never read with the standard meaning after it: its steps are unsupported.  Each
negative twin restates the standard meaning, and the step is judged as usual."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.checker.prose_meanings import meanings_in_words

_SIGMA_STEP = "\\sigma(0) = \\frac{1}{2}"


def _report(text: str):  # noqa: ANN202
    return check_text(text, "md")


@pytest.mark.parametrize(("prose", "step"), [
    ("Here $\\sigma$ denotes the hyperbolic tangent.", _SIGMA_STEP),
    ("Our sigmoid is the function $\\tanh$.", _SIGMA_STEP),
    ("In this note $\\sigma(\\cdot)$ stands for the probit function.", _SIGMA_STEP),
    ("Let $H(P) = \\sum_x P(x) \\log P(x)$.", "H(P) = -\\sum_x P(x) \\log P(x)"),
    ("Here $H$ denotes the negative entropy.", "H(P) = -\\sum_x P(x) \\log P(x)"),
    ("Let $D_{KL}(P\\|Q) = \\sum_x Q(x) \\log \\frac{Q(x)}{P(x)}$.",
     "D_{KL}(P\\|Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}"),
    ("Here $D_{KL}(P\\|Q)$ denotes the reverse KL divergence.",
     "D_{KL}(P\\|Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}"),
    ("Let $Z(x) = \\sum_y \\pi_{ref}(y|x)$.",
     "Z(x) = \\sum_y \\pi_{ref}(y|x) \\exp(r(x,y)/\\beta)"),
])
def test_a_meaning_of_its_own_makes_the_symbol_unread(prose: str, step: str) -> None:
    report = _report(f"{prose}\n\n$$\n{step}\n$$\n")
    assert report.steps == ()
    assert "a meaning of its own" in report.errors[0].message
    assert report.errors[0].line == 4


@pytest.mark.parametrize(("prose", "step"), [
    ("Here $\\sigma$ denotes the logistic function.", _SIGMA_STEP),
    ("Our sigmoid is the logistic function.", _SIGMA_STEP),
    ("Let $H(P) = -\\sum_x P(x) \\log P(x)$.", "H(P) = -\\sum_x P(x) \\log P(x)"),
    ("Here $D_{KL}(P\\|Q)$ denotes the KL divergence.",
     "D_{KL}(P\\|Q) = \\sum_x P(x) \\log \\frac{P(x)}{Q(x)}"),
    ("$H$ is a concave function of $P$.", "H(P) = -\\sum_x P(x) \\log P(x)"),
])
def test_the_standard_meaning_restated_changes_nothing(prose: str, step: str) -> None:
    assert [s.verdict for s in _report(f"{prose}\n\n$$\n{step}\n$$\n").steps] == ["proved"]


def test_a_recalled_meaning_of_its_own_is_refuted_and_stops_the_standard_reading() -> None:
    report = _report("Recall that $\\sigma(z) = \\frac{1}{1+e^{z}}$.\n\n"
                     "$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$\n")
    assert [(s.line, s.verdict) for s in report.steps] == [(1, "refuted")]
    assert [e.line for e in report.errors] == [4]


def test_a_recalled_standard_meaning_is_proved() -> None:
    report = _report("Recall that $\\sigma(z) = \\frac{1}{1+e^{-z}}$.\n\n"
                     "$$\n\\sigma(-z) = 1 - \\sigma(z)\n$$\n")
    assert [s.verdict for s in report.steps] == ["proved", "proved"]


def test_words_that_state_a_property_give_no_meaning() -> None:
    assert meanings_in_words("The KL divergence is non-negative, and $H$ is concave.") == []


def test_an_unreadable_definition_the_sentence_names_as_standard_keeps_the_symbol() -> None:
    """The real corpus's lecture notes: "the relative entropy is defined as $$D(P||Q)
    \\triangleq \\sum_{x \\in supp(P_X)} …$$" (the sum cannot be read) keeps D read."""
    text = ("The relative entropy is defined as\n$$\nD(P\\|Q) \\triangleq \\sum_x P(x) \\log "
            "\\frac{P(x)}{Q(x)} \\cdot \\mathrm{w}(x, P)\n$$\n\n$$\nD(P\\|Q) \\ge 0\n$$\n")
    assert [s.verdict for s in check_text(text, "md").steps] == ["proved"]
    other = text.replace("The relative entropy", "Our own divergence")
    report = check_text(other, "md")
    assert report.steps == () and "a meaning of its own" in report.errors[-1].message
