"""Class B (checker): ``\\propto`` is judged in the outcome variables the sides name."""

import pytest

from derive.checker.check import check_text


def _verdict(tex: str) -> str:
    report = check_text(f"$${tex}$$", "md")
    assert not report.errors, report.errors
    return report.steps[0].verdict


@pytest.mark.parametrize("tex", [
    r"\pi_{ref}(y_l|x)e^{r(x,y_l)/\beta} \propto \pi_{ref}(y_l|x)",
    r"\pi_{ref}(y_w|x)e^{\beta r(x,y_w)} \propto \pi_{ref}(y_w|x)",
    r"P(x) e^{r(x, y)} \propto P(x)",
    r"p(x,y) \propto p(x,y) e^{r(x,y)}",  # constant in neither x nor y
])
def test_false_proportionality_in_the_named_variable_is_refuted(tex):
    assert _verdict(tex) == "refuted"


@pytest.mark.parametrize("tex", [
    r"\pi^*(y_w|x) \propto \pi_{ref}(y_w|x)e^{r(x,y_w)/\beta}",
    r"\pi^*(y|x) \propto \pi_{ref}(y|x)e^{r(x,y)/\beta}",
    r"P(x) e^{\beta} \propto P(x)",
])
def test_true_proportionality_is_proved(tex):
    assert _verdict(tex) == "proved"


def test_no_outcome_variable_is_inconclusive():
    report = check_text(r"$$e^{r(x,y)/\beta} \propto \beta e^{r(x,y)/\beta}$$", "md")
    step = report.steps[0]
    assert step.verdict == "inconclusive" and "no variable" in step.reason
