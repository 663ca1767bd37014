"""A hypothesis that is denied, merely mentioned, or conditional is never applied to claims it
does not govern: "Assume $x > 5$ is false", "$x > 5$ fails", "we drop the assumption $x > 5$",
"a common mistake is to assume $x > 5$", "assume $y > 0$ whenever $x > 5$", "$x > 5$ implies",
"unless", "(or …)", "sometimes".  Each negative twin: the plain "Assume $x > 5$" is applied."""

from __future__ import annotations

import pytest

from derive.checker import check_text


def _verdicts(text: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, "md").steps]


@pytest.mark.parametrize("prose", [
    "Assume $x > 5$ is false.",
    "The bound $x > 5$ fails here.",
    "We drop the assumption $x > 5$.",
    "A common mistake is to assume $x > 5$.",
    "We assume $y > 0$ whenever $x > 5$.",
    "We assume $x > 5$ whenever $y > 0$.",
    "Assume $x > 5$ implies $y > 0$.",
    "Assume $y > 0$ implies $x > 5$.",
    "Assume $y > 0$ unless $x > 5$.",
    "Assume $x > 5$ unless $y > 0$.",
    "Sometimes we assume $x > 5$.",
    "One might assume $x > 5$.",
])
def test_a_hypothesis_denied_or_conditional_is_not_applied(prose: str) -> None:
    assert _verdicts(f"{prose}\n\n$$x^2 > 25$$\n") == [(3, "refuted")]


@pytest.mark.parametrize("prose", ["Assume $x > 5$.", "We may assume $x > 5$ and $y > 0$."])
def test_a_plain_hypothesis_is_still_applied(prose: str) -> None:
    assert _verdicts(f"{prose}\n\n$$x^2 > 25$$\n") == [(3, "numeric_only")]


def test_a_side_in_parentheses_is_one_side_of_an_or() -> None:
    report = check_text("Assume $x > 5$ (or $x < -5$).\n\n$$x^2 > 25$$\n\n$$x > 0$$\n", "md")
    assert all(s.verdict != "numeric_only" for s in report.steps)
    assert all("x > 5 \\text{ or } x < -5" in e.message for e in report.errors)
