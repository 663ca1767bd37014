"""Exact zero masses are sampled for distributions declared with zeros, and only for them."""

import numpy as np
import sympy as sp

from derive.definitions import KL, STANDARD, Domain, distribution
from derive.kernel.numeric import sample_batches, seed_for, signature
from derive.kernel.zero_sampling import with_zero_masses, zero_rows

X = Domain("X")
x = sp.Symbol("x")
P0 = distribution("P", X, zeros=True)
Q0 = distribution("Q", X, zeros=True)


def _rows(fam, expr):
    sig = signature(expr)
    for b in sample_batches(sig, seed_for(expr)):
        yield b, b.values[fam]


def test_declared_zeros_get_exact_zeros_and_sum_to_one() -> None:
    expr = KL(P0(x), Q0(x), (x, X))
    zeros = positives = 0
    for _, arr in _rows(P0, expr):
        assert (arr >= 0).all()
        assert (arr.sum(axis=-1) == 1.0).all()  # exactly one in float64
        zeros += int((arr == 0).any(axis=-1).sum())
        positives += int((arr > 0).all(axis=-1).sum())
    assert zeros > 50 and positives > 20  # both kinds of instance occur


def test_absolute_continuity_fails_on_some_rows() -> None:
    expr = KL(P0(x), Q0(x), (x, X))
    broken = 0
    for b, p in _rows(P0, expr):
        q = b.values[Q0]
        broken += int(((p > 0) & (q == 0)).any(axis=-1).sum())
    assert broken > 10


def test_full_support_distributions_never_get_zeros() -> None:
    S = STANDARD
    expr = KL(S.P(S.x), S.Q(S.x), (S.x, S.X)) + KL(P0(x), Q0(x), (x, X))
    for _, arr in _rows(S.P, expr):
        assert (arr > 0).all()


def test_with_zero_masses_keeps_the_simplex() -> None:
    rng = np.random.default_rng(3)
    arr = np.full((9, 4), 0.25)
    out = with_zero_masses(arr, zero_rows(np.arange(9) % 8), rng)
    assert (out.sum(axis=-1) == 1.0).all() and (out >= 0).all()
    assert (out.max(axis=-1) > 0).all()
    one = with_zero_masses(np.ones((3, 1)), np.ones(3, dtype=bool), rng)
    assert (one == 1.0).all()  # a one-point support keeps its mass
