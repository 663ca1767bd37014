"""Optimal values: ``\\max_\\pi F = \\max_\\pi G`` and ``\\max_\\pi F = \\min_\\pi G`` as written.

Derivations of DPO write chains of optimal *values* where they mean "the same optimizer":
``\\max_\\pi F = \\min_\\pi (-F) = \\min_\\pi (-F/\\beta)``.  As values those steps are false in
general (``\\max F = -\\min(-F)``, and scaling ``F`` scales ``\\max F``), as optimizers they are
true.  The kernel is the judge of both readings, and neither is guessed:

* same direction and the objectives are equal for every value of the variable (the kernel
  proves ``F = G``): the optimal values are equal, the step is accepted with the kernel's
  verdict on ``F = G``;
* otherwise the kernel compares the *optimizers* (``\\arg\\max F`` against ``\\arg\\max G`` or
  ``\\arg\\min G``); when they are the same, the step is ``inconclusive`` with a diagnosis that
  says so ("the same optimizer; the optimal values differ in general");
* an optimal value is never refuted: it is not computed, so a difference of objectives does
  not show a difference of values.

>>> from derive.checker import check_text
>>> r = check_text(r"$$\\max_\\pi \\mathbb{E}_{y\\sim\\pi}[r(x,y)] = "
...                r"\\min_\\pi -\\mathbb{E}_{y\\sim\\pi}[r(x,y)]$$", "md")
>>> r.steps[0].verdict, r.steps[0].diagnosis.code
('inconclusive', 'same_optimizer_not_same_value')
"""

from __future__ import annotations

from ..kernel import decide
from ..latex import latex
from ..notation import ast as A
from ..records import INCONCLUSIVE, CheckedStep, Diagnosis
from .translate import TranslationError, Translator

__all__ = ["is_optimal_value", "judge_optimal_values"]


def is_optimal_value(node: A.Node) -> bool:
    """``\\max_\\pi F`` or ``\\min_\\pi F`` (an optimal value, not an ``\\arg\\max``)."""
    return isinstance(node, A.Opt) and node.kind in ("max", "min")


def _as_optimizer(node: A.Opt) -> A.Opt:
    return A.Opt("arg" + node.kind, node.var, node.body, node.domain, line=node.line,
                 column=node.column)


def _value_latex(opt) -> str:
    return latex(opt).replace(r"\arg\max", r"\max", 1).replace(r"\arg\min", r"\min", 1)


def judge_optimal_values(tr: Translator, step, budget: float = 2.0) -> CheckedStep | None:
    """Judge ``step`` if one of its sides is an optimal value (else ``None``)."""
    if not (is_optimal_value(step.lhs) or is_optimal_value(step.rhs)):
        return None
    if not (is_optimal_value(step.lhs) and is_optimal_value(step.rhs)) or step.relation != "=":
        raise TranslationError(
            "unsupported: an optimal value \\max_\\pi/\\min_\\pi is only compared, by '=', with "
            "another optimal value over the same variable", step.line, step.column)
    tr.begin_step()
    left, right = tr.expr(_as_optimizer(step.lhs)), tr.expr(_as_optimizer(step.rhs))
    if left.variable != right.variable:
        raise TranslationError("unsupported: the two optimal values are over different "
                               "variables", step.line, step.column)
    lhs_tex, rhs_tex = _value_latex(left), _value_latex(right)

    def checked(verdict: str, reason: str, diagnosis: Diagnosis | None = None) -> CheckedStep:
        return CheckedStep(index=step.index, line=step.line, relation="=", lhs=lhs_tex,
                           rhs=rhs_tex, verdict=verdict, reason=reason, diagnosis=diagnosis)

    if step.lhs.kind == step.rhs.kind:
        same = decide(left.objective, "=", right.objective, tr.context, budget=budget)
        if same.accepted:
            from .check import undefined_reason

            undefined = undefined_reason(tr, budget)
            if undefined is not None:
                return checked(INCONCLUSIVE, undefined)
            how = f" ({same.evidence.strategy})" if same.evidence.strategy else ""
            return checked(same.status, f"the objectives are equal for every "
                                        f"{latex(left.variable)}{how}, so are their optimal "
                                        f"values; {same.evidence.samples} numeric samples agree")
    optimizer = decide(left, "argopt", right, tr.context, budget=budget)
    if optimizer.accepted:
        return checked(INCONCLUSIVE, "the same optimizer, but not the same optimal value in "
                       "general; the values are not computed, so the step is not checked",
                       Diagnosis("same_optimizer_not_same_value",
                                 "Both sides have the same optimizer (the kernel shows it), but "
                                 "an optimal value changes when the objective is negated "
                                 "(max F = -min(-F)), scaled or shifted: write arg max/arg min "
                                 "if the same optimizer is meant."))
    return checked(INCONCLUSIVE, "the objectives differ and the optimal values are not "
                                 "computed, so the step is not checked")
