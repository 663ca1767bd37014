"""The float screen (kernel/screen.py) and the early refutation it feeds.

A step whose float screen flags an instance that balls prove failing is refuted before any
symbolic search; nothing else changes: the screen never decides, a true step whose float
values merely look failing (rounding) is still decided by the full comparison, and the sums'
memo in the one-instance evaluators gives the same balls as evaluating every term afresh.
"""

from __future__ import annotations

import sys

import sympy as sp

from derive.definitions import KL, STANDARD, MutualInformation
from derive.kernel import decide
from derive.kernel.screen import Tally, rank_instances, take_screen

S = STANDARD
x, X = S.x, S.X
evaluate_mod = sys.modules["derive.kernel.evaluate"]


def _kl() -> sp.Expr:
    return KL(S.P(x), S.Q(x), (x, X))


def test_a_false_step_is_refuted_without_a_symbolic_search() -> None:
    v = decide(_kl(), "=", KL(S.Q(x), S.P(x), (x, X)))
    assert v.status == "refuted"
    assert v.evidence.strategy is None
    assert any("no symbolic search" in n for n in v.evidence.notes)
    assert v.evidence.counterexample is not None


def test_a_true_step_still_goes_through_the_symbolic_search() -> None:
    v = decide(_kl(), ">=", sp.Integer(0))
    assert v.status == "proved" and v.evidence.strategy is not None


def test_float_rounding_alone_does_not_refute() -> None:
    # float64 cannot tell log(1 + e^-40) from 0, but the step is false: balls decide it
    tiny = sp.log(1 + sp.exp(-40))
    assert decide(tiny, "=", sp.Integer(0)).status == "refuted"
    # float64 sees this identity fail wherever 3r/β is large (catastrophic cancellation); the
    # flagged instances hold in balls, so the step goes on to its symbolic proof
    u = sp.exp(3 * S.r(x, S.y) / S.beta)
    lhs = (u + 1) * (u - 1) - sp.exp(6 * S.r(x, S.y) / S.beta)
    screen = take_screen(lhs, sp.Integer(-1))
    assert rank_instances(screen, "=", None, Tally())[0]  # float64 flags instances
    v = decide(lhs, "=", sp.Integer(-1))
    assert v.status == "proved" and v.evidence.strategy is not None


def test_the_screen_ranks_but_never_decides() -> None:
    screen = take_screen(_kl(), sp.Integer(0))
    suspects, *_ = rank_instances(screen, ">", None, Tally())
    assert suspects  # float64 sees KL > 0 fail where P = Q ...
    assert decide(_kl(), ">", sp.Integer(0)).status == "refuted"  # ... and balls confirm it


def test_the_sum_memo_gives_the_same_balls(monkeypatch) -> None:
    # mutual information nests the marginals inside a double sum: the memo takes each
    # marginal once per value of its variable; without it, every term recomputes them
    y, Y = S.y, S.Y
    expr = MutualInformation(S.joint(x, y), (x, X), (y, Y))
    screen = take_screen(expr, sp.Integer(0))
    assert any(p.batch.sizes.get(X, 0) >= 3 for p in screen.probes)
    probe = next(p for p in screen.probes if p.batch.sizes.get(X, 0) >= 3)
    with_memo = evaluate_mod.evaluate_ball(screen.a, probe.batch, 0, 320, probe.env_a)

    class NoStore(dict):
        def __setitem__(self, key, value) -> None:
            pass

    original = evaluate_mod._ScalarOps.__init__

    def no_memo(self, batch, k) -> None:
        original(self, batch, k)
        self.sums = NoStore()

    monkeypatch.setattr(evaluate_mod._ScalarOps, "__init__", no_memo)
    without = evaluate_mod.evaluate_ball(screen.a, probe.batch, 0, 320, probe.env_a)
    assert with_memo.mid() == without.mid() and with_memo.rad() == without.rad()
