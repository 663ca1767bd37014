"""The log-derivative (score-function) trick on a finite support, and why a constant baseline
leaves the policy gradient unchanged (REFERENCE §5 pitfalls, §6: E_π[∇log π] = 0).

Modelled exactly on a three-answer support with a softmax policy π_θ(i) = e^{θ_i}/Σ_j e^{θ_j}
and rewards f_i that do not depend on θ; the gradient is taken in the logit θ_1.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.derivation import Derivation
from derive.kernel.context import Context

N = 3
THETA = sp.symbols("theta_1:4", real=True)
REWARDS = sp.symbols("f_1:4", real=True)
BASELINE = sp.Symbol("b", real=True)
T1 = THETA[0]


def policy(i: int) -> sp.Expr:
    """π_θ(i): softmax of the logits."""
    return sp.exp(THETA[i]) / sp.Add(*(sp.exp(t) for t in THETA))


def score(i: int) -> sp.Expr:
    """∂ log π_θ(i) / ∂θ_1, left unevaluated."""
    return sp.Derivative(sp.log(policy(i)), T1)


def expected_reward() -> sp.Expr:
    """J(θ) = Σ_i π_θ(i) f_i = E_{i∼π_θ}[f_i]."""
    return sp.Add(*(policy(i) * REWARDS[i] for i in range(N)))


def derivation() -> Derivation:
    """∂J = Σ_i f_i ∂π_θ(i) = Σ_i π_θ(i) f_i ∂log π_θ(i) = Σ_i π_θ(i)(f_i − b) ∂log π_θ(i)."""
    ctx = Context().assume(
        r"a three-answer support; $\pi_\theta(i)=e^{\theta_i}/\sum_j e^{\theta_j}$ (softmax "
        r"logits $\theta_i$); the rewards $f_i$ and the baseline $b$ do not depend on $\theta$",
    )
    d = Derivation(
        "log_derivative_trick",
        "The log-derivative trick and a constant baseline",
        sp.Derivative(expected_reward(), T1),
        ctx,
        description=(
            r"The policy gradient $\nabla_\theta\mathbb{E}_{y\sim\pi_\theta}[f(y)]="
            r"\mathbb{E}_{y\sim\pi_\theta}[f(y)\nabla_\theta\log\pi_\theta(y)]$ turns the "
            r"gradient of an expectation into an expectation that samples can estimate. Because "
            r"$\sum_y\pi_\theta(y)\nabla\log\pi_\theta(y)=\nabla\sum_y\pi_\theta(y)=0$, any "
            r"baseline $b$ independent of $y$ may be subtracted from the reward (REINFORCE, "
            r"RLOO, GRPO's group mean). Verified exactly on a three-point softmax family."),
    )
    d.budget = 10.0
    d.claim("=", sp.Add(*(REWARDS[i] * sp.Derivative(policy(i), T1) for i in range(N))),
            r"Linearity; $f_i$ is constant in $\theta$", rule="linearity")
    d.claim("=", sp.Add(*(policy(i) * REWARDS[i] * score(i) for i in range(N))),
            r"$\partial\pi_\theta(i)=\pi_\theta(i)\,\partial\log\pi_\theta(i)$ (log-derivative)",
            rule="log_derivative")
    d.claim("=", sp.Add(*(policy(i) * (REWARDS[i] - BASELINE) * score(i) for i in range(N))),
            r"Score identity $\sum_i\pi_\theta(i)\,\partial\log\pi_\theta(i)=\partial 1=0$, "
            r"times the constant $b$", rule="score_identity")
    return d
