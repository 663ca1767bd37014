"""PPO's clipped surrogate is a pessimistic bound: L^CLIP ≤ L^CPI = ρA (REFERENCE §5 S2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import STANDARD, PPOClipObjective
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """min(ρA, clip(ρ)A) ≤ ρA for any real advantage A, because min(a, b) ≤ a."""
    rho, eps, A = STANDARD.rho, STANDARD.eps, STANDARD.A
    ctx = Context().assume(r"$A$ is any real advantage estimate; $\rho>0$; $\epsilon>0$")
    d = Derivation(
        "ppo_clip_lower_bound",
        "PPO's clipped objective is a lower bound on the unclipped one",
        PPOClipObjective(rho, A, eps),
        ctx,
        description=(
            r"The outer $\min$ makes $L^{\mathrm{CLIP}}$ a lower (pessimistic) bound on the "
            r"conservative policy iteration surrogate $L^{\mathrm{CPI}}=\rho A$, with equality "
            r"at $\rho=1$. As a *loss* the sign flips: $-\min(\cdot)=\max(-\cdot)$."),
    )
    d.by(get_rule("unfold_ppo_clip"))
    d.claim("<=", rho * A, r"$\min(a,b)\le a$", rule="min_le_argument")
    return d

