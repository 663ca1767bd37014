"""How far a hypothesis reaches inside its section: never past a setext heading, a rule, the
block it was stated in (a lemma, a proof, a case), nor into a theorem-like block after it;
a statement's hypothesis reaches into its proof, and one stated before the cases holds in all."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation.hypothesis_scope import hypothesis_end


def _verdicts(text: str, kind: str = "md") -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in check_text(text, kind).steps]


_AFTER = [
    ("Suppose $x > 5$.\n\n$$x^2 > 25$$\n\n**Lemma 2.** For all real x,\n\n$$x^2 > 25$$\n", "md", 7),
    ("Part one\n========\n\nSuppose $x > 5$.\n\n$$x^2 > 25$$\n\nPart two\n--------\n\n"
     "$$x^2 > 25$$\n", "md", 11),
    ("Suppose $x > 5$.\n\n$$x^2 > 25$$\n\n---\n\n$$x^2 > 25$$\n", "md", 7),
    ("Case 1: suppose $x > 5$. Then\n\n$$x^2 > 25$$\n\nCase 2: we have\n\n$$x^2 > 25$$\n",
     "md", 7),
    ("\\begin{proof}\nSuppose $x > 5$.\n\\[ x^2 > 25 \\]\n\\end{proof}\nNow\n\\[ x^2 > 25 \\]\n",
     "tex", 6),
    ("*Proof.* Suppose $x > 5$.\n\n$$x^2 > 25$$\n\n∎\n\n$$x^2 > 25$$\n", "md", 7),
]


@pytest.mark.parametrize(("text", "kind", "line"), _AFTER)
def test_a_hypothesis_does_not_reach_past_its_block(text: str, kind: str, line: int) -> None:
    verdicts = dict(_verdicts(text, kind))
    assert verdicts[line] == "refuted"  # x = 0 is allowed there
    assert verdicts[min(verdicts)] == "numeric_only"  # and its own block is under it


def test_a_statements_hypothesis_reaches_into_its_proof_not_past_it() -> None:
    text = ("\\begin{theorem}\nSuppose $x > 5$. Then \\[ x^2 > 25 \\]\n\\end{theorem}\n"
            "\\begin{proof}\nWe have \\[ x^2 > 25 \\]\n\\end{proof}\n\\begin{lemma}\n"
            "For all $y$, \\[ x^2 > 25 \\]\n\\end{lemma}\n")
    assert _verdicts(text, "tex") == [(2, "numeric_only"), (5, "numeric_only"), (8, "refuted")]


def test_a_hypothesis_before_the_cases_holds_in_every_case() -> None:
    text = ("Suppose $x > 5$.\n\nCase 1: $y > 0$. Then\n\n$$x^2 > 25$$\n\n"
            "Case 2: $y < 0$. Then\n\n$$x^2 > 25$$\n")
    assert _verdicts(text) == [(5, "numeric_only"), (9, "numeric_only")]


def test_prose_that_begins_with_a_label_word_is_no_block() -> None:
    assert hypothesis_end("Suppose $x>5$.\nProof of the bound follows.\n$$a$$", 1) is None
    assert hypothesis_end("Suppose $x>5$.\nCase analysis shows\n$$a$$", 1) is None
