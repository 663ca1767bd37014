"""The neutral AST that :mod:`derive.notation.parser` builds from this field's LaTeX.

No SymPy here: the nodes are plain frozen dataclasses, so the consumer (``derive.checker``,
``derive.derivation``) decides what each one means.  Every node carries ``line`` and ``column``
(1-based, in the coordinates of the *original document*, not of the snippet that was parsed).
Positions are excluded from equality (``compare=False``), so two trees parsed from differently
placed text compare equal when they have the same structure.

Node set
--------
=====================  =====================================================================
node                   written as
=====================  =====================================================================
``Number(text)``       ``0.9``, ``2``, ``1e-3`` (text kept as written)
``Name``               ``P``, ``\\pi_{ref}`` (base ``pi``, sub ``ref``), ``\\pi^*`` (sup ``*``),
                       ``\\hat{A}_{i,t}`` (accent ``hat``), ``\\mathcal{L}_{DPO}`` (font
                       ``mathcal``), ``\\text{reward}`` (base ``reward``), ``y'`` (sup ``'``)
``Dot()``              ``\\cdot`` used as a placeholder argument: ``\\pi(\\cdot|x)``
``Call(func, args,     ``f(a,b)``, ``\\pi(y|x)`` (args ``(y,)``, given ``(x,)``)
given)``
``BinOp(op, l, r)``    ``+ - * /``; ``\\frac``, implicit multiplication, ``\\cdot``, ``\\times``
``Neg(operand)``       leading ``-``
``Pow(base, exp)``     ``x^2``, ``P(x)^{n}``
``Func(name, args)``   ``\\log`` (``log``), ``\\ln``, ``\\log_2`` (``log2``), ``\\exp`` and
                       ``e^{..}`` (``exp``), ``\\min``/``\\max`` with an argument list,
                       ``\\mathrm{clip}``, ``\\operatorname{sgn}``, ``\\sqrt``
``Binding``            one binder of a sum/product/expectation: ``x``, ``x\\in\\mathcal{X}``,
                       ``i=1`` (with ``upper`` from ``^{G}``), ``x\\sim P``, ``\\pi`` (dist only)
``Sum``/``Prod``       ``\\sum_{...}^{...} body`` (body: the following term)
``Expectation``        ``\\mathbb{E}_{x\\sim P}[f]`` (``hat=True`` for ``\\hat{\\mathbb{E}}``)
``KL(p, q)``           ``D_{KL}(P\\|Q)``, ``\\mathrm{KL}[P, Q]``, ...
``Entropy(args,        ``H(P)``, ``H(P,Q)``, ``H(X|Y)``
given)``
``MutualInfo(a, b,     ``I(X;Y)``, ``I(X;Y|Z)``
given)``
``Preference``         ``p(y_w \\succ y_l | x)`` (``func`` keeps the Name of ``p``)
``Event(rv, value)``   ``X = x`` inside a call: ``p(X = x)``, ``H(X | Y = y)``
``Opt(kind, var,       ``\\arg\\max_\\pi ...`` (kind ``argmax``), ``\\min_{\\pi_\\theta} ...``;
body, domain)``        the body is the rest of its side of the relation
``Derivative(var,      ``\\frac{d}{dz} f``, ``\\frac{\\partial f}{\\partial z}``, ``\\nabla_z f``
operand, kind)``       (kind ``d``, ``partial`` or ``nabla``; the operator applies to the
                       factors written after it, up to the next ``+ - \\cdot /``)
``Abs(operand)``       ``|o_i|``, ``\\left| x \\right|``
``Tuple(items)``       ``(0.9, 0.1)``
``Chain(first,         ``A = B \\le C``; each link is a :class:`Link` (relation, rhs, position
links)``               of the rhs); relations are ``= <= >= < > propto approx !=``
``Continuation``       ``= B \\le C`` (a line beginning with a relation; continues a chain)
``Definition``         ``Z(x) := ...``, ``\\coloneqq``, ``\\triangleq``, ``\\overset{def}{=}``
=====================  =====================================================================

>>> Name("pi", sub="ref") == Name("pi", sub="ref", line=3, column=7)
True
>>> BinOp("*", Number("2"), Name("x")).op
'*'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields

#: relations a :class:`Link` may carry
RELATIONS: tuple[str, ...] = ("=", "<=", ">=", "<", ">", "propto", "approx", "!=")


def _pos() -> int:
    return field(default=1, compare=False, repr=False, kw_only=True)  # type: ignore[return-value]


@functools.cache
def _child_fields(cls: type) -> tuple[str, ...]:
    """The names of ``cls``'s fields that may hold children (not the positions), in order."""
    return tuple(f.name for f in fields(cls) if f.name not in ("line", "column"))


@dataclass(frozen=True)
class Node:
    """Base class of every AST node (positions are keyword-only and not compared)."""

    line: int = _pos()
    column: int = _pos()

    def children(self) -> tuple[Node, ...]:
        """Direct child nodes, in field order.

        >>> [c.base for c in BinOp("+", Name("a"), Name("b")).children()]
        ['a', 'b']
        """
        out: list[Node] = []
        for name in _child_fields(type(self)):
            value = getattr(self, name)
            if isinstance(value, Node):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(v for v in value if isinstance(v, Node))
        return tuple(out)

    def walk(self):  # type: ignore[no-untyped-def]
        """Yield this node and all its descendants (pre-order)."""
        yield self
        for child in self.children():
            yield from child.walk()


@dataclass(frozen=True)
class Number(Node):
    """A decimal literal, text as written (``"0.9"``)."""

    text: str


@dataclass(frozen=True)
class Name(Node):
    """An identifier: base letter/Greek name/word plus optional sub, sup, accent and font."""

    base: str
    sub: str | None = None
    sup: str | None = None
    accent: str | None = None
    font: str | None = None


@dataclass(frozen=True)
class Infinity(Node):
    """``\\infty``: the value +∞ (read only as a whole side, ``D_{KL}(P\\|Q) = \\infty``)."""


@dataclass(frozen=True)
class Dot(Node):
    """``\\cdot`` as a placeholder argument."""


@dataclass(frozen=True)
class Call(Node):
    """Function application ``f(args | given)``."""

    func: Name
    args: tuple[Node, ...]
    given: tuple[Node, ...] = ()


@dataclass(frozen=True)
class BinOp(Node):
    """A binary operation; ``op`` is one of ``+ - * /``."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Neg(Node):
    """Unary minus."""

    operand: Node


@dataclass(frozen=True)
class Pow(Node):
    """``base^{exp}``."""

    base: Node
    exp: Node


@dataclass(frozen=True)
class Func(Node):
    """A named elementary function: ``log``, ``log2``, ``ln``, ``exp``, ``min``, ``clip``, ..."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Binding(Node):
    """One binder under a sum, product or expectation.

    ``var`` may be ``None`` (``\\mathbb{E}_{\\pi}`` binds only a distribution).  ``domain`` comes
    from ``\\in``, ``dist`` from ``\\sim``, ``lower``/``upper`` from ``i=1`` and ``^{G}``,
    ``excluded`` from ``j \\neq i`` (every index but ``i``).
    """

    var: Node | None
    domain: Node | None = None
    dist: Node | None = None
    lower: Node | None = None
    upper: Node | None = None
    excluded: Node | None = None


@dataclass(frozen=True)
class Sum(Node):
    """``\\sum_{bindings} body``."""

    bindings: tuple[Binding, ...]
    body: Node


@dataclass(frozen=True)
class Prod(Node):
    """``\\prod_{bindings} body``."""

    bindings: tuple[Binding, ...]
    body: Node


@dataclass(frozen=True)
class Expectation(Node):
    """``\\mathbb{E}_{bindings}[body]``; ``hat`` for the empirical ``\\hat{\\mathbb{E}}``."""

    bindings: tuple[Binding, ...]
    body: Node
    hat: bool = False


@dataclass(frozen=True)
class KL(Node):
    """``D_{KL}(p \\| q)`` in the order written."""

    p: Node
    q: Node


@dataclass(frozen=True)
class Entropy(Node):
    """``H(args | given)``: one arg is entropy, two are cross/joint entropy (consumer decides)."""

    args: tuple[Node, ...]
    given: tuple[Node, ...] = ()


@dataclass(frozen=True)
class MutualInfo(Node):
    """``I(a; b | given)``."""

    a: Node
    b: Node
    given: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Preference(Node):
    """``p(winner \\succ loser | given)``; ``func`` is the Name of ``p`` (``p``, ``P``, ``p^*``)."""

    func: Name
    winner: Node
    loser: Node
    given: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Event(Node):
    """``X = x`` inside a call (``p(X = x)``, ``H(X | Y = y)``): the random variable ``rv``
    takes the value ``value`` (its outcome variable: ``X = x``)."""

    rv: Name
    value: Name


@dataclass(frozen=True)
class Opt(Node):
    """``kind`` in ``argmin argmax min max``; ``body`` is the rest of its side."""

    kind: str
    var: Node | None
    body: Node
    domain: Node | None = None


@dataclass(frozen=True)
class Limit(Node):
    """``\\lim_{var \\to point} body``: ``point`` is ``oo`` or a numeral, ``direction`` is
    ``+``, ``-`` or ``+-``; ``body`` is the following term, as for a sum."""

    var: Node
    point: str
    direction: str
    body: Node


@dataclass(frozen=True)
class Derivative(Node):
    """``d operand / d var`` (``kind``: ``d``, ``partial`` or ``nabla``, how it was written).

    ``open`` marks an operator applied to juxtaposed factors (``\\frac{d}{dz} f g``) that is not
    enclosed in a group: a ``\\cdot`` or ``/`` after it would be ambiguous.
    """

    var: Node
    operand: Node
    kind: str = "d"
    open: bool = field(default=False, compare=False, repr=False)


@dataclass(frozen=True)
class DiffOperator(Node):
    """A derivative operator still waiting for its operand (parser-internal)."""

    var: Node
    kind: str = "d"


@dataclass(frozen=True)
class Abs(Node):
    """``|operand|``."""

    operand: Node


@dataclass(frozen=True)
class Tuple(Node):
    """``(a, b, ...)``."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Link(Node):
    """One ``relation rhs`` link of a :class:`Chain`; the position is where ``rhs`` begins."""

    relation: str
    rhs: Node


@dataclass(frozen=True)
class Chain(Node):
    """``first rel1 rhs1 rel2 rhs2 ...``."""

    first: Node
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Continuation(Node):
    """``= rhs1 \\le rhs2 ...`` with no left side: it continues the chain before it (a line
    or a Markdown display that begins with a relation)."""

    links: tuple[Link, ...]


@dataclass(frozen=True)
class Definition(Node):
    """``target := value``."""

    target: Node
    value: Node


__all__ = [
    "RELATIONS",
    "Abs",
    "BinOp",
    "Binding",
    "Call",
    "Chain",
    "Continuation",
    "Definition",
    "Derivative",
    "DiffOperator",
    "Dot",
    "Entropy",
    "Event",
    "Expectation",
    "Func",
    "KL",
    "Link",
    "MutualInfo",
    "Name",
    "Neg",
    "Node",
    "Number",
    "Opt",
    "Pow",
    "Preference",
    "Prod",
    "Sum",
    "Tuple",
]
