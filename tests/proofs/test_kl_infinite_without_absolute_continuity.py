"""kl_infinite_without_absolute_continuity: D(P‖Q) = log 2 < ∞ = D(Q‖P), and negative twins
(KL direction with zeros, ∞ − ∞, 0 · ∞)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.checker.check import check_text
from derive.definitions import KL, Domain, distribution
from derive.kernel import decide
from proofs.kl_infinite_without_absolute_continuity import A, P, Q, a

FORWARD = KL(P(a), Q(a), (a, A))
REVERSE = KL(Q(a), P(a), (a, A))


def test_every_step_proved():
    assert_steps("kl_infinite_without_absolute_continuity", ["proved"] * 4)


def test_reverse_kl_is_infinite():
    v = decide(REVERSE, "=", sp.oo)
    assert v.status == "proved" and v.evidence.strategy == "extended_reals"


def test_forward_kl_is_not_infinite():
    v = assert_refuted(FORWARD, "=", sp.oo)
    assert "+∞" in v.evidence.counterexample.detail


def test_kl_direction_with_zeros_is_refuted():
    assert_refuted(FORWARD, "=", REVERSE)
    assert_refuted(REVERSE, "=", sp.log(2))
    assert_refuted(REVERSE, "<", sp.oo)


def test_infinity_is_not_minus_infinity():
    assert_refuted(REVERSE, "=", -sp.oo)
    assert_refuted(REVERSE, "<=", 100)


def test_declared_zeros_kl_is_infinite_somewhere():
    """With P, Q that may have zeros, D(P‖Q) < ∞ fails on a sampled instance with an exact
    zero of Q where P is positive, and D(P‖Q) ≥ 0 still holds (Gibbs, in the extended reals)."""
    X = Domain("X")
    x = sp.Symbol("x")
    P0 = distribution("P", X, zeros=True)
    Q0 = distribution("Q", X, zeros=True)
    kl = KL(P0(x), Q0(x), (x, X))
    v = assert_refuted(kl, "<", sp.oo)
    cx = v.evidence.counterexample.assignment
    assert any(p > 0 and q == 0 for p, q in zip(cx["P"], cx["Q"], strict=True))
    assert decide(kl, ">=", 0).status == "proved"
    full = distribution("Q", X)  # a full-support Q: absolute continuity always holds
    assert decide(KL(P0(x), full(x), (x, X)), "<", sp.oo).status in ("proved", "numeric_only")


DOC = """Let $P = (0.5, 0.5, 0)$ and $Q = (0.25, 0.25, 0.5)$.

$$ D_{KL}(Q \\| P) = \\infty $$

$$ D_{KL}(Q \\| P) - D_{KL}(Q \\| P) = 0 $$

$$ 0 \\cdot D_{KL}(Q \\| P) = 0 $$

$$ D_{KL}(P \\| Q) - D_{KL}(P \\| Q) = 0 $$

$$ D_{KL}(P \\| Q) = \\infty $$

$$ \\frac{1}{\\infty} = 0 $$
"""


def test_document_traps():
    """∞ − ∞ and 0 · ∞ are never accepted (the term SymPy cancels is infinite); the finite
    direction's D − D = 0 is; \\infty inside an expression is refused where it stands."""
    report = check_text(DOC, "md")
    by_line = {s.line: s.verdict for s in report.steps}
    assert by_line[3] == "proved"
    assert by_line[5] == "inconclusive" and by_line[7] == "inconclusive"
    assert by_line[9] == "proved"
    assert by_line[11] == "refuted"
    assert [(e.line, "whole side" in e.message) for e in report.errors] == [(13, True)]
