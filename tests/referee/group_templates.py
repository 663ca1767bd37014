"""True statements about groups of answers (GRPO, RLOO), with near-miss mutants.

Indices run over a group domain: ``G`` (any size, 1 included) or ``H`` (at least 2, for a
leave-one-out baseline). ``r_i`` takes any of the referee's reals at each index.

>>> import random
>>> name, stmt, mutants, known = GROUP_TEMPLATES[0](random.Random(1))
>>> name
'centred rewards sum to zero'
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from .nodes import Const, Div, Except, Indexed, Pow, Size, Stmt, Sum, Var, add, c, mul, neg, sub

Template = tuple[str, Stmt, list[Stmt], list[Stmt]]

i, j, k = Var("i", "G"), Var("j", "G"), Var("k", "G")
hi, hj = Var("i", "H"), Var("j", "H")
G, H = Size("G"), Size("H")
HALF = c(Fraction(1, 2))


def r(v: Var) -> Indexed:
    return Indexed("r", v)


def mean(v: Var, size: Size) -> Div:
    """``(1/G) Σ_v r_v``."""
    return Div(Sum(v, r(v)), size)


def std(v: Var, w: Var, size: Size) -> Pow:
    """``sqrt((1/G) Σ_v (r_v − mean)^2)``, the mean written over ``w``."""
    return Pow(Div(Sum(v, Pow(sub(r(v), mean(w, size)), c(2))), size), HALF)


def _eps(rng: random.Random) -> Const:
    return c(rng.choice([Fraction(1, 10**6), Fraction(1, 10), Fraction(1), Fraction(3)]))


def _centred(rng: random.Random) -> Template:
    lhs = Sum(i, sub(r(i), mean(j, G)))
    return ("centred rewards sum to zero", Stmt(lhs, "=", c(0)),
            [Stmt(Sum(i, sub(r(i), Div(Sum(j, r(j)), add(G, c(1))))), "=", c(0)),
             Stmt(Sum(i, r(i)), "=", mean(j, G)), Stmt(lhs, "=", c(1))], [])


def _normalised_advantage(rng: random.Random) -> Template:
    eps = _eps(rng)
    adv = Div(sub(r(i), mean(j, G)), add(std(k, j, G), eps))
    return ("normalised advantages sum to zero", Stmt(Sum(i, adv), "=", c(0)),
            [Stmt(Sum(i, Div(r(i), add(std(k, j, G), eps))), "=", c(0)),
             Stmt(Sum(i, adv), ">", c(0)),
             Stmt(Sum(i, mul(adv, adv)), "<=", c(Fraction(1, 2)))], [])


def _leave_one_out(rng: random.Random) -> Template:
    loo = Except(hj, hi, r(hj))
    return ("sum leaving one out", Stmt(loo, "=", sub(Sum(hj, r(hj)), r(hi))),
            [Stmt(loo, "=", Sum(hj, r(hj))), Stmt(loo, "=", sub(Sum(hj, r(hj)), mean(hj, H)))],
            [])


def _rloo(rng: random.Random) -> Template:
    baseline = Div(Except(hj, hi, r(hj)), sub(H, c(1)))
    lhs = sub(r(hi), baseline)
    centred = sub(r(hi), mean(hj, H))
    return ("RLOO advantage is scaled centring",
            Stmt(lhs, "=", mul(Div(H, sub(H, c(1))), centred)),
            [Stmt(lhs, "=", mul(Div(sub(H, c(1)), H), centred)), Stmt(lhs, "=", centred),
             Stmt(baseline, "=", mean(hj, H))], [])


def _variance(rng: random.Random) -> Template:
    dev = Sum(k, Pow(sub(r(k), mean(j, G)), c(2)))
    sq = Sum(k, Pow(r(k), c(2)))
    return ("variance shortcut", Stmt(dev, "=", sub(sq, mul(G, Pow(mean(j, G), c(2))))),
            [Stmt(dev, "=", sub(sq, Pow(mean(j, G), c(2)))), Stmt(dev, ">", c(0)),
             Stmt(dev, "<=", sub(sq, c(Fraction(1, 10**9))))], [])


def _linear(rng: random.Random) -> Template:
    a = c(rng.choice([2, -1, 3, Fraction(1, 2)]))
    b = c(rng.choice([1, -2, 7, Fraction(-1, 2)]))
    lhs = Sum(i, add(mul(a, r(i)), b))
    return ("indexed sum linearity", Stmt(lhs, "=", add(mul(a, Sum(i, r(i))), mul(b, G))),
            [Stmt(lhs, "=", add(mul(a, Sum(i, r(i))), b)),
             Stmt(Div(Sum(i, r(i)), G), "=", neg(mean(j, G)))], [])


GROUP_TEMPLATES: list[Callable[[random.Random], Template]] = [
    _centred, _normalised_advantage, _leave_one_out, _rloo, _variance, _linear]

__all__ = ["GROUP_TEMPLATES"]
