"""beta_controls_optimal_policy and negative twins (§2, §8.6)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD
from proofs.beta_controls_optimal_policy import Y1, Y2

S = STANDARD
x, beta = S.x, S.beta
ps, ref, r = S.pi_star, S.pi_ref, S.r
SHIFT = sp.log(ps(Y1, x) / ps(Y2, x)) - sp.log(ref(Y1, x) / ref(Y2, x))


def test_every_step_proved():
    assert_steps("beta_controls_optimal_policy", ["proved"] * 2)


def test_shift_vanishes_as_beta_grows():
    gap = sp.Symbol("g", real=True)
    assert sp.limit(gap / beta, beta, sp.oo) == 0


def test_beta_multiplying_is_refuted():
    assert_refuted(SHIFT, "=", beta * (r(x, Y1) - r(x, Y2)))


def test_missing_beta_is_refuted():
    assert_refuted(SHIFT, "=", r(x, Y1) - r(x, Y2))
