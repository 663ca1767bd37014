"""entropy_with_zero_mass: H(0.5, 0.5, 0) = log 2 by 0 log 0 = 0, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import Entropy, SupportSum, distribution
from derive.kernel import decide
from proofs.entropy_with_zero_mass import A, P, a

H = Entropy(P(a), (a, A))


def test_every_step_proved():
    assert_steps("entropy_with_zero_mass", ["proved"] * 3)


def test_zero_mass_counted_as_a_third_uniform_point_is_refuted():
    assert_refuted(H, "=", sp.log(3))


def test_zero_mass_dropped_with_wrong_weight_is_refuted():
    # forgetting the minus sign of the entropy, or 0·log 0 taken as -1
    assert_refuted(H, "=", -sp.log(2))
    assert_refuted(H, "=", sp.log(2) + 1)


def test_entropy_with_zero_mass_is_not_above_log_3():
    assert_refuted(H, ">=", sp.log(3))


def test_plain_p_log_p_sum_is_undefined_not_proved():
    """Without the convention the sum takes log 0: it is never accepted as log 2."""
    plain = -SupportSum(P(a) * sp.log(P(a)), (a, A))
    assert decide(plain, "=", sp.log(2)).status in ("inconclusive", "refuted")


def test_declared_zeros_entropy_is_never_negative():
    X = A
    R = distribution("R", X, zeros=True)
    assert decide(Entropy(R(a), (a, X)), ">=", 0).status in ("proved", "numeric_only")
    assert_refuted(Entropy(R(a), (a, X)), ">", 0)  # a point mass (zeros elsewhere) has H = 0
