"""A display a hypothesis's sentence concludes with is a claim under that hypothesis, never a
given ("If $x>5$, then $$x^2 > 25$$", "Given $x>5$, we get $$…$$", "If $x>5$: $$…$$", "$$…$$
if $x > 5$"): judged with the hypothesis applied where it can be read, and a refutation the
hypothesis may exclude (a condition in words, a given that is no range) is unsupported."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation.claims import MATH, clause_unread, role

_WORDINGS = ["If $x>5$, then\n", "Given $x>5$, we get\n", "If $x > 5$:\n",
             "Suppose $x > 5$, so\n", "When $x > 5$, we have\n"]


def _verdicts(text: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, "md").steps]


@pytest.mark.parametrize("prose", _WORDINGS)
def test_a_conditional_conclusion_is_proved_under_its_hypothesis(prose: str) -> None:
    assert _verdicts(f"{prose}$$x^2 > 25$$\n") == [(2, "numeric_only")]


@pytest.mark.parametrize("prose", _WORDINGS)
def test_a_false_conditional_conclusion_is_refuted(prose: str) -> None:
    assert _verdicts(f"{prose}$$x^2 > 30$$\n") == [(2, "refuted")]


def test_a_condition_written_after_the_display_governs_it() -> None:
    assert _verdicts("$$x^2 > 25$$ if $x > 5$.\n") == [(1, "numeric_only")]
    assert _verdicts("$$x^2 > 30$$ if $x > 5$.\n") == [(1, "refuted")]


def test_only_if_and_if_and_only_if_after_a_display_are_not_its_condition() -> None:
    for prose in ("only if $x > 5$.", "if and only if $x > 5$."):
        report = check_text(f"$$x^2 > 30$$ {prose}\n", "md")
        assert report.steps == ()  # a given, reported not checked
        assert any(w.message.startswith("not checked") for w in report.warnings)


@pytest.mark.parametrize("text", [
    "If $P$ is uniform, then\n$$D_{KL}(P\\|Q) = 0$$\n",
    "If $P = Q$, then\n$$D_{KL}(P\\|Q) = 0$$\n",
    "$$D_{KL}(P\\|Q) = 0$$ if $P = Q$.\n",
])
def test_a_hypothesis_the_checker_cannot_apply_leaves_a_refutation_unsupported(text: str) -> None:
    report = check_text(text, "md")
    assert report.steps == ()
    assert "claimed under the hypothesis of line 1" in report.errors[0].message


def test_a_true_step_under_an_unapplied_hypothesis_is_still_proved() -> None:
    assert _verdicts("If $P$ is uniform, then\n$$D_{KL}(P\\|P) = 0$$\n") == [(2, "proved")]


def test_roles() -> None:
    assert role(f"If {MATH}, then ", inline=False) == "conditional"
    assert role(f"Suppose {MATH} satisfies: ", inline=False) == "given"
    assert role(f"If {MATH}, then ", inline=True) == "given"  # inline math stays context
    assert not clause_unread(f"If {MATH} and {MATH}, then ")
    assert clause_unread(f"If {MATH} is uniform, then ")
