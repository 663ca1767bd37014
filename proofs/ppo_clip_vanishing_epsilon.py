"""PPO's clipped surrogate as the clip range vanishes: lim_{ε→0⁺} L^CLIP(ρ, A, ε) = min(ρA, A).

Not ρA: as ε → 0 the clipped term tends to ``1·A``, so the surrogate keeps the smaller of
``ρA`` and ``A`` (it equals ρA only where ``ρA ≤ A``, e.g. on-policy, ρ = 1).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Clip, PPOClipObjective
from derive.definitions.limits import LimitOf
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """lim L^CLIP = lim min(ρA, clip(ρ, 1−ε, 1+ε)A) = min(ρA, clip(ρ, 1, 1)A) = min(ρA, A)."""
    S = STANDARD
    rho, adv, eps = S.rho, S.A, S.eps
    ctx = Context().assume(r"$\rho > 0$, $A\in\mathbb{R}$, $\epsilon \to 0^{+}$")
    d = Derivation(
        "ppo_clip_vanishing_epsilon",
        "PPO's clipped surrogate as the clip range vanishes",
        LimitOf(PPOClipObjective(rho, adv, eps), eps, 0, "+"),
        ctx,
        description=(
            r"$\min$, $\max$ and $\operatorname{clip}$ are continuous, so the limit is taken "
            r"inside: $\operatorname{clip}(\rho,1-\epsilon,1+\epsilon)\to 1$. The surrogate "
            r"tends to $\min(\rho A, A)$, not to $\rho A$: a vanishing clip range keeps only "
            r"the pessimistic side of every ratio."),
    )
    d.claim("=", LimitOf(sp.Min(rho * adv, Clip(rho, 1 - eps, 1 + eps) * adv), eps, 0, "+"),
            r"Definition of $L^{\mathrm{CLIP}}$", rule="definition_of_ppo_clip")
    d.claim("=", sp.Min(rho * adv, Clip(rho, 1, 1) * adv),
            r"$\min$, $\max$ and $\operatorname{clip}$ are continuous", rule="algebra_of_limits")
    d.claim("=", sp.Min(rho * adv, adv), r"$\operatorname{clip}(\rho, 1, 1) = 1$",
            rule="definition_of_clip")
    return d
