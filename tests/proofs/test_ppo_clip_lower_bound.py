"""ppo_clip_lower_bound and negative twins (§5 S2, §8.9)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Clip, PPOClipObjective

rho, eps, A = STANDARD.rho, STANDARD.eps, STANDARD.A


def test_every_step_proved():
    assert_steps("ppo_clip_lower_bound", ["proved"] * 2)


def test_upper_bound_is_refuted():
    assert_refuted(PPOClipObjective(rho, A, eps), ">=", rho * A)


def test_min_on_the_loss_side_is_refuted():
    # as a loss: −min(ρA, clip·A) = max(−ρA, −clip·A), not min(−ρA, −clip·A)
    clip = Clip(rho, 1 - eps, 1 + eps)
    assert_refuted(-PPOClipObjective(rho, A, eps), "=", sp.Min(-rho * A, -clip * A))


def test_clip_alone_is_not_a_lower_bound():
    assert_refuted(Clip(rho, 1 - eps, 1 + eps) * A, "<=", rho * A)
