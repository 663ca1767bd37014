"""Numeric evidence: seeded random *valid* instances and fast evaluation on them.

An *instance* gives every primitive object in an expression a value that respects its
domain: distributions are Dirichlet points (on supports of 2, 3, 5 and 8 points, some with
masses near 0), ``β``-like positive symbols range over several magnitudes, rewards and other
reals are free. Instances come in :class:`Batch` es that share support sizes, so one walk of the
expression tree evaluates a whole batch with NumPy (vectorised over samples, never a Python loop
of ``evalf``). Any sample on which float64 could decide a verdict is re-evaluated with mpmath at
50 digits by the same walker (:func:`evaluate_mp`). Seeds derive from the expression, so the same
input always gives the same instances.

The first batch is *nice*: two-point supports, round probabilities (½, 0.9/0.1, …), β ∈ {1, 2, ½},
small integer rewards, so a counterexample is as simple as can be when one exists.

>>> from derive.definitions import STANDARD as S, KL
>>> e = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
>>> batches = sample_batches(signature(e), seed_for(e))
>>> bool((evaluate(e, batches[0]) >= 0).all())
True
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ..definitions import (
    Domain,
    Probability,
    RealFunction,
    SupportSize,
    SupportSum,
    is_primitive_distribution,
    unfold_all,
)

__all__ = [
    "Signature",
    "Batch",
    "Unsupported",
    "signature",
    "sample_batches",
    "evaluate",
    "evaluate_mp",
    "describe_instance",
    "seed_for",
]

NICE_ROWS = {
    2: [(0.5, 0.5), (0.9, 0.1), (0.2, 0.8), (0.7, 0.3), (0.25, 0.75), (0.6, 0.4)],
    3: [(1 / 3, 1 / 3, 1 / 3), (0.5, 0.25, 0.25), (0.1, 0.3, 0.6), (0.2, 0.5, 0.3)],
}
NICE_POSITIVE = [1.0, 2.0, 0.5, 1.0, 10.0, 0.1, 2.0, 0.5]
NICE_REAL = [1.0, 0.0, -1.0, 2.0, -2.0, 0.5, 3.0, -0.5]
#: (support size of summed domains, samples, Dirichlet concentration) for the random batches
RANDOM_CONFIGS = [(2, 16, 1.0), (3, 16, 1.0), (5, 12, 1.0), (8, 12, 0.15)]
MIN_MASS = 1e-12


class Unsupported(Exception):
    """The expression holds something the numeric evaluator cannot instantiate."""


@dataclass
class Signature:
    """What an expression is made of, as far as sampling is concerned."""

    distributions: list[type] = field(default_factory=list)
    functions: list[type] = field(default_factory=list)
    scalars: list[sp.Symbol] = field(default_factory=list)
    support_vars: dict[sp.Symbol, Domain] = field(default_factory=dict)
    summed: set[Domain] = field(default_factory=set)
    domains: set[Domain] = field(default_factory=set)
    intervals: dict[sp.Symbol, tuple[float, float]] = field(default_factory=dict)


def seed_for(*exprs: sp.Basic) -> int:
    """A deterministic seed derived from the expressions' structure."""
    digest = hashlib.sha256("|".join(sp.srepr(e) for e in exprs).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def signature(*exprs: sp.Expr, intervals: dict | None = None) -> Signature:
    """Collect the primitive objects of ``exprs`` (after unfolding every definition)."""
    sig = Signature(intervals=dict(intervals or {}))
    arg_domains: dict[sp.Symbol, Domain] = {}
    free: set[sp.Basic] = set()
    for expr in exprs:
        unfolded = unfold_all(sp.sympify(expr))
        free |= unfolded.free_symbols
        for node in sp.preorder_traversal(unfolded):
            if isinstance(node, SupportSum):
                sig.summed.update(dom for _, dom in node.bindings)
            elif isinstance(node, SupportSize):
                sig.summed.add(node.domain)
            elif isinstance(node, (Probability, RealFunction)):
                fam = type(node)
                if isinstance(node, Probability) and not is_primitive_distribution(node):
                    raise Unsupported(f"undefined distribution {fam.__name__}")
                target = sig.distributions if isinstance(node, Probability) else sig.functions
                if fam not in target:
                    target.append(fam)
                doms = fam.domains + getattr(fam, "given", ())
                for arg, dom in zip(node.args, doms, strict=False):
                    sig.domains.add(dom)
                    if not isinstance(arg, sp.Symbol):
                        raise Unsupported(f"argument {arg} of {fam.__name__} is not a variable")
                    arg_domains.setdefault(arg, dom)
    sig.support_vars = {s: d for s, d in arg_domains.items() if s in free}
    sig.scalars = sorted((s for s in free if s not in sig.support_vars), key=str)
    sig.distributions.sort(key=lambda c: c.__name__)
    sig.functions.sort(key=lambda c: c.__name__)
    return sig


@dataclass
class Batch:
    """``samples`` instances sharing support ``sizes``; ``values`` maps objects to arrays.

    A distribution family's array has shape ``(samples, *given sizes, *random sizes)``; a real
    function's ``(samples, *domain sizes)``; a scalar's ``(samples,)``. ``env`` assigns each free
    support variable an element index.
    """

    samples: int
    sizes: dict[Domain, int]
    values: dict[Any, np.ndarray]
    env: dict[sp.Symbol, int]
    nice: bool = False


def _sizes(sig: Signature, n: int) -> dict[Domain, int]:
    sizes = {}
    for dom in sig.domains | sig.summed:
        free = sum(1 for d in sig.support_vars.values() if d == dom)
        sizes[dom] = max(n, free) if dom in sig.summed else max(free, 1)
    for fam in sig.distributions:
        if fam.table is not None:
            sizes[fam.domains[0]] = len(fam.table)
    return sizes


def _env(sig: Signature, sizes: dict[Domain, int]) -> dict[sp.Symbol, int]:
    env, count = {}, {}
    for var in sorted(sig.support_vars, key=str):
        dom = sig.support_vars[var]
        env[var] = count.get(dom, 0) % sizes[dom]
        count[dom] = count.get(dom, 0) + 1
    return env


def _shape(fam: type, sizes: dict[Domain, int]) -> tuple[int, ...]:
    given = tuple(sizes[d] for d in getattr(fam, "given", ()))
    return given + tuple(sizes[d] for d in fam.domains)


def _nice_distribution(shape: tuple[int, ...], s: int, offset: int) -> np.ndarray:
    n_random = shape[-1] if len(shape) else 1
    total = int(np.prod(shape))
    rows_needed = total // n_random
    out = np.empty((s, total))
    for k in range(s):
        parts = []
        for r in range(rows_needed):
            rows = NICE_ROWS.get(n_random)
            if rows is None:
                parts.append(np.full(n_random, 1.0 / n_random))
            else:
                parts.append(np.array(rows[(k + offset + 2 * r) % len(rows)]))
        out[k] = np.concatenate(parts)
    return out.reshape((s,) + shape)


def _random_distribution(rng: np.random.Generator, fam: type, shape: tuple[int, ...], s: int,
                         alpha: float) -> np.ndarray:
    n_random = int(np.prod([shape[i] for i in range(len(shape) - len(fam.domains), len(shape))]))
    given = shape[: len(shape) - len(fam.domains)]
    draws = rng.dirichlet(np.full(n_random, alpha), size=(s,) + given)
    draws = np.maximum(draws, MIN_MASS)
    draws /= draws.sum(axis=-1, keepdims=True)
    return draws.reshape((s,) + shape)


def _scalar(sym: sp.Symbol, sig: Signature, rng: np.random.Generator, s: int,
            nice: bool, offset: int) -> np.ndarray:
    if sym in sig.intervals:
        lo, hi = sig.intervals[sym]
        if nice:
            return np.array([lo + (hi - lo) * f for f in (0.5, 0.25, 0.75, 0.1, 0.9, 0.5, 0.3,
                                                            0.6)][:s] * (s // 8 + 1))[:s]
        return rng.uniform(lo, hi, size=s)
    if sym.is_positive:
        if nice:
            return np.array([NICE_POSITIVE[(k + offset) % len(NICE_POSITIVE)] for k in range(s)])
        return np.exp(rng.uniform(math.log(0.05), math.log(20.0), size=s))
    if sym.is_nonnegative:
        return np.abs(_scalar(sp.Symbol("t", positive=True), sig, rng, s, nice, offset))
    if nice:
        return np.array([NICE_REAL[(k + offset) % len(NICE_REAL)] for k in range(s)])
    return rng.normal(0.0, 2.0, size=s)


def sample_batches(sig: Signature, seed: int, extra_configs: Iterable = ()) -> list[Batch]:
    """The nice batch, then the random ones (deterministic for a given ``seed``)."""
    rng = np.random.default_rng(seed)
    configs = [(2, 8, None)] + list(RANDOM_CONFIGS) + list(extra_configs)
    if not sig.summed:
        configs = [(2, 8, None), (2, 48, 1.0)]
    batches = []
    for n, s, alpha in configs:
        nice = alpha is None
        sizes = _sizes(sig, n)
        values: dict[Any, np.ndarray] = {}
        for i, fam in enumerate(sig.distributions):
            shape = _shape(fam, sizes)
            if fam.table is not None:
                row = np.array([float(v) for v in fam.table])
                values[fam] = np.broadcast_to(row, (s,) + shape).copy()
            elif nice:
                values[fam] = _nice_distribution(shape, s, 3 * i)
            else:
                values[fam] = _random_distribution(rng, fam, shape, s, alpha)
        for i, fam in enumerate(sig.functions):
            shape = (s,) + tuple(sizes[d] for d in fam.domains)
            if nice:
                flat = [NICE_REAL[(k + 2 * i) % len(NICE_REAL)] for k in range(int(np.prod(shape)))]
                values[fam] = np.array(flat, dtype=float).reshape(shape)
            else:
                values[fam] = rng.normal(0.0, 1.5, size=shape)
        for i, sym in enumerate(sig.scalars):
            values[sym] = _scalar(sym, sig, rng, s, nice, i)
        batches.append(Batch(s, sizes, values, _env(sig, sizes), nice))
    return batches


class _NumpyOps:
    log = staticmethod(np.log)
    exp = staticmethod(np.exp)
    abs = staticmethod(np.abs)
    sign = staticmethod(np.sign)

    def __init__(self, batch: Batch):
        self.batch = batch

    def const(self, v: sp.Expr) -> Any:
        return float(v)

    def value(self, key: Any, index: tuple[int, ...]) -> Any:
        return self.batch.values[key][(slice(None),) + index]

    def minimum(self, xs: list) -> Any:
        return np.minimum.reduce(np.broadcast_arrays(*xs))

    def maximum(self, xs: list) -> Any:
        return np.maximum.reduce(np.broadcast_arrays(*xs))


class _MpOps:
    log = staticmethod(mpmath.log)
    exp = staticmethod(mpmath.exp)
    abs = staticmethod(abs)

    def __init__(self, batch: Batch, k: int):
        self.batch, self.k = batch, k

    @staticmethod
    def sign(v: Any) -> Any:
        return mpmath.sign(v)

    def const(self, v: sp.Expr) -> Any:
        if v.is_Rational:
            return mpmath.mpf(int(v.p)) / int(v.q)
        return mpmath.mpf(sp.N(v, mpmath.mp.dps + 5))

    def value(self, key: Any, index: tuple[int, ...]) -> Any:
        return mpmath.mpf(float(self.batch.values[key][(self.k,) + index]))

    def minimum(self, xs: list) -> Any:
        return min(xs)

    def maximum(self, xs: list) -> Any:
        return max(xs)


Compiled = Any  # (ops, env, sizes) -> value


def _fold(fs: list[Compiled], combine: Any) -> Compiled:
    first, rest = fs[0], fs[1:]

    def run(ops: Any, env: dict, sizes: dict) -> Any:
        out = first(ops, env, sizes)
        for f in rest:
            out = combine(out, f(ops, env, sizes))
        return out
    return run


@functools.lru_cache(maxsize=4096)
def _compile(e: sp.Expr) -> Compiled:
    """Turn ``e`` into nested closures once; evaluation then skips all type dispatch."""
    if e.is_Number or e is sp.pi or e is sp.E:
        return lambda ops, env, sizes: ops.const(e)
    if isinstance(e, sp.Symbol):
        def symbol(ops: Any, env: dict, sizes: dict) -> Any:
            if e in env:
                raise Unsupported(f"support variable {e} used as a number")
            return ops.value(e, ())
        return symbol
    if isinstance(e, sp.Add):
        return _fold([_compile(a) for a in e.args], lambda u, v: u + v)
    if isinstance(e, sp.Mul):
        return _fold([_compile(a) for a in e.args], lambda u, v: u * v)
    if isinstance(e, sp.Pow):
        base, expo = _compile(e.base), _compile(e.exp)
        if e.exp == -1:
            return lambda ops, env, sizes: 1 / base(ops, env, sizes)
        return lambda ops, env, sizes: base(ops, env, sizes) ** expo(ops, env, sizes)
    unary = {sp.log: "log", sp.exp: "exp", sp.Abs: "abs", sp.sign: "sign"}
    for cls, name in unary.items():
        if isinstance(e, cls):
            inner = _compile(e.args[0])
            return lambda ops, env, sizes: getattr(ops, name)(inner(ops, env, sizes))
    if isinstance(e, (sp.Min, sp.Max)):
        parts = [_compile(a) for a in e.args]
        name = "minimum" if isinstance(e, sp.Min) else "maximum"
        return lambda ops, env, sizes: getattr(ops, name)([f(ops, env, sizes) for f in parts])
    if isinstance(e, (Probability, RealFunction)):
        fam, args = type(e), e.args
        n_rand = len(fam.domains) if isinstance(e, Probability) else len(args)
        reorder = isinstance(e, Probability)

        def application(ops: Any, env: dict, sizes: dict) -> Any:
            try:
                idx = tuple(env[a] for a in args)
            except KeyError as exc:
                raise Unsupported(f"unbound variable in {e}") from exc
            if reorder:
                idx = idx[n_rand:] + idx[:n_rand]
            return ops.value(fam, idx)
        return application
    if isinstance(e, SupportSum):
        body, bindings = _compile(e.body), e.bindings

        def support_sum(ops: Any, env: dict, sizes: dict) -> Any:
            total = None
            for combo in np.ndindex(*[sizes[d] for _, d in bindings]):
                inner = dict(env)
                inner.update({v: i for (v, _), i in zip(bindings, combo, strict=True)})
                term = body(ops, inner, sizes)
                total = term if total is None else total + term
            return total
        return support_sum
    if isinstance(e, SupportSize):
        return lambda ops, env, sizes: ops.const(sp.Integer(sizes[e.domain]))
    raise Unsupported(f"cannot evaluate {type(e).__name__}")


def _walk(e: sp.Expr, ops: Any, env: dict[sp.Symbol, int], sizes: dict[Domain, int]) -> Any:
    return _compile(e)(ops, env, sizes)


def evaluate(expr: sp.Expr, batch: Batch, env: dict[sp.Symbol, int] | None = None) -> np.ndarray:
    """Values of ``expr`` on every instance of ``batch`` (float64, shape ``(samples,)``)."""
    e = unfold_all(sp.sympify(expr))
    with np.errstate(all="ignore"):
        out = _walk(e, _NumpyOps(batch), env if env is not None else batch.env, batch.sizes)
    return np.broadcast_to(np.asarray(out, dtype=float), (batch.samples,)).copy()


def evaluate_mp(expr: sp.Expr, batch: Batch, k: int, dps: int = 50,
                env: dict[sp.Symbol, int] | None = None) -> Any:
    """The value of ``expr`` on instance ``k`` of ``batch`` with mpmath at ``dps`` digits."""
    e = unfold_all(sp.sympify(expr))
    with mpmath.workdps(dps):
        try:
            return +_walk(e, _MpOps(batch, k), env if env is not None else batch.env, batch.sizes)
        except (ZeroDivisionError, ValueError):
            return mpmath.nan


def describe_instance(sig: Signature, batch: Batch, k: int,
                      names: dict[Any, str] | None = None) -> dict[str, Any]:
    """Instance ``k`` as ``{LaTeX name: value}``, rounded for display (12 significant digits)."""
    from sympy import latex

    def name(key: Any) -> str:
        if names and key in names:
            return names[key]
        return key.tex if hasattr(key, "tex") else latex(key)

    out: dict[str, Any] = {}
    for fam in sig.distributions + sig.functions:
        arr = batch.values[fam][k]
        out[name(fam)] = np.round(arr, 12).squeeze().tolist()
    for sym in sig.scalars:
        out[name(sym)] = round(float(batch.values[sym][k]), 12)
    return out
