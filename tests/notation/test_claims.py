"""Tests for derive.notation.claims: which math in prose is a claim, a given, or context."""

from __future__ import annotations

import pytest

from derive.notation import read_document
from derive.notation.claims import DISPLAY, MATH, declared_log_base, role, sentence_before


@pytest.mark.parametrize("fragment,inline,want", [
    ("We have ", True, "claim"),
    ("Hence ", True, "claim"),
    ("It follows that ", True, "claim"),
    ("If ", True, "given"),
    ("Suppose that ", True, "given"),
    ("Let ", True, "given"),
    ("Assume ", True, "given"),
    ("where ", True, "given"),
    ("For example ", True, "given"),
    ("e.g. ", True, "given"),
    ("with ", True, "given"),
    (f"If {MATH} then ", True, "given"),  # the consequent of a hypothesis is not a claim
    ("If we expand the square, we get ", True, "claim"),
    ("For any distributions we have ", True, "claim"),
    ("The alphabet size ", True, "context"),
    ("", True, "context"),
    ("", False, "claim"),  # a display is a claim
    ("Let us expand: ", False, "claim"),
    ("where\n", False, "given"),
    ("We define ", False, "given"),
    ("Set the derivative to zero: ", False, "given"),
    (f"Now let {MATH} be the ratio, so there is probability {MATH} ", True, "given"),
    (f"where {DISPLAY} hence ", False, "claim"),
    (f"If {DISPLAY} hence ", False, "conditional"),  # a claim under the hypothesis
])
def test_role(fragment: str, inline: bool, want: str) -> None:
    assert role(fragment, inline) == want


def test_sentence_before() -> None:
    assert sentence_before("One. Two, if ") == "Two, if "
    assert sentence_before("This holds, e.g. ") == "This holds, e g  "
    assert sentence_before("Set it to zero:\n\n") == "Set it to zero: "
    assert sentence_before("A paragraph\n\nWe have ") == "We have "
    assert sentence_before(r"\begin{theorem} If ") == " If "
    assert sentence_before(f"for independent {MATH}, {DISPLAY}, and so ").startswith("for")
    assert sentence_before(f"If {DISPLAY}\nWe have ") == "We have "  # a display, then a sentence


def test_declared_log_base() -> None:
    assert declared_log_base("Throughout, logarithms are to base 2.") == 2
    assert declared_log_base("entropy measured in bits") == 2
    assert declared_log_base(r"we write \log for \ln") is None


HYPOTHESES = r"""If $H(X|Y) = 0$ then $X$ is a function of $Y$, and then $H(X) = H(Y)$.
For example, take $X = x$ and $m > 1$; suppose $p = q$.
Let $u = \log \pi(y|x)$. We have $D_{KL}(P\|Q) \ge 0$ where $P \ne Q$.
"""


def test_hypotheses_and_examples_are_givens_not_claims() -> None:
    doc = read_document(HYPOTHESES, "md")
    assert [(s.line, s.relation) for s in doc.steps] == [(3, ">=")]
    assert len(doc.givens) == 6  # H(X|Y)=0, H(X)=H(Y), X=x, m>1, p=q, P != Q
    assert [d.target.base for d in doc.definitions] == ["u"]  # let u = ... introduces u
    assert doc.errors == []


def test_given_display_after_where() -> None:
    text = "The loss is\n$$L = a + b$$\nwhere\n$$a = b$$\nWe have:\n$$a + a = 2a$$\n"
    doc = read_document(text, "md")
    assert [s.line for s in doc.steps] == [6]
    assert len(doc.definitions) == 1  # L = a + b introduces L
    assert len(doc.givens) == 1


def test_a_blank_line_before_a_display_does_not_end_an_unfinished_sentence() -> None:
    # Markdown needs the blank line before $$; the sentence "Assume ... as" goes on into it
    assert sentence_before("Assume two laws $P$ and $Q$ as\n\n") == \
        "Assume two laws $P$ and $Q$ as "
    assert not sentence_before("We are done.\n\n").strip()  # a finished sentence still ends
    assert not sentence_before("## Chain rule\n\n").strip()  # so does a heading
    assert not sentence_before("* softmax\n\n").strip()  # and a list item's label
    text = "Assume two laws $P$ and $Q$ as\n\n$$P = Q$$\n\nHence\n\n$$a + a = 2a$$\n"
    doc = read_document(text, "md")
    assert [s.line for s in doc.steps] == [7] and len(doc.givens) == 1


def test_a_hypothesis_that_says_what_a_distribution_is_is_recorded() -> None:
    text = ("Assume\n\n$$P: \\; X \\sim \\mathrm{Bern}(p_1)$$\n\n"
            "where $p(x,y) = p_1(x) \\, p_2(y)$, with equality iff $q(x) = C p(x)$.\n")
    doc = read_document(text, "md")
    assert doc.hypotheses == {"P": 3, "X": 3, "p": 5}  # q = C p relates two laws: a case
    assert doc.errors == []  # an unread given is not a claim that failed


def test_we_can_say_and_an_aside_between_dashes_are_not_hypotheses() -> None:
    assert role("Applying this, we can say about the left-hand side that ", False) == "claim"
    assert role("For instance, say ", True) == "given"
    aside = "Gibbs' inequality holds – with equality only if the laws are identical –, "
    assert role(aside, False) == "claim"
