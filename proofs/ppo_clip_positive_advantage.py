"""PPO's clipped surrogate for a positive advantage: L^CLIP = A·min(ρ, 1 + ε)
(REFERENCE §5 S4).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Clip, PPOClipObjective
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule

#: a positive advantage
A_POS = sp.Symbol("A", positive=True)


def derivation() -> Derivation:
    """min(ρA, clip(ρ)A) = A min(ρ, clip(ρ)) = A min(ρ, 1 + ε) for A > 0."""
    rho, eps = STANDARD.rho, STANDARD.eps
    ctx = Context().assume(r"$A > 0$ (a better-than-baseline action)",
                           r"$\rho>0$ is the probability ratio "
                           r"$\pi_\theta/\pi_{\theta_{\mathrm{old}}}$; "
                           r"$\epsilon > 0$")
    d = Derivation(
        "ppo_clip_positive_advantage",
        "PPO's clipped objective for a positive advantage",
        PPOClipObjective(rho, A_POS, eps),
        ctx,
        description=(
            r"For $A>0$ the surrogate grows with $\rho$ until $\rho=1+\epsilon$ and is flat "
            r"beyond: there is no incentive to raise the action's probability further. Below "
            r"$1-\epsilon$ nothing is clipped, so a step that made the action less likely keeps "
            r"its corrective gradient."),
    )
    d.by(get_rule("unfold_ppo_clip"))
    d.claim("=", A_POS * sp.Min(rho, Clip(rho, 1 - eps, 1 + eps)),
            r"$A>0$ factors out of the minimum: $\min(Aa,Ab)=A\min(a,b)$",
            rule="positive_factor_out_of_min")
    d.claim("=", A_POS * sp.Min(rho, 1 + eps),
            r"$\operatorname{clip}(\rho)=\min(\max(\rho,1-\epsilon),1+\epsilon)$ and "
            r"$\min(\rho,\max(\rho,1-\epsilon))=\rho$", rule="unfold_clip")
    return d
