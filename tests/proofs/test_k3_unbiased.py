"""k3_unbiased and negative twins (§6 S2, S4; §7 pitfalls)."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import K3, KL, STANDARD, Expectation

S = STANDARD
x, y, Y = S.x, S.y, S.Y
th, ref, old = S.pi_theta(y, x), S.pi_ref(y, x), S.pi_old(y, x)
E_K3 = Expectation(K3(ref / th), th, (y, Y))


def test_every_step_proved():
    assert_steps("k3_unbiased", ["proved"] * 6)


def test_k3_is_not_unbiased_for_the_forward_kl():
    assert_refuted(E_K3, "=", KL(ref, th, (y, Y)))


def test_inverted_ratio_is_refuted():
    # w = π_θ/π_ref instead of π_ref/π_θ
    assert_refuted(Expectation(K3(th / ref), th, (y, Y)), "=", KL(th, ref, (y, Y)))


def test_off_policy_samples_are_biased():
    # GRPO samples from π_old; without the importance weight k3 is biased
    assert_refuted(Expectation(K3(ref / th), old, (y, Y)), "=", KL(th, ref, (y, Y)))
