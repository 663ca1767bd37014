"""What prose says, and how far it reaches (cases an attacker found accepted though false):

* "not … in bits" declares nothing (a bare ``\\log`` stays natural);
* a denied or disjunctive hypothesis ("we cannot assume $z > 0$", "$z < -1$ or $z > 0$") is
  not applied;
* a case or an example ("If $z > 0$, then", "For example, take $\\beta > 1$") holds for the
  next display only, never for a later claim made "in every case";
* a value a hypothesis gives a scalar ("Let $z = 2$") is not applied, and a refutation it
  excludes is unsupported;
* a function the prose gives a meaning of its own ("Let $\\sigma(z) = \\frac{1}{1+e^{z}}$"),
  or whose definition could not be read, is not read with its standard meaning after it.
"""

from __future__ import annotations

import pytest

from derive.checker import check_text


def _verdicts(text: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, "md").steps]


@pytest.mark.parametrize("prose", [
    "We use natural logarithms throughout, not logarithms in bits.",
    "The logarithms are not base 2.",
    "Unlike results stated in bits, we work in nats.",
])
def test_bits_set_aside_declare_nothing(prose: str) -> None:
    assert _verdicts(f"{prose}\n\n$$\n\\log 2 = 1\n$$\n") == [(4, "refuted")]


def test_bits_declared_still_apply() -> None:
    assert _verdicts("All logarithms are base 2.\n\n$$\n\\log 2 = 1\n$$\n") == [(4, "proved")]


def test_a_denied_hypothesis_is_not_applied() -> None:
    prose = "We cannot assume $z > 0$ here; $z$ is any real."
    assert _verdicts(f"{prose}\n\n$$\n|z| = z\n$$\n") == [(4, "refuted")]


@pytest.mark.parametrize("prose", ["Suppose $z < -1$ or $z > 0$.", "Suppose $z > 0$ or $z < -1$."])
def test_a_disjunctive_hypothesis_is_a_condition_not_a_range(prose: str) -> None:
    """Neither side is applied (|z| = z is never accepted); a counterexample outside both
    sides (z = -1/2) does not refute, one inside them does."""
    report = check_text(f"{prose}\n\n$$\n|z| = z\n$$\n\n$$\nz^2 > 0\n$$\n", "md")
    assert all(s.verdict == "refuted" for s in report.steps)
    assert all("z < -1 \\text{ or } z > 0" in e.message or "z > 0 \\text{ or } z < -1"
               in e.message for e in report.errors)
    assert 8 not in [s.line for s in report.steps]  # z^2 > 0 fails only at z = 0, excluded


def test_a_case_holds_for_its_own_display_only() -> None:
    text = ("We split into cases. If $z > 0$, then\n\n$$\n|z| = z.\n$$\n\n"
            "In every case we get\n\n$$\n\\sqrt{z^2} = z.\n$$\n")
    verdicts = dict(_verdicts(text))
    assert verdicts[10] == "refuted" and verdicts.get(4) != "refuted"


def test_an_example_does_not_narrow_a_later_general_claim() -> None:
    text = ("For example, take $\\beta > 1$.\n\n$$\n\\log \\beta > 0\n$$\n\n"
            "This is the general fact we need for every $\\beta>0$:\n\n$$\n\\log \\beta > 0\n$$\n")
    assert _verdicts(text) == [(4, "numeric_only"), (10, "refuted")]


def test_an_assumption_still_holds_to_the_end_of_its_section() -> None:
    text = "Assume $\\beta > 1$.\n\n$$\n\\log \\beta > 0\n$$\n\nHence\n\n$$\n\\beta^2 > 1\n$$\n"
    assert _verdicts(text) == [(4, "numeric_only"), (10, "numeric_only")]


def test_a_value_given_in_prose_leaves_its_refutations_unsupported() -> None:
    report = check_text("Let $z = 2$.\n\n$$\nz^2 = 4\n$$\n", "md")
    assert report.steps == ()
    assert "does not satisfy $z = 2$" in report.errors[0].message


@pytest.mark.parametrize("prose", [
    "Let $\\sigma(z) = \\frac{1}{1+e^{z}}$ denote the survival function used below.",
    "Let $Z(x) = \\sum_y \\exp(r(x,y)/\\beta)$ and $\\beta>0$.",
])
def test_a_meaning_given_in_prose_is_never_replaced_by_the_standard_one(prose: str) -> None:
    step = ("\\sigma(z) = \\frac{1}{1+e^{-z}}" if "sigma" in prose
            else "Z(x) = \\sum_y \\pi_{ref}(y|x)\\exp(r(x,y)/\\beta)")
    report = check_text(f"{prose}\n\n$$\n{step}\n$$\n", "md")
    assert report.steps == ()
    assert "a meaning of its own" in report.errors[0].message


def test_a_standard_meaning_restated_in_prose_changes_nothing() -> None:
    text = ("Let $\\sigma(z) = \\frac{1}{1+e^{-z}}$ be the logistic function.\n\n"
            "$$\n\\sigma(z) + \\sigma(-z) = 1\n$$\n")
    assert _verdicts(text) == [(4, "proved")]


def test_a_condition_on_a_function_is_not_a_new_meaning() -> None:
    text = "If $H(X|Y) = 0$, then $X$ is a function of $Y$.\n\n$$\nH(X) \\ge 0\n$$\n"
    assert [v for _, v in _verdicts(text)] in (["proved"], ["numeric_only"])


def test_an_unreadable_definition_stops_the_standard_reading() -> None:
    text = ("Define\n\n$$\n\\sigma(z) := \\frac{1}{1+e^{z}}\n$$\n\nThen\n\n"
            "$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$\n")
    report = check_text(text, "md")
    assert report.steps == ()
    assert any("a meaning of its own" in e.message for e in report.errors)


def test_a_condition_in_parentheses_does_not_make_the_conclusion_a_given() -> None:
    text = ("Using that the logarithm is concave (which matters when $P$ and $Q$ differ), "
            "we conclude:\n\n$$\nD_{KL}(P\\|Q) \\le 0\n$$\n")
    assert _verdicts(text) == [(4, "refuted")]


@pytest.mark.parametrize("prose", ["**Assumption:** $\\beta > 1$.", "Throughout, $\\beta > 1$."])
def test_an_assumption_without_a_hypothesis_verb_is_still_a_hypothesis(prose: str) -> None:
    assert _verdicts(f"{prose}\n\n$$\n\\log\\beta > 0\n$$\n") == [(4, "numeric_only")]


def test_an_existential_row_is_unsupported_not_judged_for_every_value() -> None:
    report = check_text("$$\nz^2 = 4 \\quad \\text{for some } z\n$$\n", "md")
    assert report.steps == ()
    assert "for some value" in report.errors[0].message


def test_a_display_read_as_a_given_is_reported_not_checked() -> None:
    text = ("We can write the KL divergence as\n\n$$\nD_{KL}(P\\|Q) = \\sum_x Q(x)\\log"
            "\\frac{Q(x)}{P(x)}\n$$\n")
    report = check_text(text, "md")
    assert report.steps == ()
    assert [(w.line, w.message.startswith("not checked")) for w in report.warnings] == [(4, True)]


@pytest.mark.parametrize("prose", ["Suppose $z \\in [0, 1]$.", "Let $z \\in (0, 1)$."])
def test_an_interval_the_checker_cannot_apply_leaves_refutations_unsupported(prose: str) -> None:
    report = check_text(f"{prose}\n\n$$\nz^2 \\le z\n$$\n", "md")
    assert report.steps == ()
    assert "says what z is" in report.errors[0].message
