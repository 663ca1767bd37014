"""dpo_loss_at_reference: 𝓛_DPO = log 2 at π_θ = π_ref, for every β."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, dpo_loss

S = STANDARD
x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta


def test_every_step_proved():
    assert_steps("dpo_loss_at_reference", ["proved"] * 3)


def test_loss_at_reference_is_not_zero():
    assert_refuted(dpo_loss(S.pi_ref, S.pi_ref, beta)(x, yw, yl), "=", sp.Integer(0))


def test_loss_at_reference_does_not_scale_with_beta():
    assert_refuted(dpo_loss(S.pi_ref, S.pi_ref, beta)(x, yw, yl), "=", beta * sp.log(2))


def test_general_policy_loss_is_not_log_two():
    assert_refuted(S.L_DPO(x, yw, yl), "=", sp.log(2))
