"""Ranges a document states for its scalars ("assume $A > 0$") bound the kernel's instances
from where they stand; non-strict ones are judged on the interior and at the ends; a graded
submission's own hypotheses are not applied."""

from __future__ import annotations

from derive.checker import check_text
from derive.checker.chain import judge_document
from derive.checker.stated_ranges import stated_range
from derive.checker.translate import Translator
from derive.notation import parse_math

SIGN = ("Assume $A > 0$ and let $\\rho > 0$.\n\n$$\\min(A\\rho, 2A) = A\\min(\\rho, 2)$$\n\n"
        "Suppose $\\beta > 1$. Then\n\n$$\\log \\beta > 0$$\n\n$$\\log \\beta > 1$$\n")


def _verdicts(report) -> list[tuple[int, str]]:  # noqa: ANN001
    return [(s.line, s.verdict) for s in report.steps]


def test_strict_ranges_bound_the_instances_and_are_named_in_the_reason() -> None:
    report = check_text(SIGN, "md")
    assert _verdicts(report) == [(3, "numeric_only"), (7, "numeric_only"), (9, "refuted")]
    assert "under the hypothesis $A > 0$ (line 1), $\\rho > 0$ (line 1)" in report.steps[0].reason
    assert "$\\beta > 1$ (line 5)" in report.steps[1].reason
    assert report.steps[2].counterexample.assignment["\\beta"] > 1  # inside the stated range


def test_without_the_hypotheses_the_same_steps_are_refuted() -> None:
    text = SIGN.replace("Assume $A > 0$ and let $\\rho > 0$.", "").replace(
        "Suppose $\\beta > 1$. Then", "")
    assert [v for _, v in _verdicts(check_text(text, "md"))] == ["refuted"] * 3


def test_a_range_applies_from_where_it_stands() -> None:
    text = "$$\\log \\beta > 0$$\n\nSuppose $\\beta > 1$.\n\n$$\\log \\beta > 0$$\n"
    assert _verdicts(check_text(text, "md")) == [(1, "refuted"), (5, "numeric_only")]


def test_a_closed_range_is_judged_on_its_interior_and_at_its_end() -> None:
    text = "Let $x \\ge 0$.\n\n$$\\sqrt{x^2} = x$$\n\n$$x > 0$$\n\n$$x^2 \\ge 0$$\n"
    report = check_text(text, "md")
    assert _verdicts(report) == [(3, "numeric_only"), (5, "refuted"), (7, "proved")]
    assert "under the hypothesis $x \\ge 0$ (line 1)" in report.steps[0].reason
    assert report.steps[1].counterexample.assignment == {"x": 0.0}  # at the end, not outside


def test_an_interval_with_both_ends() -> None:
    text = ("Suppose $0 < \\epsilon < 1$.\n\n$$\\epsilon^2 < \\epsilon$$\n\n"
            "$$\\epsilon^2 > \\epsilon$$\n")
    report = check_text(text, "md")
    assert _verdicts(report) == [(3, "numeric_only"), (5, "refuted")]
    assert 0 < report.steps[1].counterexample.assignment["\\epsilon"] < 1


def test_a_graded_submission_does_not_assume_what_it_says() -> None:
    judged = judge_document(SIGN, "md", apply_hypotheses=False)
    assert [s.verdict for s in judged.steps] == ["refuted"] * 3


def test_contradictory_ranges_are_not_applied_and_crash_nothing() -> None:
    text = "Assume $x > 1$. Assume $x < 0$.\n\n$$x > 1$$\n"
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] in (["numeric_only"], ["refuted"]) or report.errors


def test_only_a_scalar_between_numbers_is_a_range() -> None:
    tr = Translator()
    for text in ("P(x) > 0", "\\beta > \\gamma", "0 < x < y", "H(X) \\ge 0", "x = 1",
                 "1 < 2", "x > 2 > 1", "\\pi(y|x) > 0"):
        assert stated_range(parse_math(text), tr) is None, text
    r = stated_range(parse_math("1 > \\epsilon > 0"), tr)
    assert (r.low, r.high, r.strict, r.latex) == (0.0, 1.0, True, "1 > \\epsilon > 0")
    r = stated_range(parse_math("\\beta \\le 2"), tr)
    assert (r.low, r.high, r.high_closed) == (float("-inf"), 2.0, True)


# found by an attacker: false accepts and false refutations around stated hypotheses ---------

def test_only_a_sentence_that_assumes_states_a_range() -> None:
    for prose in ("We do not assume $x > 0$ here.", "We verify $x > 0$ below.",
                  "Unless $x > 0$, nothing holds."):
        report = check_text(f"{prose}\n\n$$ \\sqrt{{x^2}} = x $$\n", "md")
        assert [s.verdict for s in report.steps] == ["refuted"], prose


def test_a_later_contradictory_range_replaces_the_earlier_one() -> None:
    text = ("Assume $x > 0$.\n\nNow assume $x < 0$.\n\n$$ \\sqrt{x^2} = x $$\n\n"
            "$$ \\sqrt{x^2} = -x $$\n")
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] == ["refuted", "numeric_only"]
    assert "$x < 0$ (line 3)" in report.steps[1].reason and "x > 0" not in report.steps[1].reason


def test_a_range_against_the_notations_sign_leaves_the_symbol_unjudged() -> None:
    report = check_text("Assume $\\beta < 0$.\n\n$$ \\sqrt{\\beta^2} = \\beta $$\n", "md")
    assert not report.steps
    assert [e.line for e in report.errors] == [1, 3]


def test_a_positive_parameter_cannot_be_defined_negative() -> None:
    report = check_text("$\\beta := -2$\n\n$$ \\sqrt{\\beta^2} = \\beta $$\n\n"
                        "$$ |\\beta| = \\beta $$\n", "md")
    assert not report.steps  # never proved with the positive β the definition replaced
    assert "positive parameter" in report.errors[0].message


def test_a_refutation_outside_a_condition_that_is_not_applied_is_unsupported() -> None:
    for hypothesis, step in (("x > 10^{400}", "\\log x > 900"), ("x^2 < 1", "x > -1"),
                             ("x > y", "x - y > 0")):
        report = check_text(f"Assume ${hypothesis}$.\n\n$$ {step} $$\n", "md")
        assert not report.steps and "does not satisfy" in report.errors[0].message, hypothesis
    # a counterexample that satisfies the condition refutes
    report = check_text("Assume $x^2 < 100$.\n\n$$ x^2 < 1 $$\n", "md")
    assert [s.verdict for s in report.steps] == ["refuted"]
