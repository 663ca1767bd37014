r"""A display that holds only in a limit stated in words is never judged as an identity.

"As $\beta \to \infty$, $$\pi^* = \pi_{ref}$$", "as $\beta$ grows without bound", "for large
$\beta$", "in the limit of small $\beta$", "when $\beta$ is small", "$$…$$ for large $\beta$.",
a row ``\text{for large } \beta``: each says the relation holds in a limit, which the checker
does not read; the display is unsupported (a written ``\lim`` is read instead).

>>> limit_before("As $\\beta$ grows without bound, "), limit_before("For large $\\beta$ we get ")
(True, True)
>>> limit_before("For large language models we have "), limit_before("As before, ")
(False, False)
>>> limit_after("\n\nfor large $\\beta$."), limit_after(". For large $\\beta$ the rest")
(True, False)
>>> limit_note("for large"), limit_note("for all")
(True, False)
"""

from __future__ import annotations

import re

__all__ = ["limit_after", "limit_before", "limit_note"]

_SIZE = r"(?:large|small|big|tiny|huge|vanishing|infinite|high|low)"
_DEGREE = r"(?:(?:very|sufficiently|arbitrarily|extremely|enough)\s+)?"
#: words that state a limit (without the arrow of math)
_WORDS = (
    r"\$[^$]*(?:\\to\b|\\rightarrow\b|\\downarrow\b|\\uparrow\b|→|\\gg\b|\\ll\b)[^$]*\$"
    r"|\b(?:tends?|goes|going|tending|approach(?:es|ing)?|converg(?:es|ing|e))\s+to\b"
    r"|\b(?:in|at)\s+the\s+(?:\w+[- ])?limit\b|\blimit\s+(?:of|as|where|when)\b"
    r"|\b(?:large|small|high|low)[- ](?:\$[^$]*\$[- ])?(?:temperature[- ])?limit\b"
    r"|\bwithout\s+bound\b|\bindefinitely\b|\basymptotic(?:ally)?\b"
    r"|\b(?:grows?|growing|increases?|increasing|decreases?|decreasing|shrinks?|shrinking"
    r"|becomes?|becoming|gets?|getting)\s+" + _DEGREE + r"(?:" + _SIZE
    + r"|to\s+(?:zero|infinity))\b"
    r"|\$[^$]*\$\s+(?:is\s+)?" + _DEGREE + _SIZE + r"\b"
    r"|\b(?:for|at|with|when)\s+" + _DEGREE + _SIZE + r"\s+(?:enough\s+)?(?:values?\s+of\s+)?\$")
_BEFORE = re.compile(r"\b(?:as|when|while|for)\s+\$[^$]*(?:\\to\b|\\rightarrow\b|\\downarrow\b"
                     r"|\\uparrow\b|→)|" + _WORDS, re.I)
#: a phrase right after the display that opens with a connective and states a limit
_AFTER = re.compile(r"\A\s*(?:\{#[^}]*\}\s*)?[,;]?\s*(?:as|when|while|for|in|at|with"
                    r"|asymptotically)\b", re.I)
_NOTE = re.compile(r"\\to\b|\\rightarrow\b|→|\blimit\b|\btends\b|\bwithout\s+bound\b"
                   r"|\basymptotic|\bfor\s+" + _DEGREE + _SIZE + r"\b|\\gg\b|\\ll\b", re.I)


def limit_before(sentence: str) -> bool:
    """Does the sentence before a display (its own text, inline math as written) state a
    limit the display holds in?"""
    return bool(_BEFORE.search(sentence))


def limit_after(prose_after: str) -> bool:
    """Does the prose right after a display qualify it with a limit ("for large $\\beta$",
    "as $\\beta \\to 0$", "in the limit")?"""
    if not _AFTER.match(prose_after):
        return False
    prose_after = prose_after.lstrip()
    stop = re.search(r"[.?!;](?:\s|\Z)|\n\s*\n", prose_after)
    return bool(_BEFORE.search(prose_after[:stop.start()] if stop else prose_after))


def limit_note(note: str) -> bool:
    """Does a row's note (``\\text{as } \\beta \\to \\infty``, ``\\text{for large } \\beta``)
    state a limit?"""
    return bool(_NOTE.search(note))
