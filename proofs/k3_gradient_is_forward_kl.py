"""The expected gradient of the k3 loss is the *forward*-KL gradient ∇D_KL(π_ref‖π_θ), although
k3's value estimates the reverse KL (REFERENCE §6 "Gradient of the KL term", pitfall §8.1).

Modelled exactly on a three-answer support with a softmax policy π_θ(i) = e^{θ_i}/Σ_j e^{θ_j}
and a frozen reference π_ref(i) = q_i/Σ_j q_j; the gradient is taken with respect to the logit
θ_1 (any logit, by symmetry).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.derivation import Derivation
from derive.kernel.context import Context

N = 3
THETA = sp.symbols("theta_1:4", real=True)
QS = sp.symbols("q_1:4", positive=True)
T1 = THETA[0]


def policy(i: int) -> sp.Expr:
    """π_θ(i): softmax of the logits."""
    return sp.exp(THETA[i]) / sp.Add(*(sp.exp(t) for t in THETA))


def reference(i: int) -> sp.Expr:
    """π_ref(i) = q_i / Σ q: an arbitrary positive distribution, constant in θ."""
    return QS[i] / sp.Add(*QS)


def ratio(i: int) -> sp.Expr:
    """w_i = π_ref(i)/π_θ(i) (Schulman's ratio with q = π_θ, p = π_ref)."""
    return reference(i) / policy(i)


def k3(i: int) -> sp.Expr:
    return ratio(i) - 1 - sp.log(ratio(i))


def forward_kl() -> sp.Expr:
    """D_KL(π_ref‖π_θ) = Σ_i π_ref(i) log(π_ref(i)/π_θ(i))."""
    return sp.Add(*(reference(i) * sp.log(reference(i) / policy(i)) for i in range(N)))


def reverse_kl() -> sp.Expr:
    """D_KL(π_θ‖π_ref) = Σ_i π_θ(i) log(π_θ(i)/π_ref(i)): what GRPO's Eq. 3 names."""
    return sp.Add(*(policy(i) * sp.log(policy(i) / reference(i)) for i in range(N)))


def score(i: int) -> sp.Expr:
    """∂ log π_θ(i) / ∂θ_1, left unevaluated."""
    return sp.Derivative(sp.log(policy(i)), T1)


def derivation() -> Derivation:
    """𝔼_{i∼π_θ}[∂k3_i] = 𝔼[(1 − w_i) ∂log π_θ(i)] = −𝔼_{π_ref}[∂log π_θ] = ∂D_KL(π_ref‖π_θ)."""
    ctx = Context().assume(
        r"a three-answer support; $\pi_\theta(i)=e^{\theta_i}/\sum_j e^{\theta_j}$ (softmax "
        r"logits $\theta_i$), $\pi_{\mathrm{ref}}(i)=q_i/\sum_j q_j$ with $q_i>0$, frozen",
        r"the sample $i$ is held fixed when differentiating (the loss is computed on samples), "
        r"and it is drawn on-policy from $\pi_\theta$",
    )
    d = Derivation(
        "k3_gradient_is_forward_kl",
        "The k3 loss has the forward-KL gradient",
        sp.Add(*(policy(i) * sp.Derivative(k3(i), T1) for i in range(N))),
        ctx,
        description=(
            r"Used as a loss (GRPO, TRL without `use_bias_correction_kl`), $k_3$ is "
            r"differentiated at fixed samples: $\nabla k_3=(1-w)\nabla\log\pi_\theta$. Averaged "
            r"on-policy this is $-\mathbb{E}_{\pi_{\mathrm{ref}}}[\nabla\log\pi_\theta]="
            r"\nabla D_{\mathrm{KL}}(\pi_{\mathrm{ref}}\|\pi_\theta)$: the mass-covering "
            r"*forward* KL, not the reverse KL $D_{\mathrm{KL}}(\pi_\theta\|\pi_{\mathrm{ref}})$ "
            r"named in Eq. 3 (whose gradient needs the importance-weighted $k_3$ or $k_2$). "
            r"Verified exactly on a three-point softmax family, gradient in $\theta_1$; the "
            r"general statement follows the same lines with $\sum_y$."),
    )
    d.budget = 10.0  # exact rational-function identities in e^{θ_i}: give the kernel time
    d.claim("=", sp.Add(*(policy(i) * (1 - ratio(i)) * score(i) for i in range(N))),
            r"Per sample, $\partial k_3(w)=(1-\frac1w)\partial w$ and "
            r"$\partial w=-w\,\partial\log\pi_\theta$, so "
            r"$\partial k_3=(1-w)\,\partial\log\pi_\theta$",
            rule="k3_sample_gradient")
    d.claim("=", sp.Add(*((policy(i) - reference(i)) * score(i) for i in range(N))),
            r"$\pi_\theta(i)\,w_i=\pi_{\mathrm{ref}}(i)$", rule="importance_weighting")
    d.claim("=", -sp.Add(*(reference(i) * score(i) for i in range(N))),
            r"Score identity: $\sum_i\pi_\theta(i)\,\partial\log\pi_\theta(i)="
            r"\partial\sum_i\pi_\theta(i)=\partial 1=0$", rule="score_identity")
    d.claim("=", sp.Derivative(forward_kl(), T1),
            r"$\partial D_{\mathrm{KL}}(\pi_{\mathrm{ref}}\|\pi_\theta)="
            r"-\sum_i\pi_{\mathrm{ref}}(i)"
            r"\,\partial\log\pi_\theta(i)$ ($\pi_{\mathrm{ref}}$ is constant)",
            rule="forward_kl_gradient")
    return d
