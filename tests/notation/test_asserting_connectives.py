"""Words inside the math that assert what follows ("A \\quad\\text{and}\\quad B", "A, \\text{
so } B", "A \\therefore B") make B a second statement, never a note dropped unchecked.

Found by the adversarial pass of 2026-12-02: each false document ended ``correct`` because B
was read as an annotation.  Every case has its true twin.
"""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.notation.statements import asserting_connective, split_statements


def _verdicts(text: str) -> list[str]:
    return [s.verdict for s in check_text(text, "md").steps]


_CONNECTIVES = ["\\quad\\text{and}\\quad", "\\text{ and }", "\\quad\\text{hence}\\quad",
                ", \\text{ so }", "\\quad\\text{i.e.}\\quad", "\\quad\\therefore\\quad",
                "\\quad\\text{which gives}\\quad", "\\quad\\text{thus}\\quad"]


@pytest.mark.parametrize("word", _CONNECTIVES)
def test_a_conclusion_after_a_connective_in_the_math_is_judged(word: str) -> None:
    head = "D_{KL}(P\\|Q) = H(P,Q) - H(P)"
    assert _verdicts(f"$${head} {word} H(P,Q) \\le H(P)$$\n") == ["proved", "refuted"]
    assert _verdicts(f"$${head} {word} H(P,Q) \\ge H(P)$$\n") == ["proved", "numeric_only"]


def test_a_conclusion_followed_by_its_own_condition_keeps_the_note_reading() -> None:
    # "= 0 iff P = Q" cannot be applied: never refuted (the old reading, a note, is kept)
    text = "$$D_{KL}(P\\|Q) \\ge 0 \\text{ and } D_{KL}(P\\|Q) = 0 \\text{ iff } P = Q$$\n"
    assert "refuted" not in _verdicts(text)




def test_the_pieces_around_a_connective_keep_the_display_role() -> None:
    line = r"a = b \quad\text{and}\quad c < d"
    assert [(line[s:e].strip(), role, breaks) for s, e, role, breaks in split_statements(line)] \
        == [("a = b", None, False), ("c < d", None, True)]


def test_a_note_that_is_not_followed_by_a_relation_stays_a_note() -> None:
    assert asserting_connective(r"a = b \text{ and so on}", 6) is None
    assert asserting_connective(r"a = b \text{ and } c", 6) is None


def test_a_result_after_a_comma_is_judged_and_a_condition_stays_a_given() -> None:
    # "A, \qquad B" with B a quantity of the field (H, D_KL, log, sigma, E): a claim of its
    # own (it was a given: the document ended correct with B false)
    assert _verdicts("$$\\sigma(-z) = 1 - \\sigma(z), \\qquad \\sigma(z) \\le \\frac{1}{2}$$\n") \
        == ["proved", "refuted"]
    assert _verdicts("$$H(P) \\ge 0, \\qquad D_{KL}(P\\|Q) \\ge 0.$$\n") \
        in (["proved", "proved"], ["numeric_only", "proved"])
    # a condition or a constraint after the comma stays a given
    assert [p[2] for p in split_statements(r"a=b, \quad i = j")] == [None, "given"]
    assert [p[2] for p in split_statements(r"p(x) \ge 0, \sum_x p(x) = 1")] == [None, "given"]
