"""The \\lim subscript: what is read, and what is refused with its position."""

from __future__ import annotations

import pytest

from derive.notation import ast as A
from derive.notation import parse_math
from derive.notation.limit_subscript import LimitSubscriptError, read_limit_subscript
from derive.notation.located import NotationError
from derive.notation.render import to_latex


@pytest.mark.parametrize("token,expected", [
    (r"\lim_{\beta\to\infty}", ("beta", "oo", "-")),
    (r"\lim_{\beta \rightarrow \infty}", ("beta", "oo", "-")),
    (r"\lim_{\beta \to +\infty}", ("beta", "oo", "-")),
    (r"\lim_{\beta \to 0^+}", ("beta", "0", "+")),
    (r"\lim_{\beta \rightarrow 0^{+}}", ("beta", "0", "+")),
    (r"\lim_{\epsilon \to 0^{-}}", ("epsilon", "0", "-")),
    (r"\lim_{t \longrightarrow 1}", ("t", "1", "+-")),
    (r"\lim\limits_{\tau\to\infty}", ("tau", "oo", "-")),
])
def test_subscripts_that_are_read(token: str, expected: tuple) -> None:
    assert read_limit_subscript(token) == expected


@pytest.mark.parametrize("token", [
    r"\lim_{x \to -\infty}", r"\lim_{x \to b}", r"\lim_{x_1 + y \to 0}", r"\lim_{x}",
    r"\lim_{x \to 0 \to 1}", r"\lim_{x \to -1}",
])
def test_subscripts_that_are_refused(token: str) -> None:
    with pytest.raises(LimitSubscriptError, match="unsupported"):
        read_limit_subscript(token)


def test_limit_node_and_its_body() -> None:
    node = parse_math(r"\lim_{\beta \to 0^+} \frac{a}{b} + c")
    assert isinstance(node, A.BinOp) and node.op == "+"
    lim = node.left
    assert isinstance(lim, A.Limit)
    assert (lim.var.base, lim.point, lim.direction) == ("beta", "0", "+")
    assert to_latex(node) == r"\lim_{\beta \to 0^{+}} \frac{a}{b} + c"


def test_rendered_limit_reads_back() -> None:
    for src in (r"\lim_{\beta\to\infty} \left(a + b\right)", r"\lim_{t \to 1} -t"):
        node = parse_math(src)
        assert parse_math(to_latex(node)) == node


@pytest.mark.parametrize("src,column,message", [
    (r"a = \lim_{x \to -\infty} e^{x}", 5, r"a limit at -\infty"),
    (r"a = \lim x", 5, r"\lim: a limit needs its subscript"),
    (r"f(x) \to 0", 6, "limits and maps are not supported"),
])
def test_unreadable_limits_are_located(src: str, column: int, message: str) -> None:
    with pytest.raises(NotationError) as err:
        parse_math(src, line=2, column=1)
    assert (err.value.line, err.value.column) == (2, column)
    assert message in str(err.value)
