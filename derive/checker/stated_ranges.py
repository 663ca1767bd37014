r"""Ranges a document states for its symbols: "assume $A > 0$", "let $0 < \epsilon < 1$".

Lecture notes and papers restrict a symbol in prose and then use the restriction:
``Assume $A > 0$`` before ``\min(A\rho, 2A) = A\min(\rho, 2)``.  Judged for every real A, that
step is refuted with A = −2, a counterexample the author excluded.  A given that bounds one
scalar symbol by numbers is a :class:`StatedRange`:

Only a given whose sentence assumes it ("assume", "let", "suppose", "if", "where", "for" …, and
no "not", "unless", "without") is a range; "we verify $x > 0$ below" is not.

* a **strict** range (``A > 0``, ``\beta > 1``, ``0 < \epsilon < 1``, ``x < 0``) is applied: from
  where it stands, the kernel judges steps with the symbol on that open interval (the kernel's
  instances then lie inside it, half-lines included), and the step's reason says so;
* a **non-strict** one (``x \ge 0``) is not applied (the kernel's intervals are open, and
  ``x > 0`` would pass on (0, ∞) though false at 0): a refutation whose counterexample it
  excludes is judged again on the open interval inside it; refuted there, the step is
  refuted (on an instance the document allows), otherwise it is reported unsupported.

When a submission is graded against an assignment, the assignment's ``[givens]`` say what may be
assumed and a student's own hypotheses are neither applied nor excuse a refutation.

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> r = stated_range(parse_math(r"0 < \epsilon < 1"), Translator())
>>> (str(r.symbol), r.low, r.high, r.strict, r.latex)
('epsilon', 0.0, 1.0, True, '0 < \\epsilon < 1')
>>> r = stated_range(parse_math(r"\beta \ge 1"), Translator())
>>> r.strict, r.latex
(False, '\\beta \\ge 1')
>>> stated_range(parse_math(r"H(X|Y) = 0"), Translator()) is None
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import sympy as sp

from ..kernel.numeric import Unsupported, signature
from ..notation import ast as A

__all__ = ["StatedRange", "StatedCondition", "stated_range", "stated_condition", "excluded_by",
           "assumed_in", "undermined", "qualified_display", "persists", "next_display_end",
           "disjunctive"]

#: the sentence must say the range is assumed ("assume", "let", "if", "where", "for" ...)
_ASSUMING = re.compile(
    r"\b(?:assume|assumes|assuming|assumed|suppose|supposing|let|given|where|if|for|with"
    r"|whenever|when|provided|take|fix|restrict|restricted|throughout|henceforth"
    r"|assumptions?|hypothes[ie]s|(?:sub)?cases?)\b", re.I)
#: ... and must not deny, invert or merely mention it ("we do not assume", "unless",
#: "without", "drop the assumption", "a common mistake is to assume", "sometimes")
_DENYING = re.compile(
    r"\b(?:not|never|no|nor|without|unless|except|instead|cannot|false|fails?|failing|failed"
    r"|drop|drops|dropping|dropped|relax|relaxing|relaxed|remove|removing|removed|abandon"
    r"|abandoning|mistakes?|mistaken(?:ly)?|wrong(?:ly)?|incorrect(?:ly)?|erroneous(?:ly)?"
    r"|naive(?:ly)?|fallac\w*|violat\w*|sometimes|occasionally|might|would"
    r"|whether|tempting|counterexample)\b|n't\b", re.I)
#: a hypothesis that is the condition or the conclusion of another statement of its sentence
#: ("assume $y > 0$ whenever $x > 5$", "$x > 5$ implies ...", "if $a$ then $b$")
_COMPOUND = re.compile(
    r"\x00[^\x00]*?\b(?:implies|implying|imply|whenever|unless|if|when|then|so|hence|thus"
    r"|therefore|or|otherwise)\b", re.I)
#: ... said after the hypothesis: it is denied, conditional or one side of an "or"
_UNDERMINED_AFTER = re.compile(
    r"\A[\s,]*(?:(?:is|are|was|were)\s+(?:false|wrong|not|never|incorrect|violated|untrue"
    r"|dropped|relaxed|removed)\b|(?:fails?|failed|does\s+not|do\s+not|doesn't|don't"
    r"|need\s+not|needn't|cannot|can't|may\s+not|might\s+not|implies|implying|would"
    r"|whenever|unless|if|when|only\s+if|otherwise)\b|\(?\s*or\b)"
    r"|\b(?:sometimes|occasionally|unless|whenever|only\s+if|is\s+false|fails)\b", re.I)
_INLINE_MATH = re.compile(r"\$[^$]*\$|\\\(.*?\\\)", re.S)
#: a given that persists to the end of its section ("assume", "let", "throughout" ...); any
#: other assuming word ("if", "when", "for", "take", "for example") states a case or an example
#: that holds up to the end of the next display, the conclusion of its sentence
_PERSISTENT = re.compile(
    r"\b(?:assume|assumes|assuming|assumed|suppose|supposing|let|given|fix|restrict|restricted"
    r"|throughout|henceforth|hereafter|assumptions?|hypothes[ie]s)\b", re.I)
_EXAMPLE = re.compile(r"\b(?:for\s+example|for\s+instance|e\.\s?g\.|say|such\s+as)\b", re.I)


def assumed_in(sentence: str) -> bool:
    """Does the prose ``sentence`` (up to the math) assume what follows?

    >>> assumed_in("Assume "), assumed_in("We verify "), assumed_in("We do not assume ")
    (True, False, False)
    """
    return bool(_ASSUMING.search(sentence)) and not _DENYING.search(sentence) \
        and not _COMPOUND.search(_INLINE_MATH.sub("\x00", re.sub(r"\$\$.*?\$\$", " ", sentence,
                                                                  flags=re.S)))


def undermined(text: str, offset: int) -> bool:
    """Does the prose right after the hypothesis whose math holds ``offset`` of ``text`` deny
    it, make it a condition or one side of an "or" ("Assume $x > 5$ is false", "$x > 5$
    fails", "assume $x > 5$ whenever ...", "$x > 5$ (or $x < -5$)")?

    >>> undermined("Assume $x > 5$ is false.", 8), undermined("Assume $x > 5$. Then", 8)
    (True, False)
    """
    ends = [i for i in (text.find("$", offset), text.find("\\)", offset)) if i >= 0]
    if not ends:
        return False
    close = min(ends)
    rest = text[close + (2 if text[close] == "\\" else 1):close + 240]
    stop = re.search(r"[.?!;](?:\s|\Z)|\n\s*\n|\$\$|\\\[|\\begin", rest)
    return bool(_UNDERMINED_AFTER.search(rest[:stop.start()] if stop else rest))

#: a display closes ($$, \], \end{align*} ...), then the prose up to the given's own math
_DISPLAY_CLOSE = re.compile(
    r"(\$\$|\\\]|\\end\{(equation|align|gather|multline|eqnarray|displaymath|math)\*?\})"
    r"([^$]*?)(?:\$|\\\()?$", re.S)
#: the prose that qualifies the display just closed: "where $x > 5$", ", for $\beta > 1$"
#: (lower case but for "Where": "$$A$$\nIf $z > 0$, then" begins a new sentence, whose
#: hypothesis is not A's)
_QUALIFYING = re.compile(
    r"^[\s,;:]*(?:[Ww]here|for(?:\s+(?:all|every|any|each))?|with|when|whenever|provided"
    r"(?:\s+that)?|if|valid\s+for|which\s+holds\s+for|holds\s+for)\s*$")


def qualified_display(text: str, offset: int) -> tuple[int, int] | None:
    r"""The lines ``(first, last)`` of the display that a given at ``offset`` of ``text``
    qualifies, when the prose between that display and the given is only a qualifying phrase
    ("$$ \beta^2 > 25 $$ where $\beta > 5$"): such a given holds for that display alone, never
    for the steps after it.

    >>> doc = "Text.\n$$\n\\beta^2 > 25\n$$\nwhere $\\beta > 5$."
    >>> qualified_display(doc, doc.index("\\beta >"))
    (2, 4)
    >>> doc = "$$\na = b\n$$\nNow let $\\beta > 5$."
    >>> qualified_display(doc, doc.index("\\beta >")) is None
    True
    """
    before = text[:offset]
    close = _DISPLAY_CLOSE.search(before)
    if close is None or not _QUALIFYING.match(close.group(3)):
        return None
    closer, env = close.group(1), close.group(2)
    if closer == "$$":
        opened = before.rfind("$$", 0, close.start(1))
    elif closer == r"\]":
        opened = before.rfind(r"\[", 0, close.start(1))
    else:
        star = "*" if closer.endswith("*}") else ""
        opened = before.rfind(rf"\begin{{{env}{star}}}", 0, close.start(1))
    if opened < 0:
        return None
    return before.count("\n", 0, opened) + 1, before.count("\n", 0, close.end(1)) + 1

def persists(sentence: str) -> bool:
    """Does the given after ``sentence`` hold to the end of its section ("Assume", "Let"), or
    only for the next display ("If", "For example, take", "for every")?

    >>> persists("Assume "), persists("We split into cases. If "), persists("For example, let ")
    (True, False, False)
    """
    return bool(_PERSISTENT.search(sentence)) and not _EXAMPLE.search(sentence)


#: what opens a display, in LaTeX or Markdown
_DISPLAY_OPEN = re.compile(
    r"\$\$|\\\[|\\begin\{(equation|align|gather|multline|eqnarray|displaymath|math|flalign"
    r"|alignat)(\*?)\}")


def next_display_end(text: str, offset: int) -> int | None:
    r"""The last line of the first display that opens after ``offset`` of ``text``.

    >>> next_display_end("If $x > 0$ then\n$$\nx^2 > 0\n$$\nmore", 5)
    4
    """
    opened = _DISPLAY_OPEN.search(text, offset)
    if opened is None:
        return None
    if opened.group(0) == "$$":
        close, width = text.find("$$", opened.end()), 2
    elif opened.group(0) == r"\[":
        close, width = text.find(r"\]", opened.end()), 2
    else:
        end = rf"\end{{{opened.group(1)}{opened.group(2)}}}"
        close, width = text.find(end, opened.end()), len(end)
    if close < 0:
        return None
    return text.count("\n", 0, close + width) + 1


def disjunctive(text: str, offset: int, sentence: str) -> bool:
    """Is the given at ``offset`` one side of an "or" ("Suppose $z < -1$ or $z > 0$")?"""
    if re.search(r"\bor\s*$|\beither\b", sentence, re.I):
        return True
    ends = [i for i in (text.find("$", offset), text.find("\\)", offset)) if i >= 0]
    if not ends:
        return False
    close = min(ends)
    after = re.match(r"[\s,(]*([A-Za-z]+)", text[close + (2 if text[close] == "\\" else 1):])
    return bool(after and after.group(1).lower() == "or")


_LOWER = {">": True, ">=": False}  # x > c: c is a lower bound (strict?)
_UPPER = {"<": True, "<=": False}


@dataclass(frozen=True)
class StatedRange:
    """``low < symbol < high`` (ends infinite where the document gives none), stated at
    ``line``; ``strict`` when both given ends are strict."""

    symbol: sp.Symbol
    low: float
    high: float
    low_closed: bool
    high_closed: bool
    latex: str
    line: int
    #: the last line it holds on (the end of its section), ``None``: the document's end
    until: int | None = None

    @property
    def strict(self) -> bool:
        """Both ends open: the range the kernel can sample."""
        return not (self.low_closed or self.high_closed)

    def contains(self, value: float) -> bool:
        """Is ``value`` in the range?"""
        above = value >= self.low if self.low_closed else value > self.low
        below = value <= self.high if self.high_closed else value < self.high
        return above and below


def _number(tr: Any, node: A.Node) -> float | None:
    try:
        value = tr.expr(node)
    except Exception:  # noqa: BLE001 - not a number the translator reads: not a range
        return None
    if not (isinstance(value, sp.Expr) and value.is_number and value.is_real):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _scalar(tr: Any, node: A.Node) -> sp.Symbol | None:
    if not isinstance(node, A.Name):
        return None
    try:
        value = tr.expr(node)
        sig = signature(value)
    except (Exception, Unsupported):  # noqa: BLE001 - not a scalar the kernel samples
        return None
    if isinstance(value, sp.Symbol) and sig.scalars == [value] and not sig.support_vars:
        return value
    return None


def stated_range(node: A.Node, tr: Any) -> StatedRange | None:
    """The range ``node`` (a given) states for one scalar symbol, or ``None``: a chain of
    ``<``/``≤`` (or of ``>``/``≥``) between numbers and exactly one symbol the kernel samples as
    a real (``β``, ``A``, ``\\epsilon``; not an outcome variable or a distribution)."""
    if not isinstance(node, A.Chain) or not 1 <= len(node.links) <= 2:
        return None
    relations = [link.relation for link in node.links]
    terms = [node.first] + [link.rhs for link in node.links]
    written = (terms, relations)
    if all(r in _LOWER for r in relations):  # a > b > c: read it as c < b < a
        terms, relations = terms[::-1], [{">": "<", ">=": "<="}[r] for r in reversed(relations)]
    if not all(r in _UPPER for r in relations):
        return None
    symbols = [_scalar(tr, t) for t in terms]
    if sum(s is not None for s in symbols) != 1:
        return None
    k = next(i for i, s in enumerate(symbols) if s is not None)
    low, high, low_closed, high_closed = -math.inf, math.inf, False, False
    if k > 0:
        low = _number(tr, terms[k - 1])
        low_closed = not _UPPER[relations[k - 1]]
    if k + 1 < len(terms):
        high = _number(tr, terms[k + 1])
        high_closed = not _UPPER[relations[k]]
    if low is None or high is None or len(terms) - 1 != (k > 0) + (k + 1 < len(terms)):
        return None
    if not low < high:
        return None
    from ..latex import latex

    shown = {"<": "<", "<=": "\\le", ">": ">", ">=": "\\ge"}
    text = " ".join([latex(tr.expr(written[0][0]))] + [
        f"{shown[r]} {latex(tr.expr(t))}"
        for r, t in zip(written[1], written[0][1:], strict=True)])
    return StatedRange(symbols[k], low, high, low_closed, high_closed, text, node.line)


def excluded_by(ranges: list[StatedRange], assignment: dict[str, Any]) -> StatedRange | None:
    """The first of ``ranges`` a counterexample's ``assignment`` ({LaTeX name: value}) lies
    outside, or ``None``."""
    for r in ranges:
        value = assignment.get(sp.latex(r.symbol))
        if isinstance(value, int | float) and not r.contains(float(value)):
            return r
    return None


_HOLDS = {"<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
          ">=": sp.GreaterThan, "!=": sp.Ne, "=": sp.Eq}


@dataclass(frozen=True)
class StatedCondition:
    """Any other relation a document assumes between its scalars and numbers (``x^2 < 1``,
    ``x > y``, ``x \\ne 0``, ``x > 10^{400}``): the kernel cannot sample under it, so it is not
    applied; a refutation is kept only on a counterexample that satisfies it."""

    sides: tuple[sp.Expr, ...]
    relations: tuple[str, ...]
    latex: str
    line: int
    until: int | None = None
    #: conditions of one "or" share a group: the hypothesis fails only where all of them do
    group: int | None = None

    def holds_at(self, assignment: dict[str, Any]) -> bool | None:
        """Whether the condition holds at the counterexample ``assignment`` ({LaTeX name:
        value}); ``None`` when it is not about the assignment's scalars or cannot be told."""
        free = set().union(*(e.free_symbols for e in self.sides))
        values = {sym: assignment.get(sp.latex(sym)) for sym in free}
        if not any(isinstance(v, int | float) for v in values.values()):
            return None
        if not all(isinstance(v, int | float) for v in values.values()):
            return False  # about the counterexample, but not all of it known: not shown to hold
        exact = {sym: sp.nsimplify(v, rational=True) for sym, v in values.items()}
        pairs = zip(self.sides[:-1], self.sides[1:], strict=True)
        for (a, b), rel in zip(pairs, self.relations, strict=True):
            try:
                truth = _HOLDS[rel](a.subs(exact), b.subs(exact))
            except (TypeError, ValueError):
                return False
            if truth is not sp.true:
                return False
        return True


def stated_condition(node: A.Node, tr: Any) -> StatedCondition | None:
    """The condition a given states of the document's scalars, or ``None``: a chain of
    ``<``, ``≤``, ``>``, ``≥``, ``≠``, ``=`` whose sides are read and mention only scalars
    (``Let $z = 2$``: a value the step may rest on).

    >>> from derive.notation import parse_math
    >>> from derive.checker.translate import Translator
    >>> c = stated_condition(parse_math("x^2 < 1"), Translator())
    >>> c.holds_at({"x": 0.5}), c.holds_at({"x": -2.0}), c.holds_at({"y": 1.0})
    (True, False, None)
    """
    if not isinstance(node, A.Chain) or not all(link.relation in _HOLDS for link in node.links):
        return None
    sides = tuple(tr.expr(t) for t in [node.first] + [link.rhs for link in node.links])
    free = set().union(*(e.free_symbols for e in sides))
    if not free:
        return None
    try:
        sig = signature(*sides)
    except Unsupported:
        return None
    if set(sig.scalars) != free or sig.support_vars or sig.distributions or sig.functions:
        return None
    from ..latex import latex

    shown = {"<": "<", "<=": "\\le", ">": ">", ">=": "\\ge", "!=": "\\ne", "=": "="}
    text = " ".join([latex(sides[0])] + [f"{shown[link.relation]} {latex(e)}"
                                         for link, e in zip(node.links, sides[1:], strict=True)])
    text = re.sub(r"\d{13,}", lambda m: f"{m.group(0)[:3]}\\ldots ({len(m.group(0))} digits)", text)
    return StatedCondition(sides, tuple(link.relation for link in node.links), text, node.line)
