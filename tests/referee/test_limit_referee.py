"""The referee's limits (its own brute force, independent of derive) and a seeded slice of limit
statements against the kernel."""

from __future__ import annotations

from fractions import Fraction

import pytest

from .compare import run_one, summarise
from .generate import generate
from .limit_templates import LIMIT_TEMPLATES
from .nodes import (
    Beta,
    Dist,
    Div,
    Lim,
    MinMax,
    Partition,
    Scalar,
    Stmt,
    Var,
    add,
    c,
    exp,
    log,
    mul,
    sub,
)
from .referee import judge

x, y = Var("x", "X"), Var("y", "Y")
beta, z, h = Beta(), Scalar("z"), Scalar("h")
star, ref = Dist("pi_star", (y, x)), Dist("pi_ref", (y, x))
soft_max = Lim(mul(beta, log(add(exp(Div(z, beta)), exp(Div(h, beta))))), beta, "0+")

TRUE = [
    Stmt(Lim(star, beta, "oo"), "=", ref),
    Stmt(Lim(Partition(x), beta, "oo"), "=", c(1)),
    Stmt(soft_max, "=", MinMax("max", z, h)),
    Stmt(Lim(exp(Div(c(-1), beta)), beta, "0+"), "=", c(0)),
    Stmt(Lim(mul(beta, sub(exp(Div(z, beta)), c(1))), beta, "oo"), "=", z),
]

FALSE = [
    Stmt(Lim(star, beta, "oo"), "=", Dist("pi", (y, x))),
    Stmt(soft_max, "=", add(z, h)),
    Stmt(Lim(exp(Div(c(-1), beta)), beta, "0+"), ">", c(0)),  # e^{-1/β} far out is not > 0
    Stmt(Lim(mul(beta, sub(exp(Div(z, beta)), c(1))), beta, "oo"), "=",
         add(z, c(Fraction(1, 10**30)))),
]


@pytest.mark.parametrize("stmt", TRUE, ids=lambda s: str(TRUE.index(s)))
def test_referee_finds_no_counterexample_to_true_limits(stmt: Stmt) -> None:
    verdict, n = judge(stmt, 120)
    assert verdict == "no_counterexample" and n > 0


@pytest.mark.parametrize("stmt", FALSE, ids=lambda s: str(FALSE.index(s)))
def test_referee_finds_a_witness_against_false_limits(stmt: Stmt) -> None:
    verdict, witness = judge(stmt, 120)
    assert verdict == "false" and "instance" in witness


def test_a_limit_that_does_not_settle_is_never_counted() -> None:
    """exp(z/β) as β → 0⁺ diverges for z > 0: such instances are undefined, not witnesses."""
    verdict, _ = judge(Stmt(Lim(exp(Div(add(mul(z, z), c(1)), beta)), beta, "0+"), "=", c(0)),
                       120)
    assert verdict == "no_counterexample"


@pytest.mark.slow
def test_kernel_agrees_with_referee_on_limits() -> None:
    items = generate(90, seed=99, cap=120, templates=LIMIT_TEMPLATES)
    outcomes = [run_one(item, budget=4.0) for item in items]
    summary = summarise(outcomes)
    bad = [f"{o.kind}: {o.status}: {o.text}" for o in outcomes
           if o.kind in ("false_accept", "false_refute") or o.status == "exception"]
    assert summary.labels["broken"] == 0
    assert summary.labels["true"] >= 15 and summary.labels["false"] >= 40
    assert not bad, "\n".join(["\n".join(summary.lines())] + bad[:25])
