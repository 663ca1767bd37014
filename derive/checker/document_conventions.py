"""The conventions of one document that decide what its notation means: which letters are
its distributions and their pmfs (``P`` and ``p``), its joint ``p(x, y)`` and conditionals,
its reward name, its logarithm bases, and the supports its sums range over.  Each either reads
the writing onto the vocabulary or refuses it; nothing here guesses.

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> Translator().expr(parse_math(r"\\log_b x - \\frac{\\log x}{\\log b}"))
0
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from ..definitions import STANDARD as S
from ..definitions import Domain, Probability, distribution, marginal
from ..notation import ast as A
from ..notation import to_latex
from .information_reading import _err

__all__ = ["DocumentConventions"]

_SUB_SIGNS = {"+": "plus", "-": "minus", "/": "over", ",": ","}


#: subscripts that name a distribution of its own (a parameter, a number, a role), not an index
_PARAMETER_SUB = re.compile(r"\d+|theta|phi|psi|omega|eta|old|new|model|data|true|est")


def _own_distribution_name(name: A.Name) -> bool:
    """``p``, ``q`` and ``q_\\theta``, ``p_1``, ``p_{\\text{data}}``: a lowercase name that is a
    distribution wherever the document uses it as one (no power, accent or font; a subscript
    only when it names a parameter, never an index)."""
    return name.base in ("p", "q") and not (name.sup or name.accent or name.font) and (
        name.sub is None or _PARAMETER_SUB.fullmatch(_clean(name.sub)) is not None)


def _clean(text: str | None) -> str:
    """A sub/superscript label as identifier text; ``i+1`` and ``i-1`` stay distinct.

    >>> _clean(r"\\text{ref}"), _clean("i+1"), _clean("i-1"), _clean("i,t")
    ('ref', 'iplus1', 'iminus1', 'i,t')
    """
    text = (text or "").replace("\\text", "").replace("\\mathrm", "").replace("\\", "")
    text = re.sub(r"[+\-/]", lambda m: _SUB_SIGNS[m.group(0)], text)
    return re.sub(r"[^A-Za-z0-9*',]", "", text)


def _label_tokens(text: str | None) -> set[str]:
    """The identifiers a label mentions: ``i,t`` -> {i, t}; ``iplus1`` -> {i}."""
    return set(re.findall(r"[A-Za-z]+", re.sub(r"plus|minus|over", " ", _clean(text))))


def _joint_of_the_information(tr: Any, nodes: list[A.Node]) -> None:
    """In a document that names no distribution P or Q, a lowercase ``p`` beside ``H(X, Y)``,
    ``H(Y|X)``, ``I(X;Y)`` or a joint ``p(x, y)`` (also in a given: "where $$H(X,Y) = -\\sum
    p(x,y)\\log p(x,y)$$") is that joint: ``p(y|x)`` is its conditional, never a distribution
    of its own (which would refute the chain rule)."""
    walked = [m for node in nodes for m in node.walk()]
    if any(isinstance(m, A.Name) and m.base in ("P", "Q") for m in walked):
        return
    calls = [m for m in walked if isinstance(m, A.Call) and m.func == A.Name("p")]
    if calls and any(_of_random_variables(m) or (m in calls and len(m.args) == 2
                                                 and not m.given) for m in walked):
        tr.joint_letters.add("p")


def _of_random_variables(node: A.Node) -> bool:
    """``H(X, Y)``, ``H(Y|X)``, ``I(X;Y)``: an information quantity of two random variables."""
    if isinstance(node, A.Entropy):
        names = node.args + tuple(g.rv if isinstance(g, A.Event) else g for g in node.given)
    elif isinstance(node, A.MutualInfo):
        names = (node.a, node.b) + node.given
    else:
        return False
    return len(names) >= 2 and all(isinstance(n, A.Name) and len(n.base) == 1
                                   and n.base in "XYZUVW" and not n.sub for n in names)


def _note_lowercase_distributions(tr: Any, m: A.Node) -> None:
    """Record ``p``, ``q``, ``q_\\theta`` where the document uses them as distributions (in a KL
    or entropy slot, under ``\\sim``, applied to an outcome): a bare ``q_\\theta`` elsewhere
    in the same document is then that distribution, never a free number
    (``\\mathbb{E}_{q}[\\log \\frac{q}{p}]`` is shorthand for ``q(x)/p(x)``, not read)."""
    if isinstance(m, A.KL):
        heads = [m.p, m.q]
    elif isinstance(m, A.Entropy):
        heads = list(m.args)
    elif isinstance(m, A.Binding):
        heads = [m.dist] if m.dist is not None else []
    elif isinstance(m, A.Call) and all(isinstance(a, (A.Name, A.Dot)) for a in m.args):
        heads = [m.func]  # q(x), q_\\theta(y|x); never p_1 \\, (1 - p_2), a product
    else:
        return
    for head in heads:
        head = head.func if isinstance(head, A.Call) else head
        if isinstance(head, A.Name) and _own_distribution_name(head):
            tr.distribution_names.add(tr._key(head))


class DocumentConventions:
    """Mixin of :class:`~derive.checker.translate.Translator`: the document's conventions."""

    pmf_of: set[str]
    called: set[str]
    distribution_names: set[str]
    joint_letters: set[str]
    log_letter_bases: set[str]
    reward_name: str | None
    unreadable: set[str]

    @classmethod
    def for_document(cls, doc: Any) -> Any:
        """A translator under ``doc``'s log convention (its ``log_base`` and ``bits``), where
        ``p``/``q`` are the pmfs of ``P``/``Q`` if the document names those distributions."""
        tr = cls(getattr(doc, "log_base", None), getattr(doc, "bits", False))
        tr.unreadable |= {f"{b}_{sub}^None|None|None" for b, sub in getattr(doc, "opaque", ())}
        tr.hypotheses = dict(getattr(doc, "hypotheses", {}))
        nodes = [n for st in getattr(doc, "steps", []) for n in (st.lhs, st.rhs)]
        nodes += [d.value for d in getattr(doc, "definitions", [])]
        for node in nodes:
            for m in node.walk():
                slots = (m.p, m.q) if isinstance(m, A.KL) else (
                    m.args if isinstance(m, (A.Entropy, A.Call)) else ())
                for arg in slots:
                    head = arg.func if isinstance(arg, A.Call) else arg
                    if isinstance(head, A.Name) and head.base in ("P", "Q") and head == A.Name(
                            head.base):
                        tr.pmf_of.add(head.base)
                if isinstance(m, A.Call) and m.func == A.Name(m.func.base) and \
                        m.func.base in ("P", "Q"):
                    tr.pmf_of.add(m.func.base)
                if isinstance(m, A.Call) and m.func in (A.Name("p"), A.Name("q")):
                    tr.called.add(m.func.base)
                _note_lowercase_distributions(tr, m)
                if isinstance(m, A.Call) and m.func in (A.Name("p"), A.Name("P")) and \
                        len(m.args) == 2 and not m.given:
                    tr.joint_letters.add(m.func.base)
                if isinstance(m, A.Func) and re.fullmatch(r"log[A-Za-z]", m.name) and \
                        m.name[3:] not in ("e", "x", "y"):
                    tr.log_letter_bases.add(m.name[3:])
        _joint_of_the_information(tr, nodes + list(getattr(doc, "givens", [])))
        tr.pmf_of -= {b.upper() for b in tr.joint_letters}  # P(x, y) is a joint: P(x) a marginal
        tr.note_bare_sums(*nodes, *getattr(doc, "givens", []))  # \sum_i p_i (index_reading)
        return tr


    def _lower_dist(self, node: A.Node) -> type[Probability] | None:
        """Lowercase ``p``/``q`` written as a distribution (in a KL or entropy slot, or
        ``q(x)``): the pmf of ``P``/``Q`` where the document writes those; otherwise ``p`` is
        the marginal p(x) of the document's joint and ``q`` a distribution of its own."""
        if isinstance(node, A.Name) and not (node.sub or node.sup or node.accent or node.font):
            if node.base in ("p", "q") and node.base.upper() in self.pmf_of:
                return distribution(node.base.upper(), S.X)
            if node.base == "p":
                return marginal(S.joint, 0)
            if node.base == "q":
                return distribution("q", S.X, tex="q")
        if isinstance(node, A.Name) and node.sub and _own_distribution_name(node):
            # q_\theta, p_1, p_{\text{data}}: a distribution of its own (a model's, the
            # first of two), never an index (p_i under a sum is read by index_reading)
            return distribution(self._dist_key(node), S.X, tex=to_latex(node))
        return None


    def _joint_reading(self, f: A.Name, args: tuple, given: tuple, n: A.Call) -> Any:
        """``p(x, y)`` the joint, ``p(x)``/``p(y)`` its marginals, ``p(y|x)`` the conditional
        p(x, y)/p(x) where the document writes the joint; without a joint in the document a
        conditional ``p(y|x)`` is a conditional distribution of its own."""
        if not all(isinstance(a, sp.Symbol) for a in args + given):
            return None
        if len(args) == 2 and not given:
            return S.joint(*args)
        if len(args) == 1 and not given:
            dom = self._domain_for(args[0])
            return marginal(S.joint, 0 if dom is S.X else 1)(args[0])
        if len(args) == 1 and len(given) == 1:
            a, g = args[0], given[0]
            da, dg = self._domain_for(a), self._domain_for(g)
            if da is dg:
                raise _err(n, f"{f.base}({a}|{g}) conditions a variable on one of its own support")
            if f.base in self.joint_letters:
                pair = (a, g) if da is S.X else (g, a)
                below = marginal(S.joint, 0 if dg is S.X else 1)(g)
                self._note_denominator(below)
                return S.joint(*pair) / below
            return distribution(f.base, da, given=(dg,), tex=f.base)(a, g)
        return None


    @staticmethod
    def _dist_key(node: A.Name) -> str:
        """A distribution's name with its decorations: ``P_1`` and ``P`` are different."""
        out = node.base + (f"_{_clean(node.sub)}" if node.sub else "")
        out += f"^{_clean(node.sup)}" if node.sup else ""
        out += f"_{node.accent}" if node.accent else ""
        return out + (f"[{node.font}]" if node.font else "")  # \mathcal{P} is not P


    def _log_of_base(self, n: A.Func, base: str) -> sp.Expr:
        """``\\log_2``, ``\\log_{10}``, ``\\log_b``: the log of the base (a base b is a
        positive number other than 1 by the meaning of the notation)."""
        if base.isdigit() and int(base) >= 2:
            return sp.log(int(base))
        if re.fullmatch(r"[A-Za-z]", base) and base not in ("e", "x", "y"):
            self.log_letter_bases.add(base)
            return sp.log(self._log_base_value(base))
        raise _err(n, f"a logarithm to base {base} is not supported")


    @staticmethod
    def _log_base_value(base: str) -> sp.Expr:
        """A logarithm's letter base b is a number above 1 (units of information): read as
        ``1 + (b-1)`` with ``b-1`` positive, the same b wherever the document writes it."""
        return 1 + sp.Symbol(f"{base}-1", positive=True)


    def _one_reward(self, f: A.Name, n: A.Node) -> None:
        """A document reads one reward function: ``r``, ``r_\\phi``, ``r^*``... stand for the
        same S.r only when the document uses no other; two of them are different functions."""
        name = "r" + (f"_{_clean(f.sub)}" if f.sub else "") + (f"^{_clean(f.sup)}" if f.sup
                                                                else "")
        name = f"\\{f.font}{{{name}}}" if f.font else name  # \\mathbf{r} is not r
        if self.reward_name is None:
            self.reward_name = name
        elif name != self.reward_name:
            raise _err(n, f"this document already uses the reward {self.reward_name}; "
                          f"{name} is a different reward, and only one is read per document")


    def _not_indexed(self, b: A.Binding, body: A.Node) -> None:
        """Refuse ``\\sum_i p_i \\log p_i``: a name indexed by the bound variable is a family
        of numbers the vocabulary has no meaning for (never a free number standing in)."""
        if not isinstance(b.var, A.Name) or b.var.sub or b.var.sup or b.lower is not None \
                or b.excluded is not None:  # an indexed sum (index_reading) reads r_i
            return
        for m in body.walk():
            names = [m.func] if isinstance(m, A.Call) else [m]
            for nm in names:
                if isinstance(nm, A.Name) and b.var.base in _label_tokens(nm.sub) | \
                        _label_tokens(nm.sup if nm.sup != "'" else None):
                    raise _err(nm, f"an indexed quantity ({nm.base}_{nm.sub or nm.sup}) under a "
                                   f"sum over {b.var.base} is not supported; write a "
                                   "distribution applied to the variable, e.g. P(x)")


    def _support_of(self, b: A.Binding, var: sp.Symbol, body: sp.Expr) -> Domain:
        """The support a bare ``\\sum_v`` ranges over: the domain of the distribution or
        function the body applies at ``v``; by name for x and y; otherwise unsupported."""
        named = {"X": S.X, "Y": S.Y}
        if isinstance(b.domain, A.Name) and b.domain.base in named and not b.domain.sub:
            return named[b.domain.base]
        found = set()
        for node in sp.preorder_traversal(body):
            doms = getattr(type(node), "domains", None)
            if doms and isinstance(node, sp.Function):
                args = node.args
                for i, dom in enumerate(doms):
                    if i < len(args) and args[i] == var:
                        found.add(dom)
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise _err(b, f"{var} is used on two different supports in this sum")
        if var.name[:1] in ("x", "y"):
            return self._domain_for(var)
        raise _err(b, f"cannot tell which support the sum over {var} ranges over; "
                      f"write \\sum_{{{var}\\in\\mathcal{{X}}}}")

