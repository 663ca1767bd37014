r"""Which named results a step's justification cites, and whether the assignment permits them.

A step's annotation (``&& \text{by Jensen's inequality}``) *cites a result* when it names one:
a phrase ending in *inequality*, *lemma*, *theorem* or *bound* (``Pinsker's inequality``,
``the log-sum inequality``), or a result known by its name alone (``by Gibbs``, ``AM-GM``).
An assignment that lists ``[[results]]`` permits only those: a step citing any other does not
count, and the feedback names the result.  A result is matched by its first distinctive word
(``Gibbs`` in ``Gibbs' inequality``).

Only what the student *writes* is seen here.  A step the kernel proves with a fact it knows
(``D_{KL}(P\|Q) \ge 0``, Gibbs) without the student naming it is not caught: that needs the
kernel's evidence to name the facts it used (docs/guide.md, "Citing results").

>>> cited("by Jensen's inequality and the definition of H")
["jensen's inequality"]
>>> cited("by gibbs"), cited("by the definition of the KL divergence")
(['gibbs'], [])
>>> permitted("jensen's inequality", ["Gibbs' inequality"])
False
>>> permitted("gibbs", ["Gibbs' inequality"]), permitted("log sum inequality", ["Log-sum"])
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["cited", "permitted", "result_key", "NAMED_ALONE"]

#: words that do not tell one result from another
_GENERIC = {"inequality", "lemma", "theorem", "identity", "rule", "the", "law", "bound", "of",
            "by", "from", "using", "via", "and", "s"}
#: results a justification may name without "inequality"/"lemma"/"theorem"
NAMED_ALONE = ("gibbs", "jensen", "pinsker", "log-sum", "log sum", "am-gm", "cauchy-schwarz",
               "cauchy schwarz", "data processing", "data-processing", "donsker-varadhan",
               "donsker varadhan", "fano", "hoeffding")
_WORD = r"[a-zà-ÿ][a-zà-ÿ'’-]*"
_NAMED = re.compile(
    r"(?:(?:" + _WORD + r"\s+){0,3}?" + _WORD + r"\s+(?:inequality|lemma|theorem|bound))"
    r"|\b(?:" + "|".join(re.escape(n) for n in NAMED_ALONE) + r")\b[’']?s?")
#: leading words of a phrase that are not part of the name
_LEAD = re.compile(r"^(?:(?:by|from|using|via|apply(?:ing)?|with|and|of|follows|it|this|"
                   r"the|a|an|is|which|so|hence|thus)\s+)+")


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("-", " ")
    return [w for w in re.findall(r"[a-zà-ÿ]+", re.sub(r"'s?\b", "", text))
            if w not in _GENERIC]


def result_key(name: str) -> str | None:
    """The word a result is known by: its first distinctive word.

    >>> result_key("Gibbs' inequality"), result_key("the data-processing inequality")
    ('gibbs', 'data')
    """
    words = _words(name)
    return words[0] if words else None


def cited(note: str | None) -> list[str]:
    """The named results an annotation cites, as written (lower case), in order."""
    if not note:
        return []
    text = note.lower().replace("’", "'")
    out = []
    for m in _NAMED.finditer(text):
        phrase = _LEAD.sub("", m.group(0).strip()).strip()
        if result_key(phrase) is not None and phrase not in out:
            out.append(phrase)
    return out


def permitted(citation: str, names: Iterable[str]) -> bool:
    """Is the cited result one of ``names`` (the assignment's list)?"""
    key = result_key(citation)
    return key is not None and any(result_key(n) == key for n in names)
