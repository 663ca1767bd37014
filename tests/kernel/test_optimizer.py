"""Classes C, D, E: optimizer relations over θ, small shifts, and one policy row per prompt."""

import sympy as sp

from derive.checker.check import check_text
from derive.definitions import KL, Expectation, SupportSize, SupportSum
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


# ------------------------------------------------------------------ support sizes and prompts

def test_optimizer_claims_true_only_on_small_supports_are_refuted(S):
    """A term that vanishes on 2- and 3-point supports must not hide: |Y| = 4 and 5 occur."""
    pi, x, y = S.pi(S.y, S.x), S.x, S.y
    kl = KL(pi, S.pi_ref(y, x), (y, S.Y))
    n = SupportSize(S.Y)
    reward = Expectation(S.r(x, y), pi, (y, S.Y))
    for factor in ((n - 2) * (n - 3), (n - 3) * (n - 2) * (n - 1)):
        assert decide(ArgMin(kl, pi), "argopt", ArgMin(kl + factor * reward, pi)).status \
            == "refuted"
    # the same shape with a factor that vanishes on every support stays accepted
    assert decide(ArgMin(kl, pi), "argopt",
                  ArgMin(kl + (n - n) * reward, pi)).status in ("proved", "numeric_only")


def test_rows_an_objective_does_not_use_do_not_hide_a_wrong_tilt(S):
    """Optimizing every prompt's row by its own reward is not optimizing row x by the reward
    averaged over prompts (they agree only when |X| = 1 or one row serves every prompt)."""
    pi, x, y, X, Y = S.pi, S.x, S.y, S.X, S.Y
    xp = sp.Symbol("x'")
    every_row = SupportSum(S.P(xp) * (Expectation(S.r(xp, y), pi(y, xp), (y, Y))
                                      - S.beta * KL(pi(y, xp), S.pi_ref(y, xp), (y, Y))),
                           (xp, X))
    averaged = SupportSum(S.P(xp) * S.r(xp, y), (xp, X))
    one_row = Expectation(averaged, pi(y, x), (y, Y)) - S.beta * KL(
        pi(y, x), S.pi_ref(y, x), (y, Y))
    assert decide(ArgMax(every_row, pi(y, x)), "argopt",
                  ArgMax(one_row, pi(y, x))).status == "refuted"


def test_a_stationary_point_that_is_not_an_optimum_never_stands_for_one() -> None:
    """Newton stops where the gradient vanishes: minimizing the entropy it stopped at the
    uniform policy (H's maximum) and refuted true equalities of arg mins; its negative twin,
    arg min H = arg max H, is still refuted."""
    from derive.checker import check_text

    def verdict(left: str, right: str) -> str:
        return check_text(f"$$\n{left} = {right}\n$$\n", "md").steps[0].verdict

    for right in (r"\arg\min_\pi H(\pi)^2", r"\arg\min_\pi e^{H(\pi)}",
                  r"\arg\min_\pi \log(1 + H(\pi))"):
        assert verdict(r"\arg\min_\pi H(\pi)", right) in ("proved", "numeric_only"), right
    assert verdict(r"\arg\min_\pi H(\pi)", r"\arg\max_\pi H(\pi)") == "refuted"
