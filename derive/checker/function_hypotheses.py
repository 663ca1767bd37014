r"""A hypothesis that fixes a function: "Let $r(x, y) = 0$", "Suppose $r(x,y) = c$ for all $y$".

Such a given is not a definition (the document may mean one point, ``r(x, y) = 0`` for the
response at hand, or every point), and a step false for a general reward may hold under it
(``\pi^*(y|x) = \pi_{ref}(y|x)`` when r ≡ 0).  So a refutation of a step in its scope (to the
end of its block, :mod:`~derive.notation.hypothesis_scope`) whose unfolded sides use the
function is:

* decided again with the function replaced by its value, when the sentence says it holds for
  every argument ("for all", "for every", "for any", "identically", ``\equiv``) or sets it as
  a definition would ("Let $r(x, y) = 0$", "Set …", "Take …"): refuted there
  (an instance the hypothesis allows) or accepted under it;
* otherwise unsupported, never refuted on an instance the hypothesis may exclude.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..definitions import unfold_all
from ..notation import ast as A

__all__ = ["FunctionHypothesis", "fixed_function", "function_hypothesis", "sets_a_function",
           "within_fixed_functions"]

_EVERYWHERE = re.compile(r"\bfor\s+(?:all|every|each|any)\b|\bidentically\b|\beverywhere\b"
                         r"|\\equiv\b|≡", re.I)
#: "Let $r(x, y) = 0$", "set ...", "take ...": the function written with free variables is
#: given its value everywhere, as a definition would ("if", "suppose", "where" may mean a point)
_DEFINING = re.compile(r"\A\W*(?:now\s+|first\s+|then\s+|here\s+)?(?:let|set|take|define)\b"
                       r"(?!\s+us\b)", re.I)


@dataclass(frozen=True)
class FunctionHypothesis:
    """``head(params) = body`` stated on ``line``, holding to ``until`` (``None``: the end);
    ``everywhere`` when the document says it holds for every argument."""

    head: Any
    params: tuple
    body: sp.Expr
    latex: str
    line: int
    until: int | None
    everywhere: bool


def sets_a_function(sentence: str) -> bool:
    """Does the sentence before a :func:`fixed_function` given set it ("Let", "Set", "Take")?"""
    return bool(_DEFINING.match(sentence))


def fixed_function(node: Any) -> bool:
    """Is ``node`` ``f(x, y) = value`` with plain variables and a value written without them
    (a value the function is fixed to, not a meaning of it: ``\\sigma(z) = \\frac{1}{1+e^{-z}}``
    is :mod:`.prose_meanings`)?"""
    if not (isinstance(node, A.Chain) and len(node.links) == 1 and node.links[0].relation == "="
            and isinstance(node.first, A.Call) and node.first.args):
        return False
    args = node.first.args + node.first.given
    if not all(isinstance(a, A.Name) for a in args):
        return False
    params = {(a.base, a.sub) for a in args}
    return not params & {(n.base, n.sub) for n in node.links[0].rhs.walk()
                         if isinstance(n, A.Name)}


def function_hypothesis(tr: Any, node: Any, sentence: str, after: str, until: int | None
                        ) -> FunctionHypothesis | None:
    """The hypothesis ``node`` (a :func:`fixed_function` given) states.  Only the reward
    ``r(x, y)`` is ever replaced by its value (a distribution fixed to a constant would
    contradict its normalisation on other supports); any other function is only named, so
    that a refutation about it is unsupported."""
    from ..definitions import STANDARD as S
    from ..latex import latex

    call = node.first
    f = call.func
    reward = f.base == "r" and not (f.sub or f.sup or f.accent or f.font) and not call.given
    head, params, body = (f.base, f.sub), (), sp.S.Zero
    everywhere = False
    if reward:
        try:
            params = tuple(tr.expr(a) for a in call.args)
            body = tr.expr(node.links[0].rhs)
            head = S.r
            everywhere = bool(_EVERYWHERE.search(sentence + " " + after)
                              or _DEFINING.match(sentence))
        except Exception:  # noqa: BLE001 - a value that cannot be read is not applied
            head = (f.base, f.sub)
    try:
        shown = f"{latex(tr.expr(call))} = {latex(tr.expr(node.links[0].rhs))}"
    except Exception:  # noqa: BLE001 - only for the message
        shown = "{}"
    return FunctionHypothesis(head, params, body, shown, node.line, until, everywhere)


def _uses(expr: sp.Expr, head: Any, step: Any) -> bool:
    if isinstance(head, tuple):  # a function only named: written in the step
        return any(isinstance(n, A.Call) and (n.func.base, n.func.sub) == head
                   for side in (step.lhs, step.rhs) for n in side.walk())
    try:
        return unfold_all(expr).has(head) or expr.has(head)
    except Exception:  # noqa: BLE001 - an expression that cannot be unfolded may use it
        return True


def within_fixed_functions(tr: Any, step: Any, verdict: Any, redecide: Any,
                           before: sp.Expr, after: sp.Expr, error: type) -> Any:
    """The verdict of a refuted ``step`` under the function hypotheses in force (see the
    module's docstring) and the hypothesis it was decided under (``None``: none applies);
    raises ``error`` (unsupported) where it cannot be decided."""
    for h in getattr(tr, "fixed_functions", ()):
        if h.line > step.line or (h.until is not None and step.line > h.until):
            continue
        if not (_uses(before, h.head, step) or _uses(after, h.head, step)):
            continue
        if h.everywhere:
            try:
                context = tr.context.define(h.head, h.body, h.params)
                again = redecide(before, after, context)
            except Exception:  # noqa: BLE001 - not decided under it: unsupported below
                again = None
            if again is not None and again.status in ("refuted", "proved", "numeric_only"):
                return again, h
        raise error(f"unsupported: this step is false for a general function, and line "
                    f"{h.line} assumes ${h.latex}$, which is not applied here (it may hold at "
                    "one point only); the step is neither confirmed nor refuted",
                    step.line, step.column)
    return verdict, None
