"""Index ranges, indexed quantities, group statistics and the GRPO objective's printed form."""

import re

import sympy as sp

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import group_mean, grpo_objective
from derive.kernel import decide
from derive.kernel.numeric import sample_batches, signature
from derive.latex import latex

SEED_GRPO = (r"\frac{1}{G} \sum_{i=1}^{G} \frac{1}{|o_i|} \sum_{t=1}^{|o_i|} "
             r"\left( \min \left( r \hat{A}_{i,t}, \text{clip} \left(r, 1 - \epsilon, "
             r"1 + \epsilon \right) \hat{A}_{i,t} \right) \right) - \beta D_{KL} "
             r"[\pi_{\theta} || \pi_{ref}]")


def _squash(tex: str) -> str:
    return re.sub(r"\s+", "", tex)


def test_sums_over_an_index_range_print_with_limits():
    i, I = GR.i, GR.I
    assert latex(SupportSum(GR.r(i), (i, I))) == r"\sum_{i=1}^{G} r_{i}"
    assert latex(SupportSize(I)) == "G"
    assert latex(group_mean(GR.r, I)) == r"\frac{\sum_{j=1}^{G} r_{j}}{G}"


def test_grpo_objective_prints_as_the_seed():
    """Seed 003's form, with the ratio r carrying its indices and D_KL[π_θ ‖ π_ref] as `\\|`."""
    tex = latex(grpo_objective(GR.grpo_term(GR.i, GR.t), GR.m, GR.I, GR.i, GR.t))
    expected = (SEED_GRPO.replace("|o_i|", "|o_{i}|").replace("r \\hat", "r_{i,t} \\hat")
                .replace("(r,", "(r_{i,t},").replace(
                    "[\\pi_{\\theta} || \\pi_{ref}]",
                    "\\left[\\pi_{\\theta} \\| \\pi_{ref}\\right]"))
    assert _squash(tex) == _squash(expected)


def test_group_sizes_include_one_and_least_sizes_hold():
    total = SupportSum(GR.r(GR.i), (GR.i, GR.I))
    sizes = {b.sizes[GR.I] for b in sample_batches(signature(total), 1)}
    assert 1 in sizes and 2 in sizes and max(sizes) >= 13
    sig = signature(GR.b(GR.i))
    assert min(b.sizes[GR.I2] for b in sample_batches(sig, 1)) == 2


def test_masks_have_lengths_from_one_to_full():
    term = grpo_objective(GR.J(GR.i, GR.t), GR.m, GR.I, GR.i, GR.t)
    batches = sample_batches(signature(term), 3)
    lengths = set()
    for b in batches:
        rows = b.values[GR.m]
        assert set(rows.ravel().tolist()) <= {0.0, 1.0}
        assert (rows[..., 0] == 1).all()  # every answer has at least one token
        assert (rows[..., 1:] <= rows[..., :-1]).all()  # a prefix
        lengths |= set(rows.sum(axis=-1).ravel().tolist())
    assert {1.0, 2.0, 13.0} <= lengths


def test_advantage_of_a_single_answer_is_zero():
    # G = 1 and equal rewards are in the space: std = 0 and ε keeps Â defined
    # Â_i has the sign of r_i − mean; its square is below G·(r_i−mean)²/(std+ε)², never more
    centred = GR.r(GR.i) - group_mean(GR.r, GR.I)
    assert decide(GR.A_hat(GR.i) * centred, ">=", sp.Integer(0)).status != "refuted"
    assert decide(GR.A_hat(GR.i) * centred, "<=", sp.Integer(0)).status == "refuted"
