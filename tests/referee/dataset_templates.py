"""True statements about means over a finite dataset, with near-miss mutants.

A dataset mean (:class:`referee.nodes.DataMean`) is linear, a constant comes out of it, the
RLHF objective identity holds record by record, DPO's dataset loss is the mean softplus of the
implicit reward gap, and a mean of a non-negative quantity is non-negative. The mutants drop a
term, swap the preferred and the rejected completion, forget β, or take a term that depends on
the prompt out of the mean (then it is read at a free prompt x, which a dataset with several
prompts tells apart).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction

from .nodes import (
    BT,
    Beta,
    Const,
    DataMean,
    Dist,
    Div,
    Expect,
    Fn,
    KLDiv,
    Node,
    Partition,
    Reward,
    Stmt,
    Var,
    add,
    c,
    exp,
    log,
    mul,
    neg,
    sub,
)

__all__ = ["DATASET_TEMPLATES"]

Template = tuple[str, Stmt, list[Stmt], list[Stmt]]

x, y = Var("x", "X"), Var("y", "Y")
yw, yl = Var("y_w", "Y"), Var("y_l", "Y")
beta = Beta()
RECORD = (x, yw, yl)


def coef(rng: random.Random) -> Const:
    return c(rng.choice([Fraction(2), Fraction(3), Fraction(1, 2), Fraction(-1), Fraction(-2)]))


def _pol(name: str, v: Var) -> Dist:
    return Dist(name, (v, x))


def _prompt_term(rng: random.Random) -> Node:
    """A quantity of the prompt x that varies from prompt to prompt."""
    return rng.choice([
        log(Partition(x)),
        KLDiv(_pol("pi", y), _pol("pi_ref", y), y),
        KLDiv(_pol("pi", y), _pol("pi_star", y), y),
        mul(beta, log(Partition(x))),
    ])


def _mean(body: Node) -> DataMean:
    return DataMean((x,), body)


def _linearity(rng: random.Random) -> Template:
    f, g = _prompt_term(rng), _prompt_term(rng)
    a, b = coef(rng), coef(rng)
    lhs = _mean(add(mul(a, f), mul(b, g)))
    mutants = [Stmt(lhs, "=", add(mul(a, _mean(f)), mul(b, g))),  # g taken out of the mean
               Stmt(lhs, "=", mul(a, _mean(f)))]
    if a != b:
        mutants.append(Stmt(lhs, "=", add(mul(b, _mean(f)), mul(a, _mean(g)))))
    return ("dataset mean linearity", Stmt(lhs, "=", add(mul(a, _mean(f)), mul(b, _mean(g)))),
            mutants, [])


def _constant(rng: random.Random) -> Template:
    f, k = _prompt_term(rng), rng.choice([beta, c(2), c(-1)])
    lhs = _mean(add(f, k))
    return ("constant out of a dataset mean", Stmt(lhs, "=", add(_mean(f), k)),
            [Stmt(lhs, "=", _mean(f)), Stmt(lhs, "=", add(f, k))], [])


def _objective_identity(rng: random.Random) -> Template:
    j = sub(_expect_reward(), mul(beta, KLDiv(_pol("pi", y), _pol("pi_ref", y), y)))
    k = sub(mul(beta, log(Partition(x))), mul(beta, KLDiv(_pol("pi", y), _pol("pi_star", y), y)))
    lhs = _mean(j)
    return ("mean RLHF objective = mean (beta log Z - beta KL to pi*)", Stmt(lhs, "=", _mean(k)),
            [Stmt(lhs, "=", _mean(neg(mul(beta, KLDiv(_pol("pi", y), _pol("pi_star", y), y))))),
             Stmt(lhs, "=", sub(mul(beta, log(Partition(x))),
                                _mean(mul(beta, KLDiv(_pol("pi", y), _pol("pi_star", y), y)))))],
            [])


def _expect_reward() -> Node:
    return Expect(y, _pol("pi", y), Reward(x, y))


def _implicit(v: Var, with_beta: bool = True) -> Node:
    ratio = log(Div(_pol("pi", v), _pol("pi_ref", v)))
    return mul(beta, ratio) if with_beta else ratio


def _preference(rng: random.Random) -> Template:
    k = rng.randrange(3)
    if k == 0:
        lhs = DataMean(RECORD, sub(Reward(x, yw), Reward(x, yl)))
        right = sub(DataMean(RECORD, Reward(x, yw)), DataMean(RECORD, Reward(x, yl)))
        return ("mean reward gap", Stmt(lhs, "=", right),
                [Stmt(lhs, "=", sub(DataMean(RECORD, Reward(x, yl)),
                                    DataMean(RECORD, Reward(x, yw)))),
                 Stmt(lhs, "=", DataMean(RECORD, Reward(x, yw)))], [])
    if k == 1:
        gap = sub(_implicit(yw), _implicit(yl))
        loss = DataMean(RECORD, neg(log(Fn("sigmoid", gap))))
        soft = DataMean(RECORD, log(add(c(1), exp(sub(_implicit(yl), _implicit(yw))))))
        return ("DPO dataset loss = mean softplus", Stmt(loss, "=", soft),
                [Stmt(loss, "=", DataMean(RECORD, log(add(c(1), exp(gap))))),
                 Stmt(loss, "=", DataMean(RECORD, neg(log(Fn("sigmoid", sub(
                     _implicit(yw, False), _implicit(yl, False))))))),
                 Stmt(loss, "=", neg(log(Fn("sigmoid", gap))))], [])
    lhs = DataMean(RECORD, neg(log(BT(x, yw, yl))))
    right = DataMean(RECORD, neg(log(Fn("sigmoid", sub(Reward(x, yw), Reward(x, yl))))))
    return ("BT negative log-likelihood", Stmt(lhs, "=", right),
            [Stmt(lhs, "=", DataMean(RECORD, neg(log(Fn("sigmoid", sub(
                Reward(x, yl), Reward(x, yw))))))),
             Stmt(lhs, "<=", c(0))], [])


def _nonnegative(rng: random.Random) -> Template:
    kl = KLDiv(_pol("pi", y), _pol(rng.choice(["pi_ref", "pi_star"]), y), y)
    return ("mean KL >= 0", Stmt(_mean(kl), ">=", c(0)),
            [Stmt(_mean(kl), ">", c(0)), Stmt(_mean(neg(kl)), ">=", c(0))], [])


DATASET_TEMPLATES: list[Callable[[random.Random], Template]] = [
    _linearity, _constant, _objective_identity, _preference, _nonnegative,
]
