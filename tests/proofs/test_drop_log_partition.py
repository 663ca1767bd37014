"""drop_log_partition: log Z drops out of the arg max, not out of the value (§3, §8.2)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, Expectation
from derive.definitions.optimization import ArgMax

S = STANDARD
x, y, Y, beta = S.x, S.y, S.Y, S.beta
pi, ref, pstar, r, Z = S.pi(y, x), S.pi_ref(y, x), S.pi_star(y, x), S.r(x, y), S.Z(x)
J = Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y))


def test_every_step_proved():
    assert_steps("drop_log_partition", ["proved"] * 4)


def test_dropping_log_partition_from_the_value_is_refuted():
    # "=" between max and min problems means the same optimiser, never the same value
    assert_refuted(J, "=", -beta * KL(pi, pstar, (y, Y)))


def test_sign_flip_of_the_kl_term_is_refuted():
    assert_refuted(J, "=", beta * sp.log(Z) + beta * KL(pi, pstar, (y, Y)))


def test_dropping_a_policy_dependent_term_is_refuted():
    # the KL to the reference does depend on π: it may not be dropped like log Z
    assert_refuted(ArgMax(J, pi), "argopt", ArgMax(Expectation(r, pi, (y, Y)), pi))
