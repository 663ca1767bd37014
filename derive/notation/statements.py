"""One line of a display may hold several statements: split it before it is read.

Real derivations write ``A \\implies B``, ``A \\iff B``, comma-listed statements
(``0 \\le p(x) \\le 1, \\quad \\sum_x p(x) = 1``) and conditions in words inside the math
(``D(p\\|q) \\ge 0 \\text{ with equality iff } p = q``).  None of these is one chain of
relations, and reading them as one misreads them (or loses the whole line).  This module finds
the pieces, by position in the line, and says what each piece is for:

* ``A \\implies B [\\implies C]``: ``A`` is the premise (a *given*, never refuted; a step after
  it on the same line that is refuted about a letter of ``A`` is unsupported, since it may rest
  on ``A``); ``B``, ``C`` keep the display's role.  A line that *begins* with ``\\implies``
  starts a new chain: what it follows from is the chain before, already checked.
* ``A \\iff B``: neither side is asserted on its own; both are *givens*.
* ``A, B`` where both pieces hold a relation: ``A`` keeps the role, ``B`` is a condition or a
  further hypothesis (``i = j``), a *given*.
* ``A \\quad\\text{and}\\quad B``, ``A, \\text{ hence } B``, ``A \\therefore B`` (a word that
  asserts what follows: and, hence, thus, so, therefore, i.e., which gives...): both pieces
  keep the display's role, and ``B`` starts a new chain.  Read as a note, ``B`` would be
  dropped unchecked and a false conclusion would pass.
* ``\\text{ with equality if and only if }``, ``\\text{if}``, ``\\text{for}``…: the math
  stops there; the rest of the line is a note, never read as math.

The connective itself is blanked (same length), so positions stay those of the document.

>>> line = r"\\sum_x P(x)=1\\implies c=2"
>>> [(line[s:e], role) for s, e, role, _ in split_statements(line)]
[('\\\\sum_x P(x)=1', 'premise'), (' c=2', None)]
>>> [(r"a=b, \\quad i = j"[s:e], role) for s, e, role, _ in split_statements(r"a=b, \\quad i = j")]
[('a=b', None), (' \\\\quad i = j', 'given')]
>>> condition_cut(r"D(p\\|q) \\geq 0 \\text{ with equality if and only if } p = q")
15
"""

from __future__ import annotations

import re

__all__ = ["asserting_connective", "condition_cut", "split_statements", "blank_connectives"]

_IMPLIES = r"\\(?:implies|Rightarrow|Longrightarrow)(?![a-zA-Z])|⇒|⟹"
_IFF = r"\\(?:iff|Leftrightarrow|Longleftrightarrow)(?![a-zA-Z])|⇔|⟺"
#: words inside the math that assert what follows them ("A \\quad\\text{and}\\quad B",
#: "A, \\text{ hence } B", "A \\therefore B"): a second statement, never a note
_CONJ_WORDS = (r"(?:and|hence|thus|so|therefore|consequently|then|i\.\s*e\.?|that\s+is"
               r"|in\s+particular|which\s+(?:gives|yields|means|implies)|giving|yielding"
               r"|we\s+(?:get|have|obtain|find)|and\s+(?:so|hence|thus|therefore|then))")
_CONJ_CORE = (r"(?:\\(?:text|textrm|mbox|textit|mathrm)\s*\{\s*,?\s*" + _CONJ_WORDS
              + r"\s*,?\s*\}|\\therefore(?![a-zA-Z])|∴)(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:!])*")
_CONJ = r",?(?:\s|\\q?quad(?![a-zA-Z])|\\[,;:!])*" + _CONJ_CORE
#: the spacing (and one comma) written before a connective, matched backwards from it
_CONJ_LEAD = re.compile(r"(?:\s|(?:dauq|dauqq)\\|[,;:!]\\)*,?")
_CONNECTIVE = re.compile(rf"(?P<iff>{_IFF})|(?P<imp>{_IMPLIES})")
_RELATION = re.compile(
    r":=|\\coloneqq|\\triangleq|\\equiv|(?<![<>!])=|<|>|[≤≥≈∝≠]|\\(?:le|leq|leqslant|ge|geq"
    r"|geqslant|approx|propto|neq?|simeq|lt|gt)(?![a-zA-Z])")
#: a word note inside the math that states a condition or a reason: the math ends before it
_CONDITION = re.compile(
    r"\\(?:text|textrm|mbox|mathrm|textit)\s*\{\s*(?:with|if|iff|when|whenever|where|for|and"
    r"|since|because|unless|provided|as|by|using|equality|holds|only)\b", re.I)
_OPEN, _CLOSE = "{([", "})]"


def _depths(text: str) -> list[int]:
    """The bracket depth at each character (braces, parentheses, brackets; ``\\{`` and
    ``\\left``/``\\right`` delimiters count as brackets too)."""
    out, depth, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "{}":
            out += [depth, depth]
            i += 2
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        out.append(depth if ch not in _CLOSE else depth + 1)
        i += 1
    return out


def _top_level(text: str, depths: list[int], start: int, end: int) -> bool:
    return all(d == 0 for d in depths[start:end])


def _has_relation(text: str) -> bool:
    depths = _depths(text)
    return any(_top_level(text, depths, m.start(), m.end()) for m in _RELATION.finditer(text))


def condition_cut(text: str) -> int | None:
    """Where a top-level word note that states a condition or reason begins (``\\text{ if }``,
    ``\\text{with equality ...}``), if the math before it holds a relation; else ``None``.

    >>> condition_cut(r"x = 1 \\text{ if } y = 2"), condition_cut(r"\\text{if } y = 2")
    (6, None)
    """
    depths = _depths(text)
    for m in _CONDITION.finditer(text):
        if depths[m.start()] == 0 and _has_relation(text[:m.start()]) \
                and asserting_connective(text, m.start()) is None:
            return m.start()
    return None


def asserting_connective(text: str, at: int) -> int | None:
    """Where the math after an asserting connective at ``at`` begins ("\\text{ and }",
    "\\quad\\text{hence}\\quad", "\\therefore"), when both sides hold a relation and the
    rest states no condition of its own (then the old reading, a note, is kept); else ``None``.

    >>> asserting_connective(r"a = b \\text{ and } c < d", 6)
    19
    >>> asserting_connective(r"a = b \\text{ and } c = d \\text{ iff } e = f", 6) is None
    True
    """
    m = re.compile(_CONJ).match(text, at)
    if m is None or not _has_relation(text[:at]):
        return None
    rest = text[m.end():]
    if not _has_relation(rest) or _CONDITION.search(rest) or re.search(
            r"\\(?:because|therefore|forall)(?![a-zA-Z])|∴", rest):
        return None
    return m.end()


def split_statements(text: str) -> list[tuple[int, int, str | None, bool]]:
    """The statements of one display line: ``(start, end, role, breaks)``, where ``role`` is
    ``premise``, ``given`` or ``None`` (the display's own role), and ``breaks`` says the piece
    starts a new chain rather than continuing the line before.  One piece for a plain line.

    >>> split_statements(r"\\implies H(X,Y)=H(Y)+H(X|Y)")
    [(8, 27, None, True)]
    >>> [p[2] for p in split_statements(r"p=q \\Leftrightarrow D(p\\|q)=0")]
    ['given', 'given']
    """
    depths = _depths(text)
    conj = []
    for m in re.finditer(_CONJ_CORE, text):  # the core first: linear in long runs of spaces
        lead = _CONJ_LEAD.match(text[max(0, m.start() - 200):m.start()][::-1])
        at = m.start() - (lead.end() if lead else 0)
        if depths[m.start()] == 0 and asserting_connective(text, at) is not None:
            conj.append((at, m.end()))
    if not conj:
        return _split_one(text, depths)
    bounds = [0] + [x for span in conj for x in span] + [len(text)]
    pieces = []
    for k in range(0, len(bounds), 2):
        s, e = bounds[k], bounds[k + 1]
        for s2, e2, role, breaks in _split_one(text[s:e], depths[s:e]):
            pieces.append((s + s2, s + e2, role, breaks or k > 0))
    return pieces


def _split_one(text: str, depths: list[int]) -> list[tuple[int, int, str | None, bool]]:
    """One statement's pieces: around ``\\implies``/``\\iff``, then commas."""
    cuts = [m for m in _CONNECTIVE.finditer(text) if depths[m.start()] == 0]
    if cuts:
        iff = any(m.group("iff") for m in cuts)
        bounds = [0] + [x for m in cuts for x in (m.start(), m.end())] + [len(text)]
        pieces = []
        for k in range(0, len(bounds), 2):
            s, e = bounds[k], bounds[k + 1]
            if not text[s:e].strip():
                continue
            if iff:
                role = "given"
            elif k == 0:
                # a premise written first; a line that goes on from the chain before
                # ("&= x \\implies y = z") ends that chain as a claim
                role = None if _LEADING_RELATION.match(text[s:e]) else "premise"
            else:
                role = None
            for k2, (s2, e2, role2, _) in enumerate(_split_commas(text[s:e], depths[s:e])):
                pieces.append((s + s2, s + e2, role2 or role, k > 0 or k2 > 0))
        return pieces
    return _split_commas(text, depths)


_LEADING_RELATION = re.compile(r"\s*(?:\\[,;:!]|\\q?quad(?![a-zA-Z])|\s)*(?:" + _RELATION.pattern
                               + ")")


def _split_commas(text: str, depths: list[int]) -> list[tuple[int, int, str | None, bool]]:
    """``A, B`` with a relation in each piece: two statements, the later ones conditions."""
    commas = [i for i, ch in enumerate(text) if ch == "," and depths[i] == 0
              and not text[max(i - 1, 0)] == "\\"]
    bounds, start = [], 0
    for i in commas:
        if _has_relation(text[start:i]) and _has_relation(text[i + 1:]):
            bounds.append((start, i))
            start = i + 1
    if not bounds:
        return [(0, len(text), None, False)]
    bounds.append((start, len(text)))
    pieces = [(s, e, None if k == 0 or _statement_like(text[s:e]) else "given", k > 0)
              for k, (s, e) in enumerate(bounds)]
    # a last piece that is only "x" after "a = b," is not a statement (the comma ends a list)
    return [p for p in pieces if text[p[0]:p[1]].strip()]


#: the field's quantities: a piece after a comma that holds one states a result of its own
#: ("\\sigma(-z) = 1 - \\sigma(z), \\quad \\sigma(z) \\le \\frac12"), not a condition such as
#: ``i = j``, ``\\beta > 0`` or ``P(x) = 1/n``
_QUANTITY = re.compile(r"\\(?:log|ln|exp|sigma|mathbb\s*\{?\s*E\b|operatorname\s*\{\s*KL"
                       r"|mathrm\s*\{\s*KL)(?![a-zA-Z])|(?<![\\a-zA-Z])(?:H|I)\s*\(|(?<![\\a-zA-Z])D_")


def _statement_like(piece: str) -> bool:
    """Does a piece after a comma state a result of the field (a claim) rather than a
    condition?

    >>> _statement_like(r" \\quad H(P) \\ge 0"), _statement_like(r" i = j")
    (True, False)
    >>> _statement_like(r"P(x)=1/n"), _statement_like(r"\\sum_x p(x) = 1")
    (False, False)
    """
    return bool(_QUANTITY.search(piece))


def blank_connectives(text: str) -> str:
    """``text`` with every top-level connective and separating comma of
    :func:`split_statements` blanked (same length), so each piece reads on its own.

    >>> blank_connectives(r"a=b\\implies c=d")
    'a=b         c=d'
    """
    out = list(text)
    pieces = split_statements(text)
    kept = set()
    for s, e, _, _ in pieces:
        kept.update(range(s, e))
    if len(pieces) > 1:
        for i in range(len(text)):
            if i not in kept and not text[i].isspace():
                out[i] = " "
    return "".join(out)


def readable_links(text: str, readable) -> list[tuple[int, int]]:
    """A chain that could not be read as a whole (``P(i > j) = \\frac{e^{r_i}}{...} =
    \\sigma(r_i - r_j)`` with an unreadable first side): the spans ``a REL b`` of neighbouring
    expressions that ``readable`` accepts, so one bad expression costs only its own steps.
    Empty when every expression, or none, is readable (the trouble is elsewhere).

    >>> readable_links("?? = a = b", lambda piece: "?" not in piece)
    [(4, 10)]
    """
    depths = _depths(text)
    rels = [m for m in _RELATION.finditer(text) if depths[m.start()] == 0]
    if not rels:
        return []
    bounds = [0] + [x for m in rels for x in (m.start(), m.end())] + [len(text)]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    ok = [bool(text[s:e].strip()) and readable(text[s:e]) for s, e in pieces]
    if all(ok) or not any(ok):
        return []
    return [(pieces[k][0], pieces[k + 1][1]) for k in range(len(pieces) - 1)
            if ok[k] and ok[k + 1]]
