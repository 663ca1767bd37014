"""PPO's clipped surrogate as the clip range vanishes: lim_{ε→0⁺} L^CLIP(ρ, A, ε) = min(ρA, A).

Not ρA: as ε → 0 the clipped term tends to ``1·A``, so the surrogate keeps the smaller of
``ρA`` and ``A`` (it equals ρA only where ``ρA ≤ A``, e.g. on-policy, ρ = 1).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Clip
from derive.definitions.limits import LimitOf
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """lim min(ρA, clip(ρ, 1−ε, 1+ε)A) = min(ρA, clip(ρ, 1, 1)A) = min(ρA, A).

    The start is L^CLIP(ρ, A, ε) written out (the reader knows no L^{CLIP}); the kernel
    proves it equal to ``LimitOf(PPOClipObjective(ρ, A, ε), ε, 0, "+")`` too (see the tests)."""
    S = STANDARD
    rho, adv, eps = S.rho, S.A, S.eps
    ctx = Context().assume(r"$\rho > 0$, $A\in\mathbb{R}$, $\epsilon \to 0^{+}$")
    d = Derivation(
        "ppo_clip_vanishing_epsilon",
        "PPO's clipped surrogate as the clip range vanishes",
        LimitOf(sp.Min(rho * adv, Clip(rho, 1 - eps, 1 + eps) * adv), eps, 0, "+"),
        ctx,
        description=(
            r"The clipped surrogate $L^{\mathrm{CLIP}}=\min(\rho A, \operatorname{clip}(\rho, "
            r"1-\epsilon, 1+\epsilon)A)$ as the clip range vanishes. "
            r"$\min$, $\max$ and $\operatorname{clip}$ are continuous, so the limit is taken "
            r"inside: $\operatorname{clip}(\rho,1-\epsilon,1+\epsilon)\to 1$. The surrogate "
            r"tends to $\min(\rho A, A)$, not to $\rho A$: a vanishing clip range keeps only "
            r"the pessimistic side of every ratio."),
    )
    d.claim("=", sp.Min(rho * adv, Clip(rho, 1, 1) * adv),
            r"$\min$, $\max$ and $\operatorname{clip}$ are continuous", rule="algebra_of_limits")
    d.claim("=", sp.Min(rho * adv, adv), r"$\operatorname{clip}(\rho, 1, 1) = 1$",
            rule="definition_of_clip")
    return d
