"""A hypothesis that fixes a function ("Let $r(x,y) = 0$") is applied where it is set for every
argument, and makes refutations unsupported where it may hold at one point only; it ends with
its block.  Negative twins: the false step under the same hypothesis is refuted."""

from __future__ import annotations

import pytest

from derive.checker import check_text

_TRUE = "\\pi^*(y|x) = \\pi_{ref}(y|x)"
_FALSE = "\\pi^*(y|x) = 2\\pi_{ref}(y|x)"


def _verdicts(text: str) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, "md").steps]


@pytest.mark.parametrize("prose", ["Let $r(x,y) = 0$.", "Suppose $r(x,y) = 0$ for all $x, y$.",
                                   "Set $r(x, y) = 0$ for every response."])
def test_a_function_fixed_everywhere_is_applied(prose: str) -> None:
    assert _verdicts(f"{prose}\n\n$$\n{_TRUE}\n$$\n") == [(4, "proved")]
    assert _verdicts(f"{prose}\n\n$$\n{_FALSE}\n$$\n") == [(4, "refuted")]


def test_a_function_fixed_perhaps_at_one_point_leaves_refutations_unsupported() -> None:
    report = check_text(f"Suppose $r(x,y) = 0$.\n\n$$\n{_TRUE}\n$$\n", "md")
    assert report.steps == ()
    assert "assumes $r(x, y) = 0$" in report.errors[0].message


def test_a_fixed_function_ends_with_its_block() -> None:
    text = f"Let $r(x,y) = 0$.\n\n$$\n{_TRUE}\n$$\n\n---\n\n$$\n{_TRUE}\n$$\n"
    assert _verdicts(text) == [(4, "proved"), (10, "refuted")]


def test_without_the_hypothesis_the_step_is_refuted() -> None:
    assert _verdicts(f"$$\n{_TRUE}\n$$\n") == [(2, "refuted")]


def test_a_distribution_fixed_to_a_constant_is_never_applied_only_named() -> None:
    """P(x) = 1/2 for every x contradicts normalisation on other supports: not applied, so a
    step false for a general P is unsupported, never proved from a contradiction."""
    report = check_text("Let $P(x) = 1/2$.\n\n$$\nH(P) = \\log 2\n$$\n", "md")
    assert report.steps == ()
    assert report.errors[0].message.startswith("unsupported")
