"""Datasets as distributions over records, and DPO's dataset loss (definitions/datasets.py)."""

import sympy as sp

from derive.definitions import (
    STANDARD,
    Expectation,
    Sigmoid,
    dpo_dataset_loss,
    preference_dataset,
    preference_mean,
    prompt_dataset,
    unfold_all,
)
from derive.kernel import decide
from derive.latex import latex

S = STANDARD


def test_datasets_are_distributions_on_their_records():
    assert prompt_dataset().domains == (S.X,)
    assert preference_dataset().domains == (S.X, S.Y, S.Y)
    assert latex(preference_mean(S.r(S.x, S.y_w))) == \
        r"\mathbb{E}_{(x, y_{w}, y_{l}) \sim \mathcal{D}}\left[r(x, y_{w})\right]"


def test_the_dpo_dataset_loss_prints_as_the_paper_and_unfolds_to_its_mean():
    L = dpo_dataset_loss(S.pi_theta, S.pi_ref, S.beta, preference_dataset())()
    assert latex(L) == r"\mathcal{L}_{\mathrm{DPO}}(\pi_\theta; \pi_{\mathrm{ref}})"
    unfolded = L.unfold()
    assert isinstance(-unfolded, Expectation)
    assert S.beta in unfold_all(L).free_symbols


def test_a_mean_over_a_dataset_is_linear_and_a_constant_leaves_it():
    D = prompt_dataset()
    f, g = sp.log(S.Z(S.x)), S.r(S.x, S.y)

    def mean(b):
        return Expectation(b, D(S.x), (S.x, S.X))
    assert decide(mean(2 * f + g), "=", 2 * mean(f) + mean(g)).status == "proved"
    assert decide(mean(f + S.beta), "=", mean(f) + S.beta).status == "proved"
    assert decide(mean(f), "=", f).status == "refuted"  # several prompts: x cannot hide


def test_the_pair_loss_mean_is_the_dataset_loss():
    yw, yl, x = S.y_w, S.y_l, S.x
    h = S.beta * sp.log(S.pi_theta(yw, x) / S.pi_ref(yw, x)) - \
        S.beta * sp.log(S.pi_theta(yl, x) / S.pi_ref(yl, x))
    L = dpo_dataset_loss(S.pi_theta, S.pi_ref, S.beta, preference_dataset())()
    v = decide(L, "=", -preference_mean(sp.log(Sigmoid(h))))
    # the symbolic proof is the folding itself; on a loaded machine the numeric confirmation on
    # 𝒳 × 𝒴 × 𝒴 may outrun the wall-clock budget (inconclusive), never refute
    assert v.evidence.strategy == "unfolding" and v.status in ("proved", "inconclusive")
    assert decide(L, "=", -preference_mean(sp.log(Sigmoid(-h)))).status == "refuted"
