"""ppo_clip_positive_advantage and negative twins (§5, §8.9)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Clip, PPOClipObjective
from proofs.ppo_clip_positive_advantage import A_POS

rho, eps = STANDARD.rho, STANDARD.eps


def test_every_step_proved():
    assert_steps("ppo_clip_positive_advantage", ["proved"] * 3)


def test_lower_clip_for_positive_advantage_is_refuted():
    assert_refuted(PPOClipObjective(rho, A_POS, eps), "=", A_POS * sp.Min(rho, 1 - eps))


def test_max_instead_of_min_is_refuted():
    assert_refuted(PPOClipObjective(rho, A_POS, eps), "=", A_POS * sp.Max(rho, 1 + eps))


def test_clip_without_min_is_refuted():
    assert_refuted(PPOClipObjective(rho, A_POS, eps), "=", Clip(rho, 1 - eps, 1 + eps) * A_POS)
