"""A pmf subscripted with the random variables of its arguments (``p_X(x)``,
``p_{X,Y}(x, y)``, ``p_{XY}(x,y)``, ``p_{Y|X}(y|x)``, as many information-theory courses
write them) is the joint's p(...); the conditional's bar in the subscript was a parse error."""

from __future__ import annotations

import pytest

from derive.checker import check_text


def _verdicts(math: str) -> list[str]:
    return [s.verdict for s in check_text(f"$${math}$$\n", "md").steps]


@pytest.mark.parametrize("math,verdict", [
    (r"p_X(x) = \sum_y p_{X,Y}(x,y)", "proved"),
    (r"p_X(x) = \sum_x p_{X,Y}(x,y)", "refuted"),
    (r"p_{Y|X}(y|x) = \frac{p(x,y)}{p(x)}", "proved"),
    (r"p_{Y|X}(y|x) = \frac{p(x,y)}{p(y)}", "refuted"),
    (r"p_{X,Y}(x,y) = p_X(x)p_{Y|X}(y|x)", "proved"),
    (r"p_{XY}(x,y) = p_X(x)p_{Y}(y)", "refuted"),  # only for independent X, Y
    (r"H(X|Y) = -\sum_{y}p_Y(y)\sum_{x} p_{X|Y}(x|y)\log p_{X|Y}(x|y)", "proved"),
    (r"H(X|Y) = \sum_{y}p_Y(y)\sum_{x} p_{X|Y}(x|y)\log p_{X|Y}(x|y)", "refuted"),
])
def test_pmfs_subscripted_with_their_random_variables(math: str, verdict: str) -> None:
    assert _verdicts(math) == [verdict]


@pytest.mark.parametrize("math", [r"p_{Y|X}(x|y) = 1", r"p_{Y|X}(y) = 1"])
def test_a_subscript_that_does_not_match_the_arguments_is_not_read(math: str) -> None:
    report = check_text(f"$${math}$$\n", "md")
    assert not report.steps and "conditional pmf" in report.errors[0].message
