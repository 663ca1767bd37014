"""Class A: normal forms, merges, unfolding and local definitions never capture a variable."""

import time

import sympy as sp

from derive.definitions import KL, Expectation, SupportSum
from derive.kernel import Context, decide
from derive.kernel.decide import _expand_context, _symbolic_equal
from derive.kernel.normal_form import is_zero, normal_form
from derive.kernel.sign import merge_sums


def _nf_equal(a, b):
    return is_zero(normal_form(a) - normal_form(b))


def test_sibling_sums_over_one_name_are_not_merged(S):
    x, y, X, Y = S.x, S.y, S.X, S.Y
    # Σ_y (Σ_x P r)(Σ_x Q r)  ≠  Σ_y (Σ_x P Q r)(Σ_x r): the old flattening merged both into
    # one sum with a duplicated binding and "proved" them equal
    a = SupportSum(SupportSum(S.P(x) * S.r(x, y), (x, X))
                   * SupportSum(S.Q(x) * S.r(x, y), (x, X)), (y, Y))
    b = SupportSum(SupportSum(S.P(x) * S.Q(x) * S.r(x, y), (x, X))
                   * SupportSum(S.r(x, y), (x, X)), (y, Y))
    assert not _nf_equal(a, b)
    v = decide(a, "=", b)
    assert v.status == "refuted" and v.evidence.strategy is None


def test_sibling_sums_still_factor_correctly(S):
    x, y, X, Y = S.x, S.y, S.X, S.Y
    # (Σ_x P r)(Σ_x Q r) = Σ_{x, x'} P(x) Q(x') r(x,y) r(x',y): a true product of sums
    xp = sp.Symbol("x'")
    a = SupportSum(SupportSum(S.P(x) * S.r(x, y), (x, X))
                   * SupportSum(S.Q(x) * S.r(x, y), (x, X)), (y, Y))
    b = SupportSum(S.P(x) * S.Q(xp) * S.r(x, y) * S.r(xp, y), (x, X), (xp, X), (y, Y))
    assert decide(a, "=", b).status == "proved"
    wrong = SupportSum(S.P(x) * S.Q(x) * S.r(x, y) ** 2, (x, X), (y, Y))
    assert decide(a, "=", wrong).status == "refuted"


def test_shadowed_inner_binder(S):
    x, y, X = S.x, S.y, S.X
    # Σ_x P(x) Σ_x Q(x) r(x,y): the inner x shadows the outer one, so this is Σ_x Q(x) r(x,y)
    a = SupportSum(S.P(x) * SupportSum(S.Q(x) * S.r(x, y), (x, X)), (x, X))
    assert decide(a, "=", SupportSum(S.Q(x) * S.r(x, y), (x, X))).status == "proved"
    v = decide(a, "=", SupportSum(S.P(x) * S.Q(x) * S.r(x, y), (x, X)))
    assert v.status == "refuted" and v.evidence.strategy is None


def test_kl_with_the_outer_bound_name(S):
    x, y, X = S.x, S.y, S.X
    kl = KL(S.P(x), S.Q(x), (x, X))  # binds x, inside an outer Σ_x
    a = SupportSum(S.P(x) * S.r(x, y) * kl, (x, X))
    assert decide(a, "=", kl * SupportSum(S.P(x) * S.r(x, y), (x, X))).status == "proved"
    wrong = SupportSum(S.P(x) ** 2 * S.r(x, y) * sp.log(S.P(x) / S.Q(x)), (x, X))
    assert not _nf_equal(a, wrong)


def test_merge_sums_avoids_inner_binders(S):
    x, X, Y = S.x, S.X, S.Y
    v = sp.Symbol("v")
    inner = SupportSum(S.pi_ref(v, x) * S.r(x, v), (v, Y))
    e = SupportSum(S.P(x) * inner, (x, X)) - SupportSum(S.Q(x) * inner, (x, X))
    merged = merge_sums(e)
    assert merged.free_symbols == e.free_symbols
    assert _nf_equal(merged, e)


def test_unfold_renaming_does_not_capture(S):
    a, b, x, X, Y = sp.Symbol("a"), sp.Symbol("b"), S.x, S.X, S.Y
    # two bindings are renamed to x, y; the body holds an inner sum over x
    body = S.r(a, b) * SupportSum(S.P(x) * S.r(x, b) * S.r(a, b), (x, X))
    e = Expectation(body, S.joint(a, b), (a, X), (b, Y))
    assert e.unfold().free_symbols == set()
    manual = SupportSum(S.joint(a, b) * body, (a, X), (b, Y))
    assert decide(e, "=", manual).status == "proved"


def test_local_definition_applied_at_a_bound_name(S):
    x, y, Y = S.x, S.y, S.Y
    zl = sp.Function("Zl")
    ctx = Context().define(zl, SupportSum(S.pi_ref(y, x) * sp.exp(S.r(x, y) / S.beta), (y, Y)),
                           (x,))
    expanded = _expand_context(ctx, zl(y))
    assert y in expanded.free_symbols  # the argument y is not captured by Σ_y
    captured = SupportSum(S.pi_ref(y, y) * sp.exp(S.r(y, y) / S.beta), (y, Y))
    assert _symbolic_equal(expanded, captured, time.monotonic() + 5) is None
    assert ctx.expand(zl(x)) == SupportSum(S.pi_ref(y, x) * sp.exp(S.r(x, y) / S.beta), (y, Y))
