"""log_derivative_trick: ∇E_π[f] = E_π[f ∇log π], a constant baseline changes nothing; twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from proofs.log_derivative_trick import BASELINE, REWARDS, T1, N, expected_reward, policy, score

GRAD = sp.Derivative(expected_reward(), T1)


def test_every_step_proved():
    assert_steps("log_derivative_trick", ["proved"] * 3)


def test_score_without_the_policy_weight_is_refuted():
    assert_refuted(GRAD, "=", sp.Add(*(REWARDS[i] * score(i) for i in range(N))), budget=10.0)


def test_gradient_of_the_policy_is_not_the_score():
    assert_refuted(sp.Derivative(policy(0), T1), "=", score(0), budget=10.0)


def test_a_baseline_that_depends_on_the_answer_is_refuted():
    # a "baseline" b·f_i that scales with the answer's own reward scales the gradient by 1 - b
    assert_refuted(GRAD, "=", sp.Add(*(policy(i) * (REWARDS[i] - REWARDS[i] * BASELINE)
                                       * score(i) for i in range(N))), budget=10.0)
