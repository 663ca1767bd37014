r"""Where a hypothesis stops holding inside a section: the blocks a document is set out in.

A hypothesis ("Suppose $x > 5$") holds to the end of its section (:func:`.sections.section_end`)
and never past the end of the block it was stated in:

* a Markdown setext heading (``Title`` over ``=====`` or ``-----``) or a rule (``---``, ``***``);
* a theorem-like block: ``\begin{lemma}`` … ``\end{lemma}``, ``**Lemma 2.**``, ``Theorem (Gibbs).``,
  and a proof (``\begin{proof}`` … ``\end{proof}``, ``*Proof.*`` … ``∎``); a hypothesis stated
  before such a block does not reach into it, one stated in a statement reaches into the proof
  right after it, and one stated in a proof ends with it;
* a case (``Case 1:``, ``**Case (ii).**``): a hypothesis stated in a case ends at the next case;
  one stated before the cases holds in all of them.

>>> hypothesis_end("Suppose $x>5$.\n$$a$$\n\n---\n\n$$b$$", 1)
3
>>> hypothesis_end("Case 1: suppose $x>5$.\n$$a$$\nCase 2: $x<5$.\n$$b$$", 1)
2
>>> hypothesis_end("Suppose $x>5$.\nCase 1: $y>0$.\n$$a$$\nCase 2: $y<0$.\n$$b$$", 1) is None
True
"""

from __future__ import annotations

import re

from .sections import section_end

__all__ = ["hypothesis_end"]

_THEOREMS = (r"theorem|lemma|proposition|corollary|claim|definition|example|remark|exercise"
             r"|problem|fact|observation|conjecture")
_ENV = re.compile(r"\\(begin|end)\s*\{(" + _THEOREMS + r"|proof)\*?\}", re.I)
#: a label at the start of a line: bold, italic or plain with a number or a full stop after it
_OPENER = (r"^[ \t>]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?P<mark>\*\*|__|\*|_|\\textbf\s*\{"
           r"|\\textit\s*\{|\\emph\s*\{|\\paragraph\*?\s*\{|\\noindent\s*\\textbf\s*\{)?[ \t]*")
_LABEL = re.compile(_OPENER + r"(?P<word>" + _THEOREMS + r"|proof|(?:sub)?case)\b"
                    r"(?P<after>[^\n]{0,40})", re.I | re.M)
_NUMBERED = re.compile(r"\A\s*(?:\d[\d.]*|\([^()\n]{1,30}\)|[ivxIVX]+\b|[A-Z]\b|\$)?[^\n]{0,3}?"
                       r"(?:[.:]|\*\*|__|\})")
#: a Markdown rule, or a setext heading's underline
_RULE = re.compile(r"^[ \t]{0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$",
                   re.M)
#: the end of a proof written as a symbol
_QED = re.compile(r"\\qed(?![a-zA-Z])|∎|□|\\blacksquare(?![a-zA-Z])|\\square(?![a-zA-Z])")


def _events(text: str) -> list[tuple[int, str]]:
    """(line, kind) of every block boundary: ``rule``, ``theorem``, ``proof``, ``case`` (the
    line a block begins on) and ``end`` (the line after a block ends)."""
    line_of = _LineOf(text)
    out: list[tuple[int, str]] = []
    for m in _ENV.finditer(text):
        kind = "proof" if m.group(2).lower() == "proof" else "theorem"
        at = line_of(m.start())
        out.append((at + 1, "end") if m.group(1) == "end" else (at, kind))
    for m in _LABEL.finditer(text):
        word = m.group("word").lower()
        if not m.group("mark") and not _NUMBERED.match(m.group("after")):
            continue  # "Proof of the bound follows", "Case analysis shows": prose
        kind = "case" if word.endswith("case") else "proof" if word == "proof" else "theorem"
        out.append((line_of(m.start("word")), kind))
    for m in _RULE.finditer(text):
        at = line_of(m.start())
        above = text[:max(m.start() - 1, 0)].rsplit("\n", 1)[-1] if m.start() else ""
        out.append((at - 1 if above.strip() else at, "rule"))  # a setext heading: its title
    for m in _QED.finditer(text):
        out.append((line_of(m.start()) + 1, "end"))
    return sorted(out)


class _LineOf:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        import bisect

        return bisect.bisect_right(self.starts, offset)


def hypothesis_end(text: str, line: int) -> int | None:
    """The last line a hypothesis stated on ``line`` of ``text`` holds on (``None``: the end of
    the document)."""
    end = section_end(text, line)
    events = [e for e in _events(text) if end is None or e[0] <= end]
    before = [kind for at, kind in events if at <= line]
    # the block the hypothesis is in: the last boundary at or before it
    block = before[-1] if before else None
    in_case = "case" in before[len(before) - _since_block(before):]
    statement = block == "theorem"
    after = [(at, kind) for at, kind in events if at > line]
    for k, (at, kind) in enumerate(after):
        if kind == "case" and not in_case:
            continue  # stated before the cases: it holds in every case
        if kind == "proof" and statement:
            statement = False  # a statement's hypothesis reaches into its proof
            continue
        if kind == "end" and statement and k + 1 < len(after) and after[k + 1][1] == "proof":
            continue  # the end of the statement, and its proof follows
        return at - 1
    return end


def _since_block(kinds: list[str]) -> int:
    """How many of the last ``kinds`` come after the last theorem, proof or rule."""
    n = 0
    for kind in reversed(kinds):
        if kind in ("theorem", "proof", "rule"):
            break
        n += 1
    return n
