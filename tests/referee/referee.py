"""A brute-force referee: does a statement fail on some small exact instance?

Independence: this module imports neither derive nor SymPy. It walks its own statement trees
(:mod:`referee.nodes`) with mpmath, so a bug in derive's kernel, numeric sampler or normal
forms cannot hide here by being shared.

Semantics: ``A rel B`` claims the relation for every valid instance. The referee enumerates,
for each statement, support sizes 1, 2, 3 for every domain it uses (independently), every
assignment of the free element variables (so coincident and distinct variables both occur),
distributions from a pool of exact rational points per size (uniform, skewed, near-point
masses ``(1 - 10^-6, 10^-6)``, and "same as the other one" so P = Q happens), β from
``(10^-6, 1/10, 1, 3, 10^6)`` and rewards/scalars from ``(0, ±1/2, ±1, ±7, ±50)``. When the
product is larger than the per-size quota, instances are sampled deterministically.

An instance *breaks* the relation only when the verdict is the same at 60 and 120 digits: a
nonzero difference must agree to 6 digits at both precisions; a zero difference (which breaks
``<`` and ``>``) must be below the rounding level ``mag·10^-(dps-15)`` at both (``mag`` is the
largest summand met at the linear top level, so cancellation is accounted for), and is never
trusted on an instance with an exponential beyond ``e^±100`` (``1 + e^-200`` rounds to 1, so a
true gap could vanish). Undefined values (log of a non-positive number, division by zero) never
count.

Limitation: supports have at most 3 points, so a statement false only on larger supports
(``H(P) ≤ 2.5`` needs ≥ 13 points) shows no counterexample here; generators label those from
their known truth.

>>> from referee.nodes import Var, Dist, KLDiv, Stmt, c
>>> x = Var("x", "X")
>>> kl = KLDiv(Dist("P", (x,)), Dist("Q", (x,)), x)
>>> judge(Stmt(kl, ">=", c(0)))[0]
'no_counterexample'
>>> judge(Stmt(kl, ">", c(0)))[0]
'false'
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath

from .datasets import dataset_pool
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
    show,
)
from .zero_masses import ZERO_DISTS, ZERO_PARTNER, ZERO_POOL, extended_sign, is_extended, xlogy

__all__ = ["judge", "Undefined", "Instance", "signature", "instances", "evaluate", "DEFAULT_CAP"]

DEFAULT_CAP = 240
GROUP_SIZES = {"H": (2, 3)}
F = Fraction
E6 = F(1, 10**6)
BETAS = (E6, F(1, 10), F(1), F(3), F(10**6))
REALS = (F(0), F(1), F(-1), F(1, 2), F(-1, 2), F(7), F(-7), F(50), F(-50))
DIST_POOL: dict[int, list[tuple[Fraction, ...]]] = {
    1: [(F(1),)],
    2: [(F(1, 2), F(1, 2)), (F(9, 10), F(1, 10)), (F(1, 10), F(9, 10)), (1 - E6, E6),
        (F(1, 3), F(2, 3))],
    3: [(F(1, 3),) * 3, (F(1, 2), F(1, 4), F(1, 4)), (F(1, 10), F(3, 10), F(3, 5)),
        (1 - 2 * E6, E6, E6), (F(7, 10), F(1, 5), F(1, 10))],
}
SAME = "same"  # pool token: take the partner distribution's values (P = Q, π = π_ref)
PARTNER = {"Q": "P", "pi_ref": "pi", **ZERO_PARTNER}


class Undefined(ArithmeticError):
    """The statement has no value on this instance."""


def _joint_pool(nx: int, ny: int) -> list[tuple[Fraction, ...]]:
    m = nx * ny
    pool = [tuple(F(1, m) for _ in range(m))]
    w = [F(k + 1) for k in range(m)]
    pool.append(tuple(v / sum(w) for v in w))
    pool.append(tuple([1 - (m - 1) * E6] + [E6] * (m - 1)) if m > 1 else (F(1),))
    a, b = DIST_POOL[nx][-1], DIST_POOL[ny][1 if ny > 1 else 0]
    pool.append(tuple(a[i] * b[j] for i in range(nx) for j in range(ny)))  # independent
    if min(nx, ny) > 1:  # correlated: mass on the diagonal
        d = [F(4) if i == j else F(1) for i in range(nx) for j in range(ny)]
        pool.append(tuple(v / sum(d) for v in d))
    return list(dict.fromkeys(pool))


@dataclass(frozen=True)
class Signature:
    dists: frozenset[str]
    domains: frozenset[str]
    free: tuple[Var, ...]
    scalars: tuple[str, ...]
    reward: bool
    beta: bool
    #: indexed families (r_i) and the group domain each lives on
    indexed: tuple[tuple[str, str], ...] = ()
    records: tuple[str, ...] = ()  # a dataset's record shape (DataMean), e.g. ("X", "Y", "Y")


def signature(stmt: Stmt) -> Signature:
    """What an instance of ``stmt`` must give values to."""
    dists: set[str] = set()
    doms: set[str] = set()
    free: dict[Var, None] = {}
    scalars: set[str] = set()
    indexed: dict[str, str] = {}
    flags = {"reward": False, "beta": False}
    shapes: set[tuple[str, ...]] = set()

    def var(v: Var, bound: frozenset[Var]) -> None:
        doms.add(v.dom)
        if v not in bound:
            free[v] = None

    def walk(n: Node, bound: frozenset[Var]) -> None:
        if isinstance(n, Scalar):
            scalars.add(n.name)
        elif isinstance(n, Beta):
            flags["beta"] = True
        elif isinstance(n, Var):
            var(n, bound)
        elif isinstance(n, Dist):
            name = {"pX": "p", "pY": "p"}.get(n.name, n.name)
            if name == "pi_star":
                dists.add("pi_ref")
                flags["reward"] = flags["beta"] = True
                doms.update("XY")
            else:
                dists.add(name)
            for a in n.args:
                var(a, bound)
            if name == "p":
                doms.update("XY")
        elif isinstance(n, Reward):
            flags["reward"] = True
            var(n.x, bound)
            var(n.y, bound)
        elif isinstance(n, Indexed):
            indexed[n.name] = n.var.dom
            var(n.var, bound)
        elif isinstance(n, Size):
            doms.add(n.dom)
        elif isinstance(n, Except):
            doms.add(n.var.dom)
            var(n.excluded, bound)
            walk(n.body, bound | {n.var})
        elif isinstance(n, Partition):
            dists.add("pi_ref")
            flags["reward"] = flags["beta"] = True
            doms.add("Y")
            var(n.x, bound)
        elif isinstance(n, BT):
            flags["reward"] = True
            for v in (n.x, n.yw, n.yl):
                var(v, bound)
        elif isinstance(n, (MutInf, CondEnt)):
            dists.add("p")
            doms.update("XY")
        elif isinstance(n, (Sum, Expect, KLDiv, CrossEnt)):
            doms.add(n.var.dom)
            inner = bound | {n.var}
            for part in (getattr(n, a) for a in ("dist", "body", "p", "q") if hasattr(n, a)):
                walk(part, inner)
        elif isinstance(n, Ent):
            doms.update(v.dom for v in n.vars)
            walk(n.p, bound | set(n.vars))
        elif isinstance(n, TorchKL):
            doms.update(v.dom for v in n.vars)
            walk(n.input, bound | set(n.vars))
            walk(n.target, bound | set(n.vars))
        elif isinstance(n, DataMean):  # one dataset per statement: its records' shape
            shapes.add(tuple(v.dom for v in n.vars))
            doms.update(v.dom for v in n.vars)
            walk(n.body, bound | set(n.vars))
        else:
            for part in getattr(n, "__dict__", {}).values():
                for sub in part if isinstance(part, tuple) else (part,):
                    if isinstance(sub, Node):
                        walk(sub, bound)

    walk(stmt.lhs, frozenset())
    walk(stmt.rhs, frozenset())
    if flags["reward"]:
        doms.update("XY")
    if dists & {"pi", "pi_ref"}:
        doms.update("XY")
    if len(shapes) > 1:
        raise ValueError("a statement uses one dataset")
    return Signature(frozenset(dists), frozenset(doms), tuple(free), tuple(sorted(scalars)),
                     flags["reward"], flags["beta"], tuple(sorted(indexed.items())),
                     next(iter(shapes), ()))


@dataclass
class Instance:
    """Exact values for every object of a statement."""
    sizes: dict[str, int]
    elems: dict[str, int] = field(default_factory=dict)
    dists: dict[str, Any] = field(default_factory=dict)  # tuple, or tuple of rows
    reward: tuple[tuple[Fraction, ...], ...] = ()
    beta: Fraction = F(1)
    scalars: dict[str, Fraction] = field(default_factory=dict)
    indexed: dict[str, tuple[Fraction, ...]] = field(default_factory=dict)
    data: tuple[tuple[int, ...], ...] = ()  # the dataset's records (DataMean)

    def describe(self) -> dict[str, Any]:
        def txt(v: Any) -> Any:
            return [txt(u) for u in v] if isinstance(v, tuple) else str(v)
        out: dict[str, Any] = {"sizes": dict(self.sizes), "elements": dict(self.elems)}
        out.update({k: txt(v) for k, v in self.dists.items()})
        if self.reward:
            out["r"] = txt(self.reward)
        out["beta"] = str(self.beta)
        out.update({k: str(v) for k, v in self.scalars.items()})
        out.update({k: txt(v) for k, v in self.indexed.items()})
        if self.data:
            out["dataset"] = [list(r) for r in self.data]
        return out


def _factors(sig: Signature, sizes: dict[str, int]) -> list[tuple[str, list[Any]]]:
    nx, ny = sizes.get("X", 1), sizes.get("Y", 1)
    fs: list[tuple[str, list[Any]]] = []
    for v in sig.free:
        fs.append((f"elem:{v.name}", list(range(sizes[v.dom]))))
    for name in sorted(sig.dists):
        extra = [SAME] if PARTNER.get(name) in sig.dists else []
        if name in ("P", "Q"):
            fs.append((f"dist:{name}", DIST_POOL[nx] + extra))
        elif name in ZERO_DISTS:  # may have zeros (zero_masses.py)
            fs.append((f"dist:{name}", ZERO_POOL[nx] + extra))
        elif name == "p":
            fs.append(("dist:p", _joint_pool(nx, ny)))
        else:
            for i in range(nx):
                fs.append((f"row:{name}:{i}", DIST_POOL[ny] + extra))
    if sig.reward:
        for i, j in itertools.product(range(nx), range(ny)):
            fs.append((f"r:{i}:{j}", list(REALS)))
    if sig.beta:
        fs.append(("beta", list(BETAS)))
    for s in sig.scalars:
        fs.append((f"scalar:{s}", list(REALS)))
    for name, dom in sig.indexed:
        for k in range(sizes[dom]):
            fs.append((f"ix:{name}:{k}", list(REALS)))
    if sig.records:
        fs.append(("data:", dataset_pool(sig.records, sizes)))
    return fs


def _build(sizes: dict[str, int], fs: list[tuple[str, list[Any]]], pick: tuple[int, ...]) -> \
        Instance:
    inst = Instance(dict(sizes))
    rows: dict[str, dict[int, Any]] = {}
    rew: dict[tuple[int, int], Fraction] = {}
    ix: dict[str, dict[int, Fraction]] = {}
    for (key, options), k in zip(fs, pick, strict=True):
        val = options[k]
        kind, _, rest = key.partition(":")
        if kind == "elem":
            inst.elems[rest] = val
        elif kind == "dist":
            inst.dists[rest] = val
        elif kind == "row":
            name, i = rest.split(":")
            rows.setdefault(name, {})[int(i)] = val
        elif kind == "r":
            i, j = rest.split(":")
            rew[(int(i), int(j))] = val
        elif kind == "beta":
            inst.beta = val
        elif kind == "ix":
            name, i = rest.split(":")
            ix.setdefault(name, {})[int(i)] = val
        elif kind == "data":
            inst.data = val
        else:
            inst.scalars[rest] = val
    for name, by_row in rows.items():
        inst.dists[name] = tuple(by_row[i] for i in sorted(by_row))
    for name, by_index in ix.items():
        inst.indexed[name] = tuple(by_index[i] for i in sorted(by_index))
    for name, partner in PARTNER.items():  # resolve "same as partner"
        v = inst.dists.get(name)
        if v == SAME:
            inst.dists[name] = inst.dists[partner]
        elif isinstance(v, tuple) and any(row == SAME for row in v):
            inst.dists[name] = tuple(inst.dists[partner][i] if row == SAME else row
                                     for i, row in enumerate(v))
    if rew:
        nx, ny = sizes.get("X", 1), sizes.get("Y", 1)
        inst.reward = tuple(tuple(rew[(i, j)] for j in range(ny)) for i in range(nx))
    return inst


def instances(stmt: Stmt, cap: int = DEFAULT_CAP) -> list[Instance]:
    """At most ``cap`` instances, spread over the support sizes, deterministic per statement."""
    sig = signature(stmt)
    doms = sorted(sig.domains)
    # a group domain H has at least 2 indices (a leave-one-out baseline); others 1 to 3
    combos = [dict(zip(doms, s, strict=True)) for s in itertools.product(
        *[GROUP_SIZES.get(d, (1, 2, 3)) for d in doms])]
    rng = random.Random(hashlib.sha256(show(stmt).encode()).digest())
    plans = []
    for sizes in combos:
        fs = _factors(sig, sizes)
        total = 1
        for _, opts in fs:
            total *= len(opts)
        plans.append((total, sizes, fs))
    plans.sort(key=lambda p: p[0])
    out: list[Instance] = []
    left = cap
    for k, (total, sizes, fs) in enumerate(plans):
        quota = max(1, left // (len(plans) - k))
        lens = [len(o) for _, o in fs]
        if total <= quota:
            picks = list(itertools.product(*(range(n) for n in lens)))
        else:
            seen = {tuple(0 for _ in lens)}
            while len(seen) < quota:
                seen.add(tuple(rng.randrange(n) for n in lens))
            picks = sorted(seen)
        out.extend(_build(sizes, fs, p) for p in picks)
        left -= len(picks)
    return out


# ------------------------------------------------------------------ evaluation


class _Eval:
    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.mag = mpmath.mpf(0)
        self.nonlinear = 0  # > 0 inside log, exp, powers, denominators, min/max, σ
        self.extreme = False  # an exponential beyond e^±100 was met (1 + e^-200 rounds to 1)
        self.moved: dict[str, Any] = {}  # scalars moved off their instance value (derivatives)

    def exp(self, a: Any) -> Any:
        if abs(a) > 100:
            self.extreme = True
        return mpmath.exp(a)

    def inside(self, n: Node, env: dict[str, int]) -> Any:
        """Evaluate ``n`` in a non-linear position: its summands do not set the scale."""
        self.nonlinear += 1
        try:
            return self.ev(n, env)
        finally:
            self.nonlinear -= 1

    def num(self, v: Fraction) -> Any:
        return mpmath.mpf(v.numerator) / v.denominator

    def note(self, v: Any) -> Any:
        a = abs(v)
        if not self.nonlinear and a > self.mag:
            self.mag = a
        return v

    def dist(self, name: str, idx: tuple[int, ...]) -> Any:
        d = self.inst.dists
        if name in ("P", "Q") or name in ZERO_DISTS:
            return self.num(d[name][idx[0]])
        if name in ("pi", "pi_ref"):
            return self.num(d[name][idx[1]][idx[0]])
        if name == "pi_star":
            y, x = idx
            return self.dist("pi_ref", (y, x)) * self.expr(x, y) / self.partition(x)
        ny = self.inst.sizes["Y"]
        joint = d["p"]
        if name == "p":
            return self.num(joint[idx[0] * ny + idx[1]])
        if name == "pX":
            return sum((self.num(joint[idx[0] * ny + j]) for j in range(ny)), mpmath.mpf(0))
        if name == "pY":
            nx = self.inst.sizes["X"]
            return sum((self.num(joint[i * ny + idx[0]]) for i in range(nx)), mpmath.mpf(0))
        raise KeyError(name)

    def beta(self) -> Any:
        """β, or the value a limit in β has moved it to."""
        return self.moved.get("beta", self.num(self.inst.beta))

    def expr(self, x: int, y: int) -> Any:
        return self.exp(self.num(self.inst.reward[x][y]) / self.beta())

    def partition(self, x: int) -> Any:
        ny = self.inst.sizes["Y"]
        return mpmath.fsum(self.dist("pi_ref", (j, x)) * self.expr(x, j) for j in range(ny))

    def log(self, v: Any) -> Any:
        if v <= 0:
            raise Undefined("log of a non-positive number")
        return mpmath.log(v)

    def total(self, terms: list[Any]) -> Any:
        for t in terms:
            self.note(t)
        return self.note(mpmath.fsum(terms))

    def over(self, vars_: tuple[Var, ...], env: dict[str, int]) -> list[dict[str, int]]:
        ranges = [range(self.inst.sizes[v.dom]) for v in vars_]
        return [{**env, **{v.name: i for v, i in zip(vars_, pt, strict=True)}}
                for pt in itertools.product(*ranges)]

    def derivative(self, n: Deriv, env: dict[str, int]) -> Any:
        """``d body/d wrt`` at the instance's value of ``wrt`` by mpmath's numerical differentiation
        (finite differences at raised precision): independent of any symbolic rule. Undefined when
        the body is undefined at a point the difference quotient visits, and when it meets an
        exponential beyond e^±100 (``log(1 + e^-10^6)`` rounds to 0, and so would its slope)."""
        name = n.wrt.name
        extreme, self.extreme = self.extreme, False
        at = self.moved.get(name, self.num(self.inst.scalars[name]))

        def body(v: Any) -> Any:
            saved = self.moved.get(name)
            self.moved[name] = v
            try:
                return self.inside(n.body, env)
            finally:
                if saved is None:
                    self.moved.pop(name)
                else:
                    self.moved[name] = saved
        slope = mpmath.diff(body, at)
        if self.extreme:
            raise Undefined("a derivative next to an exponential beyond e^±100")
        self.extreme = extreme
        return slope

    def limit(self, n: Lim, env: dict[str, int]) -> Any:
        """The limit by brute force: the body at ``10^{±(d+20)}`` and ``10^{±(2d+40)}`` (``d`` the
        working digits), each evaluated with ``3d + 60`` digits so no cancellation hides; the two
        must agree to ``d`` digits, else no limit is seen on this instance (undefined, never
        counted). A value no larger than that disagreement is the limit 0 (``e^{-1/β}`` far out
        is tiny, not positive). Exponentials met inside are expected there and do not mark the
        instance extreme."""
        dps = mpmath.mp.dps
        name = "beta" if isinstance(n.var, Beta) else n.var.name
        extreme, saved = self.extreme, self.moved.get(name)
        values = []
        try:
            for k in (dps + 20, 2 * dps + 40):
                with mpmath.workdps(3 * dps + 60):
                    t = mpmath.mpf(10) ** (k if n.point == "oo" else -k)
                    self.moved[name] = t
                    values.append(self.inside(n.body, env))
        finally:
            if saved is None:
                self.moved.pop(name, None)
            else:
                self.moved[name] = saved
            self.extreme = extreme
        near, far = values
        spread = abs(near - far)
        if spread > mpmath.mpf(10) ** -dps * (1 + abs(far)):
            raise Undefined("the body does not settle: no limit seen")
        return mpmath.mpf(0) if abs(far) <= spread else +far

    def torch_kl(self, n: TorchKL, env: dict[str, int]) -> Any:
        """torch's ``kl_div`` element by element, as ATen writes it: ``xlogy(t, t) − t·i``
        (``xlogy(0, 0) = 0``; a negative target is undefined, torch gives nan) or
        ``exp(t)·(t − i)``; then the reduction's divisor."""
        terms = []
        for e in self.over(n.vars, env):
            t, i = self.ev(n.target, e), self.ev(n.input, e)
            if n.log_target:
                terms.append(self.exp(t) * (t - i))
                continue
            if t < 0:
                raise Undefined("xlogy of a negative target")
            terms.append((t * self.log(t) if t > 0 else mpmath.mpf(0)) - t * i)
        count = 1
        if n.reduction == "batchmean":
            count = self.inst.sizes[n.vars[0].dom]
        elif n.reduction == "mean":
            for v in n.vars:
                count *= self.inst.sizes[v.dom]
        return self.total(terms) / count

    def ev(self, n: Node, env: dict[str, int]) -> Any:  # noqa: C901 - one case per node
        if isinstance(n, Const):
            return self.num(n.value)
        if isinstance(n, Infinity):
            return mpmath.inf if n.sign > 0 else -mpmath.inf
        if isinstance(n, Scalar):
            if n.name in self.moved:
                return self.moved[n.name]
            return self.num(self.inst.scalars[n.name])
        if isinstance(n, Deriv):
            return self.derivative(n, env)
        if isinstance(n, Beta):
            return self.beta()
        if isinstance(n, Lim):
            return self.limit(n, env)
        if isinstance(n, Dist):
            return self.dist(n.name, tuple(env[a.name] for a in n.args))
        if isinstance(n, Reward):
            return self.num(self.inst.reward[env[n.x.name]][env[n.y.name]])
        if isinstance(n, Partition):
            return self.partition(env[n.x.name])
        if isinstance(n, Indexed):
            return self.num(self.inst.indexed[n.name][env[n.var.name]])
        if isinstance(n, Size):
            return mpmath.mpf(self.inst.sizes[n.dom])
        if isinstance(n, Except):
            return self.total([self.ev(n.body, e) for e in self.over((n.var,), env)
                               if e[n.var.name] != env[n.excluded.name]])
        if isinstance(n, BT):
            row = self.inst.reward[env[n.x.name]]
            a, b = self.num(row[env[n.yw.name]]), self.num(row[env[n.yl.name]])
            return 1 / (1 + self.exp(b - a))
        if isinstance(n, Add):
            return self.total([self.ev(t, env) for t in n.terms])
        if isinstance(n, Mul):
            out = mpmath.mpf(1)
            for f in n.factors:
                out *= self.ev(f, env)
            return out
        if isinstance(n, Div):
            den = self.inside(n.den, env)
            if den == 0:
                raise Undefined("division by zero")
            return self.ev(n.num, env) / den
        if isinstance(n, Pow):
            b, e = self.inside(n.base, env), self.inside(n.exp, env)
            integral = isinstance(n.exp, Const) and n.exp.value.denominator == 1
            if (b < 0 and not integral) or (b == 0 and e <= 0):
                raise Undefined("power outside its domain")
            return b ** (int(n.exp.value) if integral and isinstance(n.exp, Const) else e)
        if isinstance(n, Fn):
            a = self.inside(n.arg, env)
            if n.name == "log":
                return self.log(a)
            if n.name == "log2":  # bits: the binary logarithm, mpmath's own base-2 log
                if a <= 0:
                    raise Undefined("log of a non-positive number")
                return mpmath.log(a, 2)
            if n.name == "exp":
                return self.exp(a)
            if n.name == "abs":
                return abs(a)
            if n.name == "sigmoid":
                return 1 / (1 + self.exp(-a))
            raise KeyError(n.name)
        if isinstance(n, MinMax):
            a, b = self.inside(n.a, env), self.inside(n.b, env)
            return min(a, b) if n.kind == "min" else max(a, b)
        if isinstance(n, Sum):
            return self.total([self.ev(n.body, e) for e in self.over((n.var,), env)])
        if isinstance(n, Expect):
            return self.total([self.ev(n.dist, e) * self.ev(n.body, e)
                               for e in self.over((n.var,), env)])
        if isinstance(n, KLDiv):
            terms = []
            for e in self.over((n.var,), env):
                p, q = self.ev(n.p, e), self.ev(n.q, e)
                # 0 log(0/q) = 0, p log(p/0) = +∞ (zero_masses.xlogy); else as before
                terms.append(xlogy(p, p) - xlogy(p, q) if p == 0 or q == 0
                             else p * self.log(p / q))
            return self.total(terms)
        if isinstance(n, CrossEnt):
            return -self.total([xlogy(self.ev(n.p, e), self.ev(n.q, e))
                                for e in self.over((n.var,), env)])
        if isinstance(n, Ent):
            terms = []
            for e in self.over(n.vars, env):
                p = self.ev(n.p, e)
                terms.append(xlogy(p, p))  # 0 log 0 = 0
            return -self.total(terms)
        if isinstance(n, (MutInf, CondEnt)):
            terms = []
            for i, j in itertools.product(range(self.inst.sizes["X"]),
                                          range(self.inst.sizes["Y"])):
                p = self.dist("p", (i, j))
                if isinstance(n, MutInf):
                    ratio = p / (self.dist("pX", (i,)) * self.dist("pY", (j,)))
                else:
                    ratio = p / (self.dist("pY", (j,)) if n.given_axis == 1
                                 else self.dist("pX", (i,)))
                terms.append(p * self.log(ratio))
            s = self.total(terms)
            return s if isinstance(n, MutInf) else -s
        if isinstance(n, TorchKL):
            return self.torch_kl(n, env)
        if isinstance(n, DataMean):  # the plain average over the dataset's records
            records = [{**env, **{v.name: i for v, i in zip(n.vars, rec, strict=True)}}
                       for rec in self.inst.data]
            return self.total([self.ev(n.body, e) for e in records]) / len(records)
        raise TypeError(f"cannot evaluate {n!r}")


def evaluate(stmt: Stmt, inst: Instance, dps: int) -> tuple[Any, Any, Any, bool]:
    """``(lhs, rhs, mag, extreme)`` at ``dps`` digits; raises :class:`Undefined`."""
    with mpmath.workdps(dps):
        ev = _Eval(inst)
        lhs, rhs = ev.ev(stmt.lhs, dict(inst.elems)), ev.ev(stmt.rhs, dict(inst.elems))
        ev.note(lhs)
        ev.note(rhs)
        assert ev.nonlinear == 0
        return lhs, rhs, ev.mag, ev.extreme


def _sign(d: Any, mag: Any, dps: int) -> int:
    """-1, 0 or 1, with anything below the rounding level of ``mag`` taken as 0."""
    if abs(d) <= mag * mpmath.mpf(10) ** (15 - dps):
        return 0
    return 1 if d > 0 else -1


BREAKS = {"=": {-1, 1}, "<=": {1}, ">=": {-1}, "<": {0, 1}, ">": {0, -1}}


def _breaks(stmt: Stmt, inst: Instance) -> dict[str, Any] | None:
    try:
        lo = evaluate(stmt, inst, 60)
    except (Undefined, ZeroDivisionError, ValueError, OverflowError):
        return None
    if is_extended(lo[0], lo[1]):  # a side is ±∞ (zero masses), or ∞ − ∞ was met
        s = extended_sign(lo[0], lo[1])
        if s is None or s not in BREAKS[stmt.rel]:
            return None
        return {"instance": inst.describe(), "lhs": str(lo[0]), "rhs": str(lo[1]),
                "difference": "extended"}
    with mpmath.workdps(60):
        s60 = _sign(lo[0] - lo[1], lo[2], 60)
    if s60 not in BREAKS[stmt.rel] or (s60 == 0 and lo[3]):
        return None  # a zero met next to e^±100 may be a gap lost to rounding
    try:
        hi = evaluate(stmt, inst, 120)
    except (Undefined, ZeroDivisionError, ValueError, OverflowError):
        return None
    with mpmath.workdps(120):
        d120 = hi[0] - hi[1]
        s120 = _sign(d120, hi[2], 120)
        if s120 != s60:
            return None
        if s60 != 0 and abs((lo[0] - lo[1]) - d120) > abs(d120) * mpmath.mpf(10) ** -6:
            return None
    return {"instance": inst.describe(), "lhs": mpmath.nstr(hi[0], 20),
            "rhs": mpmath.nstr(hi[1], 20), "difference": mpmath.nstr(d120, 6)}


def judge(stmt: Stmt, cap: int = DEFAULT_CAP) -> tuple[str, Any]:
    """``("false", witness)`` if some instance breaks ``stmt``, else
    ``("no_counterexample", number_of_instances)``."""
    pool = instances(stmt, cap)
    for inst in pool:
        w = _breaks(stmt, inst)
        if w is not None:
            return "false", w
    return "no_counterexample", len(pool)
