"""optimal_policy_is_distribution: Σ_y π*(y|x) = 1, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, SupportSum

S = STANDARD
x, y, Y, beta = S.x, S.y, S.Y, S.beta
yp = sp.Symbol("y'")


def test_every_step_proved():
    assert_steps("optimal_policy_is_distribution", ["proved"] * 3)


def test_partition_without_reference_does_not_normalise():
    wrong_z = SupportSum(sp.exp(S.r(x, yp) / beta), (yp, Y))
    assert_refuted(SupportSum(S.pi_ref(y, x) * sp.exp(S.r(x, y) / beta) / wrong_z, (y, Y)),
                   "=", sp.Integer(1))


def test_beta_placement_breaks_normalisation():
    assert_refuted(SupportSum(S.pi_ref(y, x) * sp.exp(beta * S.r(x, y)) / S.Z(x), (y, Y)),
                   "=", sp.Integer(1))
