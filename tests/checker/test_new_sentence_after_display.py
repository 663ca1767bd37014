"""A capitalised conditional word after a display begins a new sentence: its hypothesis is the
next display's, never the condition of the display before it.

Found by the adversarial pass of 2026-12-02: in ``$$\\sigma(z) > \\frac12$$`` followed by
``If $z > 0$, then $$…$$`` the false first display was accepted (numeric_only, "under the
hypothesis $z > 0$"), and the true second one was refuted at z = -2.
"""

from __future__ import annotations

from derive.checker import check_text


def _verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, "md").steps]


def test_the_display_before_a_new_conditional_sentence_is_judged_without_it() -> None:
    text = "$$\\sigma(z) > \\frac{1}{2}$$\nIf $z > 0$, then\n$$\\sigma(z) + \\sigma(-z) = 1$$\n"
    assert _verdicts(text) == ["refuted", "proved"]


def test_the_display_after_a_new_conditional_sentence_is_judged_under_it() -> None:
    for opener in ("If $z > 0$, then", "For $z > 0$,"):
        text = f"$$a = a$$\n{opener}\n$$\\sigma(z) > \\frac{{1}}{{2}}$$\n"
        assert _verdicts(text) == ["proved", "numeric_only"]


def test_a_lower_case_qualifier_after_a_display_still_qualifies_it() -> None:
    assert _verdicts("$$x^2 > 25$$ if $x > 5$.\n") == ["numeric_only"]
    assert _verdicts("$$\n\\beta^2 > 25\n$$\nwhere $\\beta > 5$.\n") == ["numeric_only"]
    assert _verdicts("$$\n\\beta^2 > 25\n$$\nWhere $\\beta > 5$.\n") == ["numeric_only"]
