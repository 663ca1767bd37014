"""Limit templates for the referee: true limits of the field and their near misses.

β → ∞ (π* → π_ref, Z → 1, β log Z → E_{π_ref}[r], KL(π*‖π_ref) → 0, first-order terms),
β → 0⁺ (the soft maximum β log Σ e^{v/β} → max, concentration on a unique maximiser), and the
clip range ε → 0⁺ of PPO's surrogate (→ min(ρA, A), not ρA). The referee computes each limit its
own way (:meth:`referee.referee._Eval.limit`: the body far out, at two points, at high
precision), never through derive.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from .nodes import (
    Beta,
    Dist,
    Div,
    Fn,
    KLDiv,
    Lim,
    MinMax,
    Node,
    Partition,
    Pow,
    Reward,
    Scalar,
    Stmt,
    Sum,
    Var,
    add,
    c,
    exp,
    log,
    mul,
    neg,
    sub,
)

__all__ = ["LIMIT_TEMPLATES"]

# the catalogue's names (templates.py imports this module, so they are not imported from it)
Template = tuple[str, Stmt, list[Stmt], list[Stmt]]
x, y, y2 = Var("x", "X"), Var("y", "Y"), Var("y'", "Y")
beta, z, h = Beta(), Scalar("z"), Scalar("h")
ZERO, ONE = c(0), c(1)


def D(name: str, v: Var) -> Dist:  # noqa: N802 - reads like the math
    """``name`` applied at ``v`` (policies are conditioned on x)."""
    return Dist(name, (v, x) if name in ("pi", "pi_ref", "pi_star") else (v,))


def _large_beta_policy(rng: random.Random) -> Template:
    """β → ∞: the optimal policy tends to π_ref, Z(x) to 1, β log Z(x) to E_{π_ref}[r]."""
    k = rng.randrange(4)
    if k == 0:
        lhs = Lim(D("pi_star", y), beta, "oo")
        at_one = Div(mul(D("pi_ref", y), exp(Reward(x, y))),
                     Sum(y2, mul(D("pi_ref", y2), exp(Reward(x, y2)))))
        return ("lim_{beta->oo} pi* = pi_ref", Stmt(lhs, "=", D("pi_ref", y)),
                [Stmt(lhs, "=", at_one), Stmt(lhs, "=", Div(ONE, Sum(y2, ONE))),
                 Stmt(lhs, "=", D("pi_star", y))], [])
    if k == 1:
        lhs = Lim(Partition(x), beta, "oo")
        return ("lim_{beta->oo} Z = 1", Stmt(lhs, "=", ONE),
                [Stmt(lhs, "=", ZERO), Stmt(lhs, "=", Sum(y2, exp(Reward(x, y2)))),
                 Stmt(lhs, "=", Partition(x))], [])
    if k == 2:
        lhs = Lim(mul(beta, log(Partition(x))), beta, "oo")
        mean_r = Sum(y2, mul(D("pi_ref", y2), Reward(x, y2)))
        return ("lim_{beta->oo} beta log Z = E_ref[r]", Stmt(lhs, "=", mean_r),
                [Stmt(lhs, "=", ZERO), Stmt(lhs, "=", Sum(y2, Reward(x, y2))),
                 Stmt(lhs, "=", Sum(y2, mul(D("pi", y2), Reward(x, y2))))], [])
    lhs = Lim(KLDiv(D("pi_star", y), D("pi_ref", y), y), beta, "oo")
    return ("lim_{beta->oo} KL(pi*||pi_ref) = 0", Stmt(lhs, "=", ZERO),
            [Stmt(lhs, "=", KLDiv(D("pi", y), D("pi_ref", y), y)), Stmt(lhs, ">", ZERO),
             Stmt(lhs, "=", log(Sum(y, ONE)))], [])


def _first_order(rng: random.Random) -> Template:
    """β(e^{u/β} − 1) → u and β log(1 + u/β) → u as β → ∞ (u free of β)."""
    u = rng.choice([z, h, Reward(x, y), add(Pow(z, c(2)), ONE), mul(c(3), h)])
    if rng.random() < 0.5:
        lhs = Lim(mul(beta, sub(exp(Div(u, beta)), ONE)), beta, "oo")
        wrong = [ZERO, sub(exp(u), ONE), ONE]
    else:
        lhs = Lim(mul(beta, log(add(ONE, Div(Pow(u, c(2)), beta)))), beta, "oo")
        u, wrong = Pow(u, c(2)), [u, ZERO, log(add(ONE, Pow(u, c(2))))]
    return ("first-order limit", Stmt(lhs, "=", u), [Stmt(lhs, "=", w) for w in wrong], [])


def _soft_maximum(rng: random.Random) -> Template:
    """β → 0⁺: β log(e^{u/β} + e^{v/β}) → max(u, v) (ties included: β log 2 → 0)."""
    u, v = rng.choice([(z, h), (Reward(x, y), Reward(x, y2)), (z, ZERO), (mul(c(2), h), z)])
    lhs = Lim(mul(beta, log(add(exp(Div(u, beta)), exp(Div(v, beta))))), beta, "0+")
    top = MinMax("max", u, v)
    return ("soft maximum", Stmt(lhs, "=", top),
            [Stmt(lhs, "=", add(u, v)), Stmt(lhs, "=", MinMax("min", u, v)),
             Stmt(lhs, "=", add(top, log(c(2))))], [])


def _concentration(rng: random.Random) -> Template:
    """β → 0⁺ on a unique maximiser (the gaps are positive): its mass tends to 1, the others'
    to 0; near misses: the mass at β = 1, one half, the reference mass."""
    top = rng.choice([h, Reward(x, y), z])
    gap = rng.choice([add(Pow(z, c(2)), ONE), exp(h), c(Fraction(1, 2))])
    gap2 = rng.choice([c(3), exp(z), add(Pow(h, c(2)), c(Fraction(1, 10)))])
    p1, p2, p3 = D("pi_ref", y), c(Fraction(1, 3)), c(2)
    terms = [mul(p1, exp(Div(top, beta))), mul(p2, exp(Div(sub(top, gap), beta))),
             mul(p3, exp(Div(sub(top, gap2), beta)))]
    total = add(*terms)
    if rng.random() < 0.5:
        lhs = Lim(Div(terms[0], total), beta, "0+")
        at_one = Div(mul(p1, exp(top)), add(mul(p1, exp(top)), mul(p2, exp(sub(top, gap))),
                                            mul(p3, exp(sub(top, gap2)))))
        return ("concentration on the maximiser", Stmt(lhs, "=", ONE),
                [Stmt(lhs, "=", at_one), Stmt(lhs, "=", c(Fraction(1, 2))),
                 Stmt(lhs, "=", p1), Stmt(lhs, "<", ONE)], [])
    lhs = Lim(Div(terms[1], total), beta, "0+")
    return ("no mass off the maximiser", Stmt(lhs, "=", ZERO),
            [Stmt(lhs, "=", ONE), Stmt(lhs, ">", ZERO), Stmt(lhs, "=", c(Fraction(1, 3)))], [])


def _vanishing_clip(rng: random.Random) -> Template:
    """PPO's surrogate as the clip range ε → 0⁺ (ε written β here, a positive scalar):
    min(ρA, clip(ρ, 1 − ε, 1 + ε)A) → min(ρA, A); near misses: ρA, A, max(ρA, A)."""
    rho = rng.choice([exp(z), add(Pow(z, c(2)), c(Fraction(1, 2))), Fn("sigmoid", z)])
    adv = rng.choice([h, Reward(x, y), neg(h)])
    clip = MinMax("min", MinMax("max", rho, sub(ONE, beta)), add(ONE, beta))
    lhs = Lim(MinMax("min", mul(rho, adv), mul(clip, adv)), beta, "0+")
    return ("vanishing clip range", Stmt(lhs, "=", MinMax("min", mul(rho, adv), adv)),
            [Stmt(lhs, "=", mul(rho, adv)), Stmt(lhs, "=", adv),
             Stmt(lhs, "=", MinMax("max", mul(rho, adv), adv))], [])


def _no_limit(rng: random.Random) -> Template:
    """A limit whose body does not depend on the variable is the body."""
    e: Node = rng.choice([Reward(x, y), log(D("P", x)), add(z, h), exp(h)])
    point = rng.choice(["oo", "0+"])
    lhs = Lim(e, beta, point)
    return ("constant limit", Stmt(lhs, "=", e),
            [Stmt(lhs, "=", mul(c(2), e)), Stmt(lhs, "=", ZERO)], [])


LIMIT_TEMPLATES: list[Callable[[random.Random], Template]] = [
    _large_beta_policy, _first_order, _soft_maximum, _concentration, _vanishing_clip,
    _no_limit,
]
