"""The float64 screen (trusted base): both sides on every sampled instance, ranked.

The screen never decides anything. It ranks the instances for the ball decisions of
:mod:`.evidence`: those where float64 sees the relation fail (*suspects*), those it cannot
evaluate, the passing ones closest to failing and a spread of special rows. Float values are
computed once per step (:func:`take_screen`) and serve both the early look for a counterexample
and the full comparison. :func:`float_screen_fails` is the proposers' filter built on it.

>>> from derive.definitions import STANDARD as S, KL
>>> kl = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
>>> screen = take_screen(kl, sp.Integer(0))
>>> len(screen.probes) == len(screen.values) > 5
True
>>> suspects, *_ = rank_instances(screen, ">", None, Tally())
>>> len(suspects) > 0     # float64 sees KL > 0 fail where P = Q
True
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from ..definitions import unfold_all
from .context import Context
from .numeric import Batch, Signature, Unsupported, evaluate, sample_batches, seed_for, signature

__all__ = ["FloatScreen", "Probe", "Tally", "take_screen", "rank_instances",
           "float_screen_fails", "float_tied", "work", "FLOAT_TOL", "CHEAP_WORK", "SCREENED"]

FLOAT_TOL = 1e-9
#: the relations the screen ranks instances for (optimizer and ∝ steps are compared otherwise)
SCREENED = ("=", "<=", ">=", "<", ">", "approx")
#: how many more float-undefined instances a step without a symbolic proof scans with balls
#: (after the MAX_NONFINITE decided in full)
NONFINITE_SCAN = 160
#: how many float-tied instances of a non-strict inequality are pushed like suspects
MAX_TIED = 6
#: how many float-failing, float-undefined and float-passing instances get ball decisions
MAX_SUSPECTS, MAX_NONFINITE, CONFIRM = 24, 12, 14
#: without a symbolic proof the numbers are all the evidence: two rows of every kind, and more
THOROUGH_CONFIRM = 40
#: the largest batch work (product of support sizes) from which a step with a symbolic proof
#: takes its closest calls, and where escalation beyond 320 bits is affordable
CHEAP_WORK = 64


@dataclass(frozen=True)
class Probe:
    """One batch with an element assignment for each side (they differ only for ``∝``)."""

    batch: Batch
    env_a: dict
    env_b: dict


@dataclass
class FloatScreen:
    """Both (unfolded) sides in float64 on every instance of every probe."""

    a: sp.Expr
    b: sp.Expr
    sig: Signature
    probes: list[Probe]
    values: list[tuple[np.ndarray, np.ndarray]]
    #: the instances split by their float margins, per (relation, tolerance): the early look
    #: for a counterexample and the full comparison rank the same screen
    partitions: dict = field(default_factory=dict)


@dataclass
class Tally:
    """Where :func:`rank_instances` records the largest float gap (an ``Outcome`` also fits)."""

    max_discrepancy: float | None = None


def evaluate_probes(a: sp.Expr, b: sp.Expr, sig: Signature, probes: list[Probe]) -> FloatScreen:
    """The screen of ``a`` and ``b`` (already unfolded) on ``probes``."""
    values = [(evaluate(a, p.batch, p.env_a), evaluate(b, p.batch, p.env_b)) for p in probes]
    return FloatScreen(a, b, sig, probes, values)


def take_screen(a: sp.Expr, b: sp.Expr, ctx: Context | None = None) -> FloatScreen:
    """Unfold both sides, sample the instances their signature needs, evaluate in float64.
    Raises :class:`~.numeric.Unsupported` when a side cannot be evaluated."""
    ctx = ctx or Context()
    ua, ub = unfold_all(a), unfold_all(b)
    sig = signature(ua, ub, intervals=ctx.intervals)
    probes = [Probe(bt, bt.env, bt.env) for bt in sample_batches(sig, seed_for(ua, ub))]
    return evaluate_probes(ua, ub, sig, probes)


def margins(rel: str, la: np.ndarray, lb: np.ndarray, tol: float | None) -> np.ndarray:
    """Relative margin by which float64 sees the relation hold (negative: fails)."""
    eps = FLOAT_TOL
    with np.errstate(all="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(la), np.abs(lb)))
        d = (la - lb) / scale
        return {
            "=": eps - np.abs(d),
            "<=": eps - d,
            ">=": eps + d,
            "<": -d - eps,
            ">": d - eps,
            "approx": ((tol or 0.0) - np.abs(la - lb)) / scale - eps,
        }[rel]


def _partition(screen: FloatScreen, rel: str, tol: float | None) -> tuple[list, list, list, float]:
    """``(suspects, undefined, passing, largest gap)`` by float margin, computed once per
    screen and relation (the lists are shared: callers copy before sorting)."""
    key = (rel, tol)
    known = screen.partitions.get(key)
    if known is not None:
        return known
    suspects, nonfinite, passing = [], [], []
    worst = 0.0
    for p_i, (la, lb) in enumerate(screen.values):
        finite = np.isfinite(la) & np.isfinite(lb)
        if finite.any() and rel in ("=", "approx"):
            with np.errstate(all="ignore"):
                gap = np.abs(la - lb)[finite]
            worst = max(worst, float(np.nanmax(gap, initial=0.0)))
        margin = margins(rel, la, lb, tol)
        nonfinite.extend((0.0, p_i, k) for k in np.flatnonzero(~finite).tolist())
        ks = np.flatnonzero(finite)
        ms = margin[ks]
        failing = ms < 0  # a nan margin is not a failure: it passes, as in float64
        for into, rows in ((suspects, failing), (passing, ~failing)):
            into.extend(zip(ms[rows].tolist(), itertools.repeat(p_i), ks[rows].tolist()))
    screen.partitions[key] = (suspects, nonfinite, passing, worst)
    return suspects, nonfinite, passing, worst


def rank_instances(screen: FloatScreen, rel: str, tol: float | None, out: Any,
                   thorough: bool = False) -> tuple[list, list, list, list]:
    """``(suspects, undefined, confirmations, scan)``: the instances to decide with balls, as
    ``(margin, probe index, instance)``, and the largest float gap seen into ``out``."""
    probes = screen.probes
    suspects, nonfinite, passing, worst = _partition(screen, rel, tol)
    suspects, nonfinite, passing = list(suspects), list(nonfinite), list(passing)
    out.max_discrepancy = max(out.max_discrepancy or 0.0, worst)
    # a failing round-number instance makes the best counterexample: nice batch first, then
    # the most failing of every batch in turn (ties in float64 must not starve a batch)
    suspects.sort(key=lambda t: (not probes[t[1]].batch.nice, t[0]))
    if thorough:
        nonfinite.sort(key=lambda t: ((t[2] - 3 * t[1]) % 8, t[2]))
    if rel in ("<=", ">=") and thorough:  # no symbolic proof, and float64 cannot tell these
        # sides apart: decided like suspects, rows of huge rewards, tiny or wide β first
        # (where e^{-r/β} hides below any float), from affordable batches
        tied = [t for t in passing if t[0] <= 2 * FLOAT_TOL
                and work(probes[t[1]].batch) <= CHEAP_WORK]
        tied.sort(key=lambda t: (t[2] % 8 not in (3, 5, 6), t[2]))
        picked = set(_spread(tied, MAX_TIED))
        suspects = suspects + sorted(picked, key=lambda t: t[2] % 8 not in (3, 5, 6))
        passing = [t for t in passing if t not in picked]
    chosen_nonfinite = _spread(nonfinite, 2 * MAX_NONFINITE if thorough else MAX_NONFINITE)
    taken = set(chosen_nonfinite)
    scan = _spread([t for t in nonfinite if t not in taken], NONFINITE_SCAN) if thorough else []
    return (_spread(suspects, MAX_SUSPECTS + MAX_TIED), chosen_nonfinite,
            _confirmation(passing, probes, thorough), scan)


def _spread(items: list, n: int) -> list:
    """Up to ``n`` items, taking one per probe in turn."""
    by_probe: dict[int, list] = {}
    for it in items:
        by_probe.setdefault(it[1], []).append(it)
    chosen: list = []
    depth = 0
    while len(chosen) < n:
        row = [lst[depth] for lst in by_probe.values() if depth < len(lst)]
        if not row:
            break
        chosen.extend(row[: n - len(chosen)])
        depth += 1
    return chosen


def _confirmation(passing: list, probes: list[Probe], thorough: bool = False) -> list:
    """The passing instances closest to failing, then rows of every special kind (``P = Q``,
    uniform, tiny masses, tiny β, …; see :mod:`.numeric`) from the cheapest batches that have
    them (two of each from different batches when ``thorough``), then a spread over the rest."""
    total = THOROUGH_CONFIRM if thorough else CONFIRM
    cost = [work(p.batch) for p in probes]
    # beside a symbolic proof the closest calls are taken from affordable batches (for an
    # equation float64's margins are rounding noise, and a 64-point batch with nested sums
    # at 2048 bits costs seconds); the cheapest two of them get the deep check
    pool = passing if thorough else [t for t in passing if cost[t[1]] <= CHEAP_WORK] or passing
    closest = heapq.nsmallest(CONFIRM // 3, pool, key=lambda t: t[0])
    if not thorough:
        closest.sort(key=lambda t: cost[t[1]])
    chosen = list(closest)
    taken = set(closest)
    by_cost = sorted((t for t in passing if t not in taken), key=lambda t: (cost[t[1]], t[2]))
    for _ in range(2 if thorough else 1):
        for mode in range(8):
            used = {t[1] for t in chosen if t[2] % 8 == mode}
            pick = next((t for t in by_cost if not probes[t[1]].batch.nice and t[2] % 8 == mode
                         and t not in taken and t[1] not in used), None)
            if pick is not None:
                chosen.append(pick)
                taken.add(pick)
    rest = [t for t in by_cost if t not in taken]
    if thorough:  # instances float64 cannot tell from failing first; each batch from its own
        # kind of row onwards, so the spread meets every kind of row in many batches
        rest.sort(key=lambda t: (t[0] >= 2 * FLOAT_TOL, (t[2] - 3 * t[1]) % 8, t[2]))
    return chosen + _spread(rest, max(0, total - len(chosen)))


def float_tied(screen: FloatScreen) -> bool:
    """Are the sides equal to float64's precision on every instance where both are finite
    (and finite somewhere)? A hint that they may be identical, never a verdict."""
    seen = False
    for la, lb in screen.values:
        finite = np.isfinite(la) & np.isfinite(lb)
        if not finite.any():
            continue
        seen = True
        if (margins("=", la[finite], lb[finite], None) < 0).any():
            return False
    return seen


def work(batch: Batch) -> int:
    return int(np.prod(list(batch.sizes.values()) or [1]))




def float_screen_fails(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context | None = None) -> bool:
    """Does float64 alone see ``a rel b`` fail clearly (relative margin below ``-1e-6``) on some
    sampled instance? A cheap filter for *proposers* (e.g. which mistake to name): never a
    verdict, since float64 may be wrong on an instance; only the ball decisions decide.

    >>> from derive.definitions import STANDARD as S, KL
    >>> e = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
    >>> float_screen_fails(e, "<", 0), float_screen_fails(e, ">=", 0)
    (True, False)
    """
    if rel not in ("=", "<=", ">=", "<", ">"):
        return False
    ctx = ctx or Context()
    try:
        ua, ub = unfold_all(a), unfold_all(b)
        sig = signature(ua, ub, intervals=ctx.intervals)
        # one seed for every candidate: candidates of one step share a signature, so they
        # share the (cached) batches
        for batch in sample_batches(sig, 0):
            la, lb = evaluate(ua, batch), evaluate(ub, batch)
            margin = margins(rel, la, lb, None)
            if (margin[np.isfinite(la) & np.isfinite(lb)] < -1e-6).any():
                return True
    except Unsupported:
        return False
    return False
