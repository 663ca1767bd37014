"""optimal_value_log_partition: J_x(π) ≤ β log Z(x), and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, Expectation
from derive.library import get

S = STANDARD
x, y, Y, beta = S.x, S.y, S.Y, S.beta
pi, ref, r, Z = S.pi(y, x), S.pi_ref(y, x), S.r(x, y), S.Z(x)
J = Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y))


def test_every_step_proved():
    rec = assert_steps("optimal_value_log_partition", ["proved"] * 7)
    assert get(rec.name).relation == "<="


def test_reverse_inequality_is_refuted():
    assert_refuted(J, ">=", beta * sp.log(Z))


def test_log_of_a_sum_is_not_an_expectation_of_logs():
    # §2 pitfall: log Z ≠ 𝔼_{π_ref}[r/β] (Jensen only gives ≥)
    assert_refuted(sp.log(Z), "=", Expectation(r / beta, ref, (y, Y)))


def test_value_at_the_optimum_is_not_the_expected_reward():
    assert_refuted(beta * sp.log(Z), "=", Expectation(r, S.pi_star(y, x), (y, Y)))
