"""Translate a referee statement into derive's SymPy vocabulary (public API only).

The translation builds SymPy objects directly (no strings are parsed): ``P(x)`` becomes
``S.P(S.x)``, ``π(y|x)`` becomes ``S.pi(S.y, S.x)``, ``I(X;Y)`` becomes
``MutualInformation(S.joint(x, y), (x, X), (y, Y))`` and so on. It is the only module of the
referee that imports derive, and it never imports the kernel's numeric or normal-form code.

>>> from referee.nodes import Var, Dist, KLDiv, Stmt, c
>>> x = Var("x", "X")
>>> lhs, rel, rhs = to_derive(Stmt(KLDiv(Dist("P", (x,)), Dist("Q", (x,)), x), ">=", c(0)))
>>> import sympy
>>> sympy.latex(lhs), rel, rhs
('D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)', '>=', 0)
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import (
    KL,
    STANDARD,
    ConditionalEntropy,
    CrossEntropy,
    Entropy,
    Expectation,
    Log2,
    MutualInformation,
    Sigmoid,
    SupportSize,
    SupportSum,
    distribution,
    marginal,
    preference_dataset,
    prompt_dataset,
)
from derive.definitions.group_standard import GROUPS
from derive.definitions.groups import SumExcept
from derive.definitions.limits import LimitOf
from derive.definitions.training_libraries import TorchKLDiv

from .nodes import (
    BT,
    Add,
    Beta,
    CondEnt,
    Const,
    CrossEnt,
    DataMean,
    Deriv,
    Dist,
    Div,
    Ent,
    Except,
    Expect,
    Fn,
    Indexed,
    Infinity,
    KLDiv,
    Lim,
    MinMax,
    Mul,
    MutInf,
    Node,
    Partition,
    Pow,
    Reward,
    Scalar,
    Size,
    Stmt,
    Sum,
    TorchKL,
    Var,
)

__all__ = ["to_derive", "symbol"]

S = STANDARD
_NAMED = {"x": S.x, "y": S.y, "y_w": S.y_w, "y_l": S.y_l}
_SCALARS = {"z": S.z, "h": S.h}


def symbol(v: Var) -> sp.Symbol:
    """The SymPy symbol of an element variable (the standard one when there is one)."""
    return _NAMED.get(v.name) or sp.Symbol(v.name)


_GROUP_DOMAINS = {"G": GROUPS.I, "H": GROUPS.I2}


def _domain(v: Var | str) -> object:
    dom = v if isinstance(v, str) else v.dom
    return _GROUP_DOMAINS.get(dom) or (S.X if dom == "X" else S.Y)


def _binding(v: Var) -> tuple[sp.Symbol, object]:
    return (symbol(v), _domain(v))


def _dist(d: Dist) -> sp.Expr:
    args = [symbol(a) for a in d.args]
    family = {"P": S.P, "Q": S.Q, "pi": S.pi, "pi_ref": S.pi_ref, "pi_star": S.pi_star,
              "p": S.joint}.get(d.name)
    if family is not None:
        return family(*args)
    if d.name in ("P0", "Q0"):  # may have zeros on X
        return distribution(d.name[0], S.X, zeros=True)(*args)
    if d.name == "pX":
        return marginal(S.joint, 0)(*args)
    if d.name == "pY":
        return marginal(S.joint, 1)(*args)
    raise KeyError(d.name)


def _expr(n: Node) -> sp.Expr:  # noqa: C901 - one case per node
    if isinstance(n, Const):
        return sp.Rational(n.value.numerator, n.value.denominator)
    if isinstance(n, Scalar):
        return _SCALARS[n.name]
    if isinstance(n, Infinity):
        return sp.oo if n.sign > 0 else -sp.oo
    if isinstance(n, Beta):
        return S.beta
    if isinstance(n, Var):
        return symbol(n)
    if isinstance(n, Dist):
        return _dist(n)
    if isinstance(n, Reward):
        return S.r(symbol(n.x), symbol(n.y))
    if isinstance(n, Partition):
        return S.Z(symbol(n.x))
    if isinstance(n, Indexed):  # r_i on G (any size) or on H (at least 2)
        return (GROUPS.r if n.var.dom == "G" else GROUPS.r2)(symbol(n.var))
    if isinstance(n, Size):
        return SupportSize(_domain(n.dom))
    if isinstance(n, Except):
        return SumExcept(_expr(n.body), symbol(n.excluded), _binding(n.var))
    if isinstance(n, BT):
        return S.BT(symbol(n.x), symbol(n.yw), symbol(n.yl))
    if isinstance(n, Add):
        return sp.Add(*(_expr(t) for t in n.terms))
    if isinstance(n, Mul):
        return sp.Mul(*(_expr(f) for f in n.factors))
    if isinstance(n, Div):
        return _expr(n.num) / _expr(n.den)
    if isinstance(n, Pow):
        return sp.Pow(_expr(n.base), _expr(n.exp))
    if isinstance(n, Fn):
        fn = {"log": sp.log, "exp": sp.exp, "abs": sp.Abs, "sigmoid": Sigmoid,
              "log2": Log2}[n.name]
        return fn(_expr(n.arg))
    if isinstance(n, MinMax):
        return (sp.Min if n.kind == "min" else sp.Max)(_expr(n.a), _expr(n.b))
    if isinstance(n, Sum):
        return SupportSum(_expr(n.body), _binding(n.var))
    if isinstance(n, Expect):
        return Expectation(_expr(n.body), _dist(n.dist), _binding(n.var))
    if isinstance(n, KLDiv):
        return KL(_dist(n.p), _dist(n.q), _binding(n.var))
    if isinstance(n, CrossEnt):
        return CrossEntropy(_dist(n.p), _dist(n.q), _binding(n.var))
    if isinstance(n, Ent):
        return Entropy(_dist(n.p), *(_binding(v) for v in n.vars))
    if isinstance(n, MutInf):
        return MutualInformation(S.joint(S.x, S.y), (S.x, S.X), (S.y, S.Y))
    if isinstance(n, CondEnt):
        return ConditionalEntropy(S.joint(S.x, S.y), n.given_axis, (S.x, S.X), (S.y, S.Y))
    if isinstance(n, Deriv):
        return sp.Derivative(_expr(n.body), _SCALARS[n.wrt.name])
    if isinstance(n, Lim):
        var = S.beta if isinstance(n.var, Beta) else _SCALARS[n.var.name]
        point, side = (sp.oo, "-") if n.point == "oo" else (sp.Integer(0), "+")
        return LimitOf(_expr(n.body), var, point, side)
    if isinstance(n, TorchKL):
        return TorchKLDiv(_expr(n.input), _expr(n.target), n.log_target, n.reduction,
                          *(_binding(v) for v in n.vars))
    if isinstance(n, DataMean):  # a dataset is a distribution over its records
        shape = tuple(v.dom for v in n.vars)
        data = {("X",): prompt_dataset, ("X", "Y", "Y"): preference_dataset}[shape]()
        return Expectation(_expr(n.body), data(*(symbol(v) for v in n.vars)),
                           *(_binding(v) for v in n.vars))
    raise TypeError(f"cannot translate {n!r}")


def to_derive(stmt: Stmt) -> tuple[sp.Expr, str, sp.Expr]:
    """``(before, relation, after)`` ready for ``derive.kernel.decide``."""
    return _expr(stmt.lhs), stmt.rel, _expr(stmt.rhs)
