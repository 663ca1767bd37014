"""ppo_clip_vanishing_epsilon: lim_{ε→0⁺} L^CLIP = min(ρA, A), and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD as S
from derive.definitions import Clip, PPOClipObjective
from derive.definitions.limits import LimitOf
from derive.kernel import decide

LIM = LimitOf(PPOClipObjective(S.rho, S.A, S.eps), S.eps, 0, "+")


def test_every_step_proved():
    assert_steps("ppo_clip_vanishing_epsilon", ["proved"] * 2)


def test_limit_of_the_definition_is_the_written_out_limit():
    written = LimitOf(sp.Min(S.rho * S.A, Clip(S.rho, 1 - S.eps, 1 + S.eps) * S.A), S.eps, 0,
                      "+")
    assert decide(LIM, "=", written).status == "proved"


def test_rho_times_advantage_is_refuted():
    """The tempting answer ρA is false: at ρ = 2, A = 1 the limit is 1."""
    assert_refuted(LIM, "=", S.rho * S.A)


def test_advantage_alone_is_refuted():
    assert_refuted(LIM, "=", S.A)


def test_limit_is_at_most_rho_times_advantage():
    assert decide(LIM, "<=", S.rho * S.A).status == "proved"
