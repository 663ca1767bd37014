"""The kernel: the one place that decides a step.

``decide(before, relation, after, context)`` returns a :class:`~derive.records.Verdict`:

* ``proved`` — a symbolic strategy showed the relation *and* every numeric sample agrees;
* ``numeric_only`` — no symbolic proof was found, every valid random instance agrees;
* ``refuted`` — an instance on which the relation fails, confirmed with 50-digit arithmetic;
* ``inconclusive`` — neither (the budget ran out, or nothing could be evaluated).

Rules, the parser and the checker only *propose* steps; nothing else turns a step into a
checked one. The trusted base is this module, :mod:`derive.normal_form`, :mod:`derive.sign`,
:mod:`derive.numeric` and the definitions' ``unfold``. A bug elsewhere can make a true step fail
but cannot make a false one pass, and even a bug in a symbolic strategy is caught by the numeric
check, which runs on every step.

Relations: ``=``, ``<=``, ``>=``, ``<``, ``>``, ``propto`` (in ``var``), ``approx`` (within
``tolerance``) and ``argopt`` (both sides :class:`~derive.definitions.optimization.ArgOpt`, or
the right side the claimed optimizer).

>>> from derive.definitions import STANDARD as S, KL, CrossEntropy, Entropy
>>> x, X = S.x, S.X
>>> v = decide(KL(S.P(x), S.Q(x), (x, X)), "=",
...            CrossEntropy(S.P(x), S.Q(x), (x, X)) - Entropy(S.P(x), (x, X)))
>>> v.status, v.evidence.strategy
('proved', 'normal_form')
>>> decide(KL(S.P(x), S.Q(x), (x, X)), "=", KL(S.Q(x), S.P(x), (x, X))).status
'refuted'
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import sympy as sp

from ..definitions import SupportSum, unfold_all
from ..definitions.limits import has_limit
from ..definitions.optimization import ArgOpt
from ..records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    PROVED,
    REFUTED,
    RELATION_LATEX,
    Evidence,
    Verdict,
)
from . import evidence as kn
from .context import Context
from .infinite_sides import compare_extended, has_infinite_atom, involves_infinity
from .normal_form import BudgetExceeded, depends_on, is_zero, normal_form
from .numeric import Unsupported
from .rational_zero import rational_zero
from .screen import SCREENED, float_tied
from .screen import float_screen_fails as screen_float_fails
from .screen import take_screen as screen_sides
from .sign import merge_sums, nonnegative, positive

__all__ = ["decide", "float_screen_fails", "DEFAULT_BUDGET", "RelationError"]

DEFAULT_BUDGET = 2.0
#: share of the budget the symbolic search may use before numeric evidence runs
SYMBOLIC_SHARE = 0.6


class RelationError(ValueError):
    """A step whose relation or sides do not make sense together."""


def _run_bounded(fn: Callable[[float], str | None], seconds: float) -> tuple[str | None, bool]:
    """Run ``fn(deadline)`` in a daemon thread; ``(result, timed_out)``. Never blocks longer."""
    box: dict[str, Any] = {}
    deadline = time.monotonic() + seconds

    def target() -> None:
        try:
            box["result"] = fn(deadline)
        except BudgetExceeded:
            box["timeout"] = True
        except Exception as exc:  # a strategy failing proves nothing
            box["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive() or box.get("timeout"):
        return None, True
    return box.get("result"), False


# ----------------------------------------------------------------------- symbolic strategies

def _symbolic_equal(a: sp.Expr, b: sp.Expr, deadline: float) -> str | None:
    if a == b:
        return "syntactic"
    ua, ub = unfold_all(a), unfold_all(b)
    if ua == ub:
        return "unfolding"  # a definition folded on one side (bound names are deterministic)
    if not (ua.has(SupportSum) or ub.has(SupportSum)) and rational_zero(ua - ub, deadline):
        return "rational_functions"  # closed forms: no sums to normalise first
    if is_zero(normal_form(a, deadline) - normal_form(b, deadline), deadline):
        return "normal_form"
    return None


def _symbolic_nonneg(d: sp.Expr, deadline: float) -> str | None:
    """Show ``d ≥ 0``: first on the folded form (Gibbs, tangent line), then the normal form."""
    if nonnegative(sp.expand(d, log=False)) or nonnegative(merge_sums(d)):
        return "sign_rules"
    nf = normal_form(d, deadline)
    if nonnegative(nf) or nonnegative(merge_sums(nf)):
        return "normal_form+sign_rules"
    return None


def _split(nf: sp.Expr, family: type | sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    dep = [t for t in sp.Add.make_args(nf) if depends_on(t, family)]
    return sp.Add(*dep), nf - sp.Add(*dep)


def _affine_factor(a: sp.Expr, b: sp.Expr, family: type | sp.Symbol,
                   deadline: float) -> sp.Expr | None:
    """``c`` with ``a = c·b + (terms free of the variable)``, ``c`` free of it, else ``None``."""
    a_dep, _ = _split(normal_form(a, deadline), family)
    b_dep, _ = _split(normal_form(b, deadline), family)
    if b_dep == 0:
        return None
    if a_dep == b_dep:
        return sp.S.One
    ratio = sp.cancel(sp.together(a_dep / b_dep))
    if depends_on(ratio, family):
        return None
    return ratio


def _peel_increasing(e: sp.Expr, family: type | sp.Symbol) -> sp.Expr:
    """Strip strictly increasing maps from the *unfolded* objective ``e`` (so no dependence on
    the variable can hide inside a definition): ``exp``, ``log`` of a positive, adding a term
    free of the variable, a positive factor free of it, a positive power of a positive base."""
    e = unfold_all(e)
    while True:
        if isinstance(e, sp.exp) or (isinstance(e, sp.log) and e.args[0].is_positive):
            e = e.args[0]
        elif isinstance(e, sp.Add) and sum(depends_on(t, family) for t in e.args) == 1:
            e = next(t for t in e.args if depends_on(t, family))
        elif isinstance(e, sp.Mul) and sum(depends_on(f, family) for f in e.args) == 1 and \
                sp.Mul(*(f for f in e.args if not depends_on(f, family))).is_positive:
            e = next(f for f in e.args if depends_on(f, family))
        elif isinstance(e, sp.Pow) and not depends_on(e.exp, family) and e.exp.is_positive \
                and e.base.is_positive:
            e = e.base
        else:
            return e


def _symbolic_argopt(before: ArgOpt, after: sp.Expr, deadline: float) -> str | None:
    """Optimizer equivalence over what ``before`` really optimizes (θ means π_θ); never proved
    when an objective depends on neither the variable nor a family it parametrises."""
    from .optimizer import resolve_variable

    resolved = resolve_variable(before)
    if resolved is None:
        return None
    fam, v = resolved
    if isinstance(after, ArgOpt):
        other = resolve_variable(after)
        if other is None or other[0] != fam:
            return None
        sign = 1 if before.kind == after.kind else -1  # max <-> min needs a negative factor
        for strategy, a, b in (
                ("affine_reparametrisation", before.objective, after.objective),
                ("increasing_map", _peel_increasing(before.objective, fam),
                 _peel_increasing(after.objective, fam))):
            c = _affine_factor(a, b, fam, deadline)
            if c is not None and positive(sign * c):
                return strategy
        return None
    # the claimed optimizer G: objective = C ∓ c·KL(v ‖ G) with c > 0, and G a distribution
    from ..definitions import KL, Probability, SupportSum

    if isinstance(v, sp.Symbol):
        return None
    if isinstance(after, Probability) and type(after).given == fam.given:
        v = fam(*after.args)  # read the claim at its own variables
    elif v is not before.variable:
        return None
    rand = v.random_args[0]
    dom = type(v).domains[0]
    kl = KL(v, after, (rand, dom))
    # an average over a dataset of prompts: each prompt's row is optimized on its own (the
    # smaller per-prompt objective is tried first; else the objective as a whole)
    from .dataset_optimizer import per_prompt_objective

    per_prompt = per_prompt_objective(before.objective, fam, v.given_args[0]) \
        if len(v.given_args) == 1 else None
    c = None if per_prompt is None else _affine_factor(per_prompt, kl, fam, deadline)
    if c is None:
        c = _affine_factor(before.objective, kl, fam, deadline)
    if c is None:
        return None
    sign_ok = positive(c) if before.kind == "min" else positive(-c)
    normalized = is_zero(normal_form(SupportSum(after, (rand, dom)), deadline) - 1, deadline)
    if sign_ok and normalized and not depends_on(normal_form(after, deadline), fam):
        return "gibbs_optimizer"
    return None


def _symbolic_propto(before: sp.Expr, after: sp.Expr, var: Any,
                     deadline: float) -> str | None:
    """``before ∝ after`` in ``var``: the ratio of the normal forms is free of ``var``.

    A variable that occurs on neither side makes the claim vacuous in the variable meant, so it
    is never proved (the ratio could still depend on another element variable)."""
    na, nb = normal_form(before, deadline), normal_form(after, deadline)
    if not isinstance(var, sp.Symbol) or var not in (na.free_symbols | nb.free_symbols):
        return None
    if is_zero(nb, deadline):
        return None
    ratio = sp.cancel(sp.together(na / nb))
    return "ratio_free_of_variable" if var not in ratio.free_symbols else None


#: prefix of :func:`_symbolic`'s answer for a strict inequality whose sides are identical
IDENTICAL = "identical:"


def _symbolic(before: sp.Expr, rel: str, after: sp.Expr, var: Any, deadline: float) -> str | None:
    if rel in ("=", "<=", ">=", "<", ">") and (
            involves_infinity(unfold_all(before)) or involves_infinity(unfold_all(after))):
        # zero masses: a side may be ±∞, where ∞ − ∞ is nan (kernel/infinite_sides.py)
        na, nb = normal_form(before, deadline), normal_form(after, deadline)
        if has_infinite_atom(na) or has_infinite_atom(nb):
            return "syntactic" if before == after else compare_extended(na, rel, nb)
    if rel == "=":
        return _symbolic_equal(before, after, deadline)
    if rel in ("<=", ">="):
        d = after - before if rel == "<=" else before - after
        return _symbolic_nonneg(d, deadline)
    if rel in ("<", ">"):
        d = after - before if rel == "<" else before - after
        if positive(normal_form(d, deadline)):
            return "positivity"
        same = _symbolic_equal(before, after, deadline)  # then the claim fails where defined
        return None if same is None else IDENTICAL + same
    if rel == "propto":
        return _symbolic_propto(before, after, var, deadline)
    if rel == "argopt":
        return _symbolic_argopt(before, after, deadline)
    return None  # approx: numeric by nature (closed forms are evaluated to 50 digits)


# --------------------------------------------------------------------------------- decide

def _expand_context(ctx: Context, expr: sp.Expr) -> sp.Expr:
    """``expr`` with the context's local definitions substituted, also where they occur only
    inside a library definition (a locally defined reward inside Bradley–Terry). The folded form
    is kept when unfolding reveals nothing to substitute, so sign rules still see KL atoms."""
    folded = ctx.expand(expr)
    if not ctx.definitions:
        return folded
    unfolded = unfold_all(folded)
    substituted = ctx.expand(unfolded)
    return folded if substituted == unfolded else substituted


def _validate(before: sp.Expr, rel: str, after: sp.Expr, var: Any, tolerance: Any) -> None:
    if rel not in RELATION_LATEX:
        raise RelationError(f"unknown relation {rel!r}")
    if rel == "argopt":
        if not isinstance(before, ArgOpt):
            raise RelationError("an optimizer relation needs arg min/arg max on the left")
        if isinstance(after, ArgOpt) and after.family != before.family:
            raise RelationError("both sides must optimize over the same variable")
    elif isinstance(before, ArgOpt) or isinstance(after, ArgOpt):
        raise RelationError("arg min/arg max sides need the optimizer relation 'argopt'")
    if rel == "propto" and var is None:
        raise RelationError("'propto' needs the variable it is proportional in")
    if rel == "approx" and tolerance is None:
        raise RelationError("'approx' needs a tolerance")


def _identical_verdict(a: sp.Expr, rel: str, b: sp.Expr, ctx: Context, screen: Any, how: str,
                       notes: list[str], start: float, budget: float) -> Verdict | None:
    """``refuted`` for ``a < b`` (or ``>``) whose sides ``how`` proved identical, on the first
    instance where both are defined; ``None`` when none is found."""
    try:
        screen = screen if screen is not None else screen_sides(a, b, ctx)
    except Unsupported:
        return None
    refuted = kn.refute_identical(screen, rel, how, start + budget)
    if refuted is None:
        return None
    return Verdict(REFUTED, Evidence(
        strategy=None, samples=refuted.samples, counterexample=refuted.counterexample,
        notes=tuple(notes) + (f"the sides are identical ({how}): a strict inequality "
                              "between them fails wherever they are defined",),
        seconds=round(time.monotonic() - start, 4)))


def decide(before: sp.Expr, relation: str, after: sp.Expr, context: Context | None = None, *,
           var: Any = None, tolerance: float | None = None,
           budget: float = DEFAULT_BUDGET) -> Verdict:
    """Decide ``before  relation  after`` under ``context`` within ``budget`` seconds."""
    start = time.monotonic()
    ctx = context or Context()
    _validate(before, relation, after, var, tolerance)
    a, b = _expand_context(ctx, before), _expand_context(ctx, after)
    if has_limit(a) or has_limit(b):  # limits get their values first (kernel/limits.py)
        from .limits import decide_with_limits
        return decide_with_limits(a, relation, b, ctx, decide, budget, var=var,
                                  tolerance=tolerance)
    notes: list[str] = []

    # the float screen first: an instance it flags that balls prove failing refutes the step
    # whatever a symbolic search would say, so a false step costs no symbolic search
    screen, memo = None, {}
    if relation in SCREENED:
        try:
            screen = screen_sides(a, b, ctx)
        except Unsupported:
            screen = None
    if screen is not None and relation in ("<", ">") and float_tied(screen):
        # sides float64 cannot tell apart anywhere: if they are identical, the strict claim
        # fails wherever they are defined, and balls pushed to 16384 bits would only tie
        same, _ = _run_bounded(lambda deadline: _symbolic_equal(a, b, deadline),
                               budget * SYMBOLIC_SHARE)
        if same is not None:
            refuted = _identical_verdict(a, relation, b, ctx, screen, same, notes, start,
                                         budget)
            if refuted is not None:
                return refuted
    if screen is not None:
        early = kn.refute_early(screen, relation, tolerance, start + budget, memo)
        if early is not None:
            return Verdict(REFUTED, Evidence(
                strategy=None, samples=early.samples, max_discrepancy=early.max_discrepancy,
                counterexample=early.counterexample,
                notes=("refuted on an instance the float screen flagged; no symbolic search",),
                seconds=round(time.monotonic() - start, 4)))

    strategy, timed_out = _run_bounded(
        lambda deadline: _symbolic(a, relation, b, var, deadline), budget * SYMBOLIC_SHARE)
    if timed_out:
        notes.append("symbolic search stopped at its share of the time budget")
    if strategy is not None and strategy.startswith(IDENTICAL):
        # a strict inequality between sides shown identical: refuted on a defined instance
        refuted = _identical_verdict(a, relation, b, ctx, screen, strategy[len(IDENTICAL):],
                                     notes, start, budget)
        if refuted is not None:
            return refuted
        strategy = None
    remaining = budget - (time.monotonic() - start)
    if remaining <= 0:
        return Verdict(INCONCLUSIVE, Evidence(strategy=None, notes=tuple(notes) + (
            "time budget exhausted before numeric evidence",), seconds=time.monotonic() - start))

    outcome = kn.numeric_evidence(a, relation, b, ctx, var=var, tolerance=tolerance,
                                  deadline=time.monotonic() + remaining,
                                  thorough=strategy is None, screen=screen, memo=memo)
    notes.extend(outcome.notes)
    seconds = time.monotonic() - start
    evidence = Evidence(strategy=strategy, samples=outcome.samples,
                        max_discrepancy=outcome.max_discrepancy,
                        counterexample=outcome.counterexample, notes=tuple(notes),
                        seconds=round(seconds, 4))
    if outcome.counterexample is not None:
        return Verdict(REFUTED, evidence)
    if not outcome.agrees:  # out of time, or too few instances decided with balls
        return Verdict(INCONCLUSIVE, evidence)
    # a symbolic proof counts only with numeric confirmation beside it
    return Verdict(PROVED if strategy is not None else NUMERIC_ONLY, evidence)


def float_screen_fails(before: sp.Expr, relation: str, after: sp.Expr,
                       context: Context | None = None) -> bool:
    """A cheap float64 look for proposers: does the step clearly fail on a sampled instance?

    Not a verdict (float64 may be wrong on an instance, and ``False`` proves nothing); a
    proposer uses it only to skip candidates before asking :func:`decide`.

    >>> from derive.definitions import STANDARD as S
    >>> float_screen_fails(S.beta, "<", 0), float_screen_fails(S.beta, ">", 0)
    (True, False)
    """
    ctx = context or Context()
    try:
        a, b = _expand_context(ctx, before), _expand_context(ctx, after)
    except Exception:  # a proposer's filter: anything odd means "no clear failure seen"
        return False
    return screen_float_fails(a, relation, b, ctx)
