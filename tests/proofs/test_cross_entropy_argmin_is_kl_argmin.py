"""cross_entropy_argmin_is_kl_argmin: over Q yes, over P no (§1.2, §8.5)."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, CrossEntropy, Entropy
from derive.definitions.optimization import ArgMin

S = STANDARD
x, X, P, Q = S.x, S.X, S.P, S.Q


def test_every_step_proved():
    assert_steps("cross_entropy_argmin_is_kl_argmin", ["proved"] * 2)


def test_equivalence_over_the_data_distribution_is_refuted():
    # optimising over P, H(P) moves with the variable and cannot be dropped
    assert_refuted(ArgMin(CrossEntropy(P(x), Q(x), (x, X)), P(x)), "argopt",
                   ArgMin(KL(P(x), Q(x), (x, X)), P(x)))


def test_dropping_entropy_over_p_is_refuted():
    assert_refuted(ArgMin(KL(P(x), Q(x), (x, X)) + Entropy(P(x), (x, X)), P(x)), "argopt",
                   ArgMin(KL(P(x), Q(x), (x, X)), P(x)))
