"""ppo_clip_negative_advantage and negative twins (§5, §8.9)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, PPOClipObjective
from proofs.ppo_clip_negative_advantage import A_NEG_MAG as a

rho, eps = STANDARD.rho, STANDARD.eps


def test_every_step_proved():
    assert_steps("ppo_clip_negative_advantage", ["proved"] * 3)


def test_positive_advantage_form_is_refuted():
    assert_refuted(PPOClipObjective(rho, -a, eps), "=", -a * sp.Min(rho, 1 + eps))


def test_upper_clip_for_negative_advantage_is_refuted():
    assert_refuted(PPOClipObjective(rho, -a, eps), "=", -a * sp.Max(rho, 1 + eps))
