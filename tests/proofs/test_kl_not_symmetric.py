"""kl_not_symmetric: D(P‖Q) ≈ 0.368064 < D(Q‖P) ≈ 0.510826 for P = (0.9, 0.1), Q = uniform."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL
from derive.kernel import decide
from proofs.kl_not_symmetric import FORWARD, REVERSE, A, P, Q, a

FWD, REV = KL(P(a), Q(a), (a, A)), KL(Q(a), P(a), (a, A))


def test_every_step_proved():
    assert_steps("kl_not_symmetric", ["proved"] * 3)


def test_closed_forms_match_the_oracle():
    assert abs(float(FORWARD) - 0.368064) < 1e-6
    assert abs(float(REVERSE) - 0.510826) < 1e-6


def test_approximate_values():
    assert decide(FWD, "approx", sp.Float("0.368064"), tolerance=1e-6).status == "numeric_only"
    assert decide(REV, "approx", sp.Float("0.510826"), tolerance=1e-6).status == "numeric_only"


def test_symmetry_is_refuted():
    assert_refuted(FWD, "=", REV)


def test_swapped_value_is_refuted():
    # the torch argument-order trap: reading D(Q‖P) for D(P‖Q)
    assert_refuted(FWD, "approx", sp.Float("0.510826"), tolerance=1e-6)
