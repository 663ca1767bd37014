"""dpo_gradient: ∂𝓛/∂ℓ_w = −β σ(−β h), its companion for ℓ_l, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Sigmoid
from derive.kernel import decide
from proofs.dpo_gradient import LL, LRL, LRW, LW, implicit_reward, loss, margin

beta = STANDARD.beta
h = margin()


def test_every_step_proved():
    assert_steps("dpo_gradient", ["proved"] * 3)


def test_weight_of_the_paper_in_implicit_rewards():
    r_w, r_l = implicit_reward(LW, LRW), implicit_reward(LL, LRL)
    assert decide(sp.Derivative(loss(), LW), "=", -beta * Sigmoid(r_l - r_w)).status == "proved"


def test_implicit_rewards_in_the_wrong_order_are_refuted():
    r_w, r_l = implicit_reward(LW, LRW), implicit_reward(LL, LRL)
    assert_refuted(sp.Derivative(loss(), LW), "=", -beta * Sigmoid(r_w - r_l))


def test_rejected_gradient_is_opposite():
    v = decide(sp.Derivative(loss(), LL), "=", beta * Sigmoid(-beta * h))
    assert v.status == "proved"


def test_sigmoid_of_plus_margin_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", -beta * Sigmoid(beta * h))


def test_sign_flip_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", beta * Sigmoid(-beta * h))


def test_missing_beta_is_refuted():
    assert_refuted(sp.Derivative(loss(), LW), "=", -Sigmoid(-beta * h))
