"""Classes C, D, E: optimizer relations over θ, small shifts, and one policy row per prompt."""

import sympy as sp

from derive.checker.check import check_text
from derive.definitions import KL, Expectation
from derive.definitions.optimization import ArgMax, ArgMin
from derive.kernel import decide

RLHF = (r"\mathbb{E}_{y\sim\pi_\theta(\cdot|x)}[r(x,y)]"
        r" - \beta D_{KL}(\pi_\theta(\cdot|x)\|\pi_{ref}(\cdot|x))")


def _verdict(tex: str) -> str:
    report = check_text(f"$${tex}$$", "md")
    assert not report.errors, report.errors
    return report.steps[0].verdict


def _J(S, pi):
    x, y = S.x, S.y
    return Expectation(S.r(x, y), pi, (y, S.Y)) - S.beta * KL(pi, S.pi_ref(y, x), (y, S.Y))


# ------------------------------------------------------------------ C: θ means π_θ

def test_theta_optimizes_the_policy_it_parametrises():
    reward = r"\mathbb{E}_{y\sim\pi_\theta(\cdot|x)}[r(x,y)]"
    wrong = rf"\arg\max_\theta {RLHF} = \arg\max_\theta {reward}"
    assert _verdict(wrong) == "refuted"
    assert _verdict(rf"\arg\max_\theta {RLHF} = \pi^*(y|x)") == "proved"
    assert _verdict(rf"\arg\max_\theta {RLHF} = \pi_{{ref}}(y|x)") == "refuted"
    neg = (r"\beta D_{KL}(\pi_\theta(\cdot|x)\|\pi_{ref}(\cdot|x))"
           r" - \mathbb{E}_{y\sim\pi_\theta(\cdot|x)}[r(x,y)]")
    assert _verdict(rf"\arg\max_\theta {RLHF} = \arg\min_\theta {neg}") == "proved"


def test_objective_free_of_the_variable_is_never_accepted(S):
    pi = S.pi(S.y, S.x)
    theta = S.theta
    # nothing depends on θ (π is not π_θ): an arg max of a constant
    v = decide(ArgMax(_J(S, pi), theta), "argopt", ArgMax(_J(S, pi) * 2, theta))
    assert v.status not in ("proved", "numeric_only")
    v = decide(ArgMax(S.beta, theta), "argopt", ArgMax(S.beta + 1, theta))
    assert v.status not in ("proved", "numeric_only")


# ------------------------------------------------------------------ D: small shifts

def test_small_shift_of_the_objective_is_seen(S):
    pi, x, y = S.pi(S.y, S.x), S.x, S.y
    reward = Expectation(S.r(x, y), pi, (y, S.Y))
    for eps in (sp.Rational(1, 10 ** 4), sp.Rational(1, 10 ** 7)):
        shifted = ArgMax(_J(S, pi) + eps * reward, pi)
        assert decide(shifted, "argopt", S.pi_star(y, x)).status == "refuted"
        assert decide(shifted, "argopt", ArgMax(_J(S, pi), pi)).status == "refuted"
    # a shift that does not depend on π changes nothing
    const = ArgMax(_J(S, pi) + sp.Rational(1, 10 ** 4) * S.beta, pi)
    assert decide(const, "argopt", S.pi_star(y, x)).status == "proved"


def test_small_shift_in_latex():
    tex = (r"\arg\max_\pi \mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] - \beta D_{KL}(\pi(\cdot|x)\|"
           r"\pi_{ref}(\cdot|x)) + 10^{-4}\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] = \pi^*(y|x)")
    assert _verdict(tex) == "refuted"


# ------------------------------------------------------------------ E: per prompt

def test_dataset_objective_is_optimized_per_prompt(S):
    assert _verdict(r"\arg\max_\pi \mathbb{E}_{x\sim D}[\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)]"
                    r" - \beta D_{KL}(\pi(\cdot|x)\|\pi_{ref}(\cdot|x))] = \pi^*(y|x)") \
        in ("proved", "numeric_only")
    assert _verdict(r"\arg\max_\pi \mathbb{E}_{x\sim D}[\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)]"
                    r" - \beta D_{KL}(\pi(\cdot|x)\|\pi_{ref}(\cdot|x))] = \pi_{ref}(y|x)") \
        == "refuted"
    pi, x, y = S.pi(S.y, S.x), S.x, S.y
    per_prompt = Expectation(_J(S, pi), S.P(x), (x, S.X))
    assert decide(ArgMax(per_prompt, pi), "argopt", S.pi_star(y, x)).status in (
        "proved", "numeric_only")
    assert decide(ArgMin(-per_prompt, pi), "argopt", ArgMax(per_prompt, pi)).status == "proved"
    wrong = Expectation(_J(S, pi), S.P(x), (x, S.X)) + \
        Expectation(S.r(x, y) * S.P(x), pi, (y, S.Y))
    assert decide(ArgMax(wrong, pi), "argopt", S.pi_star(y, x)).status == "refuted"
