"""kl_cross_entropy: D_KL(P‖Q) = H(P, Q) − H(P), and its negative twins."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, STANDARD, CrossEntropy, Entropy

S = STANDARD
x, X, P, Q = S.x, S.X, S.P, S.Q


def test_every_step_proved():
    rec = assert_steps("kl_cross_entropy", ["proved"] * 5)
    assert rec.verdict == "proved"


def test_entropy_minus_cross_entropy_is_refuted():
    # §8: concluding H(P) − H(P, Q) (the sign flipped) for the KL
    assert_refuted(KL(P(x), Q(x), (x, X)), "=",
                   Entropy(P(x), (x, X)) - CrossEntropy(P(x), Q(x), (x, X)))


def test_swapped_cross_entropy_is_refuted():
    # §8.4: the direction of the KL decides which cross-entropy appears
    assert_refuted(KL(P(x), Q(x), (x, X)), "=",
                   CrossEntropy(Q(x), P(x), (x, X)) - Entropy(Q(x), (x, X)))
