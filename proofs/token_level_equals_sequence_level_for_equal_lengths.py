"""GRPO's sequence-level and token-level averages agree when every answer has L tokens.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """(1/G) Σ_i (1/L) Σ_t J_{i,t} = Σ_i Σ_t J_{i,t} / (G L) when |o_i| = L for every i."""
    i, t, I, T, J = GR.i, GR.t, GR.I, GR.T, GR.J
    G, L = SupportSize(I), SupportSize(T)
    ctx = Context().assume(r"$G\ge 1$ answers of equal length $|o_i|=L\ge 1$; any real "
                           r"per-token terms $J_{i,t}$")
    d = Derivation(
        "token_level_equals_sequence_level_for_equal_lengths",
        "Token-level and sequence-level averaging coincide for equal lengths",
        SupportSum(SupportSum(J(i, t), (t, T)) / L, (i, I)) / G,
        ctx,
        description=(
            r"GRPO averages each answer's tokens, then the answers (sequence level); DAPO "
            r"averages all tokens of the group at once (token level). With equal lengths the "
            r"two weightings are the same; with lengths 1 and 2 they differ (the test's "
            r"negative twin)."),
    )
    d.claim("=", SupportSum(SupportSum(J(i, t), (t, T)), (i, I)) / (G * L),
            r"$\frac{1}{L}$ does not depend on $i$", rule="linearity_of_sum")
    return d
