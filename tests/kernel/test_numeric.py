"""Numeric evidence against the reference values in shared/data/kl_oracle_cases.json."""

import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derive.definitions import (
    KL,
    CrossEntropy,
    Domain,
    Entropy,
    MutualInformation,
    distribution,
)
from derive.kernel.numeric import evaluate, evaluate_mp, sample_batches, seed_for, signature

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "kl_oracle_cases.json"
if not ORACLE.exists():  # a checkout inside the workspace keeps shared/ beside it
    ORACLE = Path("/work/shared/data/kl_oracle_cases.json")
CASES = json.loads(ORACLE.read_text())


def _pair(case):
    X = Domain("X")
    P = distribution("P", X, table=[sp.Rational(v) for v in case["p_rational"]])
    Q = distribution("Q", X, table=[sp.Rational(v) for v in case["q_rational"]])
    return X, P, Q, sp.Symbol("x")


@pytest.mark.parametrize("case", CASES["pair_cases"], ids=lambda c: c["id"])
def test_kl_entropy_cross_entropy_match_the_oracle(case):
    X, P, Q, x = _pair(case)
    quantities = {
        "kl_pq": KL(P(x), Q(x), (x, X)),
        "kl_qp": KL(Q(x), P(x), (x, X)),
        "H_p": Entropy(P(x), (x, X)),
        "H_q": Entropy(Q(x), (x, X)),
        "cross_entropy_pq": CrossEntropy(P(x), Q(x), (x, X)),
        "cross_entropy_qp": CrossEntropy(Q(x), P(x), (x, X)),
    }
    for key, expr in quantities.items():
        batch = sample_batches(signature(expr), seed_for(expr))[0]
        ref = float(case["mpmath_50digit"][key])
        assert abs(evaluate(expr, batch)[0] - ref) <= 1e-12, key
        assert abs(float(evaluate_mp(expr, batch, 0)) - ref) <= 1e-12, key


@pytest.mark.parametrize("case", CASES["mutual_information_cases"], ids=lambda c: c["id"])
def test_mutual_information_matches_the_oracle(case):
    X, Y = Domain("X"), Domain("Y")
    joint = np.array([[float(sp.Rational(v)) for v in row] for row in case["joint_rational"]])
    p = distribution("pj", (X, Y))
    x, y = sp.Symbol("x"), sp.Symbol("y")
    mi = MutualInformation(p(x, y), (x, X), (y, Y))
    batch = sample_batches(signature(mi), 1)[0]
    batch.sizes = {X: joint.shape[0], Y: joint.shape[1]}
    batch.values[p] = np.broadcast_to(joint, (batch.samples,) + joint.shape).copy()
    ref = float(case["mpmath_I"])
    assert abs(evaluate(mi, batch)[0] - ref) <= 1e-12


def test_instances_are_valid_distributions(S):
    expr = KL(S.pi(S.y, S.x), S.pi_ref(S.y, S.x), (S.y, S.Y))
    for batch in sample_batches(signature(expr), 7):
        for fam in (S.pi, S.pi_ref):
            values = batch.values[fam]
            assert (values > 0).all()
            assert np.allclose(values.sum(axis=-1), 1.0)


def test_sampling_is_deterministic_and_spans_support_sizes(S):
    expr = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
    a = sample_batches(signature(expr), seed_for(expr))
    b = sample_batches(signature(expr), seed_for(expr))
    assert all(np.array_equal(u.values[S.P], v.values[S.P]) for u, v in zip(a, b, strict=True))
    assert {bt.sizes[S.X] for bt in a} >= {2, 3, 5, 8}
    near_zero = min(bt.values[S.P].min() for bt in a)
    assert near_zero < 1e-3


def test_beta_spans_magnitudes(S):
    expr = S.beta * KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
    betas = np.concatenate([bt.values[S.beta] for bt in sample_batches(signature(expr), 3)])
    assert betas.min() < 0.2 and betas.max() > 5 and (betas > 0).all()
