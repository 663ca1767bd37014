"""RLOO's advantage is a scaled centred reward: r_i − b_i = G/(G−1) (r_i − mean), G ≥ 2.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import SumExcept, group_mean
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """b_i = (Σ_j r_j − r_i)/(G − 1), so r_i − b_i = (G r_i − Σ_j r_j)/(G − 1)."""
    i, j, I, r = GR.i, GR.j, GR.I2, GR.r2
    G = SupportSize(I)
    ctx = Context().assume(r"$G\ge 2$ answers with any real rewards $r_i$")
    d = Derivation(
        "rloo_advantage_is_scaled_centering",
        "The leave-one-out advantage is a scaled centred reward",
        r(i) - GR.b(i),
        ctx,
        description=(
            r"RLOO baselines each answer with the mean reward of the *other* $G-1$ answers, "
            r"$b_i=\frac{1}{G-1}\sum_{j\neq i} r_j$, which does not depend on $r_i$ (so it "
            r"is unbiased). The resulting advantage is the group-centred reward, scaled."),
    )
    d.claim("=", r(i) - SumExcept(r(j), i, (j, I)) / (G - 1),
            r"definition of $b_i$", rule="unfold_leave_one_out_baseline")
    d.claim("=", r(i) - (SupportSum(r(j), (j, I)) - r(i)) / (G - 1),
            r"$\sum_{j\neq i} r_j=\sum_j r_j-r_i$", rule="sum_except_one")
    d.claim("=", G / (G - 1) * (r(i) - group_mean(r, I)),
            r"common denominator $G-1$", rule="rational_arithmetic")
    return d
