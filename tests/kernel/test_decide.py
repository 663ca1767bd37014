"""The kernel: every verdict, every relation, budgets and optimizer equivalence."""

import sympy as sp

from derive.definitions import (
    K3,
    KL,
    CrossEntropy,
    Entropy,
    Expectation,
    SupportSum,
)
from derive.definitions.optimization import ArgMax, ArgMin
from derive.kernel import RelationError, decide


def _kl(S, a, b):
    return KL(a(S.x), b(S.x), (S.x, S.X))


def test_true_step_is_proved_with_symbolic_and_numeric_evidence(S):
    v = decide(_kl(S, S.P, S.Q), "=",
               CrossEntropy(S.P(S.x), S.Q(S.x), (S.x, S.X)) - Entropy(S.P(S.x), (S.x, S.X)))
    assert v.status == "proved"
    assert v.evidence.strategy == "normal_form"
    assert v.evidence.samples >= 6  # instances decided with ball arithmetic
    assert v.evidence.max_discrepancy < 1e-9


def test_false_step_is_refuted_with_a_counterexample(S):
    v = decide(_kl(S, S.P, S.Q), "=", _kl(S, S.Q, S.P))
    assert v.status == "refuted"
    ce = v.evidence.counterexample
    assert ce is not None and abs(ce.lhs - ce.rhs) > 1e-6
    # the counterexample is a valid instance: both P and Q sum to one
    assert abs(sum(ce.assignment["P"]) - 1) < 1e-9
    assert abs(sum(ce.assignment["Q"]) - 1) < 1e-9


def test_counterexample_values_are_the_sides_values(S):
    v = decide(Entropy(S.P(S.x), (S.x, S.X)), "=", -Entropy(S.P(S.x), (S.x, S.X)))
    ce = v.evidence.counterexample
    p = ce.assignment["P"]
    h = -sum(t * __import__("math").log(t) for t in p)
    assert abs(ce.lhs - h) < 1e-9 and abs(ce.rhs + h) < 1e-9


def test_true_step_without_symbolic_proof_is_numeric_only(S):
    # softplus(z) >= z holds, but none of the kernel's sign rules shows it
    v = decide(sp.log(1 + sp.exp(S.z)), ">=", S.z)
    assert v.status == "numeric_only"
    assert v.evidence.strategy is None and v.evidence.samples > 0


def test_step_over_budget_is_inconclusive(S):
    v = decide(_kl(S, S.P, S.Q), "=", _kl(S, S.P, S.Q) + 0, budget=0.0)
    assert v.status == "inconclusive"


def test_refutation_survives_a_tiny_budget_only_if_found(S):
    v = decide(_kl(S, S.P, S.Q), "=", _kl(S, S.Q, S.P), budget=0.0)
    assert v.status in ("inconclusive", "refuted")


def test_gibbs_inequality_is_proved(S):
    assert decide(_kl(S, S.P, S.Q), ">=", 0).status == "proved"


def test_tangent_line_gives_k3_nonnegative(S):
    assert decide(K3(S.w), ">=", 0).status == "proved"


def test_reversed_inequality_is_refuted(S):
    v = decide(_kl(S, S.P, S.Q), "<=", 0)
    assert v.status == "refuted" and v.evidence.counterexample.lhs > 0


def test_strict_inequality_refuted_at_equality(S):
    assert decide(sp.log(S.w), "<", S.w - 1).status == "refuted"


def test_propto_accepts_dropping_the_normalizer(S):
    v = decide(S.pi_star(S.y, S.x), "propto", S.pi_ref(S.y, S.x) * sp.exp(S.r(S.x, S.y) / S.beta),
               var=S.y)
    assert v.status == "proved"


def test_propto_refutes_beta_misplaced(S):
    v = decide(S.pi_star(S.y, S.x), "propto", S.pi_ref(S.y, S.x) * sp.exp(S.beta * S.r(S.x, S.y)),
               var=S.y)
    assert v.status == "refuted"


def test_approx_uses_the_stated_tolerance(S):
    expr = sp.Rational(9, 10) * sp.log(sp.Rational(9, 5)) + sp.Rational(1, 10) * sp.log(
        sp.Rational(1, 5))
    assert decide(expr, "approx", sp.Float("0.368"), tolerance=5e-4).accepted
    assert decide(expr, "approx", sp.Float("0.37"), tolerance=5e-4).status == "refuted"


def _objective(S):
    pi = S.pi(S.y, S.x)
    return pi, Expectation(S.r(S.x, S.y), pi, (S.y, S.Y)) - S.beta * KL(
        pi, S.pi_ref(S.y, S.x), (S.y, S.Y))


def test_argopt_accepts_dropping_a_policy_independent_term(S):
    pi = S.pi(S.y, S.x)
    kl = KL(pi, S.pi_star(S.y, S.x), (S.y, S.Y))
    v = decide(ArgMin(kl - sp.log(S.Z(S.x)), pi), "argopt", ArgMin(kl, pi))
    assert v.status == "proved" and v.evidence.strategy == "affine_reparametrisation"


def test_argopt_refutes_dropping_a_policy_dependent_term(S):
    pi, J = _objective(S)
    without_entropy = Expectation(S.r(S.x, S.y), pi, (S.y, S.Y)) + S.beta * Expectation(
        sp.log(S.pi_ref(S.y, S.x)), pi, (S.y, S.Y))
    v = decide(ArgMax(J, pi), "argopt", ArgMax(without_entropy, pi))
    assert v.status == "refuted"
    assert "optimized at" in v.evidence.counterexample.detail


def test_argopt_negative_factor_swaps_max_and_min(S):
    pi, J = _objective(S)
    assert decide(ArgMax(J, pi), "argopt", ArgMin(-J / S.beta, pi)).status == "proved"
    assert decide(ArgMax(J, pi), "argopt", ArgMax(-J / S.beta, pi)).status == "refuted"


def test_optimizer_claim_is_the_gibbs_policy(S):
    pi, J = _objective(S)
    assert decide(ArgMax(J, pi), "argopt", S.pi_star(S.y, S.x)).status == "proved"
    wrong = S.pi_ref(S.y, S.x) * sp.exp(S.beta * S.r(S.x, S.y)) / SupportSum(
        S.pi_ref(S.y, S.x) * sp.exp(S.beta * S.r(S.x, S.y)), (S.y, S.Y))
    assert decide(ArgMax(J, pi), "argopt", wrong).status == "refuted"


def test_optimizer_relation_needs_argopt_sides(S):
    pi, J = _objective(S)
    try:
        decide(ArgMax(J, pi), "=", ArgMax(J, pi))
    except RelationError as exc:
        assert "argopt" in str(exc)
    else:
        raise AssertionError("expected RelationError")


def test_verdicts_are_deterministic(S):
    a = decide(_kl(S, S.P, S.Q), "=", _kl(S, S.Q, S.P))
    b = decide(_kl(S, S.P, S.Q), "=", _kl(S, S.Q, S.P))
    assert a.evidence.counterexample == b.evidence.counterexample


def test_local_definitions_reach_inside_library_definitions(S):
    """r defined locally appears only inside Bradley-Terry's unfolding; it must be used."""
    from derive.definitions import Sigmoid, real_function
    from derive.kernel.context import Context

    s = real_function("s", (S.X, S.Y))
    ctx = Context().define(S.r, 2 * s(S.x, S.y), (S.x, S.y))
    claim = Sigmoid(2 * s(S.x, S.y_w) - 2 * s(S.x, S.y_l))
    assert decide(S.BT(S.x, S.y_w, S.y_l), "=", claim, ctx).status == "proved"
    wrong = Sigmoid(s(S.x, S.y_w) - s(S.x, S.y_l))
    assert decide(S.BT(S.x, S.y_w, S.y_l), "=", wrong, ctx).status == "refuted"


def test_argopt_accepts_a_strictly_increasing_map(S):
    pi, J = _objective(S)
    assert decide(ArgMax(sp.exp(J / S.beta), pi), "argopt", ArgMax(J, pi)).status == "proved"
    assert decide(ArgMax(J, pi), "argopt",
                  ArgMax(sp.log(1 + sp.exp(J)) + sp.log(S.Z(S.x)), pi)).status == "proved"


def test_argopt_refutes_a_decreasing_map(S):
    pi, J = _objective(S)
    assert decide(ArgMax(sp.exp(-J), pi), "argopt", ArgMax(J, pi)).status == "refuted"


def test_strict_inequality_between_identical_sides_is_refuted() -> None:
    """d/dz log(1 + e^z) and σ(z) are the same function: a strict inequality between them
    fails wherever both are defined, though balls alone can never separate them (nor the
    small exact arithmetic, which keeps e^z and e^{-z} apart)."""
    from derive.definitions import STANDARD as S
    from derive.definitions.alignment import Sigmoid

    z, r = S.z, S.r(S.x, S.y)
    left = 7 * sp.Derivative(sp.log(1 + sp.exp(z)), z) - r
    v = decide(left, ">", 7 * Sigmoid(z) - r)
    assert v.status == "refuted"
    ce = v.evidence.counterexample
    assert ce is not None and "identical" in ce.detail
    assert decide(left, "<", 7 * Sigmoid(z) - r).status == "refuted"
    assert decide(left, "<", 7 * Sigmoid(z) - r + 1).status != "refuted"
