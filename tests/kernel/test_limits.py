"""The kernel's limits: symbolic values, the cross-check, and refusals that are inconclusive."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derive.definitions import STANDARD as S
from derive.definitions import SupportSum
from derive.definitions.limits import LimitOf
from derive.kernel import decide
from derive.kernel import limits as kl
from derive.kernel.evaluate import Batch, Unsupported, evaluate

B, T, Z = S.beta, sp.Symbol("t", positive=True), S.z


@pytest.mark.parametrize("lim,value", [
    (LimitOf(sp.exp(Z / B), B, sp.oo), 1),
    (LimitOf(B * sp.log(1 + 1 / B), B, sp.oo), 1),
    (LimitOf((sp.exp(T) - 1) / T, T, 0, "+"), 1),
    (LimitOf(sp.Min(Z, 1 + T), T, 0, "+"), sp.Min(Z, 1)),
    (LimitOf(SupportSum(S.pi_ref(S.y, S.x) * sp.exp(S.r(S.x, S.y) / B), (S.y, S.Y)), B, sp.oo),
     SupportSum(S.pi_ref(S.y, S.x), (S.y, S.Y))),
])
def test_symbolic_values(lim: LimitOf, value: sp.Expr) -> None:
    found = kl.limit_value(lim)
    assert found is not None and sp.simplify(found[0] - value) == 0


@pytest.mark.parametrize("lim", [
    LimitOf(sp.sin(1 / B), B, 0, "+"),            # does not exist
    LimitOf(B, B, sp.oo),                          # infinite
    LimitOf(sp.log(sp.log(T)), T, sp.oo),          # infinite, slowly: ≈ 4 at 10^24
    LimitOf(S.pi_star(S.y, S.x), B, 0, "+"),       # needs a unique arg max: not seen here
    LimitOf(Z, Z, -sp.oo),                         # -oo is never guessed
])
def test_no_symbolic_value(lim: LimitOf) -> None:
    assert kl.limit_value(lim) is None


def test_a_slowly_diverging_limit_is_never_numeric_only() -> None:
    """log log t is about 4 at t = 10^24: a few large values would suggest 4."""
    v = decide(LimitOf(sp.log(sp.log(T)), T, sp.oo), "=", sp.Integer(4))
    assert v.status == "inconclusive"
    v = decide(LimitOf(1 / sp.log(sp.log(T)), T, sp.oo), "=", sp.Rational(1, 4))
    assert v.status in ("refuted", "inconclusive")  # the value is 0: never accepted


def test_nonexistent_limit_is_inconclusive() -> None:
    v = decide(LimitOf(sp.sin(1 / B), B, 0, "+"), "=", 0)
    assert v.status == "inconclusive"
    assert "never judged from sampled values" in " ".join(v.evidence.notes)


def test_cross_check_disagreement_is_inconclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong symbolic value (as a SymPy bug would give) is caught by the cross-check."""
    monkeypatch.setattr(kl, "limit_value", lambda lim, ctx=None, deadline=None: (
        sp.Integer(2), "algebra_of_limits"))
    v = decide(LimitOf(sp.exp(Z / B), B, sp.oo), "=", 2)
    assert v.status == "inconclusive"
    assert "does not approach" in " ".join(v.evidence.notes)


def test_cross_check() -> None:
    lim = LimitOf(B * (sp.exp(Z / B) - 1), B, sp.oo)
    assert kl.cross_check(lim, Z)[0]
    assert not kl.cross_check(lim, 2 * Z)[0]


def test_limits_inside_a_step_and_between_limits() -> None:
    lhs = 1 + LimitOf(sp.exp(Z / B), B, sp.oo)
    assert decide(lhs, "=", 2).status == "proved"
    assert decide(LimitOf(B * sp.log(1 + Z**2 / B), B, sp.oo), "=",
                  LimitOf((sp.exp(Z**2 * T) - 1) / T, T, 0, "+")).status == "proved"
    assert decide(LimitOf(sp.exp(Z / B), B, sp.oo), ">=", 1).status == "proved"
    assert decide(LimitOf(sp.exp(Z / B), B, sp.oo), ">", 1).status == "refuted"


def test_nested_limits() -> None:
    inner = LimitOf(sp.exp(-T * B), T, 0, "+")
    assert decide(LimitOf(inner * sp.exp(Z / B), B, sp.oo), "=", 1).status == "proved"


def test_evaluator_refuses_a_limit() -> None:
    batch = Batch(1, {}, {Z: np.array([1.0])}, {})
    with pytest.raises(Unsupported):
        evaluate(LimitOf(Z / B, B, sp.oo), batch)


def test_limit_binds_its_variable() -> None:
    lim = LimitOf(Z / B, B, sp.oo)
    assert lim.free_symbols == {Z}
    assert lim.subs(B, 3) == lim


def test_soft_maximum() -> None:
    """β log(e^{u/β} + e^{v/β}) → max(u, v) as β → 0⁺, ties included (β log 2 → 0)."""
    lim = LimitOf(B * sp.log(sp.exp(2 * S.h / B) + sp.exp(Z / B)), B, 0, "+")
    assert decide(lim, "=", sp.Max(2 * S.h, Z)).status == "proved"
    assert decide(lim, "=", sp.Max(2 * S.h, Z) + sp.log(2)).status == "refuted"
    assert decide(lim, "=", 2 * S.h + Z).status == "refuted"
    weighted = LimitOf(3 * B * sp.log(S.pi_ref(S.y, S.x) * sp.exp(Z / B) + 2), B, 0, "+")
    assert kl.limit_value(weighted)[0] == 3 * sp.Max(0, Z)


def test_soft_maximum_needs_positive_weights() -> None:
    assert kl._soft_maximum(B * sp.log(2 - sp.exp(Z / B)), B) is None
    assert kl._soft_maximum(B * sp.log(sp.exp(Z / B) + Z), B) is None  # z may be negative


def test_concentration_divides_by_the_dominant_exponential() -> None:
    """The mass off a unique maximiser vanishes whatever the signs of the logits."""
    p = S.pi_ref(S.y, S.x)
    total = p * sp.exp(Z / B) + sp.exp((Z - Z**2 - 1) / B) / 3
    off = LimitOf(sp.exp((Z - Z**2 - 1) / B) / 3 / total, B, 0, "+")
    assert decide(off, "=", 0, budget=8.0).status == "proved"
    assert decide(off, "=", sp.Rational(1, 3), budget=8.0).status == "refuted"


def test_a_limit_whose_exact_approach_points_would_never_evaluate_is_decided_in_budget() -> None:
    """(1 + 1/β)^β at an exact β = 10^24 is a rational to the 10^24-th power, which SymPy
    expands and never returns from: the approach points are high-precision Floats, so the step
    is decided (it ran past 120 s)."""
    from derive.checker import check_text

    text = "$$\n\\lim_{\\beta\\to\\infty}\\left(1+\\frac{1}{\\beta}\\right)^{\\beta} = e\n$$\n"
    assert [s.verdict for s in check_text(text, "md", budget=5.0).steps] == ["proved"]
    wrong = text.replace("= e", "= 3")
    assert [s.verdict for s in check_text(wrong, "md", budget=5.0).steps] == ["refuted"]


def test_beta_log_partition_function_is_the_reference_mean_reward() -> None:
    """β log Z(x) → E_{π_ref}[r] as β → ∞ (first order at t = 1/β: log Σ π_ref e^{t r} is
    smooth at 0 and vanishes there); near misses are refuted."""
    lim = LimitOf(B * sp.log(S.Z(S.x)), B, sp.oo)
    mean = SupportSum(S.pi_ref(S.y, S.x) * S.r(S.x, S.y), (S.y, S.Y))
    assert decide(lim, "=", mean).status == "proved"
    assert decide(7 * lim + Z, "=", 7 * mean + Z).status == "proved"
    assert decide(lim, "=", 0).status == "refuted"
    assert decide(lim, "=", SupportSum(S.r(S.x, S.y), (S.y, S.Y))).status == "refuted"
    assert decide(lim, ">", mean).status == "refuted"


@pytest.mark.parametrize("body,point,direction,value", [
    (B * (sp.exp(Z / B) - 1), sp.oo, "-", Z),
    (sp.log(1 + T) / T, 0, "+", 1),
    (T * (sp.sqrt(1 + 1 / T) - 1), sp.oo, "-", sp.Rational(1, 2)),
])
def test_first_order_rule(body: sp.Expr, point: sp.Expr, direction: str,
                          value: sp.Expr) -> None:
    from derive.kernel.limit_rules import first_order
    var = B if body.has(B) else T
    assert sp.simplify(first_order(body, var, point, direction) - value) == 0


@pytest.mark.parametrize("body,var,point", [
    (B * sp.log(2 + sp.exp(Z / B)), B, sp.oo),     # g(0) = log 3 ≠ 0: infinite
    (B * sp.log(S.h + 1 / B), B, sp.oo),            # log of h at t = 0: sign unknown
    (B * sp.Abs(sp.exp(Z / B) - 1), B, sp.oo),      # |·| at 0 is not smooth
    (sp.sqrt(T) / T * T, T, sp.S.Zero),             # √t is not smooth at 0
])
def test_first_order_rule_refuses(body: sp.Expr, var: sp.Symbol, point: sp.Expr) -> None:
    from derive.kernel.limit_rules import first_order
    assert first_order(body, var, point, "+" if point == 0 else "-") is None


def test_vanishing_exponential_needs_a_provably_negative_coefficient() -> None:
    from derive.kernel.limit_rules import tends_to_minus_infinity
    assert tends_to_minus_infinity(-(Z**2 + 1) / B + Z, B, sp.S.Zero, "+")
    assert tends_to_minus_infinity(-sp.exp(S.h) * B, B, sp.oo, "-")
    assert not tends_to_minus_infinity(Z / B, B, sp.S.Zero, "+")          # sign unknown
    assert not tends_to_minus_infinity(-1 / B + B, B, sp.oo, "-")         # +∞ term
    assert not tends_to_minus_infinity(-Z**2 / B, B, sp.S.Zero, "+")      # 0 at z = 0
    assert not tends_to_minus_infinity(-1 / B, B, sp.S.Zero, "-")         # from the left


def test_cross_check_skips_instances_still_moving() -> None:
    """e^{-e^{z}/β} with z ≈ −60 is still far from 0 at β = 10⁻²⁴: such an instance is no
    evidence either way; a body that settles elsewhere still fails the check."""
    p = S.pi_ref(S.y, S.x)
    body = p * sp.exp(Z / B) / (p * sp.exp(Z / B) + sp.exp((Z - sp.Rational(1, 2)) / B) / 3
                                + 2 * sp.exp((Z - sp.exp(Z)) / B))
    lim = LimitOf(body, B, 0, "+")
    assert kl.cross_check(lim, sp.S.One)[0]
    assert not kl.cross_check(lim, p)[0]
    assert decide(2 * lim + S.r(S.x, S.y), "=", 2 + S.r(S.x, S.y)).status == "proved"


def test_cross_check_does_not_take_a_stalled_body_for_a_settled_one() -> None:
    """e^{-e^{h}/β} with h = −200 is 1 at β = 10⁻²⁴ and at 10⁻⁴⁸ alike (it has not started
    to fall): only instances of moderate values are looked at, so the mass off the maximiser
    is proved to vanish, and a strict claim about identical sides is refuted."""
    p, h, third = S.pi_ref(S.y, S.x), S.h, sp.Rational(1, 3)
    off = third * sp.exp((h - sp.exp(h)) / B)
    total = p * sp.exp(h / B) + off + 2 * sp.exp((h - sp.exp(Z)) / B)
    lim = LimitOf(off / total, B, 0, "+")
    assert decide(lim, "=", 0, budget=8.0).status == "proved"
    assert decide(lim, ">", 0, budget=8.0).status == "refuted"
