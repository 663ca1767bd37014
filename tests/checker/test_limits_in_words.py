"""A display that holds in a limit stated in words ("As $\\beta \\to \\infty$, $$\\pi^* =
\\pi_{ref}$$", ``\\quad \\text{as } \\beta \\to \\infty`` in the row, "in the limit") is reported
unsupported at its line, never judged as an identity for every β (it was refuted at β = 0.5)."""

from __future__ import annotations

import pytest

from derive.checker import check_text

_STEP = "\\pi^*(y|x) = \\pi_{ref}(y|x)"


@pytest.mark.parametrize("text", [
    f"$$\n{_STEP} \\quad \\text{{as }} \\beta \\to \\infty\n$$\n",
    f"As $\\beta \\to \\infty$, the optimal policy reverts to the reference:\n\n$$\n{_STEP}\n$$\n",
    f"$$\n{_STEP}\n$$\nas $\\beta \\to \\infty$.\n",
    f"In the limit of a large temperature,\n\n$$\n{_STEP}\n$$\n",
])
def test_a_limit_in_words_is_unsupported_where_it_stands(text: str) -> None:
    report = check_text(text, "md")
    assert report.steps == ()
    assert [("limit stated in words" in e.message) for e in report.errors] == [True]
    assert report.errors[0].line in (1, 2, 4)


def test_the_same_display_without_the_limit_is_refuted() -> None:
    assert [s.verdict for s in check_text(f"$$\n{_STEP}\n$$\n", "md").steps] == ["refuted"]


def test_a_limit_written_with_lim_is_still_judged() -> None:
    text = "$$\n\\lim_{\\beta \\to \\infty} \\pi^*(y|x) = \\pi_{ref}(y|x)\n$$\n"
    assert [s.verdict for s in check_text(text, "md").steps] == ["proved"]


@pytest.mark.parametrize("text", [
    f"As $\\beta$ grows without bound,\n\n$$\n{_STEP}\n$$\n",
    f"For large $\\beta$ we get\n\n$$\n{_STEP}\n$$\n",
    f"In the limit of small $\\beta$, we have\n\n$$\n{_STEP}\n$$\n",
    f"When $\\beta$ is very large, we have\n\n$$\n{_STEP}\n$$\n",
    f"We have\n\n$$\n{_STEP}\n$$\n\nfor large $\\beta$.\n",
    f"$$\n{_STEP}\n$$\nasymptotically.\n",
    f"$$\n{_STEP} \\quad \\text{{for large }} \\beta\n$$\n",
    f"For $\\beta \\gg 1$, we have\n\n$$\n{_STEP}\n$$\n",
])
def test_a_limit_in_other_words_is_unsupported(text: str) -> None:
    report = check_text(text, "md")
    assert report.steps == ()
    assert [("limit stated in words" in e.message) for e in report.errors] == [True]


@pytest.mark.parametrize("prose", ["For large language models we have",
                                   "As before, we have", "For all $\\beta > 0$ we have"])
def test_words_that_state_no_limit_leave_the_display_judged(prose: str) -> None:
    report = check_text(f"{prose}\n\n$$\n{_STEP}\n$$\n", "md")
    assert [s.verdict for s in report.steps] == ["refuted"]
