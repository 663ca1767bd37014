"""Refutations withheld: a refuted step that may rest on what the text says is unsupported.

The kernel refutes a step when it fails for some value of its free symbols.  Sometimes the
text restricts those values in a way the checker cannot apply: a hypothesis of the sentence
("If $x > 5$, then"), a law a hypothesis gives a distribution (``P: X \\sim \\mathrm{Bern}(p_1)``),
what an unspecified function f is, a quantity of the outcome written as a bare name
(``\\mathbb{E}_{x \\sim q}[k_1]``), or a policy without its prompt beside an average over prompts.
Each function here raises :class:`~derive.checker.translate.TranslationError` (the step is
then ``unsupported`` at its position) instead of letting such a refutation through: a true
step is never refuted because of what was not read.  None of them can make a step pass.

>>> from derive.notation import parse_math
>>> hypothesis_behind({"p": 7}, parse_math(r"D_{KL}(P \\| Q)"))
('P', 7)
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..definitions import STANDARD as S
from ..definitions import Expectation
from ..latex import latex
from ..notation import ast as A
from .translate import TranslationError, Translator

__all__ = [
    "ConditionalClaim", "ambiguous_prompt", "hypothesis_behind", "rests_on_a_condition",
    "rests_on_a_hypothesis", "rests_on_a_name_under_an_expectation",
    "rests_on_an_unspecified_function",
]


def hypothesis_behind(hypotheses: dict[str, int], *nodes: A.Node) -> tuple[str, int] | None:
    """The first letter of ``nodes`` a hypothesis of the document says what it is, and the
    hypothesis' line; a distribution ``P`` and its pmf ``p`` are one letter.

    >>> from derive.notation import parse_math
    >>> hypothesis_behind({"p": 7}, parse_math(r"D_{KL}(P \\| Q)"))
    ('P', 7)
    >>> hypothesis_behind({"X": 3}, parse_math(r"\\log x")) is None
    True
    >>> hypothesis_behind({"c^2": 2}, parse_math("c = 1", line=2))
    ('c', 2)
    """
    for node in nodes:
        for m in node.walk():
            if not isinstance(m, A.Name) or not m.base.isalpha() or m.sub or m.sup \
                    or m.accent:
                continue
            for letter, line in hypotheses.items():
                if "^" in letter:  # on lines lo-hi only: a premise, a section's hypothesis
                    base, span = letter.split("^")
                    lo, _, hi = span.partition("-")
                    same = base in ("*", m.base) or (m.base.lower() == base.lower()
                                                     and base in "pPqQ")
                    if same and int(lo) <= m.line <= int(hi or lo):
                        return m.base, line
                elif letter.endswith("@"):  # a table given below: "P = (0.9, 0.1)" on ``line``
                    if m.base == letter[:-1] and m.line < line:
                        return m.base, line
                elif m.base == letter or (m.base.lower() == letter.lower() and letter in "pPqQ"):
                    return m.base, line
    return None


@dataclass(frozen=True)
class ConditionalClaim:
    """A display claimed under a hypothesis of its sentence ("If $x > 5$, then $$…$$"): its
    lines, the line of the hypothesis, the givens the hypothesis consists of, and whether it
    also states a condition in words the checker cannot apply."""

    first: int
    last: int
    line: int
    givens: tuple = ()
    unread: bool = False


def rests_on_a_condition(tr: Translator, step) -> None:  # noqa: ANN001
    """A refuted step of a display claimed under a hypothesis that is not respected by the
    refutation (a condition in words, a given that is not a range or a condition of scalars)
    may hold under it: unsupported, never refuted."""
    applied = getattr(tr, "applied_givens", set())
    for c in getattr(tr, "conditional_claims", ()):
        if c.first <= step.line <= c.last and (
                c.unread or not c.givens or any(id(g) not in applied for g in c.givens)):
            raise TranslationError(
                f"unsupported: this step is claimed under the hypothesis of line {c.line}, "
                "which the checker cannot apply; it is false without it, so it is neither "
                "confirmed nor refuted", step.line, step.column)


def rests_on_a_hypothesis(tr: Translator, step) -> None:
    """A refuted step about a distribution a hypothesis of the document describes (``P: X
    \\sim \\mathrm{Bern}(p_1)``, ``p(x,y) = p_1(x)p_2(y)``) may be true under it: the checker
    does not apply such hypotheses, so the step is unsupported, never refuted."""
    behind = hypothesis_behind(getattr(tr, "hypotheses", {}), step.lhs, step.rhs)
    if behind is not None:
        raise TranslationError(
            f"unsupported: this step is false for a general {behind[0]}, and line {behind[1]} "
            f"says what {behind[0]} is (a hypothesis, or a definition below this step), which "
            "is not applied here, so the step is not checked", step.line, step.column)


def rests_on_an_unspecified_function(tr: Translator, step, before: sp.Expr,
                                      after: sp.Expr) -> None:
    """A step about an unspecified ``f(x)`` is proved only if it holds for every real f; when
    it fails for some f, the text may have said what f is (convex, linear, a density...), so
    the step is unsupported, never refuted."""
    families = tuple(getattr(tr, "arbitrary_functions", ()))
    if not families:
        return
    for side in (before, after):
        for node in sp.preorder_traversal(side):
            if isinstance(node, families):
                raise TranslationError(
                    f"unsupported: this step fails for some function {latex(node.func(*node.args))}"
                    " of the outcomes; it may rest on what the text says that function is "
                    "(convex, a density...), which is not read, so the step is not checked",
                    step.line, step.column)


def rests_on_a_name_under_an_expectation(step, before: sp.Expr, after: sp.Expr) -> None:  # noqa: ANN001
    """``\\mathbb{E}_{x \\sim q}[k_1]``: a bare name under an expectation over an outcome it
    does not mention is, as written, a constant; nobody takes the expectation of a constant,
    so the text means a quantity of the outcome it defined elsewhere.  A refutation that treats
    it as a number is not given: the step is unsupported."""
    for side in (before, after):
        for node in sp.preorder_traversal(side):
            body = getattr(node, "body", None)
            if isinstance(node, Expectation) and isinstance(body, sp.Symbol) \
                    and body not in node.variables and body not in (S.x, S.y, S.beta):
                raise TranslationError(
                    f"unsupported: the expectation of ${latex(body)}$ over an outcome it does not "
                    "mention treats it as a constant; if it is a quantity of the outcome, define "
                    "it in the document (the step is false for a constant, so not checked)",
                    step.line, step.column)


def ambiguous_prompt(tr: Translator, before: sp.Expr, after: sp.Expr) -> None:
    """A policy written without its prompt (``KL(π_θ‖π_ref)``) is read at the prompt ``x``;
    beside an expectation over prompts (``E_{x∼D}``) the text may as well mean the average
    over prompts, so the step is refused rather than guessed."""
    if not getattr(tr, "bare_policies", None):
        return
    for side in (before, after):
        for node in sp.preorder_traversal(side):
            if any(v == S.x for v, _ in getattr(node, "bindings", ()) or ()):
                bare = tr.bare_policies[0]
                raise TranslationError(
                    "unsupported: a policy written without its prompt beside an expectation "
                    "over prompts is ambiguous (one prompt, or their average?); write "
                    "\\pi(\\cdot|x) or put the KL inside the expectation",
                    getattr(bare, "line", 1), getattr(bare, "column", 1))
