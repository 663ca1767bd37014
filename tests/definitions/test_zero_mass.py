"""XLogY and distributions declared with zeros (definitions/zero_mass.py)."""

import pytest
import sympy as sp

from derive.definitions import (
    KL,
    CrossEntropy,
    Domain,
    Entropy,
    XLogY,
    distribution,
    may_have_zeros,
)

X = Domain("X")
x = sp.Symbol("x")


def test_xlogy_convention() -> None:
    half = sp.Rational(1, 2)
    assert XLogY(0, 0) == 0 and XLogY(0, sp.Symbol("q")) == 0
    assert XLogY(half, 0) == -sp.oo
    assert XLogY(half, half) == half * sp.log(half)
    assert isinstance(XLogY(sp.Symbol("p"), sp.Symbol("q")), XLogY)  # sign unknown: stays


def test_full_support_unfolds_as_before() -> None:
    P, Q = distribution("P", X), distribution("Q", X)
    assert not KL(P(x), Q(x), (x, X)).unfold().has(XLogY)
    assert not Entropy(P(x), (x, X)).unfold().has(XLogY)
    assert KL(P(x), Q(x), (x, X)).is_real


def test_declared_zeros_unfold_through_xlogy() -> None:
    P0, Q0 = distribution("P", X, zeros=True), distribution("Q", X, zeros=True)
    assert P0 is not distribution("P", X) and may_have_zeros(P0(x))
    assert P0(x).is_positive is None and P0(x).is_nonnegative
    for d in (KL(P0(x), Q0(x), (x, X)), Entropy(P0(x), (x, X)),
              CrossEntropy(P0(x), Q0(x), (x, X))):
        assert d.unfold().has(XLogY)
    assert KL(P0(x), Q0(x), (x, X)).is_real is None  # may be +∞


def test_a_table_with_a_zero_may_have_zeros() -> None:
    T = distribution("T", X, table=("0.5", "0.5", "0"))
    assert T.zeros and may_have_zeros(Entropy(T(x), (x, X)))


def test_zeros_only_for_unconditional_one_domain_distributions() -> None:
    with pytest.raises(ValueError):
        distribution("pi", X, given=(Domain("Y"),), zeros=True)
