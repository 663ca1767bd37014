"""Evaluating an unfolded expression on sampled instances, four ways (trusted base).

One tree walk, compiled once into closures (:func:`_compile`), runs with four kinds of
arithmetic:

* float64, vectorised over a whole :class:`Batch` (:func:`evaluate`) — a fast *screen* that
  never decides a verdict on its own;
* balls (python-flint's ``arb``, :func:`evaluate_ball`) — rigorous: the true value of the
  instance lies in the ball, so a ball that excludes zero *proves* a difference;
* mpmath at fixed precision (:func:`evaluate_mp`) — for optimizer searches and display;
* exact SymPy numbers (:func:`evaluate_exact`) — to see that two sides are *identical* at an
  instance (for strict inequalities, where balls can only straddle zero).

Instance values are exact: a sampled float is the binary number it is, a distribution given by a
table or a rounded counterexample uses its exact rationals (``Batch.exact``), so every sampled
distribution sums to exactly one.

>>> import numpy as np, sympy as sp
>>> from flint import ctx
>>> z = sp.Symbol("z", real=True)
>>> b = Batch(1, {}, {z: np.array([-40.0])}, {})
>>> e = sp.log(1 + sp.exp(z))
>>> float(evaluate(e, b)[0])
0.0
>>> ball = evaluate_ball(e, b, 0, prec=128)
>>> ball > 0
True
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from flint import arb, ctx, fmpq

from ..definitions import Probability, RealFunction, SupportSize, SupportSum, XLogY, unfold_all
from .extended import INF, NEG_INF, Infinity, extended_max, extended_min, xlogy_ball

__all__ = [
    "Batch",
    "Unsupported",
    "evaluate",
    "evaluate_mp",
    "evaluate_ball",
    "evaluate_exact",
    "element_key",
    "Exact",
]


class Unsupported(Exception):
    """The expression holds something the numeric evaluator cannot instantiate."""


@dataclass
class Batch:
    """``samples`` instances sharing support ``sizes``; ``values`` maps objects to arrays.

    A distribution family's array has shape ``(samples, *given sizes, *random sizes)``; a real
    function's ``(samples, *domain sizes)``; a scalar's ``(samples,)``. ``env`` assigns each free
    support variable (and each constant element argument) an element index. ``exact`` holds, for
    some keys, arrays of :class:`~fractions.Fraction` with the exact values where the float is
    only their rounding (``None`` where the float itself is exact); ``label`` says what is
    special about the batch.
    """

    samples: int
    sizes: dict[Any, int]
    values: dict[Any, np.ndarray]
    env: dict[Any, int]
    nice: bool = False
    exact: dict[Any, np.ndarray] = field(default_factory=dict)
    label: str = ""


class _NumpyOps:
    log = staticmethod(np.log)
    exp = staticmethod(np.exp)
    abs = staticmethod(np.abs)
    sign = staticmethod(np.sign)

    def __init__(self, batch: Batch):
        self.batch = batch
        self.moved: dict[Any, np.ndarray] = {}

    def const(self, v: sp.Expr) -> Any:
        return float(v)

    def value(self, key: Any, index: tuple) -> Any:
        # samples on the last axis, so element indices (ints, or index arrays inside a
        # vectorised sum) broadcast in front of it
        moved = self.moved.get(key)
        if moved is None:
            arr = self.batch.values[key]  # np.moveaxis(arr, 0, -1), without its overhead
            moved = self.moved[key] = arr.transpose(tuple(range(1, arr.ndim)) + (0,))
        return moved[index]

    @staticmethod
    def power(base: Any, n: Any) -> Any:
        return base ** n

    def minimum(self, xs: list) -> Any:
        return np.minimum.reduce(np.broadcast_arrays(*xs))

    def maximum(self, xs: list) -> Any:
        return np.maximum.reduce(np.broadcast_arrays(*xs))

    @staticmethod
    def infinity(sign: int) -> Any:
        return np.inf if sign > 0 else -np.inf  # the screen only ranks; balls decide

    @staticmethod
    def xlogy(x: Any, y: Any) -> Any:
        return np.where(x == 0, 0.0, x * np.log(y))


def _exact_value(batch: Batch, key: Any, k: int, index: tuple[int, ...]) -> Fraction:
    table = getattr(key, "table", None)
    if table is not None:
        v = table[index[-1]]
        return Fraction(int(v.p), int(v.q))
    exact = batch.exact.get(key)
    if exact is not None and exact[(k,) + index] is not None:
        return exact[(k,) + index]
    return Fraction(float(batch.values[key][(k,) + index]))


class _ScalarOps:
    """Shared parts of the one-instance evaluators."""

    def __init__(self, batch: Batch, k: int):
        self.batch, self.k = batch, k
        #: values of sums already taken in this one evaluation, by (sum, values of its free
        #: symbols): the same instance, precision and environment give the same value
        self.sums: dict[tuple, Any] = {}

    def minimum(self, xs: list) -> Any:
        out = xs[0]
        for v in xs[1:]:
            out = self._min(out, v)
        return out

    def maximum(self, xs: list) -> Any:
        out = xs[0]
        for v in xs[1:]:
            out = self._max(out, v)
        return out


class _MpOps(_ScalarOps):
    log = staticmethod(mpmath.log)
    exp = staticmethod(mpmath.exp)
    abs = staticmethod(abs)
    sign = staticmethod(mpmath.sign)
    _min = staticmethod(min)
    _max = staticmethod(max)

    def const(self, v: sp.Expr) -> Any:
        if v.is_Rational:
            return mpmath.mpf(int(v.p)) / int(v.q)
        return mpmath.mpf(sp.N(v, mpmath.mp.dps + 5))

    def value(self, key: Any, index: tuple[int, ...]) -> Any:
        f = _exact_value(self.batch, key, self.k, index)
        return mpmath.mpf(f.numerator) / f.denominator

    @staticmethod
    def power(base: Any, n: Any) -> Any:
        return base ** n

    @staticmethod
    def infinity(sign: int) -> Any:
        return mpmath.inf if sign > 0 else -mpmath.inf

    @staticmethod
    def xlogy(x: Any, y: Any) -> Any:
        if x == 0:
            return mpmath.mpf(0)
        if y == 0:
            return -mpmath.inf if x > 0 else mpmath.inf
        return x * mpmath.log(y)


class _BallOps(_ScalarOps):
    """Ball arithmetic: every result is a ball that contains the exact value (or nan)."""

    def __init__(self, batch: Batch, k: int):
        super().__init__(batch, k)
        self.memo: dict[tuple, arb] = {}

    @staticmethod
    def log(v: arb) -> arb:
        return v.log()

    @staticmethod
    def exp(v: arb) -> arb:
        return v.exp()

    @staticmethod
    def abs(v: arb) -> arb:
        return abs(v)

    @staticmethod
    def sign(v: arb) -> arb:
        return arb(v.sign) if isinstance(v, Infinity) else v.sgn()

    @staticmethod
    def _min(a: arb, b: arb) -> arb:
        return extended_min(a, b) if isinstance(a, Infinity) or isinstance(b, Infinity) \
            else a.min(b)

    @staticmethod
    def _max(a: arb, b: arb) -> arb:
        return extended_max(a, b) if isinstance(a, Infinity) or isinstance(b, Infinity) \
            else a.max(b)

    @staticmethod
    def infinity(sign: int) -> Infinity:
        return INF if sign > 0 else NEG_INF

    xlogy = staticmethod(xlogy_ball)

    def const(self, v: sp.Expr) -> arb:
        if v.is_Rational:
            return arb(fmpq(int(v.p), int(v.q)))
        if v is sp.pi:
            return arb.pi()
        if v is sp.E:
            return arb.const_e()
        if v.is_Float:
            r = sp.Rational(v)
            return arb(fmpq(int(r.p), int(r.q)))
        raise Unsupported(f"constant {v} in ball arithmetic")

    def value(self, key: Any, index: tuple[int, ...]) -> arb:
        memo = self.memo.get((key, index))
        if memo is not None:
            return memo
        exact = self.batch.exact.get(key)
        if getattr(key, "table", None) is None and (
                exact is None or exact[(self.k,) + index] is None):
            out = arb(float(self.batch.values[key][(self.k,) + index]))  # a float is exact
        else:
            f = _exact_value(self.batch, key, self.k, index)
            out = arb(fmpq(f.numerator, f.denominator))
        self.memo[(key, index)] = out
        return out

    @staticmethod
    def power(base: arb, n: Any) -> arb:
        return base ** n


class Exact:
    """A polynomial with exact rational coefficients in opaque atoms (``log u``, ``exp u``,
    ``1/u``): cheap exact arithmetic that can see two sides are *the same number* at an
    instance (``log p - log p = 0``, ``p log(p/p) = 0``) without ever evaluating a
    transcendental function or calling SymPy.

    >>> a = Exact.const(Fraction(3, 10))
    >>> (a.log() - a.log()).is_zero, (a / a).log().is_zero, (a.exp() * 2 - a.exp()).is_zero
    (True, True, False)
    """

    __slots__ = ("terms",)
    MAX_TERMS = 256

    def __init__(self, terms: dict) -> None:
        self.terms = {m: c for m, c in terms.items() if c != 0}
        if len(self.terms) > self.MAX_TERMS:
            raise Unsupported("too many terms for exact arithmetic")

    @classmethod
    def const(cls, c: Fraction) -> Exact:
        return cls({(): Fraction(c)})

    @property
    def is_zero(self) -> bool:
        return not self.terms

    def key(self) -> tuple:
        return tuple(sorted(self.terms.items(), key=repr))

    def constant(self) -> Fraction | None:
        if not self.terms:
            return Fraction(0)
        if set(self.terms) == {()}:
            return self.terms[()]
        return None

    @classmethod
    def atom(cls, kind: str, arg: Exact) -> Exact:
        return cls({(((kind, arg.key()), 1),): Fraction(1)})

    def log(self) -> Exact:
        """``log`` of a positive value (the balls have shown the value defined).

        ``log(c · Π exp(u)^e) = log c + Σ e·u`` when ``c > 0``; any other ``log`` is an
        atom."""
        c = self.constant()
        if c is not None and c <= 0:
            raise ZeroDivisionError("log of a non-positive number")
        if c == 1:
            return Exact({})
        if len(self.terms) == 1:
            (m, coeff), = self.terms.items()
            if coeff > 0 and m and all(a[0] == "exp" for a, _ in m):  # exp atoms are positive
                out = Exact({}) if coeff == 1 else Exact.atom("log", Exact.const(coeff))
                for (_, arg), e in m:
                    out = out + Exact(dict(arg)) * e
                return out
        return Exact.atom("log", self)

    def exp(self) -> Exact:
        """``exp(Σ terms) = Π exp(term)``; ``exp(n·log u) = uⁿ``; ``exp 0 = 1``."""
        out = Exact.const(Fraction(1))
        for m, c in self.terms.items():
            if len(m) == 1 and m[0][1] == 1 and m[0][0][0] == "log" and \
                    c.denominator == 1 and abs(c) <= 16:
                out = out * Exact(dict(m[0][0][1])) ** int(c)
            else:
                out = out * Exact.atom("exp", Exact({m: c}))
        return out

    def __add__(self, other: Any) -> Exact:
        other = _as_exact(other)
        out = dict(self.terms)
        for m, c in other.terms.items():
            out[m] = out.get(m, 0) + c
        return Exact(out)

    __radd__ = __add__

    def __neg__(self) -> Exact:
        return Exact({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: Any) -> Exact:
        return self + (-_as_exact(other))

    def __mul__(self, other: Any) -> Exact:
        other = _as_exact(other)
        out: dict = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = _merge(m1, m2)
                out[m] = out.get(m, 0) + c1 * c2
        return Exact(out)

    __rmul__ = __mul__

    def inverse(self) -> Exact:
        c = self.constant()
        if c is not None:
            if c == 0:
                raise ZeroDivisionError
            return Exact.const(1 / c)
        if len(self.terms) == 1:
            (m, coeff), = self.terms.items()
            return Exact({tuple((a, -e) for a, e in m): 1 / coeff})
        return Exact.atom("inv", self)

    def __truediv__(self, other: Any) -> Exact:
        return self * _as_exact(other).inverse()

    def __rtruediv__(self, other: Any) -> Exact:
        return _as_exact(other) * self.inverse()

    def __pow__(self, n: int) -> Exact:
        if not isinstance(n, int) or abs(n) > 16:
            raise Unsupported("a fractional or large power in exact arithmetic")
        base = self if n >= 0 else self.inverse()
        out = Exact.const(Fraction(1))
        for _ in range(abs(n)):
            out = out * base
        return out


def _merge(m1: tuple, m2: tuple) -> tuple:
    powers: dict = dict(m1)
    for a, e in m2:
        powers[a] = powers.get(a, 0) + e
    return tuple(sorted(((a, e) for a, e in powers.items() if e), key=repr))


def _as_exact(v: Any) -> Exact:
    if isinstance(v, Exact):
        return v
    if isinstance(v, (int, Fraction)):
        return Exact.const(Fraction(v))
    raise Unsupported(f"{v!r} in exact arithmetic")


class _ExactOps(_ScalarOps):
    """:class:`Exact` arithmetic; ``min``, ``max``, ``abs`` and ``sign`` only on rationals."""

    log = staticmethod(Exact.log)
    exp = staticmethod(Exact.exp)

    def const(self, v: sp.Expr) -> Exact:
        if not v.is_Rational:
            raise Unsupported("an irrational constant in exact arithmetic")
        return Exact.const(Fraction(int(v.p), int(v.q)))

    def value(self, key: Any, index: tuple[int, ...]) -> Exact:
        return Exact.const(_exact_value(self.batch, key, self.k, index))

    @staticmethod
    def _rational(v: Exact) -> Fraction:
        c = v.constant()
        if c is None:
            raise Unsupported("a comparison of non-rationals in exact arithmetic")
        return c

    def abs(self, v: Exact) -> Exact:
        return Exact.const(abs(self._rational(v)))

    def sign(self, v: Exact) -> Exact:
        c = self._rational(v)
        return Exact.const(Fraction((c > 0) - (c < 0)))

    def _min(self, a: Exact, b: Exact) -> Exact:
        return Exact.const(min(self._rational(a), self._rational(b)))

    def _max(self, a: Exact, b: Exact) -> Exact:
        return Exact.const(max(self._rational(a), self._rational(b)))

    @staticmethod
    def power(base: Exact, n: Any) -> Exact:
        return base ** n

    @staticmethod
    def infinity(sign: int) -> Exact:
        raise Unsupported("an infinity in exact arithmetic")

    @staticmethod
    def xlogy(x: Exact, y: Exact) -> Exact:
        return Exact({}) if x.is_zero else x * y.log()  # log 0 raises ZeroDivisionError


Compiled = Any  # (ops, env, sizes) -> value


def element_key(arg: Any, domain: Any) -> Any:
    """The environment key of an element argument: the variable, or ``(constant, domain)``."""
    return arg if isinstance(arg, sp.Symbol) else (arg, domain)


def _fold(fs: list[Compiled], combine: Any) -> Compiled:
    first, rest = fs[0], fs[1:]

    def run(ops: Any, env: dict, sizes: dict) -> Any:
        out = first(ops, env, sizes)
        for f in rest:
            out = combine(out, f(ops, env, sizes))
        return out
    return run


def _compile_pow(e: sp.Pow) -> Compiled:
    base = _compile(e.base)
    if e.exp.is_Integer:
        n = int(e.exp)
        if n == -1:
            return lambda ops, env, sizes: 1 / base(ops, env, sizes)
        return lambda ops, env, sizes: ops.power(base(ops, env, sizes), n)
    expo = _compile(e.exp)
    return lambda ops, env, sizes: ops.power(base(ops, env, sizes), expo(ops, env, sizes))


def _compile_application(e: sp.Expr) -> Compiled:
    fam = type(e)
    n_rand = len(fam.domains) if isinstance(e, Probability) else len(e.args)
    reorder = isinstance(e, Probability)
    doms = fam.domains + getattr(fam, "given", ())
    # a constant element argument (the 1 in r(1, 2)) is keyed with its domain
    args = [element_key(a, d) for a, d in zip(e.args, doms, strict=False)]

    def application(ops: Any, env: dict, sizes: dict) -> Any:
        try:
            idx = tuple([env[a] for a in args])
        except KeyError as exc:
            raise Unsupported(f"unbound variable in {e}") from exc
        if reorder:
            idx = idx[n_rand:] + idx[:n_rand]
        return ops.value(fam, idx)
    return application


_DEPTH = "depth of vectorised sums"


def _vector_sum(body: Compiled, bindings: tuple, ops: Any, env: dict, sizes: dict) -> Any:
    """Sum with NumPy broadcasting: each bound variable is an index array on its own axis.

    At nesting depth ``d`` a variable's axis is ``-(d + 2)`` (samples are the last axis);
    a body that does not depend on it is multiplied by the domain's size.
    """
    inner = dict(env)
    depths = []
    for var, dom in bindings:
        depth = inner.get(_DEPTH, 0)
        inner[var] = np.arange(sizes[dom]).reshape((sizes[dom],) + (1,) * depth)
        inner[_DEPTH] = depth + 1
        depths.append((depth, sizes[dom]))
    total = np.asarray(body(ops, inner, sizes), dtype=float)
    for depth, n in reversed(depths):
        axis = -(depth + 2)
        if total.ndim < depth + 2:
            total = total.reshape((1,) * (depth + 2 - total.ndim) + total.shape)
        total = total.sum(axis=axis) if total.shape[axis] == n else \
            n * total.squeeze(axis=axis)
    return total


def _compile_sum(e: SupportSum) -> Compiled:
    body, bindings = _compile(e.body), e.bindings
    # what the sum's value can depend on within one instance: its free symbols (the element
    # variables of enclosing sums among them); a marginal inside a double sum is computed once
    # per value of the variables it depends on, not once per term of the outer sum
    free = tuple(sorted(e.free_symbols, key=str))
    tag = object()  # this sum (compiled once per expression)

    def support_sum(ops: Any, env: dict, sizes: dict) -> Any:
        if isinstance(ops, _NumpyOps):
            return _vector_sum(body, bindings, ops, env, sizes)
        key = (tag, tuple([env.get(v) for v in free]))
        known = ops.sums.get(key)
        if known is not None:
            return known
        total = None
        inner = dict(env)
        names = [v for v, _ in bindings]
        for combo in itertools.product(*[range(sizes[d]) for _, d in bindings]):
            inner.update(zip(names, combo, strict=True))
            term = body(ops, inner, sizes)
            total = term if total is None else total + term
        ops.sums[key] = total
        return total
    return support_sum


_UNARY = {sp.log: "log", sp.exp: "exp", sp.Abs: "abs", sp.sign: "sign"}


@functools.lru_cache(maxsize=4096)
def _compile(e: sp.Expr) -> Compiled:
    """Turn ``e`` into nested closures once; evaluation then skips all type dispatch."""
    if e is sp.oo or e is sp.S.NegativeInfinity:  # an exact infinity (zero masses)
        sign = 1 if e is sp.oo else -1
        return lambda ops, env, sizes: ops.infinity(sign)
    if e.is_Number or e is sp.pi or e is sp.E:
        if e.is_Number and not e.is_finite:
            raise Unsupported(f"the constant {e} is not a real number")
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
        return _compile_pow(e)
    for cls, name in _UNARY.items():
        if isinstance(e, cls):
            inner = _compile(e.args[0])
            return lambda ops, env, sizes: getattr(ops, name)(inner(ops, env, sizes))
    if isinstance(e, (sp.Min, sp.Max)):
        parts = [_compile(a) for a in e.args]
        name = "minimum" if isinstance(e, sp.Min) else "maximum"
        return lambda ops, env, sizes: getattr(ops, name)([f(ops, env, sizes) for f in parts])
    if isinstance(e, XLogY):  # 0 log y = 0 (zero masses)
        fx, fy = _compile(e.args[0]), _compile(e.args[1])
        return lambda ops, env, sizes: ops.xlogy(fx(ops, env, sizes), fy(ops, env, sizes))
    if isinstance(e, (Probability, RealFunction)):
        return _compile_application(e)
    if isinstance(e, SupportSum):
        return _compile_sum(e)
    if isinstance(e, SupportSize):
        def size(ops: Any, env: dict, sizes: dict) -> Any:
            n = ops.const(sp.Integer(sizes[e.domain]))
            # a NumPy scalar in the float screen: 1/(G - 1) at G = 1 is undefined there (inf),
            # as for any other value, rather than a Python ZeroDivisionError
            return np.float64(n) if isinstance(ops, _NumpyOps) else n
        return size
    raise Unsupported(f"cannot evaluate {type(e).__name__}")


def _walk(e: sp.Expr, ops: Any, env: dict, sizes: dict) -> Any:
    return _compile(unfold_all(sp.sympify(e)))(ops, env, sizes)


def evaluate(expr: sp.Expr, batch: Batch, env: dict | None = None) -> np.ndarray:
    """Values of ``expr`` on every instance of ``batch`` (float64, shape ``(samples,)``)."""
    with np.errstate(all="ignore"):
        out = _walk(expr, _NumpyOps(batch), env if env is not None else batch.env, batch.sizes)
    return np.broadcast_to(np.asarray(out, dtype=float), (batch.samples,)).copy()


def evaluate_mp(expr: sp.Expr, batch: Batch, k: int, dps: int = 50,
                env: dict | None = None) -> Any:
    """The value of ``expr`` on instance ``k`` of ``batch`` with mpmath at ``dps`` digits."""
    with mpmath.workdps(dps):
        try:
            return +_walk(expr, _MpOps(batch, k), env if env is not None else batch.env,
                          batch.sizes)
        except (ZeroDivisionError, ValueError, OverflowError):
            return mpmath.nan


def evaluate_ball(expr: sp.Expr, batch: Batch, k: int, prec: int,
                  env: dict | None = None) -> arb | Infinity:
    """A ball containing the exact value of ``expr`` on instance ``k`` (``prec`` bits), an exact
    :class:`~derive.kernel.extended.Infinity` (zero masses: ``D_KL = +∞``), or nan."""
    saved = ctx.prec
    ctx.prec = prec
    try:
        out = _walk(expr, _BallOps(batch, k), env if env is not None else batch.env,
                    batch.sizes)
        return out if isinstance(out, (arb, Infinity)) else arb(out)
    except (ZeroDivisionError, ValueError, OverflowError):
        return arb.nan()
    finally:
        ctx.prec = saved


def evaluate_exact(expr: sp.Expr, batch: Batch, k: int, env: dict | None = None) -> Exact:
    """``expr`` on instance ``k`` in :class:`Exact` arithmetic (raises :class:`Unsupported` or
    ``ZeroDivisionError`` where that arithmetic cannot follow)."""
    return _as_exact(_walk(expr, _ExactOps(batch, k),
                           env if env is not None else batch.env, batch.sizes))
