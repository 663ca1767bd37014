r"""A standard symbol the document gives a meaning of its own is not read with the standard one.

The notation reads σ as the logistic function, H as Shannon's entropy, D_KL as the KL
divergence, I as the mutual information, Z(x) as the partition function.  A document may say
otherwise, in an equation or in words:

* an equation in prose or recalled: ``Let $\sigma(z) = \frac{1}{1+e^{z}}$``, ``Recall that
  $\sigma(z) = …$``, ``where $H(P) = \sum_x P(x) \log P(x)$``, ``Let $D_{KL}(P\|Q) = …$`` —
  judged against the standard reading (:func:`prose_meaning`): where they agree nothing
  changes, otherwise the symbol is not read after it;
* words: ``Here $\sigma$ denotes the hyperbolic tangent``, ``Our sigmoid is $\tanh$``, ``$H$
  denotes the negative entropy`` (:func:`meanings_in_words`): unless the words name the
  standard meaning (``$\sigma$ denotes the logistic function``), the symbol is not read after
  them.

A symbol that is not read makes its steps unsupported at their position, never judged with the
meaning the document replaced.

>>> [key for _, key in meanings_in_words("Here $\\sigma$ denotes the hyperbolic tangent.")]
['sigma()']
>>> meanings_in_words("Here $\\sigma$ denotes the logistic function."), meanings_in_words(
...     "$H$ is a concave function of $P$.")
([], [])
>>> [key for _, key in meanings_in_words("Our sigmoid is the function $\\tanh$.")]
['sigma()']
>>> [key for _, key in meanings_in_words("Here $\\sigma$ is the logistic function of $2z$.")]
['sigma()']
>>> meanings_in_words("The arg min over $P$ of $H(P,Q)$ is a point mass."), meanings_in_words(
...     "So $H(P,Q)$ is a point mass at the mode.")
([], [])
"""

from __future__ import annotations

import re
from typing import Any

from ..notation import ast as A
from ..notation.extract import Step

__all__ = ["meanings_in_words", "prose_meaning", "redefines", "unread_key"]

#: the standard symbols, how they are written alone, and the words that name their meaning
_SYMBOLS = {
    "sigma()": (r"\\sigma", r"logistic|sigmoid|expit"),
    "Entropy()": (r"H", r"entropy"),
    "KL()": (r"D_\{?\s*(?:\\(?:mathrm|text|operatorname)\s*\{)?\s*KL\s*\}?\}?|\\mathrm\{KL\}"
             r"|\\operatorname\{KL\}|\\text\{KL\}|KL",
             r"kl(?:\s+divergence)?|kullback|relative\s+entropy"),
    "MutualInfo()": (r"I", r"mutual\s+information"),
    "Z()": (r"Z", r"partition\s+function|normali[sz](?:ing|ation|er)"),
}
#: the words for a symbol's notion, as a subject ("our sigmoid is ...")
_NOTIONS = {"sigma()": r"sigmoid|logistic\s+function", "Entropy()": r"entropy",
            "KL()": r"kl(?:\s+divergence)?|divergence", "MutualInfo()": r"mutual\s+information",
            "Z()": r"partition\s+function|normali[sz]er"}
#: words that change the meaning they qualify ("the negative entropy", "the reverse KL")
_MODIFIED = re.compile(
    r"\b(?:negative|negated|minus|reverse[ds]?|inverse|opposite|modified|scaled|shifted"
    r"|variant|un-?normali[sz]ed|complement(?:ary)?|tanh|hyperbolic|other|different|own"
    r"|instead|rather|not|swapped|squared|log|half|twice|cumulative|survival|arctan|erf"
    r"|probit|softplus|relu|rectifier|step)\b", re.I)
#: a property stated of the symbol, not a meaning ("$H$ is a concave function")
_PROPERTY = re.compile(
    r"\A\s*(?:a|an|the)?\s*(?:strictly\s+|non-?)?(?:concave|convex|positive|negative|bounded"
    r"|continuous|differentiable|monotone|monotonic|increasing|decreasing|smooth|symmetric"
    r"|invariant|finite|zero|maximi[sz]ed|minimi[sz]ed|large|small|nonnegative|well)\b", re.I)
_VERB = (r"\s*(?:here\s+|now\s+|throughout\s+)?(?:denotes|will\s+denote|stands\s+for|means"
         r"|represents|refers\s+to|is\s+defined\s+(?:as|by|to\s+be)|is\s+given\s+by"
         r"|is\s+(?:here|now)|is\s+(?:the|a|an|our))\b")


def _after_math(text: str, end: int) -> str:
    """The rest of the sentence after ``text[:end]``."""
    rest = text[end:end + 200]
    stop = re.search(r"[.?!;](?:\s|\Z)|\n\s*\n", rest)
    return rest[:stop.start()] if stop else rest


#: the words a phrase naming a standard meaning may be made of ("denotes the usual logistic
#: function", "is the Kullback-Leibler divergence of $P$ from $Q$"); any other word, or math
#: other than a single letter, may change the meaning ("the logistic function of $2z$")
_PLAIN = frozenset(
    "the a an usual standard ordinary familiar logistic sigmoid function expit shannon entropy "
    "kl kullback leibler divergence relative mutual information partition normalizing "
    "normalising normalization normalisation normalizer normaliser constant is here now "
    "denotes denote will stands for means represents refers to defined as by given our of "
    "from between and distribution distributions random variable variables in nats "
    "throughout this note document paper".split())


def _standard(key: str, words: str) -> bool:
    """Do ``words`` name the standard meaning of ``key`` (and nothing that changes it)?"""
    if not re.search(_SYMBOLS[key][1], words, re.I) or _MODIFIED.search(words):
        return False
    if any(not re.fullmatch(r"\s*\\?[A-Za-z](?:_\{?\w+\}?)?\s*", m)
           for m in re.findall(r"\$([^$]*)\$", words)):
        return False
    prose = re.sub(r"\$[^$]*\$", " ", words)
    return all(w.lower() in _PLAIN for w in re.findall(r"[A-Za-z]+", prose))


def _object_of_a_phrase(text: str, start: int) -> bool:
    """Is the math at ``start`` the object of a preposition ("of $H(P,Q)$", "over $D$")?"""
    return re.search(r"\b(?:of|over|to|on|in|at|for|from|with|by|than|under|minimi[sz]es"
                     r"|maximi[sz]es)\s*\Z", text[max(0, start - 40):start], re.I) is not None


def meanings_in_words(text: str) -> list[tuple[int, str]]:
    """(offset, symbol key) of each sentence of ``text`` that gives a standard symbol a
    meaning in words other than the standard one."""
    out = []
    for m in re.finditer(r"(?<![\\$])\$([^$]+)\$", text):
        key = next((k for k, (written, _) in _SYMBOLS.items() if re.fullmatch(
            r"\s*(?:" + written + r")\s*(?:\([^()=<>]*\))?\s*", m.group(1))), None)
        if key is None:
            continue
        after = _after_math(text, m.end())
        verb = re.match(_VERB, after, re.I)
        if verb is None or _object_of_a_phrase(text, m.start()):
            continue  # "the arg min over $P$ of $H(P,Q)$ is a point mass": H is not the subject
        if "(" in m.group(1) and re.search(r"\bis\s+an?\b", verb.group(0), re.I):
            continue  # "$H(P,Q)$ is a point mass": a statement about a value, not a meaning
        said = after[verb.start():]
        if _PROPERTY.match(after[verb.end():]) and not re.search(
                r"denotes|stands|means|represents|refers|defined|given", verb.group(0), re.I):
            continue
        if not _standard(key, said):
            out.append((m.start(), key))
    for key, notion in _NOTIONS.items():
        for m in re.finditer(r"\b(?:our|my)\s+(?:" + notion + r")\s+(?:function\s+)?(?:is|will"
                             r"\s+be|denotes|means)\b", text, re.I):
            said = _after_math(text, m.end())
            if not _standard(key, said) or _MODIFIED.search(said):
                out.append((m.start(), key))
    return sorted(out)


def unread_key(tr: Any, node: A.Node) -> str | None:
    """The key under which ``node``'s head is not read (``tr.unreadable``) when the document
    gives it a meaning of its own: ``f()`` of a function ``f(z)``, or the quantity's kind."""
    if isinstance(node, A.Call):
        return tr._key(node.func) + "()"
    if isinstance(node, (A.Entropy, A.KL, A.MutualInfo)):
        return type(node).__name__ + "()"
    return None


def _params(node: A.Node) -> set[tuple] | None:
    """The plain names a head is written with (``σ(z)``: z; ``D(P\\|Q)``: P, Q), or ``None``."""
    if isinstance(node, A.Call):
        args = node.args
    elif isinstance(node, A.Entropy):
        args = node.args + node.given
    elif isinstance(node, A.KL):
        args = (node.p, node.q)
    elif isinstance(node, A.MutualInfo):
        args = (node.a, node.b) + tuple(node.given)
    else:
        return None
    return {(a.base, a.sub) for a in args if isinstance(a, A.Name)}


def redefines(node: Any) -> bool:
    """Is ``node`` an equation that says what a function or a quantity is: ``head = value``
    with the value written in the head's own variables (``σ(z) = …z…``, not ``σ(z) = 3``)?"""
    if not (isinstance(node, A.Chain) and len(node.links) == 1
            and node.links[0].relation == "="):
        return False
    params = _params(node.first)
    return bool(params) and bool(params & {(n.base, n.sub) for n in node.links[0].rhs.walk()
                                           if isinstance(n, A.Name)})


def _named_standard(tr: Any, head: A.Node, sentence: str) -> bool:
    """Does ``sentence`` name the standard meaning of ``head`` ("the relative entropy is
    defined as", "the logistic function")?"""
    key = unread_key(tr, head)
    for word_key in _SYMBOLS:
        if key == word_key or (word_key in ("sigma()", "Z()") and isinstance(head, A.Call)
                               and head.func == A.Name(word_key[:-2])):
            # the sentence announces the equation: the name is enough, unless qualified
            return bool(re.search(_SYMBOLS[word_key][1], sentence, re.I)) \
                and not _MODIFIED.search(sentence)
    return False


def prose_meaning(tr: Any, node: Any, budget: float, judge: Any, sentence: str = "") -> None:
    r"""A given that says what a function or quantity is (``Let $\sigma(z) =
    \frac{1}{1+e^{z}}$``, ``where $H(P) = \sum_x P(x) \log P(x)$``) is not applied as a
    definition.  Where the notation's own reading agrees with it (the document restates the
    standard meaning) nothing changes; otherwise the name is not read after it (a step about it
    is unsupported, never judged with the meaning the document replaced).  An equation that
    cannot be read keeps the standard meaning only where its ``sentence`` names it ("the
    relative entropy is defined as")."""
    if not redefines(node):
        return  # "where $\sigma(z) = 3$": a value at a point, not what the function is
    step = Step(0, node.first, "=", node.links[0].rhs, node.line, node.column)
    try:
        agrees = judge(tr, step, min(budget, 1.0)).verdict in ("proved", "numeric_only")
    except Exception:  # noqa: BLE001 - a given that cannot be judged does not agree
        agrees = _named_standard(tr, node.first, sentence)
    if not agrees:
        tr.unreadable.add(unread_key(tr, node.first))  # the function, not the number
