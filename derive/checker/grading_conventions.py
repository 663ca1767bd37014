r"""The reading a submission is graded under: the one ``derive check`` gives the same document
(:meth:`~derive.checker.translate.Translator.for_document`: its log base, bits, ``p``/``P``),
with the assignment's statement read under it too, so the start, the goal and the student's
steps mean the same thing.

The assignment's ``units`` key decides the unit when it is set (``bits``: a bare ``\log`` is
base 2 and H, D, I are in bits, as in a document that says "in bits"; ``nats``: natural units
whatever the submission writes); otherwise the submission's own convention does, and a
statement that writes ``\log_2`` is in bits.

>>> import sympy as sp
>>> from derive.checker.assignment import parse_assignment
>>> from derive.notation import read_document
>>> hw = parse_assignment("start = 'D_{KL}(P\\|Q)'\nrelation = '='\ngoal = 'H(P,Q) - H(P)'\n"
...                       "points = 10\n")
>>> doc = read_document(r"$$D_{KL}(P\|Q) = \sum_x P(x) \log_2 \frac{P(x)}{Q(x)}$$", "md")
>>> tr, targets = grading_translator(hw, doc)
>>> tr.bits, sorted(tr.pmf_of), targets["start"].has(sp.log(2))
(True, ['P', 'Q'], True)
>>> tr, _ = grading_translator(parse_assignment("start = 'H(P)'\nrelation = '>='\ngoal = '0'\n"
...                                             "points = 1\nunits = 'nats'\n"), doc)
>>> tr.bits, tr.log_base
(False, None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..notation import ast as A
from .assignment import Assignment
from .translate import TranslationError, Translator

__all__ = ["grading_translator"]

_LOG2 = re.compile(r"\\log\s*_\s*\{?\s*2(?!\d)|\\lg(?![a-zA-Z])")


class _Statement(NamedTuple):
    """A pair of expressions of the assignment, seen as a step for the conventions' scan."""

    lhs: A.Node
    rhs: A.Node


@dataclass
class _Reading:
    """What :meth:`Translator.for_document` reads of a document."""

    steps: list[Any] = field(default_factory=list)
    definitions: list[A.Definition] = field(default_factory=list)
    log_base: int | None = None
    bits: bool = False
    opaque: set[tuple[str, str | None]] = field(default_factory=set)


def _unit(assignment: Assignment, doc: Any) -> tuple[int | None, bool]:
    """``(log_base, bits)``: the assignment's units, else the submission's convention."""
    if assignment.units == "bits":
        return 2, True
    if assignment.units == "nats":
        return None, False
    written = [assignment.start_latex, assignment.goal_latex]
    written += [c.latex for c in assignment.checkpoints]
    stated_bits = any(_LOG2.search(t) for t in written)
    return getattr(doc, "log_base", None), bool(getattr(doc, "bits", False)) or stated_bits


def _reading(assignment: Assignment, doc: Any | None) -> _Reading:
    statement = [_Statement(assignment.start, assignment.goal)]
    statement += [_Statement(c.node, c.node) for c in assignment.checkpoints]
    log_base, bits = _unit(assignment, doc)
    if doc is None:
        return _Reading(statement, list(assignment.definitions), log_base, bits)
    return _Reading(statement + list(doc.steps),
                    list(assignment.definitions) + list(doc.definitions), log_base, bits,
                    set(getattr(doc, "opaque", set())))


def _targets(tr: Translator, assignment: Assignment) -> dict[str, Any]:
    for d in assignment.definitions:
        tr.define(d)
    for node, lo, hi in assignment.givens:
        tr.context = tr.context.within(tr.expr(node), lo, hi)
    return {"start": tr.expr(assignment.start), "goal": tr.expr(assignment.goal),
            "checkpoints": [tr.expr(c.node) for c in assignment.checkpoints]}


def grading_translator(assignment: Assignment, doc: Any) -> tuple[Translator, dict[str, Any]]:
    """A translator under ``doc``'s conventions and the assignment's, holding the assignment's
    definitions and givens; and the assignment's targets (start, goal, checkpoints) read by it.

    When the statement cannot be read under the submission's conventions (a goal with a bare
    ``\\log`` beside H in a submission in bits), it is read under its own, as is the submission:
    a step written in the other unit is then judged, and refuted, rather than guessed at.
    A statement that cannot be read at all raises
    :class:`~derive.checker.translate.TranslationError`.
    """
    try:
        tr = Translator.for_document(_reading(assignment, doc))
        return tr, _targets(tr, assignment)
    except TranslationError:
        tr = Translator.for_document(_reading(assignment, None))
        return tr, _targets(tr, assignment)
