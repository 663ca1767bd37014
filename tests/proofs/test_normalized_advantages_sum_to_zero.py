"""normalized_advantages_sum_to_zero: Σ_i Â_i = 0, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import group_mean


def test_every_step_proved():
    assert_steps("normalized_advantages_sum_to_zero", ["proved"] * 3)


def test_sum_is_not_one():
    assert_refuted(SupportSum(GR.A_hat(GR.i), (GR.i, GR.I)), "=", sp.Integer(1))


def test_uncentred_rewards_do_not_sum_to_zero():
    i, I, r = GR.i, GR.I, GR.r
    assert_refuted(SupportSum(r(i) - group_mean(r, I) / SupportSize(I), (i, I)), "=", 0)


def test_unnormalized_advantage_is_refuted():
    # dropping the std + ε denominator is a near miss the kernel refutes
    i, I, r = GR.i, GR.I, GR.r
    assert_refuted(GR.A_hat(i), "=", r(i) - group_mean(r, I))
