"""PPO's clipped surrogate for a negative advantage: L^CLIP = A·max(ρ, 1 − ε)
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

#: the magnitude of a negative advantage, A = −a
A_NEG_MAG = sp.Symbol("a", positive=True)


def derivation() -> Derivation:
    """min(−aρ, −a clip(ρ)) = −a max(ρ, clip(ρ)) = −a max(ρ, 1 − ε) for A = −a < 0."""
    rho, eps = STANDARD.rho, STANDARD.eps
    a = A_NEG_MAG
    ctx = Context().assume(r"$A=-a<0$ (a worse-than-baseline action)",
                           r"$\rho>0$; $\epsilon>0$, so $1-\epsilon<1+\epsilon$")
    d = Derivation(
        "ppo_clip_negative_advantage",
        "PPO's clipped objective for a negative advantage",
        PPOClipObjective(rho, -a, eps),
        ctx,
        description=(
            r"For $A<0$ a negative factor turns the minimum into a maximum: the surrogate is "
            r"flat once $\rho\le 1-\epsilon$ (no incentive to lower the probability further) "
            r"and unclipped above, so a step that made a bad action *more* likely keeps its "
            r"gradient."),
    )
    d.by(get_rule("unfold_ppo_clip"))
    d.claim("=", -a * sp.Max(rho, Clip(rho, 1 - eps, 1 + eps)),
            r"A negative factor turns min into max: $\min(-a\,u,-a\,v)=-a\max(u,v)$ for $a>0$",
            rule="negative_factor_out_of_min")
    d.claim("=", -a * sp.Max(rho, 1 - eps),
            r"$\max(\rho,\min(\max(\rho,1-\epsilon),1+\epsilon))=\max(\rho,1-\epsilon)$ "
            r"because $1-\epsilon<1+\epsilon$", rule="unfold_clip")
    return d
