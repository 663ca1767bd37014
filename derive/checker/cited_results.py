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

#: words that do not tell one result from another, or say which one is meant without naming
#: it (``the previous lemma``, ``an upper bound``)
_GENERIC = {"inequality", "inequalities", "lemma", "theorem", "identity", "rule", "the", "law",
            "bound", "of", "by", "from", "using", "via", "and", "s", "upper", "lower", "tight",
            "trivial", "previous", "above", "below", "following", "last", "first", "second",
            "third", "same", "this", "that", "main", "our", "my", "your", "earlier", "a", "an",
            "one", "standard", "well", "known", "famous", "given", "stated", "simple", "basic",
            "usual", "classical", "general", "weak", "strong", "elementary", "key"}
#: results a justification may name without "inequality"/"lemma"/"theorem"
NAMED_ALONE = ("gibbs", "jensen", "pinsker", "log-sum", "log sum", "am-gm", "cauchy-schwarz",
               "cauchy schwarz", "data processing", "data-processing", "donsker-varadhan",
               "donsker varadhan", "fano", "hoeffding")
_WORD = r"[a-zà-ÿ][a-zà-ÿ'-]*"
_KIND = re.compile(r"\b(?:inequality|inequalities|lemma|theorem|bound)\b")
_ALONE = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in NAMED_ALONE) + r")\b")
#: words that end a result's name, read backwards from "inequality" (``since log is concave,
#: by Jensen's inequality``: the name is ``Jensen's``)
_CUES = {"by", "from", "using", "via", "apply", "applying", "applied", "with", "and", "of",
         "follows", "it", "this", "the", "a", "an", "is", "which", "so", "hence", "thus",
         "since", "as", "to", "in", "on", "for", "we", "use", "get", "see", "that", "then",
         "where", "because", "or", "not", "no"}


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
    """The named results an annotation cites, as written (lower case), one per result.

    >>> cited("since log is concave, by Jensen's inequality"), cited("an upper bound")
    (["jensen's inequality"], [])
    """
    if not note:
        return []
    text = note.lower().replace("’", "'")
    found: list[tuple[int, str]] = []
    for m in _KIND.finditer(text):
        words = re.findall(_WORD, re.split(r"[,;:.()\[\]]", text[:m.start()])[-1])
        name: list[str] = []
        for w in reversed(words):
            if w in _CUES or len(name) == 3:
                break
            name.insert(0, w)
        begin = text.rfind(name[0], 0, m.start()) if name else m.start()
        found.append((begin, " ".join(name + [m.group(0)])))
    found += [(m.start(), m.group(0)) for m in _ALONE.finditer(text)]
    out: dict[str, str] = {}
    for _, _, phrase in sorted((pos, -len(p), p) for pos, p in found):
        key = result_key(phrase)
        if key is not None and not any(result_key(p) == key for p in out.values()):
            out[phrase] = phrase
    return list(out)


def permitted(citation: str, names: Iterable[str]) -> bool:
    """Is the cited result one of ``names`` (the assignment's list)?"""
    key = result_key(citation)
    return key is not None and any(result_key(n) == key for n in names)
