"""The referee's own statement language: a tiny tree of frozen dataclasses.

It is deliberately separate from SymPy and from derive: the referee evaluates these trees by
brute force (:mod:`referee.referee`), and :func:`referee.bridge.to_derive` translates them into
derive's vocabulary only to ask the kernel. Element variables carry their domain (``"X"`` or
``"Y"``); distributions are applications at element variables:

* ``P(x)``, ``Q(x)`` on X; ``pi(y, x)``, ``pi_ref(y, x)``, ``pi_star(y, x)`` on Y given X;
* ``p(x, y)`` the joint on X × Y and its marginals ``pX(x)``, ``pY(y)``.

>>> x = Var("x", "X")
>>> show(Stmt(KLDiv(Dist("P", (x,)), Dist("Q", (x,)), x), ">=", Const(Fraction(0))))
'KL[x](P(x) || Q(x)) >= 0'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "Fraction", "Node", "Const", "Scalar", "Beta", "Var", "Dist", "Reward", "Partition", "BT",
    "Add", "Mul", "Div", "Pow", "Fn", "MinMax", "Sum", "Expect", "KLDiv", "Ent", "CrossEnt",
    "MutInf", "CondEnt", "Deriv", "TorchKL", "Lim", "DataMean", "Stmt", "Infinity", "RELATIONS",
    "show", "X_", "Y_", "add", "sub", "mul", "neg", "c", "log", "exp",
]

RELATIONS = ("=", "<=", ">=", "<", ">")


class Node:
    """Base of every expression node."""


@dataclass(frozen=True)
class Const(Node):
    value: Fraction


@dataclass(frozen=True)
class Infinity(Node):
    """``+∞`` (``sign = 1``) or ``−∞``: a value where zero masses make a KL infinite."""
    sign: int = 1


@dataclass(frozen=True)
class Scalar(Node):
    """A free real scalar (``z`` or ``h``), any real value."""
    name: str


@dataclass(frozen=True)
class Beta(Node):
    """The KL coefficient β > 0."""


@dataclass(frozen=True)
class Var(Node):
    """An element variable of domain ``dom`` (free unless bound by a sum or a divergence)."""
    name: str
    dom: str


@dataclass(frozen=True)
class Dist(Node):
    name: str
    args: tuple[Var, ...]


@dataclass(frozen=True)
class Reward(Node):
    x: Var
    y: Var


@dataclass(frozen=True)
class Partition(Node):
    """``Z(x) = Σ_y π_ref(y|x) exp(r(x, y)/β)``."""
    x: Var


@dataclass(frozen=True)
class BT(Node):
    """Bradley–Terry ``p(y_w ≻ y_l | x)``."""
    x: Var
    yw: Var
    yl: Var


@dataclass(frozen=True)
class Add(Node):
    terms: tuple[Node, ...]


@dataclass(frozen=True)
class Mul(Node):
    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Div(Node):
    num: Node
    den: Node


@dataclass(frozen=True)
class Pow(Node):
    base: Node
    exp: Node


@dataclass(frozen=True)
class Fn(Node):
    """``log``, ``log2`` (bits), ``exp``, ``abs`` or ``sigmoid`` of ``arg``."""
    name: str
    arg: Node


@dataclass(frozen=True)
class MinMax(Node):
    kind: str  # "min" | "max"
    a: Node
    b: Node


@dataclass(frozen=True)
class Indexed(Node):
    """``r_i``: a group's real value at an index (domain ``G``: any size; ``H``: size ≥ 2)."""
    name: str
    var: Var


@dataclass(frozen=True)
class Size(Node):
    """``G``, the number of indices of a group domain."""
    dom: str


@dataclass(frozen=True)
class Except(Node):
    """``Σ_{var ≠ excluded} body``: every index of the group but one."""
    var: Var
    excluded: Var
    body: Node


@dataclass(frozen=True)
class Sum(Node):
    var: Var
    body: Node


@dataclass(frozen=True)
class Expect(Node):
    """``E_{var ∼ dist}[body]``; ``dist`` is a :class:`Dist` applied at ``var``."""
    var: Var
    dist: Dist
    body: Node


@dataclass(frozen=True)
class KLDiv(Node):
    p: Dist
    q: Dist
    var: Var


@dataclass(frozen=True)
class Ent(Node):
    """Entropy of ``p`` over ``vars`` (one variable, or (x, y) for the joint's H(X, Y))."""
    p: Dist
    vars: tuple[Var, ...]


@dataclass(frozen=True)
class CrossEnt(Node):
    p: Dist
    q: Dist
    var: Var


@dataclass(frozen=True)
class MutInf(Node):
    """``I(X; Y)`` of the joint ``p``."""


@dataclass(frozen=True)
class CondEnt(Node):
    """``H(X | Y)`` (given_axis 1) or ``H(Y | X)`` (given_axis 0) of the joint ``p``."""
    given_axis: int


@dataclass(frozen=True)
class Deriv(Node):
    """``d body / d wrt`` for a free real scalar ``wrt`` (``z`` or ``h``)."""
    body: Node
    wrt: Scalar


@dataclass(frozen=True)
class TorchKL(Node):
    """torch's ``F.kl_div(input, target, reduction, log_target)`` over the dimensions ``vars``
    (the first is the batch): elementwise ``target·(log target − input)``, or
    ``exp(target)·(target − input)`` with ``log_target``; summed, then divided by the number of
    elements (``mean``) or the size of the first dimension (``batchmean``)."""
    input: Node
    target: Node
    log_target: bool
    reduction: str  # "sum" | "mean" | "batchmean"
    vars: tuple[Var, ...]


@dataclass(frozen=True)
class Lim(Node):
    """``lim body`` as ``var`` (β or a scalar) tends to ``point``: ``"oo"`` or ``"0+"``."""
    body: Node
    var: Node  # Beta() or a Scalar
    point: str  # "oo" | "0+"


@dataclass(frozen=True)
class DataMean(Node):
    """The mean of ``body`` over the records of a finite dataset, ``(1/N) Σ_i body(record_i)``:
    ``vars`` are a record's components, ``(x,)`` for prompts or ``(x, y_w, y_l)`` for
    preference pairs (records may repeat; a dataset of one record is allowed)."""
    vars: tuple[Var, ...]
    body: Node


@dataclass(frozen=True)
class Stmt:
    lhs: Node
    rel: str
    rhs: Node


# ------------------------------------------------------------------ small constructors

X_, Y_ = "X", "Y"


def c(v: int | str | Fraction) -> Const:
    return Const(Fraction(v))


def add(*terms: Node) -> Node:
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


def mul(*factors: Node) -> Node:
    return factors[0] if len(factors) == 1 else Mul(tuple(factors))


def neg(a: Node) -> Node:
    return Mul((Const(Fraction(-1)), a))


def sub(a: Node, b: Node) -> Node:
    return Add((a, neg(b)))


def log(a: Node) -> Node:
    return Fn("log", a)


def exp(a: Node) -> Node:
    return Fn("exp", a)


# ------------------------------------------------------------------ text


def _frac(v: Fraction) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    for k in range(1, 61):
        if v == Fraction(1, 10**k):
            return f"1e-{k}"
    return f"({v})"


def show(node: Node | Stmt) -> str:
    """A plain-text rendering of a node or statement."""
    if isinstance(node, Stmt):
        return f"{show(node.lhs)} {node.rel} {show(node.rhs)}"
    if isinstance(node, Const):
        return _frac(node.value)
    if isinstance(node, Scalar):
        return node.name
    if isinstance(node, Infinity):
        return "inf" if node.sign > 0 else "-inf"
    if isinstance(node, Beta):
        return "beta"
    if isinstance(node, Var):
        return node.name
    if isinstance(node, Dist):
        return f"{node.name}({', '.join(v.name for v in node.args)})"
    if isinstance(node, Reward):
        return f"r({node.x.name}, {node.y.name})"
    if isinstance(node, Partition):
        return f"Z({node.x.name})"
    if isinstance(node, BT):
        return f"BT({node.x.name}; {node.yw.name} > {node.yl.name})"
    if isinstance(node, Add):
        return "(" + " + ".join(show(t) for t in node.terms) + ")"
    if isinstance(node, Mul):
        return "*".join(show(f) for f in node.factors)
    if isinstance(node, Div):
        return f"({show(node.num)})/({show(node.den)})"
    if isinstance(node, Pow):
        return f"({show(node.base)})^({show(node.exp)})"
    if isinstance(node, Fn):
        return f"{node.name}({show(node.arg)})"
    if isinstance(node, MinMax):
        return f"{node.kind}({show(node.a)}, {show(node.b)})"
    if isinstance(node, Sum):
        return f"Sum[{node.var.name}]({show(node.body)})"
    if isinstance(node, Indexed):
        return f"{node.name}_{node.var.name}"
    if isinstance(node, Size):
        return f"|{node.dom}|"
    if isinstance(node, Except):
        return f"Sum[{node.var.name}!={node.excluded.name}]({show(node.body)})"
    if isinstance(node, Expect):
        return f"E[{node.var.name}~{show(node.dist)}]({show(node.body)})"
    if isinstance(node, KLDiv):
        return f"KL[{node.var.name}]({show(node.p)} || {show(node.q)})"
    if isinstance(node, Ent):
        return f"H[{','.join(v.name for v in node.vars)}]({show(node.p)})"
    if isinstance(node, CrossEnt):
        return f"CE[{node.var.name}]({show(node.p)}, {show(node.q)})"
    if isinstance(node, MutInf):
        return "I(X;Y)"
    if isinstance(node, CondEnt):
        return "H(X|Y)" if node.given_axis == 1 else "H(Y|X)"
    if isinstance(node, Deriv):
        return f"d/d{node.wrt.name}({show(node.body)})"
    if isinstance(node, Lim):
        return f"lim[{show(node.var)}->{node.point}]({show(node.body)})"
    if isinstance(node, TorchKL):
        flag = ", log_target" if node.log_target else ""
        return (f"kl_div[{','.join(v.name for v in node.vars)}]({show(node.input)}, "
                f"{show(node.target)}, {node.reduction}{flag})")
    if isinstance(node, DataMean):
        return f"Mean[({','.join(v.name for v in node.vars)})~D]({show(node.body)})"
    raise TypeError(f"unknown node {node!r}")
