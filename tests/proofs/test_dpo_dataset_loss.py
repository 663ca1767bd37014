"""dpo_dataset_loss: the Bradley–Terry negative log-likelihood of a preference dataset is DPO's
loss; swapped completions, a missing β and a Z(x) that does not cancel are refuted."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import (
    STANDARD,
    Sigmoid,
    dpo_dataset_loss,
    preference_dataset,
    preference_mean,
)

S = STANDARD
x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta
pt, ref = S.pi_theta, S.pi_ref
data = preference_dataset()
L = dpo_dataset_loss(pt, ref, beta, data)()
hw = beta * sp.log(pt(yw, x) / ref(yw, x))
hl = beta * sp.log(pt(yl, x) / ref(yl, x))


def test_every_step_proved():
    assert_steps("dpo_dataset_loss", ["proved"] * 3)


def test_swapped_preferred_and_rejected_is_refuted():
    assert_refuted(L, "=", -preference_mean(sp.log(Sigmoid(hl - hw)), data))


def test_missing_beta_is_refuted():
    assert_refuted(L, "=", -preference_mean(sp.log(Sigmoid(hw / beta - hl / beta)), data))


def test_a_partition_function_at_another_prompt_does_not_cancel():
    # Z(x) cancels only because both completions share the record's prompt
    z_other = beta * sp.log(S.Z(sp.Symbol("x'")))
    assert_refuted(L, "=", -preference_mean(sp.log(Sigmoid(hw + z_other - hl - beta * sp.log(
        S.Z(x)))), data))


def test_the_mean_is_not_the_loss_of_one_record():
    assert_refuted(L, "=", -sp.log(Sigmoid(hw - hl)))
