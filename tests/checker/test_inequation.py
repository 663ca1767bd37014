r"""``\neq`` steps (checker/inequation.py): accepted only where the sides differ on every
instance, refuted where they are equal somewhere, including at an isolated zero sampling
never reaches."""

from __future__ import annotations

from derive.checker import check_text


def _verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, "md").steps]


def test_sides_that_always_differ_are_accepted() -> None:
    assert _verdicts("$$ x^2 + 1 \\neq 0 $$\n") == ["numeric_only"]


def test_an_isolated_point_where_the_sides_meet_refutes() -> None:
    report = check_text("$$ x \\neq 0.3 $$\n", "md")
    assert [s.verdict for s in report.steps] == ["refuted"]
    assert "at x = 3/10" in report.steps[0].reason
    assert _verdicts("$$ 2x \\neq x + 0.5 $$\n") == ["refuted"]
    assert _verdicts("$$ x \\neq 2y + 0.37 $$\n") == ["refuted"]


def test_sides_proved_equal_are_refuted() -> None:
    assert _verdicts("$$ \\sigma(-z) \\neq 1 - \\sigma(z) $$\n") == ["refuted"]
