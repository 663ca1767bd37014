"""mutual_information_entropies and negative twins (§1.5)."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import (
    KL,
    STANDARD,
    ConditionalEntropy,
    Entropy,
    MutualInformation,
    marginal,
)

S = STANDARD
x, y, X, Y, p = S.x, S.y, S.X, S.Y, S.joint
px, py = marginal(p, 0), marginal(p, 1)
MI = MutualInformation(p(x, y), (x, X), (y, Y))
HX, HY = Entropy(px(x), (x, X)), Entropy(py(y), (y, Y))
HXY = Entropy(p(x, y), (x, X), (y, Y))


def test_every_step_proved():
    assert_steps("mutual_information_entropies", ["proved"] * 6)


def test_plus_joint_entropy_is_refuted():
    assert_refuted(MI, "=", HX + HY + HXY)


def test_conditional_entropy_sign_is_refuted():
    assert_refuted(MI, "=", ConditionalEntropy(p(x, y), 1, (x, X), (y, Y)) - HX)


def test_lautum_information_is_not_mutual_information():
    # D(p_X ⊗ p_Y ‖ p_XY) is a different quantity
    assert_refuted(MI, "=", KL(px(x) * py(y), p(x, y), (x, X), (y, Y)))
