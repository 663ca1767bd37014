"""kl_in_bits: Σ P log₂(P/Q) = D_KL(P‖Q)/log 2 = (H(P,Q) − H(P))/log 2; negative twins and the
oracle's kl_pq_bits (scipy, shared/data/kl_oracle_cases.json)."""

import json
from pathlib import Path

import pytest
import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import (
    KL,
    STANDARD,
    CrossEntropy,
    Domain,
    Entropy,
    Log2,
    SupportSum,
    distribution,
)
from derive.kernel import decide

S = STANDARD
P, Q, x, X = S.P(S.x), S.Q(S.x), S.x, S.X
BITS = SupportSum(P * Log2(P / Q), (x, X))

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "kl_oracle_cases.json"
if not ORACLE.exists():  # a checkout inside the workspace keeps shared/ beside it
    ORACLE = Path("/work/shared/data/kl_oracle_cases.json")
CASES = json.loads(ORACLE.read_text())["pair_cases"]


def test_every_step_proved():
    assert_steps("kl_in_bits", ["proved"] * 3)


def test_bits_are_not_nats():
    assert_refuted(BITS, "=", KL(P, Q, (x, X)))


def test_multiplying_by_log_2_is_refuted():
    assert_refuted(BITS, "=", KL(P, Q, (x, X)) * sp.log(2))


def test_entropy_in_bits_beside_cross_entropy_in_nats_is_refuted():
    # mixing units: H(P, Q) in nats minus H(P) in bits
    assert_refuted(BITS, "=", CrossEntropy(P, Q, (x, X)) - Entropy(P, (x, X)) / sp.log(2))


def test_swapped_bits_is_refuted():
    assert_refuted(BITS, "=", KL(Q, P, (x, X)) / sp.log(2))


@pytest.mark.parametrize("case", CASES[:6], ids=lambda c: c["id"])
def test_value_in_bits_matches_the_oracle(case):
    A = Domain("A")
    a = sp.Symbol("a")
    Pt = distribution("P", A, table=[sp.Rational(v) for v in case["p_rational"]])
    Qt = distribution("Q", A, table=[sp.Rational(v) for v in case["q_rational"]])
    exact = sum(p * sp.log(p / q, 2) for p, q in zip(Pt.table, Qt.table, strict=True))
    assert abs(float(exact) - case["scipy"]["kl_pq_bits"]) < 1e-12
    bits = SupportSum(Pt(a) * Log2(Pt(a) / Qt(a)), (a, A))
    assert decide(bits, "=", exact).status == "proved"
    assert decide(bits, "approx", sp.Float(case["scipy"]["kl_pq_bits"]),
                  tolerance=1e-9).status in ("proved", "numeric_only")
    assert decide(bits, "approx", sp.Float(case["scipy"]["kl_pq"]),
                  tolerance=1e-9).status == "refuted"
