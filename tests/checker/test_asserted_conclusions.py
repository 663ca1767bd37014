"""A conclusion written after a word that asserts it is a claim, never dropped unchecked.

Found by the adversarial pass of 2026-12-02: each false document below ended ``correct``
because its false part was read as a note or as context.  Every case has its true twin, which
stays accepted.
"""

from __future__ import annotations

import pytest

from derive.checker import check_text

_TRUE = "$$D_{KL}(P\\|Q) = H(P,Q) - H(P)$$\n"


def _verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, "md").steps]


@pytest.mark.parametrize("opener", ["Then", "In particular,", "Consequently", "This means",
                                    "Clearly,", "By Gibbs' inequality,"])
def test_an_inline_conclusion_opening_its_sentence_is_judged(opener: str) -> None:
    assert _verdicts(f"{_TRUE}{opener} $H(P,Q) \\le H(P)$.\n") == ["proved", "refuted"]
    assert _verdicts(f"{_TRUE}{opener} $H(P,Q) \\ge H(P)$.\n") == ["proved", "numeric_only"]


def test_a_quantified_inline_statement_is_judged_when_its_range_is_names() -> None:
    stmt = "For all distributions $P, Q$, $D_{KL}(P\\|Q) {} D_{KL}(Q\\|P)$.\n"
    assert _verdicts(stmt.replace("{}", "\\ge")) == ["refuted"]
    assert _verdicts("For all distributions $P, Q$, $D_{KL}(P\\|Q) \\ge 0$.\n") == ["proved"]


def test_a_quantified_inline_statement_with_a_condition_range_is_never_refuted() -> None:
    # the range $z \ge 0$ is not applied to inline math: the statement stays context
    assert _verdicts("For all $z \\ge 0$, $\\sigma(z) \\ge \\frac12$.\n") == []


@pytest.mark.parametrize("prose", ["For $\\beta > 0$,\n", "With $\\beta > 0$,\n",
                                   "For any $\\beta > 0$, we have\n"])
def test_a_display_after_a_case_is_a_claim_under_it(prose: str) -> None:
    wrong = "$$\\beta \\log Z(x) = \\log \\sum_y \\pi_{ref}(y|x) e^{r(x,y)}$$\n"
    report = check_text(f"{prose}{wrong}", "md")
    assert report.verdict != "correct"  # was a given: the document ended correct
    right = "$$\\beta \\log Z(x) = \\beta\\log \\sum_y \\pi_{ref}(y|x) e^{r(x,y)/\\beta}$$\n"
    assert _verdicts(f"{prose}{right}") == ["proved"]


def test_a_case_range_is_applied_to_the_display() -> None:
    assert _verdicts("For $z > 0$,\n$$\\sigma(z) > \\frac{1}{2}$$\n") == ["numeric_only"]


@pytest.mark.parametrize("opener", ["Similarly,", "Moreover,", "Furthermore,", "Note"])
def test_an_inline_statement_opening_on_a_continuation_word_is_judged(opener: str) -> None:
    assert _verdicts(f"{_TRUE}{opener} $H(P,Q) \\le H(P)$.\n") == ["proved", "refuted"]


def test_a_recalled_fact_after_also_stays_context() -> None:
    # "Also $\\sum_{i=1}^n P(x) = 1$." (a real lecture note): a sloppy recalled fact
    assert _verdicts("Also $\\sum_{i=1}^{n} P(x) = 1$.\n") == []


def test_a_section_hypothesis_that_two_distributions_are_equal_makes_a_refutation_unsupported(
) -> None:
    for text in ("Suppose $P = Q$. Then\n$$D_{KL}(P\\|Q) = 0$$\n",
                 "Suppose $P = Q$.\n$$D_{KL}(P\\|Q) = 0$$\n"):
        report = check_text(text, "md")
        assert report.steps == () and any("unsupported" in e.message for e in report.errors)
    # without the hypothesis the step is refuted
    assert _verdicts("$$D_{KL}(P\\|Q) = 0$$\n") == ["refuted"]


@pytest.mark.parametrize("label", ["**Claim.**", "Lemma 2 (Gibbs).", "*Theorem.*"])
def test_a_labelled_result_closed_by_a_full_stop_is_judged(label: str) -> None:
    assert _verdicts(f"{label} $D_{{KL}}(P\\|Q) \\le 0$.\n") == ["refuted"]
    assert _verdicts(f"{label} $D_{{KL}}(P\\|Q) \\ge 0$.\n") == ["proved"]


def test_a_solved_value_for_a_free_scalar_is_unsupported_never_refuted() -> None:
    # "Then $x = 2$" rests on "Solve $2x = 4$", which the checker does not hold; as an identity
    # over a free x it would be refuted whatever the algebra
    for text in ("Solve $2x = 4$. Then $x = 2$.\n", "Solve $2x = 4$. We get $x = 2$.\n"):
        report = check_text(text, "md")
        assert report.steps == () and any("solved equation" in e.message for e in report.errors)
    # a scalar the document defines keeps its value and is judged
    assert _verdicts("Let $x := 2$. Then $x = 3$.\n") == ["refuted"]
