"""An expectation written without brackets followed by a power or by a factor that uses its
variable is refused, never read outside the mean.

Found by the adversarial pass of 2026-12-02: ``\\mathbb{E}_{y\\sim\\pi} r(x,y)^2`` was read as
``(\\mathbb{E}[r])^2`` (the grammar's expectation takes one atom), so the false step
``E_y r^2 = (E_y r)^2`` was *proved* (syntactic).
"""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation import NotationError, parse_math

_E = "\\mathbb{E}_{y\\sim\\pi(\\cdot|x)}"


def _verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, "md").steps]


@pytest.mark.parametrize("tex", [f"{_E} r(x,y)^2", f"{_E} r(x,y) \\cdot r(x,y)",
                                 f"{_E} r(x,y)\\, r(x,y)", f"2 {_E} r(x,y) \\cdot r(x,y)",
                                 f"{_E} r(x,y) / \\pi(y|x)"])
def test_an_ambiguous_bare_expectation_is_refused(tex: str) -> None:
    with pytest.raises(NotationError, match="without brackets"):
        parse_math(tex)


@pytest.mark.parametrize("tex", [f"{_E}[r(x,y)]^2", f"\\left({_E} r(x,y)\\right)^2",
                                 f"{_E}[r(x,y)^2]", f"\\beta\\, {_E} r(x,y)",
                                 f"{_E} r(x,y) \\cdot \\beta", f"{_E} r(x,y) / \\beta",
                                 f"{_E} \\log \\pi(y|x)^2",
                                 f"\\mathbb{{E}}_{{x\\sim D}} {_E} r(x,y)"])
def test_bracketed_or_unambiguous_expectations_are_read(tex: str) -> None:
    parse_math(tex)


def test_the_false_step_is_no_longer_proved_and_its_true_twin_is() -> None:
    wrong = f"$${_E} r(x,y)^2 = \\left({_E} r(x,y)\\right)^2$$\n"
    report = check_text(wrong, "md")
    assert report.steps == () and report.verdict != "correct"
    right = f"$${_E}[r(x,y)^2] \\ge \\left({_E}[r(x,y)]\\right)^2$$\n"
    assert _verdicts(right) in (["proved"], ["numeric_only"])
    assert _verdicts(f"$${_E}[r(x,y)^2] = \\left({_E}[r(x,y)]\\right)^2$$\n") == ["refuted"]
