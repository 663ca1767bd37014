"""Reading information quantities (KL, entropy, cross-entropy, mutual information) onto the
vocabulary, in the document's unit (nats, or bits where the document uses ``\\log_2``), and the
checks that keep a step from silently mixing meanings: a bare ``\\log`` beside bits, or ``H(X)``
of the joint beside another named distribution.

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> Translator(bits=True).expr(parse_math("H(P)")).has(sp.log(2))
True
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions import (
    KL,
    ConditionalEntropy,
    CrossEntropy,
    Entropy,
    EntropyAtEvent,
    MutualInformation,
    marginal,
)
from ..definitions import STANDARD as S
from ..notation import ast as A

__all__ = ["InformationReading", "TranslationError"]


class TranslationError(ValueError):
    """A construct the checker cannot give a standard meaning to (located in the document)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{line}:{column}: {message}")
        self.message, self.line, self.column = message, line, column


def _err(node: A.Node, message: str) -> TranslationError:
    return TranslationError(message, getattr(node, "line", 1), getattr(node, "column", 1))



class InformationReading:
    """Mixin of :class:`~derive.checker.translate.Translator`: information quantities."""

    bits: bool
    log_base: int | None
    tables: dict
    _bare_log: A.Node | None
    _information: A.Node | None
    _rv_quantity: A.Node | None
    _named_dist: A.Node | None

    def _note_distribution(self, fam: Any, node: A.Node) -> None:
        if fam is not S.joint and getattr(fam, "joint", None) is not S.joint:
            self._named_dist = self._named_dist or node
            self._mixed_distributions(node)

    def _mixed_distributions(self, node: A.Node) -> None:
        """``H(X)`` is the entropy of X under the joint p(x, y); a step that also names another
        distribution (``P(x)``) would compare two different distributions: never guessed."""
        if self._rv_quantity is not None and self._named_dist is not None:
            raise _err(node, "H(X)/I(X;Y) are about the random variables of the joint p(x, y), "
                             "and this step also uses another distribution: write p(x), p(x,y) "
                             "for the joint, or H(P) for a named distribution")

    def _unit(self, value: sp.Expr, node: A.Node) -> sp.Expr:
        """An information quantity in the document's unit (bits: divided by log 2)."""
        if not self.bits:
            return value
        self._information = node
        self._mixed_bases()
        return value / sp.log(2)

    def _mixed_bases(self) -> None:
        """In a document that uses ``\\log_2`` without saying that ``\\log`` is base 2, a step
        with both a bare ``\\log`` and H/D/I cannot be read (nats or bits?): never guessed."""
        if self._bare_log is not None and self._information is not None:
            raise _err(self._bare_log, "this document uses \\log_2 (bits) but this \\log has no "
                                       "base: write \\log_2 or \\ln, or say that logs are base 2")

    def _KL(self, n: A.KL) -> sp.Expr:
        self.last_slot_bare = False
        p, v, dom = self.slot(n.p)
        bare = self.last_slot_bare
        q, _, dom2 = self.slot(n.q, v)
        if bare or self.last_slot_bare:
            self.bare_policies.append(n)
        if dom != dom2:
            raise _err(n, "the two distributions of a KL divergence live on different supports")
        return self._unit(KL(p, q, (v, dom)), n)

    def _random_variables(self, nodes: tuple[A.Node, ...]) -> frozenset[str] | None:
        """The random variables named by ``nodes`` (``X``/``Y`` of the joint ``p(x, y)``), or
        ``None`` when none of them is one; a mix of both cannot be given a meaning."""
        names = [a.base if isinstance(a, A.Name) and not (a.sub or a.sup or a.accent)
                 else None for a in nodes]
        rv = [nm in ("X", "Y") and nm not in self.tables for nm in names]
        if not any(rv):
            return None
        self._rv_quantity = self._rv_quantity or nodes[0]
        self._mixed_distributions(nodes[0])
        if not all(rv):
            bad = nodes[rv.index(False)]
            raise _err(bad, "an entropy or mutual information mixes random variables (X, Y) "
                            "with something else")
        return frozenset(names)

    @staticmethod
    def _joint_entropy(rvs: frozenset[str]) -> sp.Expr:
        """``H`` of a set of the random variables X, Y of the joint ``p(x, y)``."""
        x, y = S.x, S.y
        if not rvs:
            return sp.S.Zero
        if rvs == {"X", "Y"}:
            return Entropy(S.joint(x, y), (x, S.X), (y, S.Y))
        axis = 0 if "X" in rvs else 1
        v, dom = (x, S.X) if axis == 0 else (y, S.Y)
        return Entropy(marginal(S.joint, axis)(v), (v, dom))

    def _conditional_entropy(self, target: frozenset[str], given: frozenset[str]) -> sp.Expr:
        """``H(target | given) = H(target \\ given | given)``; zero when nothing is left."""
        target = target - given
        if not target:
            return sp.S.Zero
        if not given:
            return self._joint_entropy(target)
        axis = 1 if given == {"Y"} else 0
        return ConditionalEntropy(S.joint(S.x, S.y), axis, (S.x, S.X), (S.y, S.Y))

    def _Entropy(self, n: A.Entropy) -> sp.Expr:
        return self._unit(self._entropy_nats(n), n)

    def _entropy_nats(self, n: A.Entropy) -> sp.Expr:
        if any(isinstance(g, A.Event) for g in n.given):
            return self._entropy_at_an_event(n)
        rvs = self._random_variables(n.args + n.given)
        if rvs is not None:
            target = self._random_variables(n.args) or frozenset()
            given = self._random_variables(n.given) or frozenset()
            if not n.args:
                raise _err(n, "an entropy needs an argument")
            return self._conditional_entropy(target, given)
        if n.given:
            raise _err(n, "conditional entropy needs random variables X, Y")
        if len(n.args) == 1:
            p, v, dom = self.slot(n.args[0])
            return Entropy(p, (v, dom))
        if len(n.args) == 2:
            p, v, dom = self.slot(n.args[0])
            q, _, _ = self.slot(n.args[1], v)
            return CrossEntropy(p, q, (v, dom))
        raise _err(n, "unsupported entropy")

    def _entropy_at_an_event(self, n: A.Entropy) -> sp.Expr:
        """``H(X | Y = y) = -Σ_x p(x|y) log p(x|y)``: the entropy of X under the joint's
        conditional at the value y (which stays free: ``Σ_y p(y) H(X|Y=y) = H(X|Y)``)."""
        if len(n.args) != 1 or len(n.given) != 1 or not isinstance(n.given[0], A.Event):
            raise _err(n, "an entropy at an event is read only as H(X | Y = y)")
        event = n.given[0]
        target = self._random_variables(n.args)
        if target is None or event.rv.base in target:
            raise _err(n, "an entropy at an event is read only as H(X | Y = y), X and Y the "
                          "random variables of the joint p(x, y)")
        self._random_variables((event.rv,))
        if "X" in target:
            below = marginal(S.joint, 1)(S.y)
            return EntropyAtEvent(S.joint(S.x, S.y) / below, (S.x, S.X))
        below = marginal(S.joint, 0)(S.x)
        return EntropyAtEvent(S.joint(S.x, S.y) / below, (S.y, S.Y))

    def _Event(self, n: A.Event) -> sp.Expr:
        raise _err(n, "an event X = x is read only as the argument of a distribution "
                      "(p(X = x)) or behind the bar of an entropy (H(X | Y = y))")

    def _MutualInfo(self, n: A.MutualInfo) -> sp.Expr:
        return self._unit(self._mutual_information_nats(n), n)

    def _mutual_information_nats(self, n: A.MutualInfo) -> sp.Expr:
        if n.given:
            raise _err(n, "conditional mutual information is not supported")
        a, b = self._random_variables((n.a,)), self._random_variables((n.b,))
        if a is None or b is None:
            bad = n.a if a is None else n.b
            raise _err(bad, "mutual information needs the random variables X, Y")
        if a == b:  # I(X; X) = H(X)
            return self._joint_entropy(a)
        return MutualInformation(S.joint(S.x, S.y), (S.x, S.X), (S.y, S.Y))
