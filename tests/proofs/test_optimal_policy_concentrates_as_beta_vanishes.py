"""optimal_policy_concentrates_as_beta_vanishes: β → 0⁺ on a unique maximiser, and twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD as S
from derive.definitions.limits import LimitOf
from derive.kernel import decide
from proofs.optimal_policy_concentrates_as_beta_vanishes import (
    P1,
    P2,
    P3,
    optimal_mass_of_maximiser,
)

LIM0 = LimitOf(optimal_mass_of_maximiser(S.beta), S.beta, 0, "+")


def test_every_step_proved():
    assert_steps("optimal_policy_concentrates_as_beta_vanishes", ["proved"] * 2)


def test_reference_mass_is_refuted():
    assert_refuted(LIM0, "=", P2)


def test_beta_to_infinity_is_not_the_arg_max():
    """β → ∞ gives the reference's share, not the arg max of r."""
    lim_inf = LimitOf(optimal_mass_of_maximiser(S.beta), S.beta, sp.oo)
    assert_refuted(lim_inf, "=", sp.Integer(1))
    assert decide(lim_inf, "=", P2 / (P1 + P2 + P3)).status == "proved"


def test_general_concentration_without_the_assumption_is_inconclusive():
    """Over an abstract support the unique maximiser cannot be seen: never guessed."""
    v = decide(LimitOf(S.pi_star(S.y, S.x), S.beta, 0, "+"), "=", S.pi_ref(S.y, S.x))
    assert v.status == "inconclusive"
