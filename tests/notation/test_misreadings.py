"""The grammar never guesses: each writing here is either read as the field means it, or
refused with a located error (never a product of letters, never a free symbol standing in)."""

from __future__ import annotations

import pytest

from derive.notation import parse_math
from derive.notation.ast import KL, Definition, Func, Name, Number, Sum
from derive.notation.parser import NotationError


@pytest.mark.parametrize("text,match", [
    (r"f(t)\,dt = 1", "differential"),
    (r"\frac{d^2}{dt^2}\log(1+e^{t})", "higher derivative"),
    (r"\frac{\partial^2 L}{\partial f^2}", "higher derivative"),
    (r"\frac{d}{d\log t} x", "one variable"),
    (r"\frac{\partial}{d t} x", "same d"),
    (r"\frac{d}{dt} = 0", "needs an expression after it"),
    (r"\log \nabla_t t", "operand after it"),
    (r"\frac{d}{dt} t \cdot t", "operand of a derivative ends here"),
    (r"2\frac{d}{dt} t / t", "operand of a derivative ends here"),
    (r"0 < Z(x) < \forall", "quantified statements are not supported"),
    (r"\int_0^1 x", "integrals are not supported"),
    (r"a \implies b", "implication"),
    (r"a \iff b", "equivalence"),
    (r"\Pr(A)", "probabilities of events"),
    (r"\sqrt34", "braces"),
    (r"f(a\|b)", "only read in a KL divergence"),
])
def test_refused_with_a_reason(text: str, match: str) -> None:
    with pytest.raises(NotationError, match=match):
        parse_math(text)


def test_refusal_is_located_in_the_document() -> None:
    with pytest.raises(NotationError) as err:
        parse_math(r"0 < Z(x) < \forall", line=7, column=4)
    assert (err.value.line, err.value.column) == (7, 15)  # the backslash of \\forall


def test_read_as_the_field_means() -> None:
    P, Q = Name("P"), Name("Q")
    assert parse_math(r"D(P\|Q)") == KL(P, Q)
    assert parse_math(r"D(P||Q)") == KL(P, Q)
    assert parse_math(r"\mathcal{D}_{\text{KL}}(P\|Q)") == KL(P, Q)
    assert parse_math(r"\mathrm{KL}[q, p]") == KL(Name("q"), Name("p"))
    assert parse_math(r"\text{KL}(P\|Q)") == KL(P, Q)
    assert parse_math(r"\sqrt3") == Func("sqrt", (Number("3"),))
    assert parse_math(r"\pi_\star").sub == "*"
    assert parse_math(r"\pi^\star").sup == "*"
    assert parse_math(r"\pi^{\text{SFT}}").sup == "SFT"
    assert parse_math(r"\pi^{SFT}").sup == "SFT"  # a word in a superscript: a label
    assert parse_math(r"\log_2 x") == Func("log2", (Name("x"),))
    assert parse_math(r"\log_b x") == Func("logb", (Name("x"),))
    assert parse_math(r"\log_{10} x") == Func("log10", (Name("x"),))
    assert parse_math(r"\ln x") == Func("ln", (Name("x"),))
    inner = parse_math(r"\log\sum_x P(x)")
    assert isinstance(inner, Func) and isinstance(inner.args[0], Sum)
    assert parse_math(r"\vert x \vert") == parse_math("|x|")
    assert isinstance(parse_math(r"u \equiv \log x"), Definition)
    assert parse_math(r"\sin x + \cos x + \tan x") is not None


def test_abs_and_label_superscripts_stay_powers_where_meant() -> None:
    assert parse_math(r"x^{2}").exp == Number("2")
    assert parse_math(r"e^{ab}") == Func("exp", (parse_math("a b"),))
