"""optimal_policy_tends_to_reference: lim_{β→∞} π* = π_ref, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD as S
from derive.definitions import SupportSize, SupportSum
from derive.definitions.limits import LimitOf


def test_every_step_proved():
    assert_steps("optimal_policy_tends_to_reference", ["proved"] * 3)


def test_policy_at_beta_one_is_refuted():
    yp = sp.Symbol("y'")
    at_one = S.pi_ref(S.y, S.x) * sp.exp(S.r(S.x, S.y)) / SupportSum(
        S.pi_ref(yp, S.x) * sp.exp(S.r(S.x, yp)), (yp, S.Y))
    assert_refuted(LimitOf(S.pi_star(S.y, S.x), S.beta, sp.oo), "=", at_one)


def test_uniform_is_refuted():
    assert_refuted(LimitOf(S.pi_star(S.y, S.x), S.beta, sp.oo), "=", 1 / SupportSize(S.Y))
