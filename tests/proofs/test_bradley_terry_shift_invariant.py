"""bradley_terry_shift_invariant: a prompt-only shift cancels, an answer-dependent one does not."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Sigmoid, real_function

S = STANDARD
x, yw, yl = S.x, S.y_w, S.y_l


def test_every_step_proved():
    assert_steps("bradley_terry_shift_invariant", ["proved"] * 3)


def test_answer_dependent_shift_changes_preferences():
    g = real_function("g", (S.Y,))
    shifted = Sigmoid(S.r(x, yw) + g(yw) - S.r(x, yl) - g(yl))
    assert_refuted(shifted, "=", S.BT(x, yw, yl))


def test_scaling_the_reward_changes_preferences():
    assert_refuted(Sigmoid(2 * S.r(x, yw) - 2 * S.r(x, yl)), "=", S.BT(x, yw, yl))


def test_shift_by_a_different_prompt_does_not_cancel():
    f = real_function("f", (S.X,))
    xp = sp.Symbol("x'")
    assert_refuted(Sigmoid(S.r(x, yw) + f(x) - S.r(x, yl) - f(xp)), "=", S.BT(x, yw, yl))
