"""Sampling the quantified space of a step (trusted base).

A step claims its relation for *every* value of its free symbols in their domains (see
``docs/soundness.md``). The instances here are chosen to reach that space's corners, not just its
middle:

* **each domain's size is chosen independently** per batch, from 1, 2, 3, 4, 5, 8 and 13,
  plus a few instances on 64 points (a distribution given by a table keeps its length), so
  ``|X| ≠ |Y|``, ``|Y| = 1`` and ``|X| = 64`` all occur;
* **free element variables of one domain both coincide and differ** (``y = y'`` in one batch,
  ``y ≠ y'`` in another); constant element arguments (``r(1, 2)``) are distinct elements;
* **special instances** in every random batch: families of the same shape with equal values
  (``P = Q``, ``π = π_ref``; in every other batch instead P near uniform and Q within 5 % of
  P, where second-order bounds such as Pinsker's are tight), uniform distributions,
  near-point masses, ``β`` from ``10⁻⁹`` to ``10⁹``, rewards and reals of order ``±50`` and
  ``±10⁵``;
* a policy ``π(y|x)`` is one independent distribution *per prompt*; a joint ``p(x, y)`` is one
  distribution over the product, so its marginals are consistent;
* every sampled mass is a positive multiple of ``2⁻⁵²`` and each distribution sums to **exactly**
  one, so ball arithmetic on the instance is exact about normalisation.

The first batch is *nice* (two-point supports, round probabilities as exact rationals,
``β ∈ {1, 2, ½}``, small integer rewards) so a counterexample is as simple as can be.

>>> from derive.definitions import STANDARD as S, KL
>>> e = KL(S.P(S.x), S.Q(S.x), (S.x, S.X))
>>> batches = sample_batches(signature(e), seed_for(e))
>>> sorted({b.sizes[S.X] for b in batches})
[1, 2, 3, 4, 5, 8, 13, 64]
>>> bool((evaluate(e, batches[0]) >= 0).all())
True
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

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
from .evaluate import (
    Batch,
    Unsupported,
    element_key,
    evaluate,
    evaluate_ball,
    evaluate_exact,
    evaluate_mp,
)
from .masks import mask_batches
from .zero_sampling import with_zero_masses, zero_rows

__all__ = [
    "Signature",
    "Batch",
    "Unsupported",
    "signature",
    "sample_batches",
    "evaluate",
    "evaluate_mp",
    "evaluate_ball",
    "evaluate_exact",
    "describe_instance",
    "seed_for",
    "exact_simplex",
    "sized_batch",
    "config_label",
]

SIZES = (1, 2, 3, 4, 5, 8, 13)
#: summed-domain work per batch (product of sizes) above which sizes are reduced
MAX_WORK = 200
#: the size of the large-support batch, and its own work cap
LARGE, LARGE_WORK = 64, 64
NICE_ROWS = {
    2: [("1/2", "1/2"), ("9/10", "1/10"), ("1/5", "4/5"), ("7/10", "3/10"), ("1/4", "3/4"),
        ("3/5", "2/5")],
    3: [("1/3", "1/3", "1/3"), ("1/2", "1/4", "1/4"), ("1/10", "3/10", "3/5"),
        ("1/5", "1/2", "3/10")],
    4: [("1/4", "1/4", "1/4", "1/4"), ("1/10", "1/5", "3/10", "2/5"),
        ("2/5", "1/10", "1/5", "3/10")],
}
NICE_POSITIVE = [1.0, 2.0, 0.5, 1.0, 10.0, 0.1, 2.0, 0.5]
NICE_REAL = [1.0, 0.0, -1.0, 2.0, -2.0, 0.5, 3.0, -0.5]
GRID = 2.0 ** 52
MIN_MASS = 2.0 ** -40


@dataclass
class Signature:
    """What an expression is made of, as far as sampling is concerned.

    ``support_vars`` maps each free element variable, and each constant element argument (a
    number such as the ``1`` in ``r(1, 2)``), to its domain.
    """

    distributions: list[type] = field(default_factory=list)
    functions: list[type] = field(default_factory=list)
    scalars: list[sp.Symbol] = field(default_factory=list)
    support_vars: dict[Any, Domain] = field(default_factory=dict)
    summed: set[Domain] = field(default_factory=set)
    domains: set[Domain] = field(default_factory=set)
    intervals: dict[sp.Symbol, tuple[float, float]] = field(default_factory=dict)


def _structure_tokens(expr: sp.Basic) -> list[str]:
    """The node types and leaf names of ``expr`` in preorder (cheaper than ``srepr``)."""
    out: list[str] = []
    stack = [expr]
    while stack:
        e = stack.pop()
        out.append(type(e).__name__)
        if e.args:
            out.append(str(len(e.args)))
            stack.extend(reversed(e.args))
        elif isinstance(e, sp.Symbol):
            out.append(e.name)
        elif isinstance(e, sp.Rational):
            out.append(f"{e.p}/{e.q}")
        elif isinstance(e, sp.Float):
            out.append(repr(e._mpf_))
        else:
            out.append(str(e))
    return out


@functools.lru_cache(maxsize=4096)
def _structure_text(expr: sp.Basic) -> str:
    return " ".join(_structure_tokens(expr))


def seed_for(*exprs: sp.Basic) -> int:
    """A deterministic seed derived from the expressions' structure."""
    text = "|".join(_structure_text(e) for e in exprs)
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "little")


def signature(*exprs: sp.Expr, intervals: dict | None = None) -> Signature:
    """Collect the primitive objects of ``exprs`` (after unfolding every definition).

    Computed once per expressions and intervals; each caller gets its own containers."""
    found = _signature(tuple(sp.sympify(e) for e in exprs),
                       tuple(sorted(((k, tuple(v)) for k, v in (intervals or {}).items()),
                                    key=lambda t: str(t[0]))))
    return Signature(list(found.distributions), list(found.functions), list(found.scalars),
                     dict(found.support_vars), set(found.summed), set(found.domains),
                     dict(found.intervals))


@functools.lru_cache(maxsize=1024)
def _signature(exprs: tuple[sp.Expr, ...], intervals: tuple) -> Signature:
    sig = Signature(intervals=dict(intervals))
    arg_domains: dict[Any, Domain] = {}
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
                _collect_application(sig, node, arg_domains, free)
    sig.support_vars = {s: d for s, d in arg_domains.items() if s in free}
    sig.scalars = sorted((s for s in free if s not in sig.support_vars), key=str)
    sig.distributions.sort(key=lambda c: c.__name__)
    sig.functions.sort(key=lambda c: c.__name__)
    return sig


def _collect_application(sig: Signature, node: sp.Expr, arg_domains: dict, free: set) -> None:
    fam = type(node)
    if isinstance(node, Probability) and not is_primitive_distribution(node):
        raise Unsupported(f"undefined distribution {fam.__name__}")
    target = sig.distributions if isinstance(node, Probability) else sig.functions
    if fam not in target:
        target.append(fam)
    doms = fam.domains + getattr(fam, "given", ())
    for arg, dom in zip(node.args, doms, strict=False):
        sig.domains.add(dom)
        if isinstance(arg, sp.Integer):
            arg = element_key(arg, dom)  # a constant element: fixed, distinct from the others
            free.add(arg)
        elif not isinstance(arg, sp.Symbol):
            raise Unsupported(f"argument {arg} of {fam.__name__} is not a variable")
        if arg_domains.setdefault(arg, dom) != dom:
            raise Unsupported(f"{arg} is used as an element of two domains")


# ------------------------------------------------------------------------ support sizes

def _table_sizes(sig: Signature) -> dict[Domain, int]:
    sizes: dict[Domain, int] = {}
    for fam in sig.distributions:
        if fam.table is not None:
            dom = fam.domains[0]
            if sizes.setdefault(dom, len(fam.table)) != len(fam.table):
                raise Unsupported(f"tables of different lengths on {dom.name}")
    return sizes


def _constants(sig: Signature, dom: Domain) -> int:
    return sum(1 for v, d in sig.support_vars.items() if d == dom and not isinstance(v, sp.Symbol))


def _sizes(sig: Signature, choose: Any, max_work: int = MAX_WORK) -> dict[Domain, int]:
    """Sizes per domain: ``choose(dom)`` for each, tables fixed, constants fit, work capped."""
    fixed = _table_sizes(sig)
    sizes = {}
    for dom in sorted(sig.domains | sig.summed, key=lambda d: d.name):
        # an index range may need a least size (G >= 2 for a leave-one-out baseline)
        sizes[dom] = fixed.get(dom) or max(choose(dom), _constants(sig, dom),
                                           getattr(dom, "min_size", 1))
    while True:
        work = int(np.prod([sizes[d] for d in sig.summed] or [1]))
        shrinkable = [d for d in sig.summed if d not in fixed and sizes[d] > 1
                      and sizes[d] > _constants(sig, d)
                      and sizes[d] > getattr(d, "min_size", 1)]
        if work <= max_work or not shrinkable:
            return sizes
        biggest = max(shrinkable, key=lambda d: sizes[d])
        sizes[biggest] = max(s for s in SIZES + (LARGE,) if s < sizes[biggest])


def _env(sig: Signature, sizes: dict[Domain, int], pattern: str,
         rng: np.random.Generator) -> dict[Any, int]:
    """Element indices: constants distinct; variables ``distinct``, ``equal`` or ``random``."""
    env: dict[Any, int] = {}
    by_domain: dict[Domain, list] = {}
    for v, dom in sig.support_vars.items():
        by_domain.setdefault(dom, []).append(v)
    for dom, members in by_domain.items():
        n = sizes[dom]
        consts = sorted((v for v in members if not isinstance(v, sp.Symbol)),
                        key=lambda c: int(c[0]))
        names = sorted((v for v in members if isinstance(v, sp.Symbol)), key=str)
        for i, c in enumerate(consts):
            env[c] = i % n
        for i, v in enumerate(names):
            if pattern == "equal":
                env[v] = 0
            elif pattern == "distinct":
                env[v] = (len(consts) + i) % n
            else:
                env[v] = int(rng.integers(n))
    return env


# ------------------------------------------------------------------------ values

def exact_simplex(p: np.ndarray) -> np.ndarray:
    """Rows (last axis) as positive multiples of ``2⁻⁵²`` that sum to exactly one in float64.

    >>> row = exact_simplex(np.array([1 / 3, 1 / 3, 1 / 3]))
    >>> float(row.sum()) == 1.0 and bool((row > 0).all())
    True
    """
    q = np.maximum(np.round(p * GRID), MIN_MASS * GRID) / GRID
    top = np.argmax(q, axis=-1)[..., None]
    np.put_along_axis(q, top, 0.0, axis=-1)
    rest = q.sum(axis=-1, keepdims=True)
    np.put_along_axis(q, top, 1.0 - rest, axis=-1)
    return q


def _nice_distribution(fam: type, shape: tuple[int, ...], s: int,
                       offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Round exact rows over the *whole* random part (a joint sums to one over its product)."""
    n_random = int(np.prod(shape[len(shape) - len(fam.domains):]))
    rows_needed = int(np.prod(shape)) // n_random
    exact = np.empty((s, rows_needed, n_random), dtype=object)
    for k in range(s):
        for r in range(rows_needed):
            choices = NICE_ROWS.get(n_random)
            row = (choices[(k + offset + 2 * r) % len(choices)] if choices
                   else [f"1/{n_random}"] * n_random)
            exact[k, r] = [Fraction(v) for v in row]
    exact = exact.reshape((s,) + shape)
    return exact.astype(float), exact


def _random_distribution(rng: np.random.Generator, fam: type, shape: tuple[int, ...], s: int,
                         alphas: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    n_rand_axes = len(fam.domains)
    n_random = int(np.prod(shape[len(shape) - n_rand_axes:]))
    given = shape[: len(shape) - n_rand_axes]
    draws = np.empty((s,) + given + (n_random,))
    for alpha in np.unique(alphas):
        rows = alphas == alpha
        draws[rows] = rng.dirichlet(np.full(n_random, alpha), size=(int(rows.sum()),) + given)
    draws[uniform] = 1.0 / n_random
    bad = ~np.isfinite(draws).all(axis=-1)  # a degenerate Dirichlet draw: use the uniform row
    draws[bad] = 1.0 / n_random
    return exact_simplex(draws).reshape((s,) + shape)


def _scalar(sym: sp.Symbol, sig: Signature, rng: np.random.Generator, s: int, nice: bool,
            offset: int, modes: np.ndarray) -> np.ndarray:
    if sym in sig.intervals:
        lo, hi = sig.intervals[sym]
        if np.isinf(lo) or np.isinf(hi):
            return _half_line(lo, hi, _positive(rng, s, nice, offset, modes))
        if nice:
            fracs = [0.5, 0.25, 0.75, 0.1, 0.9, 0.5, 0.3, 0.6]
            return np.array([lo + (hi - lo) * fracs[k % 8] for k in range(s)])
        return rng.uniform(lo, hi, size=s)
    if sym.is_positive or sym.is_nonnegative:
        return _positive(rng, s, nice, offset, modes)
    if nice:
        return np.array([NICE_REAL[(k + offset) % len(NICE_REAL)] for k in range(s)])
    return _reals(rng, (s,), modes)


def _positive(rng: np.random.Generator, s: int, nice: bool, offset: int,
              modes: np.ndarray) -> np.ndarray:
    """Positive reals of every magnitude (β): round ones, or log-uniform with special rows."""
    if nice:
        return np.array([NICE_POSITIVE[(k + offset) % len(NICE_POSITIVE)] for k in range(s)])
    out = np.exp(rng.uniform(np.log(0.05), np.log(20.0), size=s))
    wide = np.exp(rng.uniform(np.log(1e-9), np.log(1e9), size=s))
    wide = np.where(rng.random(s) < 0.5, rng.choice([1e-12, 1e12], size=s), wide)
    out = np.where(modes == 5, wide, out)
    return np.where(modes == 3, 1e-6, np.where(modes == 4, 1e6, out))


def _half_line(lo: float, hi: float, offsets: np.ndarray) -> np.ndarray:
    """Points of the open half-line ``(lo, ∞)`` or ``(-∞, hi)`` at positive ``offsets`` from its
    end, every one strictly inside (an offset lost to rounding moves to the next float); the
    whole line when both ends are infinite.

    >>> _half_line(1.0, np.inf, np.array([1e-20, 2.0])).tolist()
    [1.0000000000000002, 3.0]
    >>> _half_line(-np.inf, 0.0, np.array([0.5])).tolist()
    [-0.5]
    """
    if np.isinf(lo) and np.isinf(hi):
        return np.where(np.arange(len(offsets)) % 2 == 0, offsets, -offsets)
    if np.isinf(hi):
        return np.maximum(lo + offsets, np.nextafter(lo, np.inf))
    return np.minimum(hi - offsets, np.nextafter(hi, -np.inf))


def _reals(rng: np.random.Generator, shape: tuple[int, ...], modes: np.ndarray) -> np.ndarray:
    base = rng.normal(0.0, 2.0, size=shape)
    # mode 7: rewards are set to zero by the caller; real scalars are then of order 50
    scale = np.select([modes == 3, modes == 6, modes == 7], [25.0, 5e4, 25.0], 1.0)
    out = base * scale.reshape((-1,) + (1,) * (len(shape) - 1))
    # mode 0: every entry with a magnitude of its own (10⁻³ to 10²), so one reward (or real)
    # can be negligible beside another: r(x, y) ≈ 0 while r(x, y') = 50
    magnitudes = 10.0 ** rng.uniform(-3.0, 2.0, size=shape)
    rows = (modes == 0).reshape((-1,) + (1,) * (len(shape) - 1))
    return np.where(rows, out * magnitudes, out)


def _batch(sig: Signature, rng: np.random.Generator, sizes: dict[Domain, int], s: int,
           pattern: str, alpha: float, label: str) -> Batch:
    modes = np.arange(s) % 8  # 0: P = Q, 1: uniform, 2: near-point, 3: tiny β and big rewards,
    # 4: huge β, 5: β of any magnitude (10⁻¹² to 10¹²), 6: rewards of order 10⁵, 7: zero rewards
    values: dict[Any, np.ndarray] = {}
    exact: dict[Any, np.ndarray] = {}
    alphas = np.where(modes == 2, 0.05, alpha)
    first_of_shape: dict[tuple, type] = {}
    for fam in sig.distributions:
        shape = _shape(fam, sizes)
        if fam.table is not None:
            row = np.array([float(v) for v in fam.table])
            values[fam] = np.broadcast_to(row, (s,) + shape).copy()
            continue
        values[fam] = _random_distribution(rng, fam, shape, s, alphas, (modes == 1) | (modes == 7))
        if fam.zeros:  # declared with zeros: exact zero masses (kernel/zero_sampling.py)
            values[fam] = with_zero_masses(values[fam], zero_rows(modes), rng)
        key = (fam.domains, getattr(fam, "given", ()))
        twin = first_of_shape.setdefault(key, fam)
        near = alpha != 1.0 and len(fam.domains) == 1 and not fam.zeros
        if twin is fam and near:  # near-uniform on the special rows of every other batch
            values[fam][modes == 0] = _towards(values[fam][modes == 0], None, NEAR_UNIFORM)
        elif twin is not fam and near:  # ... and Q close to P there: second-order bounds
            # (Pinsker's 1/2, χ² ≈ 2 D) are tight near P = Q = uniform
            values[fam][modes == 0] = _towards(values[fam][modes == 0],
                                               values[twin][modes == 0], NEAR_TWIN)
        elif twin is not fam:  # P = Q on the special rows
            values[fam][modes == 0] = values[twin][modes == 0]
        if (modes == 2).any():
            values[fam], exact[fam] = _tiny_masses(values[fam], modes == 2, len(fam.domains))
    for fam in sig.functions:
        shape = (s,) + tuple(sizes[d] for d in fam.domains)
        values[fam] = _reals(rng, shape, modes)
        values[fam][modes == 7] = 0.0  # zero rewards (with uniform distributions: π* uniform)
    for i, sym in enumerate(sig.scalars):
        values[sym] = _scalar(sym, sig, rng, s, False, i, modes)
    return Batch(s, sizes, values, _env(sig, sizes, pattern, rng), False, exact, label=label)


#: how far the special rows of every other batch stay from the uniform distribution, and
#: a second distribution of the same shape from the first
NEAR_UNIFORM, NEAR_TWIN = 0.1, 0.05


def _towards(own: np.ndarray, target: np.ndarray | None, weight: float) -> np.ndarray:
    """Rows ``(1 - weight)·target + weight·own`` (``target`` uniform when ``None``), on the
    exact simplex grid."""
    if target is None:
        target = np.full_like(own, 1.0 / own.shape[-1])
    return exact_simplex((1.0 - weight) * target + weight * own)


#: the exponent of the tiny exact mass put in near-point rows (2^-160 is about e^-111)
TINY_EXP = 160


def _tiny_masses(arr: np.ndarray, rows: np.ndarray, n_axes: int) -> tuple[np.ndarray, np.ndarray]:
    """On ``rows``, the smallest mass of each distribution becomes exactly ``2^-TINY_EXP`` (the
    largest absorbs the difference), kept exact in Fractions; elsewhere the exact array holds
    ``None`` (the float is exact there)."""
    shape = arr.shape
    n_random = int(np.prod(shape[len(shape) - n_axes:]))
    flat = arr.reshape(shape[0], -1, n_random).copy()
    exact = np.full(flat.shape, None, dtype=object)
    tiny = Fraction(1, 2 ** TINY_EXP)
    for k in np.flatnonzero(rows).tolist() if n_random > 1 else ():
        for r in range(flat.shape[1]):
            lo, hi = int(np.argmin(flat[k, r])), int(np.argmax(flat[k, r]))
            # only the two changed masses need Fractions: the others stay exact floats
            top = Fraction(float(flat[k, r, hi])) + Fraction(float(flat[k, r, lo])) - tiny
            exact[k, r, lo], exact[k, r, hi] = tiny, top
            flat[k, r, lo], flat[k, r, hi] = float(tiny), float(top)
    return flat.reshape(shape), exact.reshape(shape)


#: magnitudes far outside every other batch: a bound that holds only where the other
#: instances reach (``x < 10^6``, ``\log\beta < 30``, ``r^2 \le 10^{12}``) fails here
EXTREME = (1e-300, 1e-100, 1e-30, 1e30, 1e100, 1e300)
EXTREME_LABEL = "extreme magnitudes"


def _extreme_batch(sig: Signature, rng: np.random.Generator, sizes: dict[Domain, int],
                   s: int = 16) -> Batch:
    """Instances in which each scalar and reward, independently, is either of moderate size or
    of an extreme magnitude from :data:`EXTREME` (float64 then often overflows: those
    instances are decided with balls, whose exponents are unbounded).  Positive symbols stay
    positive and a symbol restricted to an interval stays inside it."""
    batch = _batch(sig, rng, sizes, s, "distinct", 1.0, EXTREME_LABEL)
    for sym in sig.scalars:
        lo, hi = sig.intervals.get(sym, (-np.inf, np.inf))
        if not (np.isinf(lo) or np.isinf(hi)):
            continue  # a bounded interval: its own sampling reaches all of it
        size = np.where(rng.random(s) < 0.6, rng.choice(EXTREME, size=s), batch.values[sym])
        size = np.abs(size)
        if sym in sig.intervals:
            batch.values[sym] = _half_line(lo, hi, size)
        elif sym.is_positive or sym.is_nonnegative:
            batch.values[sym] = size
        else:
            batch.values[sym] = size * rng.choice([-1.0, 1.0], size=s)
    for fam in sig.functions:
        arr = batch.values[fam]
        huge = rng.choice(EXTREME[3:], size=arr.shape) * rng.choice([-1.0, 1.0], size=arr.shape)
        rows = (rng.random(s) < 0.5).reshape((-1,) + (1,) * (arr.ndim - 1))
        batch.values[fam] = np.where(rows, huge, arr)
    return batch


def _scale_diverse_batch(sig: Signature, rng: np.random.Generator, s: int = 64) -> Batch:
    """Each scalar with its own magnitude, log-uniform on [10⁻³, 10³], and a random sign
    (positive symbols stay positive): one real can dwarf another (``|h| > 7|z|``), which draws
    of one common scale rarely give."""
    batch = _batch(sig, rng, {}, s, "distinct", 1.0, "scalars of independent magnitudes")
    for sym in sig.scalars:
        if _bounded(sig, sym):
            continue
        size = np.exp(rng.uniform(np.log(1e-3), np.log(1e3), size=s))
        positive = sym.is_positive or sym.is_nonnegative
        if sym in sig.intervals:
            batch.values[sym] = _half_line(*sig.intervals[sym], size)
        else:
            batch.values[sym] = size if positive else size * rng.choice([-1.0, 1.0], size=s)
    return batch


def _bounded(sig: Signature, sym: sp.Symbol) -> bool:
    """Is ``sym`` restricted to a bounded interval (which its own sampling covers)?"""
    lo, hi = sig.intervals.get(sym, (-np.inf, np.inf))
    return not (np.isinf(lo) or np.isinf(hi))


def _lattice_pool(sig: Signature, sym: sp.Symbol) -> tuple[float, ...]:
    """The round values a lattice batch gives ``sym``: the real or positive lattice, or on a
    half-line from the context its end moved inward by the positive lattice."""
    if sym in sig.intervals:
        return tuple(_half_line(*sig.intervals[sym], np.array(LATTICE_POSITIVE)).tolist())
    positive = sym.is_positive or sym.is_nonnegative
    return LATTICE_POSITIVE if positive else LATTICE_REAL


LATTICE_REAL = (-1.0, -0.5, 0.0, 0.5, 1.0)
LATTICE_POSITIVE = (0.5, 1.0, 2.0)


def _lattice_batch(sig: Signature, rng: np.random.Generator, size: int = 2,
                   s: int = 64) -> Batch:
    """Every real drawn from a small lattice of round values, so that two different
    expressions in the reals *coincide* (``z - 1/2 = r``, ``7z + h = 0``), where continuous draws
    never meet. When the scalars' lattice has at most 128 points, every point is taken."""
    pools = [_lattice_pool(sig, sym) for sym in sig.scalars if not _bounded(sig, sym)]
    grid = int(np.prod([len(p) for p in pools] or [1]))
    if pools and grid <= 128:
        s = max(s, grid)
    batch = _batch(sig, rng, _sizes(sig, lambda dom: size), s, "random", 1.0,
                   f"round lattice on {size}-point supports")
    for fam in sig.functions:
        batch.values[fam] = rng.choice(LATTICE_REAL, size=batch.values[fam].shape)
    points = [np.resize(np.array(c), s) for c in zip(*itertools.product(*pools), strict=True)] \
        if pools and grid <= 128 else [rng.choice(p, size=s) for p in pools]
    for sym, column in zip((v for v in sig.scalars if not _bounded(sig, v)), points,
                           strict=True):
        batch.values[sym] = np.asarray(column, dtype=float)
    return batch


def _nice_batch(sig: Signature, s: int = 8) -> Batch:
    sizes = _sizes(sig, lambda dom: 2)
    values: dict[Any, np.ndarray] = {}
    exact: dict[Any, np.ndarray] = {}
    for i, fam in enumerate(sig.distributions):
        shape = _shape(fam, sizes)
        if fam.table is not None:
            row = np.array([float(v) for v in fam.table])
            values[fam] = np.broadcast_to(row, (s,) + shape).copy()
        else:
            values[fam], exact[fam] = _nice_distribution(fam, shape, s, 3 * i)
    for i, fam in enumerate(sig.functions):
        shape = (s,) + tuple(sizes[d] for d in fam.domains)
        flat = [NICE_REAL[(k + 2 * i) % len(NICE_REAL)] for k in range(int(np.prod(shape)))]
        values[fam] = np.array(flat, dtype=float).reshape(shape)
    for i, sym in enumerate(sig.scalars):
        values[sym] = _scalar(sym, sig, np.random.default_rng(0), s, True, i, np.zeros(s))
    env = _env(sig, sizes, "distinct", np.random.default_rng(0))
    return Batch(s, sizes, values, env, True, exact, label="round numbers")


def _shape(fam: type, sizes: dict[Domain, int]) -> tuple[int, ...]:
    given = tuple(sizes[d] for d in getattr(fam, "given", ()))
    return given + tuple(sizes[d] for d in fam.domains)


_BATCHES: dict[tuple, list[Batch]] = {}
_BATCHES_LIMIT = 512


def sample_batches(sig: Signature, seed: int, extra_configs: Iterable = ()) -> list[Batch]:
    """The nice batch, then batches that cover the quantified space (deterministic in ``seed``).

    ``extra_configs`` are ``(size, samples, alpha)`` triples for more batches with every domain
    of that size (or, with ``size`` a tuple of ``(domain, size)`` pairs, those domains of those
    sizes and the others of 2 points). Results are cached by signature and seed; callers get
    fresh ``Batch`` objects (the arrays are shared and never written).
    """
    extra = tuple(tuple(c) for c in extra_configs)
    key = (seed, tuple(sig.distributions), tuple(sig.functions), tuple(sig.scalars),
           tuple(sorted(sig.support_vars.items(), key=lambda t: str(t[0]))),
           frozenset(sig.summed), frozenset(sig.domains),
           tuple(sorted(sig.intervals.items(), key=lambda t: str(t[0]))), extra)
    cached = _BATCHES.get(key)
    if cached is None:
        cached = mask_batches(sig.functions, _sample_batches(sig, seed, extra), seed)
        if len(_BATCHES) >= _BATCHES_LIMIT:
            _BATCHES.clear()
        _BATCHES[key] = cached
    return [Batch(b.samples, dict(b.sizes), dict(b.values), dict(b.env), b.nice, dict(b.exact),
                  b.label) for b in cached]


def sized_batch(sig: Signature, seed: int, config: Any, s: int = 1) -> Batch:
    """One batch of ``s`` instances with the sizes of ``config`` (see :func:`sample_batches`),
    made on its own (cached like the others) rather than beside the whole plan."""
    key = ("sized", seed, config, s, tuple(sig.distributions), tuple(sig.functions),
           tuple(sig.scalars), tuple(sorted(sig.support_vars.items(), key=lambda t: str(t[0]))),
           frozenset(sig.summed), frozenset(sig.domains),
           tuple(sorted(sig.intervals.items(), key=lambda t: str(t[0]))))
    cached = _BATCHES.get(key)
    if cached is None:
        rng = np.random.default_rng([seed, len(str(config)), s])
        sizes = _sizes(sig, lambda d: _configured_size(config, d))
        cached = mask_batches(sig.functions, [_batch(sig, rng, sizes, s, "distinct", 1.0,
                                                      config_label(config))], seed)
        if len(_BATCHES) >= _BATCHES_LIMIT:
            _BATCHES.clear()
        _BATCHES[key] = cached
    b = cached[0]
    return Batch(b.samples, dict(b.sizes), dict(b.values), dict(b.env), b.nice, dict(b.exact),
                 b.label)


def _configured_size(n: Any, dom: Domain) -> int:
    """An extra batch's size for ``dom``: ``n`` for every domain, or ``n`` as
    ``((domain, size), ...)`` with 2 points for the domains it does not name."""
    return n if isinstance(n, int) else dict(n).get(dom, 2)


def config_label(n: Any) -> str:
    """The label of the extra batch made for size configuration ``n``."""
    if isinstance(n, int):
        return f"{n}-point supports"
    return ", ".join(f"|{d.name}| = {k}" for d, k in n) + ", other supports of 2 points"


def _sample_batches(sig: Signature, seed: int, extra_configs: tuple) -> list[Batch]:
    rng = np.random.default_rng(seed)
    batches = [_nice_batch(sig)]
    if not (sig.domains or sig.summed):
        batches.append(_batch(sig, rng, {}, 96, "distinct", 1.0, "random reals"))
        batches.append(_scale_diverse_batch(sig, rng))
        batches.append(_lattice_batch(sig, rng))
        if sig.scalars:
            batches.append(_extreme_batch(sig, rng, {}))
        return batches
    plan: list[tuple[Any, int, str, float, str]] = [
        (lambda d: 2, 16, "distinct", 1.0, "two-point supports"),
        (lambda d: 3, 16, "random", 1.0, "three-point supports"),
        (lambda d: 1, 8, "equal", 1.0, "one-point supports"),
        (lambda d: 13, 8, "distinct", 1.0, "thirteen-point supports"),
    ]
    # every domain takes every size once across these batches, independently of the others
    domains = sorted(sig.domains | sig.summed, key=lambda d: d.name)
    orders = {d: rng.permutation(len(SIZES)) for d in domains}
    patterns = ("equal", "distinct", "random", "random", "distinct", "equal", "random")
    for i, pattern in enumerate(patterns):
        plan.append((lambda d, i=i: SIZES[orders[d][i]], 8, pattern, (1.0, 0.3)[i % 2],
                     "independent support sizes"))
    plan.extend((lambda d, n=n: _configured_size(n, d), s, "distinct", a, config_label(n))
                for n, s, a in extra_configs)
    for choose, s, pattern, alpha, label in plan:
        sizes = _sizes(sig, choose)
        batches.append(_batch(sig, rng, sizes, s, pattern, alpha, label))
    batches.append(_lattice_batch(sig, rng))
    batches.append(_lattice_batch(sig, rng, size=1, s=32))
    if sig.scalars or sig.functions:
        batches.append(_extreme_batch(sig, rng, _sizes(sig, lambda d: 2)))
    if sig.summed:  # a few instances on large supports: bounds that only hold up to 13 fail
        sizes = _sizes(sig, lambda d: LARGE, max_work=LARGE_WORK)
        batches.append(_batch(sig, rng, sizes, 3, "distinct", 1.0, f"{LARGE}-point supports"))
    return batches


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
        with np.errstate(over="ignore", invalid="ignore"):  # np.round scales by 10^12
            rounded = np.round(arr, 12)
        out[name(fam)] = np.where(np.isfinite(rounded), rounded, arr).squeeze().tolist()
    for sym in sig.scalars:
        out[name(sym)] = float(f"{float(batch.values[sym][k]):.12g}")
    return out
