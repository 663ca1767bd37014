"""GRPO's objective (seed 003's form) averages each answer's tokens, then the answers.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import grpo_objective
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """J = (1/G) Σ_i (Σ_t m_{i,t} J_{i,t}) / (Σ_t m_{i,t}): the masked token mean per answer."""
    i, t, I, T, m = GR.i, GR.t, GR.I, GR.T, GR.m
    term = GR.grpo_term(i, t)
    tokens = SupportSum(m(i, t) * term, (t, T)) / SupportSum(m(i, t), (t, T))
    ctx = Context().assume(
        r"$G\ge 1$ answers $o_i$ of any lengths $|o_i|\ge 1$ (a mask $m_{i,t}$ marks the first "
        r"$|o_i|$ tokens); ratios $r_{i,t}>0$, any advantages, $\epsilon>0$, $\beta>0$")
    d = Derivation(
        "grpo_objective_averages_each_answer",
        "GRPO's objective averages each answer's tokens, then the answers",
        grpo_objective(term, m, I, i, t),
        ctx,
        description=(
            r"DeepSeekMath's GRPO objective, as seed 003 writes it, weights every answer equally "
            r"whatever its length: a token of a short answer counts more than a token of a long "
            r"one (DAPO's token-level averaging removes that)."),
    )
    d.claim("=", SupportSum(tokens, (i, I)) / SupportSize(I),
            r"definition: $\sum_{t=1}^{|o_i|}$ is the masked sum and $|o_i|=\sum_t m_{i,t}$",
            rule="unfold_grpo_objective")
    return d
