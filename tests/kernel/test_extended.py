"""Exact infinities in the ball evaluator (kernel/extended.py) and the extended-reals strategy
(kernel/infinite_sides.py)."""

import pytest
import sympy as sp
from flint import arb

from derive.kernel import decide
from derive.kernel.extended import (
    INF,
    NEG_INF,
    extended_max,
    extended_min,
    relation_holds,
    xlogy_ball,
)
from derive.kernel.infinite_sides import compare_extended


def test_arithmetic_of_infinity() -> None:
    assert INF + arb(5) is INF and arb(5) + INF is INF and INF + INF is INF
    assert arb(5) - INF is NEG_INF and -INF is NEG_INF and abs(NEG_INF) is INF
    assert arb(2) * INF is INF and INF * arb(-1) is NEG_INF
    assert INF / arb(3) is INF


@pytest.mark.parametrize("op", [
    lambda: INF - INF, lambda: INF + NEG_INF, lambda: arb(0) * INF, lambda: INF * arb("0 +/- 1"),
    lambda: arb(1) / INF, lambda: INF / INF, lambda: INF.log(), lambda: INF.exp(),
    lambda: INF ** 2, lambda: INF + arb.nan(),
])
def test_undefined_operations_raise(op) -> None:
    with pytest.raises(ValueError):
        op()


def test_min_max() -> None:
    assert extended_min(INF, arb(3)) == arb(3) and extended_max(INF, arb(3)) is INF
    assert extended_min(NEG_INF, arb(3)) is NEG_INF and extended_max(arb(3), NEG_INF) == arb(3)


def test_xlogy_on_balls() -> None:
    assert xlogy_ball(arb(0), arb(0)) == 0
    assert xlogy_ball(arb(1) / 3, arb(0)) is NEG_INF
    assert (xlogy_ball(arb(2), arb(4)) - 2 * arb(4).log()).contains(0)
    with pytest.raises(ValueError):
        xlogy_ball(arb("0.5 +/- 0.6"), arb(0))  # sign of x unknown
    with pytest.raises(ValueError):
        xlogy_ball(arb(1), arb("0 +/- 0.1"))  # y not separated from 0


@pytest.mark.parametrize("rel,a,b,want", [
    ("=", INF, INF, "holds"), ("=", INF, NEG_INF, "fails"), ("=", arb(1), INF, "fails"),
    ("<", INF, INF, "fails"), ("<=", INF, INF, "holds"), ("<", arb(10) ** 100, INF, "holds"),
    (">", INF, arb(3), "holds"), (">=", NEG_INF, arb(3), "fails"),
    ("approx", INF, INF, "undefined"), ("=", INF, arb.nan(), "undefined"),
])
def test_relation_holds(rel, a, b, want) -> None:
    assert relation_holds(rel, a, b) == want


def test_compare_extended_needs_a_known_finite_side() -> None:
    d = sp.Symbol("d")  # not known finite
    assert compare_extended(sp.oo, "=", sp.oo) == "extended_reals"
    assert compare_extended(sp.oo, ">", d) is None
    assert compare_extended(sp.Integer(2), "<", sp.oo) == "extended_reals"
    assert compare_extended(sp.oo, "<", sp.oo) is None
    assert compare_extended(sp.Integer(2), "=", sp.Integer(2)) is None  # finite: not here


def test_infinite_constants_in_decide() -> None:
    assert decide(sp.oo, "=", sp.oo).status == "proved"
    assert decide(sp.Integer(5), "<", sp.oo).status == "proved"
    assert decide(sp.oo, "=", sp.Integer(5)).status == "refuted"
    assert decide(-sp.oo, ">=", sp.Integer(0)).status == "refuted"


def test_nan_and_complex_infinity_are_not_values() -> None:
    for side in (sp.nan, sp.zoo):
        assert decide(side, "=", side).status != "refuted"
        assert decide(sp.Integer(0), "=", side).status == "inconclusive"
