"""dpo_from_rlhf: BT preference = exp(−𝓛_DPO at π*), and negative twins (§4, §8.3)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Sigmoid

S = STANDARD
x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta
xp = sp.Symbol("x'")
ps, ref = S.pi_star, S.pi_ref


def implicit(y, prompt):
    return beta * sp.log(ps(y, prompt) / ref(y, prompt))


def test_every_step_proved():
    rec = assert_steps("dpo_from_rlhf", ["proved"] * 4)
    assert r"\pi^{*}" in rec.steps[-1].after


def test_partition_does_not_cancel_across_prompts():
    # y_l answers a different prompt x': Z(x) − Z(x') stays
    assert_refuted(Sigmoid(S.r(x, yw) - S.r(xp, yl)), "=",
                   Sigmoid(implicit(yw, x) - implicit(yl, xp)))


def test_swapped_preference_order_is_refuted():
    assert_refuted(S.BT(x, yw, yl), "=", Sigmoid(implicit(yl, x) - implicit(yw, x)))


def test_beta_inside_the_log_is_refuted():
    wrong = Sigmoid(sp.log(ps(yw, x) / ref(yw, x)) / beta - sp.log(ps(yl, x) / ref(yl, x)) / beta)
    assert_refuted(S.BT(x, yw, yl), "=", wrong)


def test_dpo_loss_with_the_trained_policy_is_not_an_identity():
    # replacing π* by π_θ is a modelling step: as an identity it is refuted
    assert_refuted(S.BT(x, yw, yl), "=", sp.exp(-S.L_DPO(x, yw, yl)))
