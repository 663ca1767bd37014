"""xlogy_matches_torch: H(P, Q) = H(P) + D(P‖Q) with zero masses, the oracle's cases with zeros
(scipy/torch), and negative twins."""

import json
from pathlib import Path

import pytest
import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, CrossEntropy, Domain, Entropy, XLogY, distribution
from derive.kernel import decide
from proofs.xlogy_matches_torch import P, Q, X, x

ORACLE = Path("/work/shared/data/kl_oracle_cases.json")
CASES = {c["id"]: c for c in json.loads(ORACLE.read_text())["support_edge_cases"]} \
    if ORACLE.exists() else {}


def test_every_step_proved():
    assert_steps("xlogy_matches_torch", ["proved"] * 3)


def test_entropy_minus_kl_is_refuted():
    assert_refuted(CrossEntropy(P(x), Q(x), (x, X)), "=",
                   Entropy(P(x), (x, X)) - KL(P(x), Q(x), (x, X)))


def test_xlogy_is_not_x_log_x_over_y():
    assert_refuted(XLogY(P(x), Q(x)), "=", P(x) * sp.log(P(x) / Q(x)))


def _tables(p: list, q: list) -> tuple:
    dom = Domain(f"O{len(p)}")
    a = sp.Symbol("a")
    rat = [sp.Rational(str(v)) for v in p], [sp.Rational(str(v)) for v in q]
    return (distribution("P", dom, table=rat[0])(a), distribution("Q", dom, table=rat[1])(a),
            (a, dom))


def _value(v: object) -> sp.Expr:
    return sp.oo if v == "inf" else sp.Float(v, 17)


@pytest.mark.skipif(not CASES, reason="oracle not available")
@pytest.mark.parametrize("case", ["p_has_zero", "identical", "disjoint_support"])
def test_oracle_cases_with_zeros(case: str) -> None:
    """The kernel's KL, reverse KL, entropy and cross-entropy match scipy's on each case: an
    exact infinity where scipy says inf, else within 1e-12."""
    c = CASES[case]
    p, q, b = _tables(c["p"], c["q"])
    quantities = {"scipy_kl_pq": KL(p, q, b), "scipy_kl_qp": KL(q, p, b),
                  "scipy_H_p": Entropy(p, b), "scipy_cross_entropy_pq": CrossEntropy(p, q, b)}
    for key, expr in quantities.items():
        want = _value(c[key])
        if want is sp.oo:
            assert decide(expr, "=", sp.oo).status == "proved", key
            assert_refuted(expr, "<", sp.oo)
        else:
            assert decide(expr, "approx", want, tolerance=1e-12).status in (
                "proved", "numeric_only"), key
            assert decide(expr, "<", sp.oo).status == "proved", key
    torch = _value(c["torch_kl_pq"])
    assert decide(KL(p, q, b), "=", torch).status == "proved" if torch is sp.oo else True
