"""softmax_temperature_limit: lim_{τ→∞} softmax(r/τ) = 1/|𝒴|, and negative twins."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD as S
from derive.definitions.limits import LimitOf
from proofs.softmax_temperature_limit import TAU, softmax


def test_every_step_proved():
    assert_steps("softmax_temperature_limit", ["proved"] * 2)


def test_temperature_one_is_refuted():
    assert_refuted(LimitOf(softmax(S.r, TAU), TAU, sp.oo), "=", softmax(S.r, sp.Integer(1)))


def test_one_is_refuted():
    assert_refuted(LimitOf(softmax(S.r, TAU), TAU, sp.oo), "=", sp.Integer(1))
