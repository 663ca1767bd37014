"""What a piece of math in a document is for: a claim to check, a given, or context.

Display chains are claims.  Inline math in prose is context unless the sentence plainly asserts
it (``we have $...$``, ``hence $...$``); after a hypothesis word (``if``, ``suppose``, ``let``,
``assume``, ``where``, ``given``, ``e.g.``...) it is a *given*, never a claim.  The decision
reads the prose of the current sentence before the math (earlier inline math in that sentence
is kept as a placeholder, so ``If $p = q$ then $D(p\\|q) = 0$`` stays a hypothesis).

>>> role("We have ", inline=True), role("If ", inline=True), role("so that ", inline=True)
('claim', 'given', 'claim')
>>> role("For instance, with ", inline=True), role("where\\n", inline=False)
('given', 'given')
>>> role(f"For independent {MATH}, {DISPLAY} and so ", inline=False)
'given'

>>> role(f"where {DISPLAY} hence ", inline=False), role(f"If {DISPLAY} hence ", inline=False)
('claim', 'conditional')

A display that a hypothesis's sentence concludes with ("If $x > 5$, then $$x^2 > 25$$", "Given
$p$, we get $$…$$", "If $x > 5$: $$…$$") is a claim under that hypothesis, ``conditional``:

>>> role(f"If {MATH}, then ", inline=False), role(f"If {MATH}: ", inline=False)
('conditional', 'conditional')
>>> role(f"Suppose {MATH} satisfies: ", inline=False), role(f"If {MATH}, then ", inline=True)
('given', 'given')
>>> role("Let us expand it: ", inline=False), role("Set the derivative to zero: ", inline=False)
('claim', 'given')
"""

from __future__ import annotations

import re

__all__ = ["DISPLAY", "MATH", "clause_unread", "condition_after", "conditional_after",
           "declared_log_base", "defines", "labelled_statement", "role", "sentence_before"]

#: placeholders for an earlier inline formula, and for a display that does not end its sentence
MATH = "\x00"
DISPLAY = "\x01"

# a hypothesis follows: what comes after it in the sentence is conditional (never a claim)
_STRONG = re.compile(
    r"\b(?:if|iff|suppose|supposing|assume|assuming|given|when|whenever|unless|provided"
    r"|such\s+that|whether|throughout|henceforth|assumptions?|hypothes[ie]s)\b", re.I)
# a definition or an example follows: the math after it in the sentence is a given, except
# that an assertion after a *display* it introduced is a claim ("where $$Z = ...$$, hence $$..$$")
_NAMING = re.compile(
    r"\b(?:let(?!\s+us\b|'s\b)|letting|where|e\.?g|example|examples|instance"
    r"|(?<!can\s)(?<!we\s)(?<!to\s)say)\b", re.I)
# weaker: a given unless an assertion follows it in the sentence
_WEAK = re.compile(
    r"\b(?:for(?!\s+(?:all|any|every|each|some)\b)|with|denote|denotes|denoted|define|defines"
    r"|defined|set|consider|write|call)\b", re.I)
_ASSERT = re.compile(
    r"\b(?:we\s+(?:have|get|obtain|find|see|conclude|know)|it\s+follows|follows\s+that"
    r"|hence|thus|therefore|so|gives?|yields?|implies|shows?\s+that|prove\s+that"
    r"|note\s+that|recall\s+that|obtain|becomes|reduces\s+to|equivalently|i\.?e|ie|that\s+is"
    r"|which\s+is|holds?|is\s+equal|results?\s+in|the\s+following"
    # a sentence that opens on its conclusion ("Then $H(P) \\ge \\log 3$.", "In particular,
    # $D \\le 0$.", "By Gibbs, $D \\ge 0$."): the math is asserted, never context
    r"|then|consequently|in\s+particular|clearly|obviously|evidently|accordingly"
    r"|(?:this|which)\s+means|means\s+that|observe\s+that|it\s+is\s+(?:clear|obvious|easy\s+to\s+see)"
    r")\b|\A\s*by\s[^,\x00\x01]{1,60},"
    r"|\A\s*(?:similarly|likewise|moreover|furthermore|additionally|in\s+addition"
    r"|analogously|note)\b", re.I)
#: a universal quantifier ("for all distributions $P, Q$, $D(P\\|Q) \\ge 0$"): the math right
#: after it is its range, and the math after that range and a comma is asserted
_QUANT = re.compile(r"\bfor\s+(?:all|any|every|each)\b", re.I)
_BOUNDARY = re.compile(
    r"[.?!;]\s|[.?!;]$|\x01+\s*\n\s*(?=[A-Z])|\n\s*\n|\\(?:begin|end)\s*\{[^}]*\}|\\item\b|\\(?:sub)*section\*?\s*\{"
    r"|\\(?:paragraph|noindent|par)\b|^#+ |\n#+ ")
#: prose that stops mid-sentence (a word or a comma last, on a line that is neither a heading
#: nor a list item's bare label): a display after a blank line continues that sentence
_UNFINISHED = re.compile(r"(?:^|\n)(?![ \t]*(?:#|[*+-][ \t]))[^\n]*[A-Za-z,]\Z")
_ABBREV = re.compile(r"\b(?:e\.g\.|i\.e\.|eq\.|eqs\.|cf\.|resp\.|fig\.|ex\.)", re.I)


def sentence_before(prose: str) -> str:
    """The part of the current sentence in ``prose`` (which ends where the math begins).

    >>> sentence_before("First sentence. Then, if ")
    'Then, if '
    >>> sentence_before("Assume $P$ and $Q$ given as\\n\\n"), sentence_before("## Proof\\n\\n")
    ('Assume $P$ and $Q$ given as ', '')
    """
    prose = _ABBREV.sub(lambda m: m.group(0).replace(".", " "), prose)
    stripped = prose.rstrip()
    if stripped.endswith(":") or (_UNFINISHED.search(stripped) and "\n" in prose[len(stripped):]):
        # "Set the derivative to zero:" or "... of $X$ as" + blank line + display: the
        # sentence goes on into the display (Markdown needs the blank line before ``$$``)
        prose = stripped + " "
    last = 0
    for m in _BOUNDARY.finditer(prose):
        last = m.end()
    return prose[last:]


def role(fragment: str, inline: bool) -> str:
    """``claim``, ``given`` or ``context`` for math whose sentence so far is ``fragment``."""
    # an aside between dashes ("... identical – with equality only if ... –,") is not the
    # sentence's own condition
    fragment = re.sub(r"\s[–—]\s[^–—]*[–—]", " ", fragment)
    # ... nor is one in parentheses ("(which matters when $P$ and $Q$ differ), we conclude:")
    fragment = re.sub(r"\s\([^()]*\)", " ", fragment)
    strong = [m.end() for m in _STRONG.finditer(fragment)]
    naming = [m.end() for m in _NAMING.finditer(fragment)]
    weak = [m.end() for m in _WEAK.finditer(fragment)]
    asserted = [m.end() for m in _ASSERT.finditer(fragment)]
    cue = max(strong + naming + weak, default=-1)
    quant = [m.end() for m in _QUANT.finditer(fragment)]
    if quant and inline and not strong and not naming and max(quant) > cue and not any(
            a > max(quant) for a in asserted):
        q = max(quant)
        if MATH not in fragment[q:]:
            return "given"  # the range: "for all $z \\ge 0$"
        if re.search(r"\x00[^\x00\x01]*,\s*\Z", fragment[q:]) and not _WEAK.search(
                fragment[q:]):
            return "quantified"  # "for all $P, Q$, $D(P\\|Q) \\ge 0$": a claim if the range
            # is only names (a range such as $z \\ge 0$ is not applied to inline math)
    if weak and not strong and not naming and not inline and _case_of_display(fragment):
        return "conditional"  # "For $\\beta > 0$, $$…$$": the display is claimed under it
    if strong:
        # "If $p=q$ then ..." : a hypothesis on math stays a hypothesis; "if we expand, we get"
        # is a manner of speaking, and an assertion after it makes a claim
        s = max(strong)
        if not inline and _concludes(fragment, s, asserted):
            return "conditional"
        if MATH in fragment[s:] or DISPLAY in fragment[s:] or not any(a > s for a in asserted):
            return "given"
    elif naming and (MATH in fragment[max(naming):]
                     or not any(a > max(naming) for a in asserted)) \
            and not (not inline and _introduces_display(fragment, asserted)):
        return "given"  # "let $Y$ be ..., so $X = x$" stays a given; "where $$Z$$, hence": not
    elif weak and not naming and (DISPLAY in fragment[min(weak):]
                                  or not any(a > cue for a in asserted)):
        return "given"  # "for independent $X, Y$, $$A$$ and so $$B$$": B is under it too
    if asserted or not inline:
        return "claim"
    return "context"


def _case_of_display(fragment: str) -> bool:
    """Does the sentence open a case on math and end, after a comma or colon, with the display
    ("For $\\beta > 0$, ", "With $z > 0$ we have: ", "For any $\\beta>0$,")?

    >>> _case_of_display(f"For {MATH}, "), _case_of_display(f"For {MATH} and {MATH} we have ")
    (True, True)
    >>> _case_of_display(f"for the {MATH} below "), _case_of_display("Consider ")
    (False, False)
    """
    m = re.match(r"\s*(?:for|with)\s+(?:(?:all|any|every|each)\s+)?\x00+"
                 r"(?:\s*(?:,|and)\s*\x00+)*\s*(?:,|:)?\s*(?:we\s+(?:have|get|obtain|find)\s*:?)?\s*\Z",
                 fragment, re.I)
    return bool(m) and bool(re.search(r"[,:]|we\s", fragment[fragment.rfind(MATH):]))


#: the conclusion of a conditional sentence follows ("then", "we get", "hence")
_THEN = re.compile(r"\b(?:then|one\s+(?:has|gets|obtains|finds))\b", re.I)


def _concludes(fragment: str, s: int, asserted: list[int]) -> bool:
    """Does the sentence ``fragment`` state a hypothesis (math after a conditional word ending
    at ``s``) and then announce its conclusion ("If $x > 5$, then", "Given $p$, we get",
    "If $x > 5$:")?  The display it ends with is then claimed under the hypothesis."""
    cue = [m for m in _STRONG.finditer(fragment) if m.end() == s]
    last = max(fragment.rfind(MATH), fragment.rfind(DISPLAY))
    if not cue or last < s:
        return False
    rest = fragment[last + 1:]
    if _THEN.search(rest) or any(a > last for a in asserted):
        return True
    # "If $x > 5$:" (a colon right after the hypothesis): what follows is its consequence;
    # "Suppose $P$ satisfies:" announces more hypothesis instead
    return bool(re.fullmatch(r"\s*:\s*", rest)) and cue[0].group(0).lower() in (
        "if", "when", "whenever", "given")


#: words of a conditional sentence that state no condition of their own
_CLAUSE_WORDS = re.compile(
    r"\b(?:if|suppose|supposing|assume|assuming|given|when|whenever|provided|that|and|both"
    r"|then|we|one|have|has|get|gets|obtain|obtains|find|finds|see|conclude|know|it|follows"
    r"|hence|thus|therefore|so|holds?|is|are|satisfied|true|also|moreover|further|now|in"
    r"|this|case|as|long|for|with|all|any|every|each)\b", re.I)


def clause_unread(clause: str) -> bool:
    """Does the conditional ``clause`` (its math as :data:`MATH`) state a condition in words
    ("If $P$ is uniform, then"), which the checker cannot apply?

    >>> clause_unread(f"If {MATH}, then "), clause_unread(f"If {MATH} is uniform, then ")
    (False, True)
    """
    words = _CLAUSE_WORDS.sub(" ", clause.replace(MATH, " ").replace(DISPLAY, " "))
    return bool(re.search(r"[A-Za-z]{2,}", words))


_DEFINES = re.compile(r"\b(?:(?:is|are)\s+)?(?:defined|define|defines|denoted?|denotes"
                      r"|(?:is|are)\s+given\s+by)\b(?:\s+(?:as|by|to\s+be))?\s*:?\s*\Z", re.I)


def defines(fragment: str) -> bool:
    """Does the sentence end by announcing a definition ("... is defined as")?  Then the first
    relation of the display is the definition (a given) and the lines that go on from it with
    a relation (``&= ...``) are claims about what was defined.

    >>> defines("The mutual information is defined as "), defines("If ")
    (True, False)
    """
    return bool(_DEFINES.search(fragment)) and not _STRONG.search(fragment)


_LABEL = re.compile(r"\A[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\.[ \t]+)?(?:\*\*|__)?"
                    r"(?P<label>[A-Za-z][\w \t'()-]{0,40}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*\Z")


#: a statement's label closed by a full stop ("**Claim.**", "*Theorem 2.*", "Lemma 3.1.")
_STATEMENT_LABEL = re.compile(
    r"\A[ \t]*(?:\*\*|__|\*|_)?(?:claim|theorem|lemma|proposition|corollary|fact|result)"
    r"(?:[ \t]+[\dA-Z][\w.]*)?[ \t]*(?:\([^()]{0,40}\))?[ \t]*[.:](?:\*\*|__|\*|_)?[ \t]*\Z", re.I)


def labelled_statement(line_before: str, line_after: str) -> str | None:
    """Inline math that is the whole statement of a labelled line ("Reverse KL: $D = ...$",
    "- **Gradient**: $... = 0$", "### Claim: $D \\ge 0$") is set out like a display: its role is
    a display's after its label (``None`` when the line is not of that shape).

    >>> labelled_statement("Forward KL: ", ""), labelled_statement("- **Example**: ", ".")
    ('claim', 'given')
    >>> labelled_statement("We know that the KL of $p$ is ", "") is None
    True

    A case's label states the case's hypothesis ("Case 2: $x \\le 5$"), never a claim:

    >>> labelled_statement("**Case 2:** ", ""), labelled_statement("Case (ii): ", "")
    ('given', 'given')

    A stated result closed by a full stop is a claim:

    >>> labelled_statement("**Claim.** ", "."), labelled_statement("Lemma 2 (Gibbs). ", "")
    ('claim', 'claim')
    """
    if not line_after.strip(" \t.,;") and MATH not in line_before \
            and _STATEMENT_LABEL.match(line_before):
        return "claim"  # "**Claim.** $D \\ge 0$", "Theorem 2. $...$": a stated result
    m = _LABEL.match(line_before)
    if not m or line_after.strip(" \t.,;") or MATH in line_before:
        return None
    if re.match(r"\s*(?:sub)?cases?\b", m.group("label"), re.I):
        return "given"
    return role(m.group("label") + " ", inline=False)


def _introduces_display(fragment: str, asserted: list[int]) -> bool:
    """Does the sentence, after its last formula, announce the display as a result ("..., where
    $p_i = e^{r_i}$, which results in the following form:")?

    >>> _introduces_display(f"where {MATH}, which results in the following form: ", [40])
    True
    """
    last = max(fragment.rfind(MATH), fragment.rfind(DISPLAY))
    return last >= 0 and any(a > last for a in asserted) and bool(
        _ANNOUNCES.search(fragment[last:]))


_ANNOUNCES = re.compile(r"\b(?:results?\s+in|the\s+following|we\s+(?:get|obtain|have|find))\b"
                        r"[^.]*:?\s*\Z", re.I)
#: a condition written after the math ("$$D(\pi_\theta\|\pi_{ref}) = 0$$ at the start of
#: training"): the math holds under it, it is not asserted on its own
_CONDITION_AFTER = re.compile(
    r"\A\s*(?:\{#[^}]*\}\s*)?[,;]?\s*(?:at\s+(?:the\s+)?(?:start|beginning|outset|first\b)"
    r"|at\s+initiali[sz]ation|initially\b|when\b|whenever\b|if\b|iff\b|unless\b|provided\b"
    r"|only\s+(?:if|when)\b|in\s+the\s+limit\b|as\s+long\s+as\b)")
# (lower case: "$$A$$\nIf $z > 0$, then ..." begins a new sentence, which is not A's condition)


#: a condition after a display that makes it a claim under the math that follows
#: ("$$x^2 > 25$$ if $x > 5$"); "only if", "if and only if", "unless" do not
_CONDITION_MATH_AFTER = re.compile(
    r"\A\s*(?:\{#[^}]*\}\s*)?[,;]?\s*(?:if(?!\s+and\s+only)|when|whenever"
    r"|provided(?:\s+that)?|as\s+long\s+as)\s*(?:\$|\\\()")


def conditional_after(prose_after: str) -> bool:
    """Is the formula before ``prose_after`` claimed under a condition written after it in
    math ("$$x^2 > 25$$ if $x > 5$")?

    >>> conditional_after(" if $x > 5$."), conditional_after(" if and only if $x > 5$.")
    (True, False)
    """
    return bool(_CONDITION_MATH_AFTER.match(prose_after))


def condition_after(prose_after: str) -> bool:
    """Does the prose right after a formula make it conditional (``at the start of training``,
    ``when``, ``if``...)?  Then the formula is a given, not a claim.

    >>> condition_after(" at the start of training."), condition_after(". Hence")
    (True, False)
    """
    return bool(_CONDITION_AFTER.match(prose_after))


_DECLARED_BITS = re.compile(
    r"log(?:arithm)?s?\b[^.$]{0,60}?\bbase[\s-]*(?:2|two)\b|\bbase[\s-]*(?:2|two)\s+log"
    r"|\bin\s+bits\b|\\log\s*(?:=|\\equiv|:=)\s*\\log_\{?2|\\log\s+(?:denotes|is|means)\s+"
    r"\\log_\{?2", re.I)


#: a sentence that mentions bits or base 2 only to set them aside ("natural logarithms, not
#: bits"; "unlike results in bits"): it declares nothing
_NOT_DECLARING = re.compile(
    r"\b(?:not|never|no|nor|unlike|instead|rather|cannot|without|natural|nats?|ln|except"
    r"|convert|converting|converted)\b|n't\b", re.I)


def declared_log_base(text: str) -> int | None:
    """2 when the document says its logarithms are base 2 (``in bits``, ``log base 2``), in a
    sentence that does not set them aside (``not``, ``unlike``, ``natural``, ``nats``).

    >>> declared_log_base("All logarithms are to base 2."), declared_log_base("natural log")
    (2, None)
    >>> declared_log_base("We use natural logarithms throughout, not logarithms in bits.")
    >>> declared_log_base("The logarithms are not base 2. Entropy is in bits.")
    2
    """
    for m in _DECLARED_BITS.finditer(text):
        start = max(text.rfind(".", 0, m.start()), text.rfind("\n\n", 0, m.start())) + 1
        ends = [i for i in (text.find(".", m.end()), text.find("\n\n", m.end())) if i >= 0]
        if not _NOT_DECLARING.search(text[start:min(ends, default=len(text))]):
            return 2
    return None
