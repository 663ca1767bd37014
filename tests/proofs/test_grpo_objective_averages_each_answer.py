"""grpo_objective_averages_each_answer: the seed's GRPO objective unfolded, and negative twins."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import SupportSize, SupportSum
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import grpo_objective


def test_every_step_proved():
    assert_steps("grpo_objective_averages_each_answer", ["proved"])


def test_dividing_by_the_longest_length_is_refuted():
    """A near miss: every answer divided by the full token range L, not its own |o_i|."""
    i, t, I, T, m = GR.i, GR.t, GR.I, GR.T, GR.m
    term = GR.grpo_term(i, t)
    wrong = SupportSum(SupportSum(m(i, t) * term, (t, T)) / SupportSize(T), (i, I)) / \
        SupportSize(I)
    assert_refuted(grpo_objective(term, m, I, i, t), "=", wrong)


def test_unmasked_tokens_are_refuted():
    i, t, I, T, m = GR.i, GR.t, GR.I, GR.T, GR.m
    term = GR.grpo_term(i, t)
    wrong = SupportSum(SupportSum(term, (t, T)) / SupportSum(m(i, t), (t, T)), (i, I)) / \
        SupportSize(I)
    assert_refuted(grpo_objective(term, m, I, i, t), "=", wrong)
