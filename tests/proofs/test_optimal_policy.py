"""optimal_policy: arg max_π 𝔼_π[r] − β KL(π‖π_ref) = π*, and its negative twins (§2, §8)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, Expectation, SupportSum
from derive.definitions.optimization import ArgMax

S = STANDARD
x, y, Y, beta = S.x, S.y, S.Y, S.beta
yp = sp.Symbol("y'")
pi, ref, r = S.pi(y, x), S.pi_ref(y, x), S.r(x, y)
OBJECTIVE = ArgMax(Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y)), pi)


def tilt(weight):
    """π_ref(y|x) weight(y) normalised over y."""
    return ref * weight(y) / SupportSum(S.pi_ref(yp, x) * weight(yp), (yp, Y))


def test_every_step_proved():
    rec = assert_steps("optimal_policy", ["proved"] * 8)
    assert rec.verdict == "proved"


def test_beta_multiplies_instead_of_dividing_is_refuted():
    assert_refuted(OBJECTIVE, "argopt", tilt(lambda v: sp.exp(beta * S.r(x, v))))


def test_reward_as_cost_is_refuted():
    assert_refuted(OBJECTIVE, "argopt", tilt(lambda v: sp.exp(-S.r(x, v) / beta)))


def test_partition_without_reference_is_refuted():
    wrong = ref * sp.exp(r / beta) / SupportSum(sp.exp(S.r(x, yp) / beta), (yp, Y))
    assert_refuted(OBJECTIVE, "argopt", wrong)


def test_dropping_the_entropy_part_of_the_kl_is_refuted():
    # keep only the cross-entropy part −𝔼_π log π_ref of the KL: the optimum changes
    no_entropy = ArgMax(Expectation(r, pi, (y, Y)) + beta * Expectation(sp.log(ref), pi, (y, Y)),
                        pi)
    assert_refuted(no_entropy, "argopt", S.pi_star(y, x))


def test_forward_kl_does_not_give_the_exponential_tilt():
    forward = ArgMax(Expectation(r, pi, (y, Y)) - beta * KL(ref, pi, (y, Y)), pi)
    assert_refuted(forward, "argopt", S.pi_star(y, x))
