"""Events inside calls: ``H(X | Y = y)`` is the entropy of X under p(x|y) at the value y, and
``p(X = x)`` is the pmf at x.  Lecture notes write the chain rule ``H(X|Y) = Σ_y p(y)
H(X|Y=y)`` this way; the whole display was unread."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation import ast as A
from derive.notation import parse_math


def _judged(math: str) -> list[tuple[str, str]]:
    return [(s.rhs, s.verdict) for s in check_text(f"$${math}$$\n", "md").steps]


@pytest.mark.parametrize("math,verdict", [
    (r"H(X|Y) = \sum_y p(y) H(X|Y=y)", "proved"),
    (r"H(X|Y) = \sum_y p(y) H(Y|X=x)", "refuted"),          # the wrong variable
    (r"H(X|Y=y) = -\sum_x p(x|y) \log p(x|y)", "proved"),
    (r"H(X|Y=y) = -\sum_x p(x|y) \log p(y|x)", "refuted"),
    # conditioning on one value can raise the entropy (only the average cannot)
    (r"H(X|Y=y) \le H(X)", "refuted"),
    (r"H(X \mid Y) \le H(X)", "numeric_only"),
    (r"p(X=x) = \sum_y p(x,y)", "proved"),
    (r"p(X=x) = \sum_x p(x,y)", "refuted"),
])
def test_events_are_read(math: str, verdict: str) -> None:
    assert [v for _, v in _judged(math)] == [verdict]


def test_the_event_prints_as_written() -> None:
    assert _judged(r"H(X|Y) = \sum_y p(y) H(X|Y=y)")[0][0] == r"\sum_{y} p(y) H(X \mid Y = y)"


@pytest.mark.parametrize("math", [r"\sigma(X=x) = 1", r"H(X|X=x) = 0", r"H(X|Y=y, Y) = 0"])
def test_an_event_anywhere_else_is_not_read(math: str) -> None:
    report = check_text(f"$${math}$$\n", "md")
    assert not report.steps and "event" in report.errors[0].message


def test_only_a_random_variable_at_its_own_outcome_is_an_event() -> None:
    assert isinstance(parse_math("H(X|Y=y)").given[0], A.Event)
    for text in ("p(X=0)", "p(X=z)", "p(Z=z)"):
        with pytest.raises(Exception, match="event"):
            parse_math(text)
