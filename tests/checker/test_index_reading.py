"""Indexed sums read from documents: ranges, sizes, indexed reals and distributions, refusals."""

import pytest

from derive.checker import check_text


def _steps(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, kind="md").steps]


def _errors(text: str) -> list[str]:
    return [e.message for e in check_text(text, kind="md").errors]


def test_centred_rewards_sum_to_zero_with_g_before_its_sum():
    text = "$$\n\\sum_{i=1}^{G}\\left(r_i - \\frac{1}{G}\\sum_{j=1}^{G} r_j\\right) = 0\n$$\n"
    assert _steps(text) == ["proved"]


def test_a_near_miss_is_refuted():
    text = "$$\n\\sum_{i=1}^{G}\\left(r_i - \\frac{1}{G+1}\\sum_{j=1}^{G} r_j\\right) = 0\n$$\n"
    assert _steps(text) == ["refuted"]


def test_leave_one_out_sum():
    text = "$$\n\\sum_{j \\neq i} r_j = \\sum_{j=1}^{G} r_j - r_i\n$$\n"
    assert _steps(text) == ["proved"]
    wrong = "$$\n\\sum_{j \\neq i} r_j = \\sum_{j=1}^{G} r_j\n$$\n"
    assert _steps(wrong) == ["refuted"]


def test_indexed_p_is_a_distribution_not_a_free_number():
    """Issue 10: with p_i a free number, textbook steps were refuted with p_i = 1."""
    assert _steps("$$\n\\sum_{i=1}^{n} p_i = 1\n$$\n") == ["proved"]
    assert _steps("$$\n-\\sum_{i=1}^{n} p_i \\log p_i \\le \\log n\n$$\n") in (
        ["numeric_only"], ["proved"])
    assert _steps("$$\n-\\sum_{i=1}^{n} p_i \\log p_i \\ge \\log n\n$$\n") == ["refuted"]


def test_sizes_include_one():
    # Σ_j r_j = G r_i holds at G = 1 only: refuted, never accepted from G = 1 alone
    assert _steps("$$\n\\sum_{j=1}^{G} r_j = G r_i\n$$\n") == ["refuted"]


@pytest.mark.parametrize("math,fragment", [
    ("-\\sum_i a_i \\log a_i = 0", "indexed quantity"),
    ("\\sum_i r_i = 0", "names no size"),
    ("\\sum_{i=0}^{G} r_i = 0", "from i=1 only"),
    ("\\sum_{t=1}^{|o_i|} r_t = 0", "not read"),
    ("\\sum_{i=1}^{G} \\hat{A}_i = 0", "not defined"),
    ("\\sum_{i=1}^{G} r_{i+1} = 0", "computes an index"),
    ("\\sum_{i=1}^{G} r_i = G r_1", "fixed or computed index"),
    ("\\sum_{j=1}^{q} y_j o_j = 0", "only r_i"),
])
def test_what_is_not_read_is_unsupported_at_its_position(math: str, fragment: str):
    report = check_text(f"$$\n{math}\n$$\n", kind="md")
    assert not [s for s in report.steps if s.verdict in ("proved", "refuted", "numeric_only")]
    assert any(fragment in e.message for e in report.errors), [e.message for e in report.errors]



def test_two_readings_of_one_range_are_the_same_set():
    """``derive equiv`` reads each side with its own translator: i and j over G must meet."""
    from derive.checker.translate import Translator
    from derive.kernel import decide
    from derive.notation import parse_math

    lhs = Translator().expr(parse_math(r"\frac{1}{G}\sum_{i=1}^{G} r_i"))
    rhs = Translator().expr(parse_math(r"\frac{\sum_{j=1}^{G} r_j}{G}"))
    assert decide(lhs, "=", rhs).status == "proved"


@pytest.mark.parametrize("sub,verdict", [
    (r"j=1, j\neq i", "proved"),
    (r"j=1, i\neq j", "proved"),
    (r"j=1", "refuted"),  # the exclusion matters: never dropped
])
def test_a_sum_with_limits_and_an_exclusion(sub: str, verdict: str) -> None:
    """RLOO's baseline ``\\sum_{j=1, j \\neq i}^{G} r_j`` (the RLHF book writes both orders)."""
    text = f"$$\\sum_{{{sub}}}^G r_j = \\sum_{{j=1}}^G r_j - r_i$$\n"
    assert [s.verdict for s in check_text(text, "md").steps] == [verdict]
