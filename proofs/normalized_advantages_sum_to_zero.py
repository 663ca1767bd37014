"""GRPO's group-normalised advantages sum to zero over the group: Σ_i Â_i = 0.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import group_mean, group_std
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """Σ_i (r_i − mean)/(std + ε) = (Σ_i r_i − G·mean)/(std + ε) = 0, for every G ≥ 1."""
    i, I, r = GR.i, GR.I, GR.r
    mean, std = group_mean(r, I), group_std(r, I)
    ctx = Context().assume(r"$G\ge 1$ answers with any real rewards $r_i$; $\epsilon>0$, so "
                           r"$\hat{A}_i$ is defined when every reward is equal ($\mathrm{std}=0$)")
    d = Derivation(
        "normalized_advantages_sum_to_zero",
        "Group-normalised advantages sum to zero",
        SupportSum(GR.A_hat(i), (i, I)),
        ctx,
        description=(
            r"GRPO's outcome supervision normalises each reward by its group: "
            r"$\hat{A}_i=(r_i-\mathrm{mean})/(\mathrm{std}+\epsilon)$. The advantages of a group "
            r"are centred, so they sum to zero whatever the rewards."),
    )
    d.claim("=", SupportSum((r(i) - mean) / (std + GR.eps), (i, I)),
            r"definition of $\hat{A}_i$", rule="unfold_normalized_advantage")
    d.claim("=", (SupportSum(r(i), (i, I)) - SupportSize(I) * mean) / (std + GR.eps),
            r"linearity; $\mathrm{std}+\epsilon$ does not depend on $i$", rule="linearity_of_sum")
    d.claim("=", sp.Integer(0), r"$G\cdot\mathrm{mean}=\sum_i r_i$", rule="definition_of_mean")
    return d
