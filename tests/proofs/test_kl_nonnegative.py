"""kl_nonnegative (Gibbs) and negative twins (§1.3)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, SupportSum
from derive.library import get

S = STANDARD
x, X, P, Q = S.x, S.X, S.P, S.Q


def test_every_step_proved():
    rec = assert_steps("kl_nonnegative", ["proved"] * 5)
    assert get(rec.name).relation == ">="


def test_kl_nonpositive_is_refuted():
    assert_refuted(KL(P(x), Q(x), (x, X)), "<=", sp.Integer(0))


def test_tangent_bound_in_the_wrong_direction_is_refuted():
    assert_refuted(-SupportSum(P(x) * sp.log(Q(x) / P(x)), (x, X)), "<=",
                   -SupportSum(P(x) * (Q(x) / P(x) - 1), (x, X)))


def test_log_ratio_sum_without_weights_can_be_negative():
    assert_refuted(SupportSum(sp.log(P(x) / Q(x)), (x, X)), ">=", sp.Integer(0))
