"""Definitions print the way the field writes them (exact strings) and unfold correctly."""

import sympy as sp

from derive.definitions import (
    KL,
    ConditionalEntropy,
    CrossEntropy,
    Entropy,
    Expectation,
    MutualInformation,
    Sigmoid,
    marginal,
    unfold_all,
)
from derive.definitions.optimization import ArgMax
from derive.latex import latex


def test_kl_latex_keeps_its_direction(S):
    assert latex(KL(S.P(S.x), S.Q(S.x), (S.x, S.X))) == r"D_{\mathrm{KL}}(P \,\|\, Q)"
    assert latex(KL(S.Q(S.x), S.P(S.x), (S.x, S.X))) == r"D_{\mathrm{KL}}(Q \,\|\, P)"


def test_conditional_policy_latex(S):
    assert latex(S.pi_ref(S.y, S.x)) == r"\pi_{\mathrm{ref}}(y \mid x)"
    assert latex(S.pi_theta(S.y_w, S.x)) == r"\pi_\theta(y_{w} \mid x)"
    assert latex(S.pi_star(S.y, S.x)) == r"\pi^{*}(y \mid x)"


def test_expectation_over_a_policy_latex(S):
    e = Expectation(S.r(S.x, S.y), S.pi_theta(S.y, S.x), (S.y, S.Y))
    assert latex(e) == r"\mathbb{E}_{y \sim \pi_\theta(\cdot \mid x)}\left[r(x, y)\right]"


def test_entropies_and_mutual_information_latex(S):
    x, y, X, Y, p = S.x, S.y, S.X, S.Y, S.joint
    assert latex(Entropy(S.P(x), (x, X))) == "H(P)"
    assert latex(CrossEntropy(S.P(x), S.Q(x), (x, X))) == "H(P, Q)"
    assert latex(Entropy(p(x, y), (x, X), (y, Y))) == "H(X, Y)"
    assert latex(Entropy(marginal(p, 0)(x), (x, X))) == "H(X)"
    assert latex(ConditionalEntropy(p(x, y), 1, (x, X), (y, Y))) == r"H(X \mid Y)"
    assert latex(MutualInformation(p(x, y), (x, X), (y, Y))) == "I(X; Y)"


def test_alignment_objects_latex(S):
    assert latex(S.Z(S.x)) == "Z(x)"
    assert latex(Sigmoid(S.z)) == r"\sigma\left(z\right)"
    assert latex(S.BT(S.x, S.y_w, S.y_l)) == r"p(y_{w} \succ y_{l} \mid x)"
    assert latex(ArgMax(S.r(S.x, S.y), S.pi(S.y, S.x))) == r"\arg\max_{\pi} r(x, y)"


def test_unfolded_kl_reads_like_the_paper(S):
    kl = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
    assert latex(unfold_all(kl)) == r"\sum_{x} P(x) \log \frac{P(x)}{Q(x)}"


def test_optimal_policy_unfolds_to_the_gibbs_form(S):
    body = S.pi_star(S.y, S.x).unfold()
    assert body == S.pi_ref(S.y, S.x) * sp.exp(S.r(S.x, S.y) / S.beta) / S.Z(S.x)


def test_partition_function_does_not_depend_on_the_policy(S):
    z = unfold_all(S.Z(S.x))
    assert not z.has(S.pi) and z.has(S.pi_ref)


def test_sigmoid_at_zero_is_one_half():
    assert Sigmoid(0) == sp.Rational(1, 2)
