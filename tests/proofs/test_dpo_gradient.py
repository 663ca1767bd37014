"""dpo_gradient: ∂𝓛/∂ℓ_w = −β σ(−β h), its companion for ℓ_l, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Sigmoid
from derive.kernel import decide
from proofs.dpo_gradient import LL, LW, loss, margin

beta = STANDARD.beta
h = margin()


def test_every_step_proved():
    assert_steps("dpo_gradient", ["proved"] * 2)


def test_rejected_gradient_is_opposite():
    v = decide(sp.Derivative(loss(), LL), "=", beta * Sigmoid(-beta * h))
    assert v.status == "proved"


def test_sigmoid_of_plus_margin_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", -beta * Sigmoid(beta * h))


def test_sign_flip_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", beta * Sigmoid(-beta * h))


def test_missing_beta_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", -Sigmoid(-beta * h))
