"""Chains of steps: which steps connect, where a chain starts and ends, and what it proves.

A document's steps come in *segments*: the relations of one display chain, where each step
starts where the previous one ended (the same expression).  Two segments connect when the
next one starts at an expression the kernel proves equal to where the previous one ended.
:func:`judge_document` judges every step (as :func:`~derive.checker.check_text` does) and
keeps the chain bookkeeping; :func:`connects` asks the kernel; :func:`compose` composes the
relations of a chain (``=`` then ``≤`` is ``≤``; ``≤`` then ``≥`` proves nothing).

>>> judged = judge_document("$$H(P) \\\\ge 0$$\\n\\n$$\\\\beta > 0$$", "md")
>>> [len(s.links) for s in judged.segments]
[1, 1]
>>> compose(["=", "<=", "<"]), compose(["<=", ">="])
('<', None)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp

from ..kernel import decide
from ..notation import ast as A
from ..notation import read_document, to_latex
from ..notation.extract import Step
from ..notation.hypothesis_scope import hypothesis_end
from ..records import InputError
from .check import CheckedStep, judge
from .function_hypotheses import fixed_function, function_hypothesis, sets_a_function
from .optimal_values import is_optimal_value
from .prose_meanings import meanings_in_words, prose_meaning, redefines, unread_key
from .stated_ranges import (
    assumed_in,
    disjunctive,
    next_display_end,
    persists,
    qualified_display,
    stated_condition,
    stated_range,
    undermined,
)
from .translate import TranslationError, Translator
from .withheld_refutations import ConditionalClaim

__all__ = ["Link", "Segment", "JudgedDocument", "judge_document", "connects", "compose",
           "satisfies", "can_reach", "unconnected_warnings", "ACCEPTED"]

#: verdicts a chain may pass through
ACCEPTED = ("proved", "numeric_only")


@dataclass
class Link:
    """One judged step with the expressions it relates (``None`` if it could not be read)."""

    step: Step
    checked: CheckedStep | None
    before: sp.Expr | None = None
    after: sp.Expr | None = None

    @property
    def line(self) -> int:
        return self.step.line

    @property
    def accepted(self) -> bool:
        return self.checked is not None and self.checked.verdict in ACCEPTED

    @property
    def relation(self) -> str:
        return self.checked.relation if self.checked else self.step.relation


@dataclass
class Segment:
    """Consecutive steps of one display chain (each starts where the previous ended)."""

    links: list[Link] = field(default_factory=list)

    @property
    def first(self) -> Link:
        return self.links[0]

    @property
    def last(self) -> Link:
        return self.links[-1]


@dataclass
class JudgedDocument:
    """Every step judged, grouped into segments, plus input errors and the translator."""

    segments: list[Segment]
    steps: tuple[CheckedStep, ...]
    errors: tuple[InputError, ...]
    translator: Translator
    #: (line, column) of displays read as givens: not judged, said so in the report
    given_displays: tuple[tuple[int, int], ...] = ()


def _defined_name(d: Any) -> tuple[str, str | None] | None:
    target = d.target.func if isinstance(d.target, A.Call) else d.target
    return (target.base, target.sub) if isinstance(target, A.Name) else None


def judge_document(text: str, kind: str = "tex", budget: float = 2.0,
                   translator: Translator | None = None,
                   protected: frozenset = frozenset(),
                   conventions: Callable[[Any], Translator] | None = None,
                   apply_hypotheses: bool = True) -> JudgedDocument:
    """Judge every step of ``text`` in document order, keeping the chain structure.

    The steps are read under the document's conventions (:meth:`Translator.for_document`, as
    ``derive check`` reads them), or ``conventions(document)`` when given (a grader's: the
    document's and the assignment's).  ``translator``, when given, is used as it is.
    It carries definitions given in advance (an assignment's); the document's own
    definitions apply from where they stand, except of the names in ``protected`` (``(base,
    sub)`` pairs: what an assignment's start and goal are made of), which a document may not
    redefine.  Ranges the document states for its scalars (``assume $A > 0$``) apply from
    where they stand (:mod:`~derive.checker.stated_ranges`) unless ``apply_hypotheses`` is
    false (a graded submission: the assignment says what may be assumed).
    """
    doc = read_document(text, kind)
    errors = [InputError(e.line, e.column, getattr(e, "message", str(e))) for e in doc.errors]
    tr = translator or (conventions or Translator.for_document)(doc)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]  # line starts, for offsets
    offsets = {id(g): _offset(starts, g.line, g.column) for g in doc.givens}
    givens = [_Given(g, offsets[id(g)], doc.display_scoped.get(id(g))
                     or qualified_display(text, offsets[id(g)]), id(g) in doc.display_scoped)
              for g in doc.givens] if apply_hypotheses else []
    tr.conditional_claims = [
        ConditionalClaim(lo, hi, _line_of(starts, cs), tuple(
            g.node for g in givens if cs <= g.offset < ce), unread or not apply_hypotheses)
        for lo, hi, cs, ce, unread in doc.conditional_claims]
    meanings = [_Meaning(_word_key(tr, key), *_position(starts, at))
                for at, key in meanings_in_words(text)] if kind != "txt" else []
    events = sorted([((d.line, d.column), 0, d) for d in doc.definitions]
                    + [((m.line, m.column), 0, m) for m in meanings]
                    + [(g.position, 0, g) for g in givens]
                    + [((st.line, st.column), 1, st) for st in doc.steps],
                    key=lambda e: (e[0], e[1]))
    segments: list[Segment] = []
    checked: list[CheckedStep] = []
    previous: Step | None = None
    for _, is_step, item in events:
        if isinstance(item, _Given):
            # a given that qualifies the display before it ("$$ ... $$ where $x > 5$") holds
            # for that display alone; any other from where it stands to its section's end
            sentence = "for " if item.in_row else _sentence_at(text, item.offset)
            at = item.offset
            if not item.in_row and disjunctive(text, at, sentence):
                # "suppose $z < -1$ or $z > 0$": neither side holds on its own; a refutation
                # is kept only where one of them does
                if _state_disjunct(tr, item.node, item.node.line,
                                   hypothesis_end(text, item.node.line)):
                    tr.applied_givens.add(id(item.node))
                continue
            if not item.in_row and undermined(text, at):
                continue  # "assume $x > 5$ is false", "$x > 5$ implies ...": not assumed
            until = hypothesis_end(text, item.node.line)
            if item.display:
                until = item.display[1]
            elif not persists(sentence):  # "If $z > 0$, then $$…$$": that display alone
                following = next_display_end(text, at)
                until = following if until is None or following is None \
                    else min(until, following)
            if _state_range(tr, item.node, sentence, errors, until):
                tr.applied_givens.add(id(item.node))
            if not item.in_row and fixed_function(item.node) and assumed_in(
                    "let " + sentence if sets_a_function(sentence) else sentence):
                _fix_function(tr, item, sentence, text, until)
            if _DEFINING.search(sentence) and not _CONDITIONAL.search(sentence):
                prose_meaning(tr, item.node, budget, judge, sentence)
            continue
        if isinstance(item, _Meaning):  # "Here $\sigma$ denotes the hyperbolic tangent"
            tr.unreadable.add(item.key)
            continue
        _expire_ranges(tr, item.line)
        if not is_step:
            if _defined_name(item) in protected:
                base, sub = _defined_name(item)
                name = base + (f"_{{{sub}}}" if sub else "")
                errors.append(InputError(item.line, item.column, f"{name} is part of the "
                                         "assignment's statement and may not be redefined"))
                continue
            try:
                tr.define(item)
            except TranslationError as exc:
                errors.append(InputError(exc.line, exc.column, exc.message))
                # a function definition that cannot be applied: its standard meaning stays
                # only where it agrees with the one the document gives
                prose_meaning(tr, A.Chain(item.target, (A.Link("=", item.value),),
                                          line=item.line, column=item.column), budget, judge,
                              _sentence_at(text, _offset(starts, item.line, item.column)))
            except RecursionError:
                errors.append(InputError(item.line, item.column, "unsupported: the definition "
                                         "is nested too deeply to read"))
            except Exception as exc:  # noqa: BLE001 - a reading bug: one line, never a crash
                errors.append(_unreadable(item, exc))
            continue
        link = Link(item, None)
        try:
            link.checked = judge(tr, item, budget)
            checked.append(link.checked)
            if not (is_optimal_value(item.lhs) or is_optimal_value(item.rhs)):
                link.before, link.after = tr.expr(item.lhs), tr.expr(item.rhs)
            if link.checked.verdict == "refuted" and (previous is None
                                                      or item.lhs is not previous.rhs):
                _recalled_meaning(tr, text, starts, item)
        except TranslationError as exc:
            errors.append(InputError(exc.line, exc.column, exc.message))
        except RecursionError:
            errors.append(InputError(item.line, item.column, "unsupported: the formula is "
                                     "nested too deeply or has too many terms to check"))
        except Exception as exc:  # noqa: BLE001 - a reading bug: one line, never a crash
            errors.append(_unreadable(item, exc))
        if previous is not None and item.lhs is previous.rhs and segments:
            segments[-1].links.append(link)
        else:
            segments.append(Segment([link]))
        previous = item
    return JudgedDocument(segments, tuple(checked), tuple(errors), tr,
                          tuple(doc.given_displays))


@dataclass(frozen=True)
class _Given:
    """A given of the document, in the event order of :func:`judge_document`; ``display``:
    the lines of the display it qualifies, if it is a trailing "where $x > 5$"."""

    node: Any
    #: where it stands in the text (a character offset)
    offset: int
    display: tuple[int, int] | None = None
    #: written in the row it qualifies (``\\text{ for } x > 0``), not in prose
    in_row: bool = False

    @property
    def position(self) -> tuple[int, int]:
        """Where it takes effect: before the display it qualifies, or where it stands."""
        return (self.display[0], 0) if self.display else (self.node.line, self.node.column)


def _offset(starts: list[int], line: int, column: int) -> int:
    """The character offset of (``line``, ``column``), both from 1, given the offsets at
    which the text's lines start."""
    return starts[min(max(line, 1), len(starts)) - 1] + max(column, 1) - 1


def _sentence_at(text: str, offset: int) -> str:
    """The prose of the sentence before ``offset`` of ``text``."""
    from ..notation.claims import sentence_before

    before = text[:offset]
    start = max(before.rfind("$$"), before.rfind("\\["), before.rfind("\\begin"))
    cut = before.rfind("$") if start < 0 or before.rfind("$") > start + 1 else start
    return sentence_before(before[:cut] if cut >= 0 else before)


def _expire_ranges(tr: Translator, line: int) -> None:
    """Forget the ranges and conditions whose section ended before ``line``."""
    if not any(r.until is not None and r.until < line
               for r in tr.stated_ranges + tr.stated_conditions):
        return
    tr.stated_conditions[:] = [c for c in tr.stated_conditions
                               if c.until is None or c.until >= line]
    ended = {r.symbol for r in tr.stated_ranges if r.until is not None and r.until < line}
    tr.stated_ranges[:] = [r for r in tr.stated_ranges if r.until is None or r.until >= line]
    tr.context = replace(tr.context, intervals={
        k: v for k, v in tr.context.intervals.items() if k not in ended})
    for sym in ended:
        strict = [r for r in tr.stated_ranges if r.symbol == sym and r.strict]
        if strict:
            tr.context = tr.context.within(sym, max(r.low for r in strict),
                                           min(r.high for r in strict))


@dataclass(frozen=True)
class _Meaning:
    """A sentence that gives a standard symbol a meaning of its own in words."""

    key: str
    line: int
    column: int


def _word_key(tr: Translator, key: str) -> str:
    """The translator's key for a symbol of :func:`.prose_meanings.meanings_in_words`."""
    return tr._key(A.Name(key[:-2])) + "()" if key in ("sigma()", "Z()") else key


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    line = _line_of(starts, offset)
    return line, offset - starts[line - 1] + 1


def _recalled_meaning(tr: Translator, text: str, starts: list[int], step: Step) -> None:
    r"""A refuted claim that says what a standard function or quantity is, in a sentence that
    recalls or defines it ("Recall that $\sigma(z) = \frac{1}{1+e^{z}}$"): the document's
    meaning is not the standard one, which is not read after it."""
    chain = A.Chain(step.lhs, (A.Link("=", step.rhs),), line=step.line, column=step.column)
    if step.relation != "=" or not redefines(chain):
        return
    sentence = _sentence_at(text, _offset(starts, step.lhs.line, step.lhs.column))
    if _DEFINING.search(sentence) or re.search(r"\b(?:recall|by\s+definition|definition|our)\b",
                                               sentence, re.I):
        tr.unreadable.add(unread_key(tr, step.lhs))


def _fix_function(tr: Translator, item: _Given, sentence: str, text: str,
                  until: int | None) -> None:
    """Record the function a given fixes ("Let $r(x,y) = 0$", :mod:`.function_hypotheses`)."""
    rest = text[item.offset:item.offset + 200]
    close = rest.find("$")
    after = rest[close + 1:].split(".")[0] if close >= 0 else ""
    hypothesis = function_hypothesis(tr, item.node, sentence, after, until)
    if hypothesis is not None:
        tr.fixed_functions.append(hypothesis)
        tr.applied_givens.add(id(item.node))


def _line_of(starts: list[int], offset: int) -> int:
    """The line (from 1) of the character ``offset``, given the offsets the lines start at."""
    return bisect.bisect_right(starts, offset)


def _state_disjunct(tr: Translator, node: Any, group: int, until: int | None) -> bool:
    """One side of an assumed "or", as a condition of the group of its line (``True`` when it
    was read)."""
    try:
        condition = stated_condition(node, tr)
    except Exception:  # noqa: BLE001 - a side that cannot be read states nothing
        return False
    if condition is not None:
        tr.stated_conditions.append(replace(condition, until=until, group=group))
    return condition is not None


def _state_range(tr: Translator, node: Any, sentence: str, errors: list[InputError],
                 until: int | None = None) -> bool:
    """Record the range ``node`` states for a scalar, if its sentence assumes one.

    A strict range bounds the kernel's instances of the symbol from here on, intersected with
    the ranges stated before; a range that contradicts those replaces them ("now assume
    x < 0"); one that contradicts the symbol's own sign in the notation (``\beta < 0``) is
    an error, and steps about the symbol are not judged after it.  Returns whether a
    refutation now respects it (a range or a condition was recorded)."""
    if not assumed_in(sentence):
        return False
    try:
        stated = stated_range(node, tr)
        condition = stated_condition(node, tr) if stated is None else None
    except Exception:  # noqa: BLE001 - a given that cannot be read states nothing
        return False
    if condition is not None:  # x^2 < 1, x > y: not applied; a refutation must respect it
        tr.stated_conditions.append(replace(condition, until=until))
    if stated is None:
        return condition is not None
    sym = stated.symbol
    if (sym.is_positive or sym.is_nonnegative) and stated.high <= 0:
        tr.contradicted[sym] = stated.line
        errors.append(InputError(node.line, node.column, f"unsupported: ${sp.latex(sym)}$ is "
                                 "positive in this notation, which this hypothesis contradicts; "
                                 "steps about it are not judged after this line"))
        return True
    known = [r for r in tr.stated_ranges if r.symbol == sym]
    low = max([stated.low] + [r.low for r in known])
    if not low < min([stated.high] + [r.high for r in known]):
        # "now assume x < 0": the new range replaces the old ones
        tr.stated_ranges[:] = [r for r in tr.stated_ranges if r.symbol != sym]
        tr.context = replace(tr.context, intervals={
            k: v for k, v in tr.context.intervals.items() if k != sym})
    tr.stated_ranges.append(replace(stated, until=until))
    strict = [r for r in tr.stated_ranges if r.symbol == sym and r.strict]
    if strict:  # the context holds the intersection of the strict ranges (never empty here)
        tr.context = tr.context.within(sym, max(r.low for r in strict),
                                       min(r.high for r in strict))
    return True


#: a sentence that gives a name its meaning ("Let $\sigma(z) = …$ denote", "where $Z(x) = …$")
_DEFINING = re.compile(r"\b(?:let|define|defines|defined|denote|denotes|where|set|write|call"
                       r"|with)\b", re.I)
#: ... and one that states a case of it instead ("if $H(X|Y) = 0$", "suppose $\sigma(z) = …$")
_CONDITIONAL = re.compile(r"\b(?:if|iff|when|whenever|suppose|supposing|assume|assuming|unless"
                          r"|provided)\b", re.I)


def _unreadable(item: Any, exc: Exception) -> InputError:
    """What a failure of the reader itself becomes: the formula is unsupported, at its place."""
    return InputError(item.line, item.column, "unsupported: this formula could not be read "
                      f"({type(exc).__name__}: {str(exc)[:120]})")


def _key(expr: sp.Expr | None) -> str | None:
    return None if expr is None else sp.srepr(expr)


class Equalities:
    """Kernel equality between expressions, cached (a padded document repeats itself)."""

    def __init__(self, translator: Translator, budget: float = 1.0) -> None:
        self.translator = translator
        self.budget = budget
        self._cache: dict[tuple[str, str], bool] = {}

    def equal(self, a: sp.Expr | None, b: sp.Expr | None) -> bool:
        """Does the kernel accept ``a = b`` (``proved`` or ``numeric_only``)?"""
        if a is None or b is None:
            return False
        key = (_key(a), _key(b))
        if key[0] == key[1]:
            return True
        if key not in self._cache:
            try:
                v = decide(a, "=", b, self.translator.context, budget=self.budget)
                self._cache[key] = v.accepted
            except Exception:  # noqa: BLE001 - what the kernel cannot judge does not connect
                self._cache[key] = False
        return self._cache[key]


def connects(eq: Equalities, before: Segment, after: Segment) -> bool:
    """Does ``after`` start where ``before`` ended (up to the kernel's equality)?"""
    if to_latex(before.last.step.rhs) == to_latex(after.first.step.lhs):
        return True
    return eq.equal(before.last.after, after.first.before)


#: how two relations compose along a chain; a missing pair proves nothing
_COMPOSE = {("<=", "<"): "<", ("<", "<="): "<", (">=", ">"): ">", (">", ">="): ">"}


def compose(relations: Iterable[str]) -> str | None:
    """The relation a chain of ``relations`` proves between its ends, or ``None``."""
    out = "="
    for rel in relations:
        if rel == "=" or rel == out:
            continue
        if out == "=":
            out = rel
            continue
        out = _COMPOSE.get((out, rel))
        if out is None:
            return None
    return out


def satisfies(proved: str | None, goal: str) -> bool:
    """Does a chain that proves ``proved`` establish a goal stated with ``goal``?

    >>> satisfies("=", "<="), satisfies("<", "<="), satisfies("<=", "<"), satisfies(">=", "<=")
    (True, True, False, False)
    """
    if proved is None:
        return False
    return proved == goal or (proved == "=" and goal in ("<=", ">=")) or (
        goal == "<=" and proved == "<") or (goal == ">=" and proved == ">")


def can_reach(proved: str | None, goal: str) -> bool:
    """Can a chain that so far proves ``proved`` still establish ``goal`` (by going on)?

    >>> can_reach("=", "<"), can_reach("<=", "<"), can_reach(">=", "<"), can_reach("<", "=")
    (True, True, False, False)
    """
    if proved is None:
        return False
    if proved == "=":
        return True
    direction = {"<": "<", "<=": "<", ">": ">", ">=": ">"}
    return goal in direction and direction.get(proved) == direction[goal]


def unconnected_warnings(judged: JudgedDocument, budget: float = 1.0) -> list[InputError]:
    """Lines that do not start where the previous chain ended (a warning without an assignment).

    >>> doc = judge_document("$$H(P) \\\\ge 0$$\\n\\n$$\\\\beta > 0$$", "md")
    >>> [w.line for w in unconnected_warnings(doc)]
    [3]
    """
    eq = Equalities(judged.translator, budget)
    out = []
    for prev, seg in zip(judged.segments, judged.segments[1:], strict=False):
        if not connects(eq, prev, seg):
            step = seg.first.step
            out.append(InputError(
                step.lhs.line, step.lhs.column,
                f"this chain does not start where the previous one (line {prev.last.line}) "
                f"ended: ${to_latex(step.lhs)}$ is not shown equal to "
                f"${to_latex(prev.last.step.rhs)}$"))
    return out
