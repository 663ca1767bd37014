"""The DPO gradient: ∂𝓛_DPO/∂log π_θ(y_w|x) = −β σ(−β h) = −β σ(r̂_l − r̂_w), the paper's
weighting by the implicit rewards r̂ = β log π_θ/π_ref (REFERENCE §4 S7; DPO §4).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD as S
from derive.definitions import Sigmoid
from derive.derivation import Derivation
from derive.kernel.context import Context

#: log π_θ(y_w|x), log π_θ(y_l|x), log π_ref(y_w|x), log π_ref(y_l|x)
LW = sp.Symbol(r"\ell_{w}", real=True)
LL = sp.Symbol(r"\ell_{l}", real=True)
LRW = sp.Symbol(r"\ell^{\mathrm{ref}}_{w}", real=True)
LRL = sp.Symbol(r"\ell^{\mathrm{ref}}_{l}", real=True)


def margin() -> sp.Expr:
    """h = (log π_θ(y_w) − log π_ref(y_w)) − (log π_θ(y_l) − log π_ref(y_l))."""
    return (LW - LRW) - (LL - LRL)


def implicit_reward(logp: sp.Expr, logp_ref: sp.Expr) -> sp.Expr:
    """r̂_θ(x, y) = β log π_θ(y|x)/π_ref(y|x) = β (ℓ − ℓ^ref)."""
    return S.beta * (logp - logp_ref)


def loss() -> sp.Expr:
    """The per-pair DPO loss as a function of the four log-probabilities."""
    return -sp.log(Sigmoid(S.beta * margin()))


def derivation() -> Derivation:
    """Differentiate −log σ(β h) with respect to ℓ_w = log π_θ(y_w|x)."""
    beta = S.beta
    h = margin()
    ctx = Context().assume(
        r"$\beta > 0$",
        r"$\ell_w=\log\pi_\theta(y_w\mid x)$, $\ell_l=\log\pi_\theta(y_l\mid x)$ are the "
        r"model's sequence log-probabilities; $\ell^{\mathrm{ref}}_w,\ell^{\mathrm{ref}}_l$ "
        r"those of the frozen reference (constants)",
    )
    d = Derivation(
        "dpo_gradient",
        "The DPO gradient with respect to the chosen log-probability",
        sp.Derivative(loss(), LW),
        ctx,
        description=(
            r"With $h=(\ell_w-\ell^{\mathrm{ref}}_w)-(\ell_l-\ell^{\mathrm{ref}}_l)$ the loss is "
            r"$-\log\sigma(\beta h)=\operatorname{softplus}(-\beta h)$. The chosen completion is "
            r"pushed up with weight $\beta\sigma(-\beta h)$, large when the implicit reward ranks "
            r"the pair wrongly; by the chain rule $\nabla_\theta\mathcal L=-\beta\sigma(-\beta h)"
            r"(\nabla_\theta\ell_w-\nabla_\theta\ell_l)$."),
    )
    d.claim("=", -beta * (1 - Sigmoid(beta * h)),
            r"Chain rule with $\frac{d}{dz}\log\sigma(z)=\frac{\sigma(z)\sigma(-z)}{\sigma(z)}"
            r"=1-\sigma(z)$ and $\partial(\beta h)/\partial\ell_w=\beta$", rule="take_derivative")
    d.claim("=", -beta * Sigmoid(-beta * h),
            r"$1-\sigma(z)=\sigma(-z)$", rule="sigmoid_symmetry")
    d.claim("=", -beta * Sigmoid(implicit_reward(LL, LRL) - implicit_reward(LW, LRW)),
            r"$-\beta h=\hat r_\theta(x,y_l)-\hat r_\theta(x,y_w)$ with the implicit reward "
            r"$\hat r_\theta=\beta\log\frac{\pi_\theta}{\pi_{\mathrm{ref}}}$: the paper's "
            r"weight $\sigma(\hat r_\theta(x,y_l)-\hat r_\theta(x,y_w))$, large when the "
            r"implicit reward ranks the pair wrongly", rule="implicit_reward")
    return d

