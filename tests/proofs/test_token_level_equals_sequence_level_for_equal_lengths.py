"""token_level_equals_sequence_level_for_equal_lengths, and its ragged negative twin."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import grpo_objective, token_level_objective


def test_every_step_proved():
    assert_steps("token_level_equals_sequence_level_for_equal_lengths", ["proved"])


def test_ragged_lengths_differ():
    i, t = GR.i, GR.t
    term = GR.J(i, t)
    v = assert_refuted(grpo_objective(term, GR.m, GR.I, i, t), "=",
                       token_level_objective(term, GR.m, GR.I, i, t))
    lengths = sorted(int(sum(row)) for row in v.evidence.counterexample.assignment["m"])
    assert lengths == [1, 2]


def test_grpo_objective_ragged_twin_is_refuted():
    i, t = GR.i, GR.t
    term = GR.grpo_term(i, t)
    assert_refuted(grpo_objective(term, GR.m, GR.I, i, t), "=",
                   token_level_objective(term, GR.m, GR.I, i, t))
