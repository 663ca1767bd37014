"""entropy_in_bits: −Σ P log₂ P = H(P)/log 2, and its negative twins (bits read as nats, the
factor multiplied instead of divided)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD as S
from derive.definitions import Entropy, Log2, SupportSum
from derive.kernel import decide

P, x, X = S.P(S.x), S.x, S.X
BITS = -SupportSum(P * Log2(P), (x, X))
H = Entropy(P, (x, X))


def test_every_step_proved():
    assert_steps("entropy_in_bits", ["proved"] * 3)


def test_bits_are_not_nats():
    assert_refuted(BITS, "=", H)


def test_multiplying_by_log_2_is_refuted():
    assert_refuted(BITS, "=", H * sp.log(2))


def test_bits_are_at_least_nats():
    # H ≥ 0 and 1/log 2 > 1, so the value in bits is never below the value in nats
    assert decide(BITS, ">=", H).status in ("proved", "numeric_only")


def test_log2_of_one_half_is_minus_one():
    assert decide(Log2(sp.Rational(1, 2)), "=", -1).status == "proved"
