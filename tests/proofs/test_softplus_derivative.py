"""softplus_derivative: d/dt log(1 + e^t) = σ(t), and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import Sigmoid
from derive.kernel import decide
from proofs.softplus_derivative import T, softplus


def test_every_step_proved():
    assert_steps("softplus_derivative", ["proved"] * 3)


def test_log_sigmoid_derivative_is_sigmoid_of_minus():
    assert decide(sp.Derivative(sp.log(Sigmoid(T)), T), "=", Sigmoid(-T)).status == "proved"


def test_sigmoid_of_minus_t_is_refuted():
    assert_refuted(sp.Derivative(softplus(T), T), "=", Sigmoid(-T))


def test_exponential_is_refuted():
    assert_refuted(sp.Derivative(softplus(T), T), "=", sp.exp(T))


def test_log_sigmoid_derivative_is_not_sigmoid():
    assert_refuted(sp.Derivative(sp.log(Sigmoid(T)), T), "=", Sigmoid(T))
