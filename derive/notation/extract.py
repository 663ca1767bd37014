"""Pull the math out of a submission (``.tex``, ``.md``, ``.txt``) and read it into steps.

The document is first *masked*: every character that is not math (prose, comments, ``&``,
``\\\\``, ``\\label``, annotations such as ``&& \\text{by definition}`` or a trailing
``\\quad\\text{...}``) becomes a space, newlines are kept.  Math segments are then slices of the
masked text, so every node the parser builds carries its true document line and column.

Lines are grouped into relation chains: a line that begins with a relation (``&= ...``) or a
binary operator (``&\\quad + ...``) continues the previous line; a line with no relation at all
continues into the next; any other line after a line that had a relation starts a new chain.
Each line that begins with a relation is parsed on its own, so one unreadable line costs only
its own step(s); a display (e.g. one Markdown ``$$...$$`` per step) that begins with a relation
continues the chain of the display before it.  Macros from the preamble are expanded, and
inline math is a claim only when the prose plainly asserts it (:mod:`.claims`).  Where a
kind of document keeps its math is :mod:`.document_kinds`.

>>> from derive.notation import read_document
>>> doc = read_document(
...     "\\\\begin{align*}\\nx &= 2y \\\\\\\\\\n&\\\\le 3y\\n\\\\end{align*}", "tex")
>>> [(s.index, s.relation, s.line) for s in doc.steps]
[(1, '=', 2), (2, '<=', 3)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import ast as A
from .claims import (
    DISPLAY,
    MATH,
    clause_unread,
    condition_after,
    conditional_after,
    defines,
    labelled_statement,
    role,
    sentence_before,
)
from .hypothesis_scope import hypothesis_end
from .limits_in_words import limit_after, limit_before, limit_note
from .masking import Masker as _Masker
from .masking import blank as _blank
from .masking import note_column_math, relation_column_merged
from .masking import split_note as _split_note
from .masking import top_level as _top_level
from .parser import NotationError, parse_math
from .rewrite import Macro
from .sections import SECTION as _SECTION
from .statements import blank_connectives, condition_cut, readable_links, split_statements


@dataclass(frozen=True)
class Step:
    """One relation of a chain: ``lhs relation rhs``; line/column are where ``rhs`` begins."""

    index: int
    lhs: A.Node
    relation: str
    rhs: A.Node
    line: int
    column: int
    note: str | None = None


@dataclass
class Document:
    """Everything read from one submission."""

    definitions: list[A.Definition] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    errors: list[NotationError] = field(default_factory=list)
    #: hypotheses and context equations (``if $H(X|Y) = 0$``): read, never judged
    givens: list[A.Node] = field(default_factory=list)
    #: 2 when the document declares base-2 logarithms (a bare ``\\log`` is then log_2)
    log_base: int | None = None
    #: information quantities (H, D, I) are in bits: declared, or ``\\log_2`` is used
    bits: bool = False
    #: names a given only stated a property of (``P(x)/Q(x) = c``): never read as numbers
    opaque: set[tuple[str, str | None]] = field(default_factory=set)
    #: distributions a hypothesis says what they are (``P: X \sim \mathrm{Bern}(p_1)``,
    #: ``p(x, y) = p_1(x) p_2(y)``), letter -> the line of the first such
    #: hypothesis; the checker cannot apply these, so a step about them is never refuted
    hypotheses: dict[str, int] = field(default_factory=dict)
    #: givens that hold for one display row alone (``a > b \\text{ for } x > 0``): id of
    #: the given -> the (first, last) lines of that row
    display_scoped: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: where displays read as givens (hypotheses, definitions in words) begin: not checked
    given_displays: list[tuple[int, int]] = field(default_factory=list)
    #: displays claimed under a hypothesis of their sentence ("If $x > 5$, then $$…$$",
    #: "$$…$$ if $x > 5$"): (first line, last line, start and end offsets of the
    #: hypothesis' clause, whether the clause states a condition in words)
    conditional_claims: list[tuple[int, int, int, int, bool]] = field(default_factory=list)


#: a scalar said to lie in an interval (``z \in [0, 1]``, ``\beta \in (0, 1)``)
_IN_INTERVAL = re.compile(r"(\\[a-zA-Z]+|(?<![\\a-zA-Z])[a-zA-Z](?![a-zA-Z]))\s*\\in\s*[\[(]")
#: an existential note in a row ("for some z", "there exists", \exists)
_EXISTS_NOTE = re.compile(r"\bfor\s+some\b|\bthere\s+(?:exists?|is|are)\b|\\exists\b", re.I)
#: words inside a row's math that make what follows a condition of that row
_ROW_CONDITION = re.compile(
    r"(?:\s|\\q?quad|\\[,;:]|&|,)*\\(?:text|textrm|mbox|mathrm|textit)\s*\{\s*(?:for(?:\s+(?:all|every|any|each))?|if"
    r"|when|whenever|where|provided(?:\s+that)?)\s*\}", re.I)
_DISPLAY_ENVS = (r"(?:align|equation|gather|multline|eqnarray|flalign|alignat|math|displaymath"
                 r"|dmath|dseries|darray|empheq)\*?")
#: the options and arguments that open a display environment, before its math: breqn's
#: ``\\begin{dmath}[label=...]``, empheq's ``\\begin{empheq}[box=\\fbox]{align}``
_ENV_ARGUMENTS = {
    "dmath": re.compile(r"\s*\[[^\[\]]*\]"),
    "dseries": re.compile(r"\s*\[[^\[\]]*\]"),
    "darray": re.compile(r"(?:\s*\[[^\[\]]*\])?\s*\{[^{}]*\}"),
    "empheq": re.compile(r"(?:\s*\[[^\[\]]*\])?\s*\{\s*[a-zA-Z]+\*?\s*\}"),
    "alignat": re.compile(r"\s*\{[^{}]*\}"),  # its number of columns, never a factor
}
#: display environments of packages that are not read (IEEEtran, cases, mathpartir...):
#: reported unsupported at their position, never passed over as prose
_UNREAD_DISPLAYS = re.compile(
    r"\\begin\s*\{((?:IEEEeqnarray|IEEEeqnarraybox|xalignat|xxalignat|numcases|subnumcases"
    r"|mathpar)\*?)\}")


def _math_start(env: str, text: str, start: int) -> int:
    """Where the math of a display environment ``env`` whose body begins at ``start`` begins,
    after its options and arguments.

    >>> _math_start("dmath*", "[label=eq]x = 1", 0), _math_start("empheq", "[box=X]{align*} a", 0)
    (10, 15)
    """
    pattern = _ENV_ARGUMENTS.get(env.rstrip("*"))
    m = pattern.match(text, start) if pattern else None
    return m.end() if m else start


_INNER_ENV = re.compile(
    r"\\(?:begin|end)\s*\{(?:aligned|split|gathered|alignedat|align|equation|gather|multline"
    r"|eqnarray|flalign|alignat|array|cases)\*?\}(?:\{[^{}]*\})?|\\intertext\s*\{[^{}]*\}"
    r"|\\shortintertext\s*\{[^{}]*\}")
_LEADING_REL = re.compile(
    r"(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:!]|\{\s*\}|\\phantom\s*\{[^{}]*\})*"
    r"(?::=|\\coloneqq|\\triangleq|\\equiv|=|<|>|[≤≥≈∝≠]|\\(?:le|leq|leqslant|ge|geq|geqslant|"
    r"approx|propto|neq?|simeq|lt|gt)(?![a-zA-Z])|\\(?:overset|stackrel)\s*\{)"
)
#: a row that begins with an operator continues the expression above it (spacing, a group, a
#: style or a beamer \resizebox's \ensuremath may come before the operator)
_LEADING_OP = re.compile(
    r"(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:!]|\{|\\ensuremath\s*\{|\\(?:display|text)style(?![a-zA-Z])"
    r"|\\h?phantom\s*\{[^{}]*\})*(?:\+|-|\\cdot(?![a-zA-Z])|\\times)")
_ANY_REL = re.compile(
    r":=|\\coloneqq|\\triangleq|\\equiv|(?<![<>!])=|<|>|[≤≥≈∝≠]|\\(?:le|leq|leqslant|ge|geq|geqslant|approx|"
    r"propto|neq?|simeq|lt|gt)(?![a-zA-Z])|\\(?:overset|stackrel)\s*\{"
)

#: an inline claim that only gives a scalar a value: "$x = 2$", "$\\lambda = -0.5$."
_SOLVED_VALUE = re.compile(
    r"\s*((?<![\\a-zA-Z])[a-zA-Z]|\\(?:alpha|lambda|mu|theta|gamma|eta|tau|kappa|nu|xi|omega"
    r"|phi|psi|delta))\s*=\s*[-+]?\d+(?:\.\d+)?\s*[.,]?\s*\Z")


def _bare_distribution(node: A.Node) -> bool:
    """``P``, ``Q``, ``p``, ``q`` written alone: a distribution's name."""
    return isinstance(node, A.Name) and node.base in ("P", "Q", "p", "q") and not (
        node.sub or node.sup or node.accent or node.font)


def _random_variable(node: A.Node) -> bool:
    """``X``, ``Y``, ``Z``, ``U``, ``V``, ``W``: the letters random variables are written with."""
    return isinstance(node, A.Name) and node.base in ("X", "Y", "Z", "U", "V", "W") and not (
        node.sub or node.sup or node.accent or node.font)




@dataclass
class _Line:
    start: int  # offset in the document
    end: int
    note: str | None = None
    role: str | None = None  # a statement of its own (statements.py): premise, given
    breaks: bool = False  # starts a new chain (after \\implies, a comma, \\iff)


#: names with a standing meaning as a bare name (``r`` alone is not the reward r(x, y)): an
#: equation for one of them is a claim, never a definition
_VOCABULARY = frozenset({"x", "y", "z", "h", "A", "e", "pi", "sigma", "beta", "P", "Q", "X",
                         "Y", "p", "q", "theta", "KL"})
_BARE_VOCABULARY = frozenset((b, None) for b in _VOCABULARY) | {("y", "w"), ("y", "l")}


#: letters a document may name its own function with (``\\mathcal{L}(\\theta)``,
#: ``l(\\theta)``, ``f(x)``, ``g(x)``, ``\\ell(\\theta)``); distributions, rewards and the
#: field's quantities are not
_FUNCTION_LETTERS = frozenset({"L", "l", "ell", "f", "g", "J"})

_VOCABULARY_KEYS = frozenset((b, None, None, None, None) for b in _VOCABULARY)


def _names(node: A.Node) -> set[tuple]:
    """Every name in ``node`` as (base, sub, sup, accent, font); a call head (``n(y|x)``) is
    marked apart from the same letter used as a number (``f/n``)."""
    out = set()
    heads = {id(m.func) for m in node.walk() if isinstance(m, (A.Call, A.Preference))}
    for m in node.walk():
        if isinstance(m, A.Name):
            key = (m.base, m.sub, m.sup, m.accent, m.font)
            out.add((*key, "()") if id(m) in heads else key)
    return out


@dataclass
class _Chain:
    """One relation chain as found: its segments (a new one at each line that begins with a
    relation), whether it is a display, and what the prose makes of it."""

    segments: list[tuple[int, int]]
    display: bool
    role: str = "claim"
    premise: bool = False  # ``A`` of ``A \\implies B``: its letters scope the line's steps
    consequence: bool = False  # ``B`` of ``A \\implies B`` (also ``\\implies B`` alone)
    #: rows joined to the one above with neither a relation nor an operator between them
    #: (``a \\\\ b``): the chain relates nothing unless a later display continues it
    bare_rows: int = 0


#: a declaration of what a distribution is: ``P:`` at the start of a row, or ``X \sim``
_DECLARES = re.compile(r"(?:^|\\\\|\n)\s*([A-Za-z])\s*:(?!=)"
                       r"|(?<![A-Za-z\\])([A-Z])\s*\\sim(?![a-zA-Z])")

_BROKEN = A.Dot()  # the right side of a segment that could not be read

class _Reader:
    def __init__(self, text: str, macros: dict[str, Macro] | None = None) -> None:
        self.m = _Masker(text)
        self.doc = Document()
        self.notes: dict[int, str] = {}
        self.chains: list[_Chain] = []
        self.macros = macros or {}
        self.prose = list(text)  # the prose view: inline math as MATH, displays as breaks
        self.prose_end = 0

    # ---------------------------------------------------------------- region handling
    def _fragment(self, start: int) -> str:
        return sentence_before("".join(self.prose[self.prose_end:start]))

    def _role(self, start: int, inline: bool) -> str:
        return role(self._fragment(start), inline)

    def _quantified(self, at: int) -> str:
        """Inline math asserted after a universal quantifier's range ("for all $P, Q$,
        $D(P\\|Q) \\ge 0$"): a claim when the range is only names; when the range is a
        condition ("for all $z \\ge 0$") it is not applied to inline math, so the math stays
        context rather than be refuted outside the range."""
        j = at
        while j > 0 and self.prose[j - 1] != MATH:
            j -= 1
        i = j
        while i > 0 and self.prose[i - 1] == MATH:
            i -= 1
        return "context" if _ANY_REL.search(_top_level(self.m.text[i:j].strip("$"))) \
            else "claim"

    def region(self, start: int, end: int, inline: bool, outer: tuple[int, int]) -> None:
        """A math region ``text[start:end]`` (``outer`` includes its delimiters)."""
        what = self._role(outer[0], inline)
        if what == "quantified":
            what = self._quantified(outer[0])
        if inline:  # "Reverse KL: $D = ...$" alone on its line is set out like a display
            text = self.m.text
            first, last = text.rfind("\n", 0, outer[0]) + 1, text.find("\n", outer[1])
            what = labelled_statement(text[first:outer[0]], text[outer[1]:last if last >= 0
                                                                else len(text)]) or what
        after = self.m.text[outer[1]:outer[1] + 60]
        if what == "claim" and not inline and conditional_after(after):
            # "$$x^2 > 25$$ if $x > 5$": claimed under the condition after it
            what = "conditional"
        elif what == "claim" and condition_after(after):
            what = "given"  # "so that $$D = 0$$ at the start of training"
        if inline:
            self.inline(start, end, what)
            self.prose[outer[0]:outer[1]] = MATH * (outer[1] - outer[0])
            if self.m.text[start:end].rstrip().endswith("."):  # "... = \prod_j p_j.$ Hence"
                self.prose[outer[1] - 1] = "."
        else:
            fragment = self._fragment(outer[0])
            # the sentence's own text (the prose view is aligned with it, inline math blanked)
            head = fragment.strip()[:40]
            seen = "".join(self.prose[self.prose_end:outer[0]])
            at = seen.rfind(head) if head else -1
            before = self.m.text[self.prose_end + at:outer[0]] if at >= 0 else ""
            if what == "conditional":
                self._conditional(start, end, outer, fragment,
                                  self.prose_end + at if at >= 0 else outer[0])
                what = "claim"
            if what == "claim" and "\\lim" not in self.m.text[start:end] and (
                    limit_before(before) or limit_after(self.m.text[outer[1]:outer[1] + 160])):
                # "as $\beta \to \infty$, $$\pi^* = \pi_{ref}$$": a limit in words, never
                # judged as an identity
                line, column = self.m.pos(start + len(self.m.text[start:end]) -
                                          len(self.m.text[start:end].lstrip()))
                self.doc.errors.append(NotationError(
                    "unsupported: this display holds in a limit stated in words (as ... \\to "
                    "...), which is not read; write \\lim_{\\beta \\to \\infty} ...", line, column))
                self.prose[outer[0]:outer[1]] = "." + " " * (outer[1] - outer[0] - 1)
                return
            if what == "given" and defines(fragment):
                what = "definition"  # "is defined as $$I = A \\ &= B$$": B is claimed
            self.display(start, end, role_=what)
            # a given display carries its hypothesis on to the rest of its sentence ("for
            # independent X, Y, $$A$$, and so $$B$$"), unless it ends with a full stop
            ends = re.search(r"\.\s*(?:\\(?:label|tag)\s*\{[^{}]*\}\s*)*\Z", self.m.text[start:end])
            mark = DISPLAY if what == "given" and not ends else "."
            self.prose[outer[0]:outer[1]] = mark + " " * (outer[1] - outer[0] - 1)

    def _conditional(self, start: int, end: int, outer: tuple[int, int], fragment: str,
                     sentence_start: int) -> None:
        """Record a display claimed under a hypothesis of its sentence: the hypothesis before
        it ("If $x > 5$, then") or after it ("$$…$$ if $x > 5$")."""
        lines = (self.m.pos(start)[0], self.m.pos(end)[0])
        if conditional_after(self.m.text[outer[1]:outer[1] + 60]):
            stop = re.search(r"[.?!;](?:\s|\Z)|\n\s*\n|\$\$|\\\[|\\begin",
                             self.m.text[outer[1]:])
            hi = outer[1] + (stop.start() if stop else len(self.m.text) - outer[1])
            clause = re.sub(r"\$[^$]*\$|\\\(.*?\\\)", MATH, self.m.text[outer[1]:hi], flags=re.S)
            self.doc.conditional_claims.append((*lines, outer[1], hi, clause_unread(clause)))
        else:
            self.doc.conditional_claims.append((*lines, sentence_start, outer[0],
                                                clause_unread(fragment)))

    def display(self, start: int, end: int, blank_split: bool = False,
                role_: str = "claim") -> None:
        """A display region: split on ``\\\\`` (and blank lines if asked), group, queue."""
        text = self.m.text
        body = text[start:end]
        lines: list[_Line] = []
        pos = start
        # a row ends with \\ or \\* (no page break: how derive's own exports keep a
        # reason with its step), optionally with a vertical space [..]
        # (plain TeX's \cr ends a row too: eqnarray in older notes)
        pieces = re.split(r"(\\\\\*?(?:\s*\[[^\]]*\])?|\\cr(?![a-zA-Z])|\n)" if blank_split
                          else r"(\\\\\*?(?:\s*\[[^\]]*\])?|\\cr(?![a-zA-Z]))", body)
        if self._math_in_note_column(start, pieces):
            return
        for i, piece in enumerate(pieces):
            if i % 2 == 1:
                pos += len(piece)
                continue
            if blank_split and not piece.strip():
                lines.append(_Line(-1, -1))  # a blank line ends a derivation
                pos += len(piece)
                continue
            piece_clean = relation_column_merged(
                _INNER_ENV.sub(lambda mm: _blank(mm.group(0)), piece))
            math, note = _split_note(piece_clean)
            cut = condition_cut(math)
            said = (note or "") + (math[cut:] if cut is not None else "")
            # "\\text{ as } \\beta \\to \\infty" in the row (a written \\lim is read instead)
            content = bool(re.sub(r"\\q?quad|\\[,;:!]|&|\s", "", math))
            unread = None
            if _EXISTS_NOTE.search(said) and content:  # "z^2 = 4 \\text{ for some } z"
                unread = ("unsupported: this row claims its relation for some value (for some, "
                          "there exists), which is not read; only claims for every value are "
                          "judged")
            elif limit_note(said) and content and "\\lim" not in math:
                unread = ("unsupported: this row holds in a limit stated in words (as ... \\to "
                          "...), which is not read; write \\lim_{\\beta \\to \\infty} ...")
            if unread is not None:
                first = pos + len(math) - len(math.lstrip())
                self.doc.errors.append(NotationError(unread, *self.m.pos(first)))
                pos += len(piece)
                continue
            if note:  # "a > b \\quad \\text{for } x > 0": the note may be the row's condition
                self._row_condition(pos, piece_clean, len(math))
            cut = condition_cut(math)
            if cut is not None:  # "\\geq 0 \\text{ with equality iff } p = q": a note
                self._row_condition(pos, math, cut)
                note = note or " ".join(re.sub(r"\\[a-z]+|[{}&]", " ", math[cut:]).split())
                math = math[:cut]
            math_clean = re.sub(r"(?<!\\)&", " ", math)
            pieces = split_statements(math_clean)
            math_clean = blank_connectives(math_clean)
            self.m.out[pos : pos + len(math)] = math_clean
            for s, e, what, breaks in pieces:
                if math_clean[s:e].strip():
                    lines.append(_Line(pos + s, pos + e, note, what, breaks))
            pos += len(piece)
        self._group(lines, role_, join_bare=not blank_split)

    def _math_in_note_column(self, start: int, pieces: list[str]) -> bool:
        """Report a display with math after ``&&`` that is not a justification.

        ``\\log 2 &= \\log 2 \\\\ && + \\log 3`` continues the formula in the note column,
        and ``a &= b && c &= d`` sets a second equation beside the first; dropping that math
        as a note would judge a different claim (the first one is "proved"), so the whole
        display is unsupported, reported where the unread math begins.
        """
        pos = start
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                at = note_column_math(relation_column_merged(
                    _INNER_ENV.sub(lambda mm: _blank(mm.group(0)), piece)))
                if at is not None:
                    self.doc.errors.append(NotationError(
                        "unsupported: this row has math after && that is not a justification "
                        "(a continuation or a second equation in the note column), which is "
                        "not read; the display is not judged", *self.m.pos(pos + at)))
                    return True
            pos += len(piece)
        return False

    def _row_condition(self, pos: int, math: str, cut: int) -> None:
        """``\\log\\beta > 0 \\text{ for } \\beta > 1``: the condition after the words is a
        given of this row alone (read when it is a relation; otherwise the row keeps it as a
        note and is judged without it)."""
        words = _ROW_CONDITION.match(math, cut) if math[cut:].strip() else None
        if words is None:
            return
        rest = math[words.end():]
        end = words.end() + len(rest.rstrip().rstrip(".,;").rstrip())
        if not _ANY_REL.search(_top_level(math[words.end():end])):
            return
        self.m.out[pos + words.end():pos + end] = math[words.end():end]
        try:
            node = self._parse(pos + words.end(), pos + end)
        except NotationError:
            return
        if isinstance(node, A.Chain):
            self.doc.givens.append(node)
            self.doc.display_scoped[id(node)] = (self.m.pos(pos + cut)[0], node.line)

    def inline(self, start: int, end: int, role_: str = "claim") -> None:
        body = self.m.text[start:end]
        if not _ANY_REL.search(_top_level(body)):
            if role_ == "given":  # "Suppose $z \\in [0, 1]$": a range the checker cannot apply
                for mm in _IN_INTERVAL.finditer(body):
                    self._hold(mm.group(1).lstrip("\\"), self.m.pos(start + mm.start(1))[0])
            return
        value = _SOLVED_VALUE.match(body)
        if role_ == "claim" and value and not re.search(
                re.escape(value.group(1)) + r"\s*(?::=|\\coloneqq)", self.m.text):
            # "Solve $2x = 4$. Then $x = 2$.": a value for a free scalar is no identity (it is
            # false for every other x); it rests on equations the checker does not hold
            self.doc.errors.append(NotationError(
                f"unsupported: ${body.strip()}$ gives a value to the free scalar "
                f"{value.group(1)} (a solved equation), which is not an identity; not checked",
                *self.m.pos(start + value.start(1))))
            return
        clean = blank_connectives(body)
        self.m.out[start:end] = clean
        for s, e, what, _ in split_statements(body):
            if _ANY_REL.search(_top_level(clean[s:e])):
                self.chains.append(_Chain([(start + s, start + e)], display=False,
                                          role=_piece_role(what, role_),
                                          premise=what == "premise"))

    def _group(self, lines: list[_Line], role_: str, join_bare: bool = True) -> None:
        """Group a display's rows into chains.  A row that begins with a relation or an
        operator goes on from the row above; so does (``join_bare``: rows split by ``\\\\``,
        not by line ends) a row with no relation in the right-hand column under a row with
        one, since LaTeX reads ``a &= b \\\\ & c`` as one formula (never dropped unread)."""
        cur: list[tuple[_Line, bool]] = []
        cur_has_rel = False
        bare_rows = 0

        def flush() -> None:
            if not cur:
                return
            head = cur[0][0]
            segments: list[tuple[int, int]] = []
            for ln, leading_rel in cur:
                if leading_rel or not segments:
                    segments.append((ln.start, ln.end))
                else:
                    segments[-1] = (segments[-1][0], ln.end)
                if ln.note:
                    text = self.m.masked(ln.start, ln.end)
                    first = ln.start + len(text) - len(text.lstrip())
                    self.notes[self.m.pos(first)[0]] = ln.note
            self.chains.append(_Chain(segments, display=True, role=_piece_role(head.role, role_),
                                      premise=head.role == "premise",
                                      consequence=head.breaks and head.role is None,
                                      bare_rows=bare_rows))

        for ln in lines:
            if ln.start < 0:
                flush()
                cur, cur_has_rel, bare_rows = [], False, 0
                continue
            if ln.breaks or ln.role:
                flush()
                cur, cur_has_rel, bare_rows = [], False, 0
            text = self.m.masked(ln.start, ln.end)
            has_rel = bool(_ANY_REL.search(_top_level(text)))
            leading_rel = bool(_LEADING_REL.match(text))
            leading = leading_rel or (bool(_LEADING_OP.match(text)) and not has_rel)
            # a bare row in the right-hand column (``& c``) goes on from the row above; one
            # at the left (``g + h \\\\ &\\approx 1``) is the left side of a new chain
            bare = join_bare and not has_rel and self.m.text[ln.start:ln.end].lstrip()[:1] == "&"
            if cur and (leading or not cur_has_rel or bare):
                bare_rows += not (leading or has_rel or cur_has_rel)
                cur.append((ln, leading_rel))
                cur_has_rel = cur_has_rel or has_rel
            else:
                flush()
                cur, cur_has_rel, bare_rows = [(ln, leading_rel)], has_rel, 0
        flush()

    # ---------------------------------------------------------------- parsing
    def _parse(self, start: int, end: int) -> A.Node:
        line, col = self.m.pos(start)
        return parse_math(self.m.masked(start, end), line, col, self.macros)

    def _introduces(self, node: A.Node, given: bool = False
                    ) -> tuple[A.Definition, A.Node | None] | None:
        """``u = <expr> [= ...]`` introduces ``u`` (a definition, not a claim) when ``u`` is
        not in the vocabulary nor in its own right side, and either ``u`` or a name on the right
        is new in the document (an equation in new terms cannot follow from what came before).
        Returns the definition and the rest of the chain (claims from ``<expr>`` on), if any.
        ``given``: the prose gives the equation (``Let $\\hat{r}(x, y) = ...$``).
        """
        if isinstance(node, A.Chain) and node.links[0].relation == "=" \
                and isinstance(node.first, A.Call):
            return self._introduces_function(node, given)
        if not (isinstance(node, A.Chain) and node.links[0].relation == "="
                and isinstance(node.first, A.Name)):
            return None
        name, value = node.first, node.links[0].rhs
        key = (name.base, name.sub, name.sup, name.accent, name.font)
        used = _names(value)
        if (name.base, name.sub) in _BARE_VOCABULARY or key in used:
            return None
        if key in self.seen and used <= self.seen | _VOCABULARY_KEYS:
            return None  # an equation about a known name in known terms: a claim
        rest = A.Chain(value, node.links[1:], line=value.line, column=value.column) \
            if len(node.links) > 1 else None
        return A.Definition(name, value, line=node.line, column=node.column), rest

    def _introduces_function(self, node: A.Chain, given: bool = False
                             ) -> tuple[A.Definition, A.Node | None] | None:
        """``L(\\theta) = <expr>``: a new function of plain variables (``\\mathcal{L}``,
        ``\\ell``, ``l``, ``f``...) that is neither a distribution nor the field's vocabulary,
        first seen here, introduces that function; the rest of the chain is claimed.  An
        accented function (``\\hat{r}(x, y)``) is introduced only where the prose gives the
        equation (``Let ...``): in a claim it is a claim about a function never defined."""
        call, value = node.first, node.links[0].rhs
        f = call.func
        key = (f.base, f.sub, f.sup, f.accent, f.font, "()")
        if call.given or not call.args or not all(
                isinstance(a, A.Name) and not (a.sub or a.sup or a.accent) for a in call.args):
            return None
        if (f.base not in _FUNCTION_LETTERS and not (f.accent and given)) \
                or (f.accent and not given) or f.sup or f.sub == "DPO" or key in self.seen \
                or key in _names(value):
            return None
        rest = A.Chain(value, node.links[1:], line=value.line, column=value.column) \
            if len(node.links) > 1 else None
        return A.Definition(call, value, line=node.line, column=node.column), rest

    def _names_a_constant(self, node: A.Node) -> bool:
        """``<expr> = c`` with ``c`` new: it names a constant by a property (a given); ``c`` is
        then opaque (``P(x)/Q(x) = c`` for every x is a hypothesis, not a definition)."""
        if not (isinstance(node, A.Chain) and len(node.links) == 1
                and node.links[0].relation == "=" and isinstance(node.links[0].rhs, A.Name)):
            return False
        c = node.links[0].rhs
        key = (c.base, c.sub, c.sup, c.accent, c.font)
        # a constant named again in a later section is a new one ("### Claim: ... = c")
        if (c.base, c.sub) in _BARE_VOCABULARY or key in self.section_seen \
                or key in _names(node.first):
            return False
        self.doc.opaque.add((c.base, c.sub))
        return True

    def _hypothesis(self, node: A.Node) -> None:
        """Record the distributions a given says what they are: ``p(x, y) = p_1(x) p_2(y)``,
        and the random variables a given ties to others: ``Y = 2^X`` (then ``H(X, Y) = H(X)``
        holds, which the vocabulary, where X and Y have any joint law, cannot know)."""
        if isinstance(node, A.Chain) and node.links[0].relation == "=" and \
                _random_variable(node.first):
            tied = {m.base for m in node.links[0].rhs.walk() if _random_variable(m)}
            if tied - {node.first.base}:
                for letter in tied | {node.first.base}:
                    self._hold(letter, node.line)
            return
        if isinstance(node, A.Chain) and len(node.links) == 1 and node.links[0].relation == "=" \
                and all(_bare_distribution(m) for m in (node.first, node.links[0].rhs)):
            # "Suppose $P = Q$.": the two are one distribution for the rest of the section,
            # which the vocabulary cannot hold; a refutation about them is unsupported
            for m in (node.first, node.links[0].rhs):
                self._hold(m.base, node.line)
            return
        if not (isinstance(node, A.Chain) and isinstance(node.first, A.Call)
                and node.links[0].relation == "="):
            return
        f, rhs = node.first.func, node.links[0].rhs
        # "p(x) = q(x)", "p(x) = C q(x)" (when equality holds) and "p(x) = 0" are cases that
        # relate the document's distributions, not what p is
        others = {m.base for m in rhs.walk() if isinstance(m, A.Name) and m.base in "pPqQ"
                  and not (m.sub or m.sup or m.accent)}
        if len(f.base) == 1 and not (f.sub or f.sup or f.accent) and not others \
                and not isinstance(rhs, (A.Call, A.Number, A.Name)):
            self._hold(f.base, node.line)

    def _unread_hypothesis(self, start: int, end: int) -> None:
        """A given that could not be read but declares distributions (``P: X \\sim ...``,
        ``X \\sim \\mathrm{Bern}(p)``): record what it is about."""
        text = self.m.masked(start, end)
        for mm in _DECLARES.finditer(text):
            letter = mm.group(1) or mm.group(2)
            at = mm.start(1) if mm.group(1) else mm.start(2)
            self._hold(letter, self.m.pos(start + at)[0])
        for mm in _IN_INTERVAL.finditer(text):  # "$z \in [0, 1]$": a range not read
            self._hold(mm.group(1).lstrip("\\"), self.m.pos(start + mm.start(1))[0])

    def _hold(self, letter: str, line: int) -> None:
        """Record a hypothesis about ``letter`` stated on ``line``: for the rest of its section
        (up to the next heading of its level or above that is not a proof's), else to the end
        of the document (``Y^44-45``: lines 44 to 45)."""
        end = hypothesis_end(self.m.text, line)
        self.doc.hypotheses.setdefault(letter if end is None else f"{letter}^{line}-{end}", line)

    def _scope_premise(self, node: A.Node) -> None:
        """A premise ``A`` in ``A \\implies B``: a step after it on its line that is refuted
        may rest on ``A`` (directly, or through what ``A`` says of a constant named before), so
        it is unsupported, never refuted (``*^7``: every name on line 7)."""
        self.doc.hypotheses.setdefault(f"*^{node.line}", node.line)

    def _readable_links(self, start: int, end: int) -> None:
        """A claimed chain that could not be read as a whole: check the relations between
        neighbouring expressions that can be read (:func:`.statements.readable_links`)."""
        def readable(piece: str) -> bool:
            try:
                parse_math(piece, 1, 1, self.macros)
            except NotationError:
                return False
            return True

        for lo, hi in readable_links(self.m.masked(start, end), readable):
            node = self._parse(start + lo, start + hi)
            if isinstance(node, A.Chain) and len(node.links) == 1:
                self._see(node)
                self._links(node.first, node.links)

    def _see(self, node: A.Node) -> None:
        self.seen |= _names(node)
        self.section_seen |= _names(node)

    def _mentions_definitions(self, *nodes: A.Node) -> bool:
        targets = {(d.target.base, d.target.sub) for d in self.doc.definitions
                   if isinstance(d.target, A.Name)}
        return any((k[0], k[1]) in targets for n in nodes for k in _names(n))

    def _error(self, message: str, node: A.Node) -> None:
        self.doc.errors.append(NotationError(message, node.line, node.column))

    def _links(self, lhs: A.Node, links: tuple[A.Link, ...]) -> A.Node:
        """Queue the steps ``lhs rel1 rhs1 rel2 rhs2 ...``; return the last right side."""
        for link in links:
            if lhs is _BROKEN:
                self._error("not checked: the expression before this relation could not be "
                            "read", link)
            elif not self._mentions_definitions(lhs, link.rhs) and (
                    _fixes_the_policy(lhs, link) or _fixes_the_policy(link.rhs, link, lhs)):
                self.doc.givens.append(A.Chain(lhs, (link,), line=lhs.line, column=lhs.column))
            else:
                self.doc.steps.append(Step(len(self.doc.steps) + 1, lhs, link.relation,
                                           link.rhs, link.line, link.column,
                                           self.notes.get(link.line)))
            lhs = link.rhs
        return lhs

    def _segment(self, chain: _Chain, k: int, node: A.Node, prev: A.Node | None) -> A.Node | None:
        """Read one parsed segment of ``chain``; return the right side the next one continues."""
        if _is_table(node):  # "P = (0.9, 0.1)": a tuple is never a number, only a table
            # what is said of P above this line was said of the P given here
            self.doc.hypotheses.setdefault(node.first.base + "@", node.line)
            self.doc.definitions.append(A.Definition(node.first, node.links[0].rhs,
                                                     line=node.line, column=node.column))
            self._see(node)
            return None
        if chain.role != "context" and len(chain.segments) == 1 and self._names_a_constant(node):
            self.doc.givens.append(node)
            self._see(node)
            return None
        if chain.role != "context" and k == 0:
            intro = self._introduces(node, given=chain.role == "given")
            if intro is not None:
                self.doc.definitions.append(intro[0])
                self._see(node)
                return self._segment(chain, 1, intro[1], None) if intro[1] else intro[0].value
        self._see(node)
        if isinstance(node, A.Definition):
            self.doc.definitions.append(node)
            return node.value
        if chain.role != "claim":
            if not isinstance(node, A.Continuation):
                self.doc.givens.append(node)
                self._hypothesis(node)
                if chain.display and isinstance(node, A.Chain):
                    self.doc.given_displays.append((node.line, node.column))
            # a display that begins with a relation goes on from this given's right side, or
            # from the expression it names ("consider $$E$$ ... $$= E'$$" claims E = E')
            return node.links[-1].rhs if isinstance(node, (A.Chain, A.Continuation)) else node
        if isinstance(node, A.Continuation):
            if prev is None or (k == 0 and not chain.display):
                self._error("this begins with a relation, but there is no chain before it to "
                            "continue", node)
                return _BROKEN
            return self._links(prev, node.links)
        if isinstance(node, A.Chain):
            return self._links(node.first, node.links)
        return node  # an expression alone: the next line continues it

    def finish(self) -> Document:
        self.seen: set[tuple] = set()
        self.section_seen: set[tuple] = set()
        sections = [m.start() for m in _SECTION.finditer(self.m.text)]
        last: A.Node | None = None  # the last right side of the display chain before
        before = "claim"  # the role of the chain before
        unrelated: A.Node | None = None  # rows side by side, unless the next display goes on
        for chain in sorted(self.chains, key=lambda c: c.segments[0][0]):
            if chain.display and unrelated is not None:
                if not _LEADING_REL.match(self.m.masked(*chain.segments[0])):
                    self._unrelated_rows(unrelated)
                unrelated = None
            if chain.consequence and before != "claim":
                # "\\implies B" after a given ("set the derivative to zero: $$0 = ...$$"):
                # B may rest on it, so a refuted step of B is unsupported
                for line in {self.m.pos(at)[0] for seg in chain.segments for at in seg}:
                    self.doc.hypotheses.setdefault(f"*^{line}", line)
            before = chain.role
            if sections and sections[0] < chain.segments[0][0]:
                self.section_seen = set()
                sections = [at for at in sections if at > chain.segments[0][0]]
            prev: A.Node | None = last if chain.display else None
            for k, (start, end) in enumerate(chain.segments):
                try:
                    node = self._parse(start, end)
                except NotationError as exc:
                    if _segment_role(chain, k).role == "claim" \
                            or ":=" in self.m.masked(start, end):
                        self.doc.errors.append(exc)
                        self._readable_links(start, end)
                    else:
                        self._unread_hypothesis(start, end)
                    prev = _BROKEN
                    continue
                prev = self._segment(_segment_role(chain, k), k, node, prev)
                if chain.premise:
                    self._scope_premise(node)
            if chain.display:
                last = prev
                if chain.bare_rows and chain.role == "claim" and not isinstance(
                        prev, (A.Chain, A.Continuation, A.Definition, A.Dot, type(None))) \
                        and len(chain.segments) == 1:
                    unrelated = prev
        if unrelated is not None:
            self._unrelated_rows(unrelated)
        return self.doc

    def _unrelated_rows(self, node: A.Node) -> None:
        """Rows of a display with no relation between them (``a \\\\ b``) that no later
        display continues: nothing is claimed, which is reported where they begin."""
        self._error("unsupported: the rows of this display are side by side with no relation "
                    "between them (is a relation missing?); nothing here is checked", node)


def _segment_role(chain: _Chain, k: int) -> _Chain:
    """A definition display: its first segment is a given, the segments that go on from it
    (``&= ...``) are claims."""
    if chain.role != "definition":
        return chain
    return replace(chain, role="claim" if k > 0 else "given")


def _piece_role(what: str | None, role_: str) -> str:
    """The role of a statement of a line (:mod:`.statements`): a premise or a condition is a
    given; the other pieces keep the role the prose gave the math."""
    return "given" if what in ("premise", "given") else role_


def _is_table(node: A.Node) -> bool:
    """``P = (0.9, 0.1)``: a distribution letter equated to a tuple of plain numbers."""
    return (isinstance(node, A.Chain) and len(node.links) == 1 and node.links[0].relation == "="
            and isinstance(node.first, A.Name) and len(node.first.base) == 1
            and node.first.base.isupper() and isinstance(node.links[0].rhs, A.Tuple)
            and all(isinstance(i, A.Number) for i in node.links[0].rhs.items))


def _fixes_the_policy(side: A.Node, link: A.Link, other: A.Node | None = None) -> bool:
    """Is ``side`` the bare generic policy ``\\pi(y|x)`` equated to something without it?
    (``\\pi^*(y|x) = \\pi(y|x) = ...`` states which policy is optimal: a given, since an
    identity for every policy pi it never is.)"""
    other = link.rhs if other is None else other
    if link.relation != "=" or not (isinstance(side, A.Call) and side.func == A.Name("pi")):
        return False
    if any(isinstance(m, A.Name) and m.accent for m in other.walk()):
        return False  # \\hat{\\pi}(y|x) = \\pi(y|x): a claim about a quantity of its own
    return not any(isinstance(m, (A.Call, A.Name)) and getattr(m, "func", m) == A.Name("pi")
                   for m in other.walk())


__all__ = ["Document", "Step"]
