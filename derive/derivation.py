"""Derivations: a start expression and a chain of (relation, next expression, reason).

Like Lean's ``calc``: each step either applies a named rule (the engine computes the next
expression) or claims the next expression with a reason (the kernel checks it). Relations chain:
``=`` then ``≤`` gives ``≤``; ``≤`` then ``≥`` is an error raised when the step is added.

>>> from derive.definitions import STANDARD as S, KL
>>> from derive.rules import get_rule
>>> d = Derivation("demo", "KL as a sum", KL(S.P(S.x), S.Q(S.x), (S.x, S.X)))
>>> _ = d.by(get_rule("unfold_kl")).by(get_rule("log_of_quotient"))
>>> d.relation
'='
>>> d.record().verdict
'proved'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from .definitions import Probability
from .definitions.information import dist_latex
from .kernel import RelationError, decide
from .kernel.context import Context
from .latex import DerivePrinter, latex
from .records import RELATION_LATEX, DerivationRecord, StepRecord, Verdict
from .rules import Rule

LIBRARY_BUDGET = 10.0

__all__ = ["Derivation", "Step", "chain_relation", "step_latex"]


def step_latex(relation: str, after: sp.Expr) -> str:
    r"""How a step's ``after`` is displayed: an optimizer result is a function, so a policy that
    an ``\arg\max`` equals prints with its ranging argument as ``\cdot``.

    >>> from derive.definitions import STANDARD as S
    >>> step_latex("argopt", S.pi_star(S.y, S.x)), step_latex("=", S.pi_star(S.y, S.x))
    ('\\pi^{*}(\\cdot \\mid x)', '\\pi^{*}(y \\mid x)')
    """
    if relation == "argopt" and isinstance(after, Probability) and after.given_args:
        return dist_latex(DerivePrinter(), after, tuple(after.random_args))
    return latex(after)

_ORDER = {"=": 0, "<=": -1, "<": -1, ">=": 1, ">": 1}


def chain_relation(first: str, second: str) -> str:
    """The relation of ``a first b second c`` between ``a`` and ``c``.

    >>> chain_relation("=", ">="), chain_relation("<=", "<")
    ('>=', '<')
    """
    if first == "=":
        return second
    if second == "=":
        return first
    if first == "argopt" or second == "argopt":
        if first == second:
            return "argopt"
        raise RelationError(f"cannot chain an optimizer relation with '{second}'")
    if first in ("propto", "approx") or second in ("propto", "approx"):
        if first == second:
            return first
        raise RelationError(f"cannot chain '{first}' with '{second}'")
    if _ORDER[first] != _ORDER[second]:
        raise RelationError(
            f"cannot chain '{RELATION_LATEX[first]}' with '{RELATION_LATEX[second]}': "
            "the inequalities point in opposite directions, so nothing follows")
    return "<" if "<" in (first, second) else ">" if ">" in (first, second) else first


@dataclass
class Step:
    """One link of the chain, before it is checked."""

    before: sp.Expr
    relation: str
    after: sp.Expr
    rule: str
    justification: str
    var: Any = None
    tolerance: float | None = None
    side_conditions: tuple[str, ...] = ()


@dataclass
class Derivation:
    """A named chain of steps from ``start`` under ``context``."""

    name: str
    title: str
    start: sp.Expr
    context: Context = field(default_factory=Context)
    description: str = ""
    steps: list[Step] = field(default_factory=list)
    #: seconds per step: generous, because a library derivation is verified once and its
    #: verdict must not depend on how busy the machine is (the checker keeps 2 s per step)
    budget: float = LIBRARY_BUDGET
    _record: DerivationRecord | None = field(default=None, repr=False)

    @property
    def current(self) -> sp.Expr:
        return self.steps[-1].after if self.steps else self.start

    @property
    def relation(self) -> str:
        rel = "="
        for step in self.steps:
            rel = chain_relation(rel, step.relation)
        return rel

    def _add(self, step: Step) -> Derivation:
        chain_relation(self.relation, step.relation)  # raises on a broken chain
        self.steps.append(step)
        self._record = None
        return self

    def by(self, rule: Rule, **options: Any) -> Derivation:
        """Apply ``rule`` to the current expression; the engine computes the next one."""
        after = rule.apply(self.current, self.context, **options)
        return self._add(Step(self.current, rule.relation, after, rule.name,
                              rule.justification, side_conditions=rule.side_conditions))

    def claim(self, relation: str, after: sp.Expr, reason: str, *, rule: str = "claim",
              var: Any = None, tolerance: float | None = None) -> Derivation:
        """Claim ``current relation after`` because of ``reason``; the kernel will check it."""
        return self._add(Step(self.current, relation, sp.sympify(after), rule, reason,
                              var=var, tolerance=tolerance))

    @property
    def conclusion(self) -> str:
        """``start relation final`` in LaTeX."""
        rel = self.relation
        return f"{latex(self.start)} {RELATION_LATEX[rel]} {step_latex(rel, self.current)}"

    def check_step(self, step: Step) -> Verdict:
        return decide(step.before, step.relation, step.after, self.context, var=step.var,
                      tolerance=step.tolerance, budget=self.budget)

    def record(self) -> DerivationRecord:
        """Check every step with the kernel and return the record every view renders."""
        if self._record is None:
            records = []
            for i, step in enumerate(self.steps, start=1):
                verdict = self.check_step(step)
                ev = verdict.evidence
                if step.side_conditions:
                    from dataclasses import replace
                    ev = replace(ev, side_conditions=step.side_conditions)
                before = step_latex(self.steps[i - 2].relation, step.before) if i > 1 \
                    else latex(step.before)
                records.append(StepRecord(i, step.relation, before,
                                          step_latex(step.relation, step.after), step.rule,
                                          step.justification,
                                          verdict.status, ev))
            self._record = DerivationRecord(self.name, self.title, self.conclusion,
                                            self.context.assumptions, latex(self.start),
                                            tuple(records), self.description)
        return self._record

    def _repr_latex_(self) -> str:
        from .export.notebook import latex_repr
        return latex_repr(self.record())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        from .export.notebook import mimebundle
        return mimebundle(self.record())
