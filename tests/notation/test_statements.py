"""Several statements on one line of a display (derive/notation/statements.py), read as such
by the document reader: implications, equivalences, comma-listed statements, word conditions."""

from __future__ import annotations

import doctest

from derive.checker import check_text
from derive.notation import read_document, statements


def _steps(text: str, kind: str = "md") -> list[tuple[int, str, str]]:
    report = check_text(text, kind)
    return [(s.line, s.relation, s.verdict) for s in report.steps]


def test_doctests() -> None:
    assert doctest.testmod(statements).failed == 0


def test_a_leading_implies_starts_a_new_claim() -> None:
    text = "$$H(X,Y) = H(X) + H(Y|X)$$\n\n$$\\implies H(X,Y)=H(Y)+H(X|Y)$$\n"
    assert _steps(text) == [(1, "=", "proved"), (3, "=", "proved")]
    wrong = "$$H(X,Y) = H(X) + H(Y|X)$$\n\n$$\\implies H(X,Y)=H(Y)-H(X|Y)$$\n"
    assert _steps(wrong)[-1] == (3, "=", "refuted")


def test_a_premise_is_a_given_and_its_consequence_is_claimed() -> None:
    doc = read_document(r"Therefore, $H(X)-H(X|Y)\geq 0\implies H(X|Y)\leq H(X)$.", "md")
    assert [s.relation for s in doc.steps] == ["<="] and len(doc.givens) == 1


def test_a_refuted_consequence_of_a_premise_is_unsupported_never_refuted() -> None:
    # c * 2 = 1 may rest on what the premise (and the text before it) says of c
    report = check_text(r"$$\sum_{x} P(x)=1\implies c \cdot 2=1$$", "md")
    assert not [s for s in report.steps if s.verdict == "refuted"]
    assert report.errors and "unsupported" in report.errors[0].message


def test_a_consequence_of_a_given_display_is_never_refuted() -> None:
    text = ("Set the derivative to zero:\n\n$$0 = r - \\beta \\left( \\log f + 1 \\right)$$\n\n"
            "$$\\Rightarrow \\log f = \\frac{r}{\\beta}$$\n")
    assert not [s for s in check_text(text, "md").steps if s.verdict == "refuted"]


def test_both_sides_of_an_equivalence_are_givens() -> None:
    doc = read_document(r"$$D(p \| q) \geq 0 \text{ and } p=q \Leftrightarrow D(p \| q) = 0$$",
                        "md")
    assert [s.relation for s in doc.steps] == [">="]  # the rest is a note after \text{and}
    doc = read_document(r"$$p=q \Leftrightarrow D(p \| q) = 0$$", "md")
    assert doc.steps == [] and len(doc.givens) == 2


def test_comma_listed_statements_the_later_ones_are_conditions() -> None:
    doc = read_document(r"$$\sigma(-z) = 1 - \sigma(z), \quad z = 2$$", "md")
    assert [(s.relation, s.line) for s in doc.steps] == [("=", 1)] and len(doc.givens) == 1
    # a comma inside brackets or between expressions without relations does not split
    assert len(statements.split_statements(r"p(x, y) = q(x, y)")) == 1
    assert len(statements.split_statements(r"H(X), H(Y) \le H(X, Y)")) == 1


def test_a_word_condition_ends_the_math() -> None:
    text = r"$$D( p \mid \mid q) \geq 0 \text{ with equality if and only if } p = q$$"
    report = check_text(text, "md")
    assert [(s.relation, s.verdict) for s in report.steps] == [(">=", "proved")]
    assert report.errors == ()


def test_a_condition_written_after_the_math_makes_it_a_given() -> None:
    text = ("The reference is the initial policy, so that\n\n"
            "$$D_{KL}(\\pi_\\theta \\| \\pi_{ref}) = 0$$\n\nat the start of training.\n")
    doc = read_document(text, "md")
    assert doc.steps == [] and len(doc.givens) == 1


def test_a_result_announced_after_a_where_is_claimed() -> None:
    text = ("It is common to reparametrize, where $p_i = e^{r_i}$, which results in the "
            "following form:\n\n$$\\frac{e^{r_i}}{e^{r_i} + e^{r_j}} = \\sigma(r_i-r_j)$$\n")
    assert _steps(text) == [(3, "=", "proved")]


def test_a_constant_named_again_in_a_new_section_is_a_new_constant() -> None:
    text = ("$$c = 2$$\n\n## Claim\n\n$$\\frac{P(x)}{Q(x)} = c$$\n")
    doc = read_document(text, "md")
    assert ("c", None) in doc.opaque and not [s for s in doc.steps if s.line == 5]


def test_a_labelled_line_of_inline_math_is_set_out_like_a_display() -> None:
    text = ("The two identities are:\nSigmoid: $\\sigma(-z) = 1 - \\sigma(z)$\n"
            "- **Example**: $z = 2$.\n")
    doc = read_document(text, "md")
    assert [(s.line, s.relation) for s in doc.steps] == [(2, "=")] and len(doc.givens) == 1
    wrong = text.replace("1 - \\sigma(z)", "1 + \\sigma(z)")
    assert _steps(wrong) == [(2, "=", "refuted")]
