"""\\infty is read as +∞ where it is a whole side, and refused inside an expression."""

import sympy as sp

from derive.checker.check import check_text
from derive.notation import ast as A
from derive.notation import parse_math


def test_infinity_parses_as_a_value() -> None:
    node = parse_math(r"D_{KL}(P\|Q) = \infty")
    assert any(isinstance(n, A.Infinity) for n in node.walk())


def _verdicts(text: str) -> tuple[dict[int, str], list[tuple[int, str]]]:
    report = check_text(text, "md")
    return ({s.line: s.verdict for s in report.steps},
            [(e.line, e.message) for e in report.errors])


def test_partition_function_is_finite() -> None:
    steps, errors = _verdicts("$$ 0 < Z(x) < \\infty $$\n")
    assert errors == [] and set(steps.values()) == {"proved"}


def test_minus_infinity_is_a_side() -> None:
    steps, errors = _verdicts("$$ -\\infty < \\sigma(z) $$\n")
    assert errors == [] and steps == {1: "proved"}


def test_full_support_kl_is_never_infinite() -> None:
    steps, _ = _verdicts("$$ D_{KL}(P \\| Q) = \\infty $$\n")
    assert steps == {1: "refuted"}
    steps, _ = _verdicts("$$ D_{KL}(P \\| Q) < \\infty $$\n")
    assert steps[1] in ("proved", "numeric_only")


def test_infinity_inside_an_expression_is_refused() -> None:
    for text in (r"\frac{1}{\infty} = 0", r"0 \cdot \infty = 0", r"\infty - \infty = 0",
                 r"e^{-\infty} = 0", r"\log \infty = \infty", r"\infty + 1 = \infty"):
        steps, errors = _verdicts(f"$$ {text} $$\n")
        assert steps == {} and len(errors) == 1, text
        assert "whole side" in errors[0][1], text


def test_translator_gives_sympy_infinity() -> None:
    from derive.checker.translate import Translator
    tr = Translator()
    assert tr.expr(parse_math(r"\infty")) == sp.oo
