"""Derivative writings: each form the field uses is read as one Derivative node, with its
variable and operand; ambiguous or unsupported writings are refused with a position."""

from __future__ import annotations

import pytest

from derive.notation import parse_math, to_latex
from derive.notation.ast import BinOp, Derivative, Func, Name, Number
from derive.notation.parser import NotationError

t, z = Name("t"), Name("z")
SOFTPLUS = Func("log", (BinOp("+", Number("1"), Func("exp", (t,))),))


@pytest.mark.parametrize("text", [
    r"\frac{d}{dt}\log(1+e^t)",
    r"\frac{\mathrm d}{\mathrm dt}\log(1+e^t)",
    r"\frac{\mathrm{d}}{\mathrm{d}t}\log(1+e^t)",
    r"\dfrac{d}{d t}\log(1+e^t)",
    r"\frac{d\log(1+e^t)}{dt}",
])
def test_ordinary_derivative_forms(text: str) -> None:
    assert parse_math(text) == Derivative(t, SOFTPLUS, "d")


def test_partial_and_gradient_forms() -> None:
    theta1 = Name("theta", sub="1")
    assert parse_math(r"\frac{\partial}{\partial\theta_1}\theta_1") == \
        Derivative(theta1, theta1, "partial")
    assert parse_math(r"\frac{\partial \theta_1}{\partial \theta_1}") == \
        Derivative(theta1, theta1, "partial")
    assert parse_math(r"∂_z z") == Derivative(z, z, "partial")
    assert parse_math(r"\nabla_\theta \theta") == Derivative(Name("theta"), Name("theta"),
                                                            "nabla")
    assert parse_math(r"\nabla_{\theta} \theta") == parse_math(r"\nabla_\theta \theta")


def test_operand_is_the_following_factors_only() -> None:
    got = parse_math(r"2\frac{d}{dz} z z + z")
    assert got == BinOp("+", BinOp("*", Number("2"), Derivative(z, BinOp("*", z, z))), z)
    # the numerator form carries its whole operand: nothing after it is swallowed
    got = parse_math(r"\frac{d z}{dz} z")
    assert got == BinOp("*", Derivative(z, z), z)


def test_enclosed_derivative_may_be_followed_by_cdot() -> None:
    got = parse_math(r"\left(\frac{d}{dz} z\right) \cdot z")
    assert got == BinOp("*", Derivative(z, z), z)


def test_quotients_of_d_names_stay_quotients() -> None:
    assert parse_math(r"\frac{d_1}{d_2}") == BinOp("/", Name("d", sub="1"), Name("d", sub="2"))
    assert parse_math(r"\frac{d}{2}") == BinOp("/", Name("d"), Number("2"))


@pytest.mark.parametrize("text", [
    r"\frac{d}{dt}\log(1+e^t) = \sigma(t)",
    r"\frac{\partial}{\partial\theta_1}\log\frac{e^{\theta_1}}{e^{\theta_1}+e^{\theta_2}}",
    r"2\left(\frac{d}{dz} z\right) / z",
    r"\nabla_\theta \theta^2 + 1",
])
def test_rendering_reads_back(text: str) -> None:
    node = parse_math(text)
    assert parse_math(to_latex(node)) == node


def test_refusal_is_located() -> None:
    with pytest.raises(NotationError) as err:
        parse_math(r"a + \frac{d^2}{dz^2} z", line=3, column=5)
    assert (err.value.line, err.value.column) == (3, 9)
