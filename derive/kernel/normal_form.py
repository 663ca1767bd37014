"""Symbolic normal form: part of the kernel's trusted base.

``normal_form(e)`` rewrites an expression into a canonical shape in which two equal
expressions very often become *syntactically* equal; ``is_zero(d)`` then decides whether a
difference vanishes identically. Every rewrite here is an identity that holds for all valid
instances (distributions positive and normalized, β > 0, rewards real):

1. unfold every definition (H, KL, 𝔼, Z, π*, σ, …) down to primitives;
2. expand logarithms of products, quotients and powers of *positive* factors (SymPy's own
   ``expand_log`` without ``force``, so positivity is checked, never assumed);
3. canonicalise sums over supports: distribute over ``+`` (linearity), pull out factors that do
   not depend on the bound variable, drop ``Σ_v P(v) = 1`` for primitive distributions
   (normalization), ``Σ_v c = |V| c``, split independent sums, flatten nested sums and
   eliminate variables that occur in a single factor, then rename bound variables
   canonically (alpha-equivalence). Bound variables are first renamed apart (a fresh ``Dummy``
   per binder, again before a nested sum is flattened into its parent), so no flattening or
   merging can capture a variable; canonical names never clash with a symbol of the body;
4. decide zero as a rational-function identity in the remaining atoms, with each ``exp(a)``
   factored over the monomials of ``a`` and each ``log`` read through the factorisation of its
   argument (:mod:`.rational_zero`).

Two further value-preserving rewrites: a sum over the support of a distribution given by a
table (``P := (0.9, 0.1)``) whose bound variable only occurs as the argument of tables is written
out term by term with the table's values; and a factor ``c`` common to every argument of a
``min``/``max`` whose sign is known is pulled out (``min(c a, c b) = c min(a, b)`` for ``c > 0``,
``= c max(a, b)`` for ``c < 0``).

A failure to reach zero proves nothing (the kernel falls back to numeric evidence); reaching
zero is a proof, because each step above preserves value.

>>> from derive.definitions import STANDARD as S, KL, CrossEntropy, Entropy
>>> x, X, P, Q = S.x, S.X, S.P, S.Q
>>> lhs = KL(P(x), Q(x), (x, X))
>>> rhs = CrossEntropy(P(x), Q(x), (x, X)) - Entropy(P(x), (x, X))
>>> is_zero(normal_form(lhs) - normal_form(rhs))
True
"""

from __future__ import annotations

import itertools
import time

import sympy as sp

from ..definitions import (
    Binder,
    Domain,
    Probability,
    SupportSize,
    SupportSum,
    is_primitive_distribution,
    unfold_all,
)
from .remembered import remembered

__all__ = ["BudgetExceeded", "normal_form", "is_zero", "sum_depth", "depends_on", "rename_apart"]


class BudgetExceeded(Exception):
    """The time budget for a symbolic attempt ran out."""


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetExceeded


def sum_depth(e: sp.Basic) -> int:
    """How deeply support sums nest inside ``e``."""
    if isinstance(e, SupportSum):
        return 1 + sum_depth(e.body)
    return max((sum_depth(a) for a in e.args), default=0)


def depends_on(e: sp.Basic, family: type | sp.Symbol) -> bool:
    """Does ``e`` mention ``family`` (a function class, e.g. the policy π, or a symbol)?"""
    if isinstance(family, sp.Symbol):
        return family in e.free_symbols
    return any(isinstance(node, family) for node in sp.preorder_traversal(e))


def rename_apart(e: sp.Expr) -> sp.Expr:
    """``e`` with every binder's variables renamed to fresh ``Dummy`` symbols (alpha-renaming).

    A uniform renaming to names that occur nowhere preserves meaning (even under shadowing), and
    afterwards no two binders share a variable and no bound variable is also free anywhere, so
    later rewrites may merge or flatten sums without capturing a variable.
    """
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, Binder):
        mapping = {}
        for var, _ in e.bindings:  # a later binding of the same name shadows an earlier one
            mapping[var] = sp.Dummy("ν")
        payload = [rename_apart(p.xreplace(mapping)) for p in e.payload]
        unused = [sp.Dummy("ν") for _ in e.bindings]
        bindings = []
        for k, (var, dom) in enumerate(e.bindings):
            shadowed = any(v == var for v, _ in e.bindings[k + 1:])
            bindings.append((unused[k] if shadowed else mapping[var], dom))
        return type(e)(*payload, *bindings)
    if isinstance(e, (SupportSize, sp.Tuple)):
        return e
    new_args = [rename_apart(a) for a in e.args]
    return e.func(*new_args) if new_args != list(e.args) else e


def _canonical_names(depth: int, count: int, body: sp.Expr,
                     variables: set[sp.Basic]) -> list[sp.Symbol]:
    """``count`` canonical names for a sum of ``depth``, none occurring in ``body`` other than
    as one of the ``variables`` being renamed (so the renaming captures nothing)."""
    taken = {getattr(s, "name", None) for s in body.atoms(sp.Symbol) - variables}
    prefix = "ξ"
    while any(f"{prefix}{depth}_{k}" in taken for k in range(count)):
        prefix += "ξ"
    return [sp.Symbol(f"{prefix}{depth}_{k}") for k in range(count)]


def _canonical_sum(body: sp.Expr, bindings: list[tuple[sp.Symbol, Domain]]) -> sp.Expr:
    """``SupportSum(body, *bindings)`` with canonically named, canonically ordered variables.

    The bindings must be distinct variables (callers rename apart first)."""
    if len({v for v, _ in bindings}) != len(bindings):
        raise ValueError("duplicate binding in a sum: rename apart first")
    depth = 1 + sum_depth(body)
    names = _canonical_names(depth, len(bindings), body, {v for v, _ in bindings})
    best = None
    for perm in itertools.permutations(range(len(bindings))):
        mapping = {bindings[i][0]: names[k] for k, i in enumerate(perm)}
        renamed = body.xreplace(mapping)
        key = sp.srepr(renamed)
        if best is None or key < best[0]:
            ordered = sorted(((mapping[v], d) for v, d in bindings), key=lambda b: b[0].name)
            best = (key, renamed, ordered)
    assert best is not None
    return SupportSum(best[1], *best[2])


def _normalized_in(factor: sp.Expr, var: sp.Symbol) -> bool:
    """Is ``factor`` a primitive distribution whose only random slot is ``var``?"""
    return (
        is_primitive_distribution(factor)
        and tuple(factor.random_args) == (var,)
        and all(var not in a.free_symbols for a in factor.given_args)
    )


def _sum_term(term: sp.Expr, bindings: list[tuple[sp.Symbol, Domain]]) -> sp.Expr:
    """Normalize ``Σ_{bindings} term`` for one monomial ``term``."""
    factors: list[sp.Expr] = []
    binds = list(bindings)
    for f in sp.Mul.make_args(term):
        if isinstance(f, SupportSum) and not isinstance(f.body, sp.Add):
            # sibling sums carry the same canonical names: rename apart before flattening
            f = rename_apart(f)
            binds.extend(f.bindings)
            factors.extend(sp.Mul.make_args(f.body))
        else:
            factors.append(f)
    changed = True
    while changed:
        changed = False
        for var, dom in list(binds):
            dep = [i for i, f in enumerate(factors) if var in f.free_symbols]
            if not dep:
                factors.append(SupportSize(dom))
            elif len(dep) == 1 and _normalized_in(factors[dep[0]], var):
                factors.pop(dep[0])
            elif len(dep) == 1:
                factors[dep[0]] = _canonical_sum(factors[dep[0]], [(var, dom)])
            else:
                continue
            binds.remove((var, dom))
            changed = True
    bound = {v for v, _ in binds}
    outside = [f for f in factors if not (f.free_symbols & bound)]
    inside = [f for f in factors if f.free_symbols & bound]
    # connected components of the bound variables (linked by sharing a factor)
    parent = {v: v for v in bound}

    def find(v: sp.Symbol) -> sp.Symbol:
        while parent[v] != v:
            v = parent[v]
        return v

    for f in inside:
        vs = sorted(f.free_symbols & bound, key=str)
        for a in vs[1:]:
            parent[find(a)] = find(vs[0])
    groups: dict[sp.Symbol, list] = {}
    for f in inside:
        root = find(next(iter(f.free_symbols & bound)))
        groups.setdefault(root, []).append(f)
    result = sp.Mul(*outside)
    for root, fs in groups.items():
        comp = [(v, d) for v, d in binds if find(v) == root]
        result *= _canonical_sum(sp.Mul(*fs), comp)
    return result


def _normalize_sums(e: sp.Expr, deadline: float | None) -> sp.Expr:
    """Bottom-up canonicalisation of every support sum in ``e``."""
    _check(deadline)
    if isinstance(e, SupportSum):
        body = _normalize_sums(e.body, deadline)
        body = sp.expand(body)
        return sp.Add(*(_sum_term(t, list(e.bindings)) for t in sp.Add.make_args(body)))
    if not e.args or isinstance(e, (SupportSize, sp.Tuple)):
        return e
    new_args = [_normalize_sums(a, deadline) for a in e.args]
    return e.func(*new_args) if new_args != list(e.args) else e


def _table_sums(e: sp.Expr) -> sp.Expr:
    """Write out sums over the support of a table distribution (``P := (0.9, 0.1)``).

    Only a sum whose bound variable occurs solely as the argument of tables on its domain is
    written out, and only when every table on that domain has the same length (that length is
    the domain's size).

    >>> from derive.definitions import Domain, distribution
    >>> A = Domain("A"); a = sp.Symbol("a")
    >>> P = distribution("P", A, table=("0.9", "0.1"))
    >>> _table_sums(SupportSum(P(a) * sp.log(P(a)), (a, A))) == (
    ...     sp.Rational(9, 10) * sp.log(sp.Rational(9, 10)) + sp.log(sp.Rational(1, 10)) / 10)
    True
    """
    tables: dict[Domain, set[tuple]] = {}
    for node in sp.preorder_traversal(e):
        if isinstance(node, Probability) and node.table is not None:
            tables.setdefault(node.domains[0], set()).add(node.table)
    sizes = {dom: len(next(iter(ts))) for dom, ts in tables.items()
             if len({len(t) for t in ts}) == 1}
    if not sizes:
        return e

    def expand(s: SupportSum) -> sp.Expr:
        if len(s.bindings) != 1 or s.bindings[0][1] not in sizes:
            return s
        var, dom = s.bindings[0]
        marker = sp.Dummy("element")
        terms = []
        for i in range(sizes[dom]):
            body = s.body.xreplace({var: marker})
            body = body.replace(
                lambda n, _m=marker: isinstance(n, Probability) and n.table is not None
                and n.args == (_m,),
                lambda n, _i=i: n.table[_i])
            if marker in body.free_symbols:
                return s
            terms.append(body)
        return sp.Add(*terms)

    return e.replace(lambda n: isinstance(n, SupportSum), expand)


def _factor_minmax(e: sp.Expr) -> sp.Expr:
    """Pull a factor of known sign common to all arguments out of each ``min``/``max``.

    >>> r, a = sp.Symbol("rho", positive=True), sp.Symbol("a", positive=True)
    >>> _factor_minmax(sp.Min(-a * r, -2 * a))
    -a*Max(2, rho)
    """
    def rewrite(node: sp.Expr) -> sp.Expr:
        common = None
        negative = True
        for a in node.args:
            coeff, rest = sp.factor_terms(a).as_coeff_Mul()
            negative = negative and bool(coeff.is_negative)
            fs = set(sp.Mul.make_args(rest))
            common = fs if common is None else common & fs
        c = sp.Mul(*(common or ())) * (-1 if negative else 1)
        if c == 1 or not (c.is_positive or c.is_negative):
            return node
        inner = [sp.factor_terms(a) / c for a in node.args]
        flip = {sp.Min: sp.Max, sp.Max: sp.Min}
        func = node.func if c.is_positive else flip[node.func]
        return c * func(*inner)

    return e.replace(lambda n: isinstance(n, (sp.Min, sp.Max)), rewrite)


_CACHE: dict[sp.Expr, sp.Expr] = {}


def normal_form(expr: sp.Expr, deadline: float | None = None) -> sp.Expr:
    """Canonical form of ``expr`` (see the module docstring for the rewrites).

    Results are cached by expression (expressions are immutable; consecutive steps of a chain
    share one); a computation stopped by the deadline is not cached.
    """
    key = sp.sympify(expr)
    return remembered(_CACHE, key, lambda: _normal_form(key, deadline))


def _normal_form(expr: sp.Expr, deadline: float | None) -> sp.Expr:
    e = rename_apart(unfold_all(expr))
    e = _table_sums(e)
    previous = None
    for _ in range(4):
        _check(deadline)
        e = sp.expand(sp.expand_log(rename_apart(e), deep=True))
        if e.has(sp.Min, sp.Max):
            e = _factor_minmax(e)
        e = _normalize_sums(e, deadline)
        if e == previous:
            break
        previous = e
    return sp.expand(e)


def _factor_exponentials(e: sp.Expr) -> sp.Expr:
    """Write each ``exp(c1 m1 + c2 m2 + …)`` as ``E(m1)^c1 E(m2)^c2 …`` with positive atoms E."""
    cache: dict[sp.Expr, sp.Symbol] = {}

    def atom(m: sp.Expr) -> sp.Symbol:
        if m not in cache:
            cache[m] = sp.Symbol(f"E[{sp.srepr(m)}]", positive=True)
        return cache[m]

    def rewrite(node: sp.Expr) -> sp.Expr:
        arg = sp.expand(node.args[0])
        out = sp.S.One
        for term in sp.Add.make_args(arg):
            coeff, mono = term.as_coeff_Mul()
            if mono == 1:
                out *= sp.exp(coeff)
            else:
                out *= atom(mono) ** coeff
        return out

    return e.replace(lambda n: isinstance(n, sp.exp), rewrite)


#: is_zero's answers by expression (one cut short by the deadline raises and is not kept)
_ZERO_CACHE: dict[sp.Expr, bool] = {}


def is_zero(d: sp.Expr, deadline: float | None = None) -> bool:
    """Is ``d`` (already in normal form) identically zero?  ``False`` means *not shown*."""
    key = sp.sympify(d)
    return remembered(_ZERO_CACHE, key, lambda: _is_zero(key, deadline))


def _is_zero(d: sp.Expr, deadline: float | None) -> bool:
    d = sp.expand(d)
    if d == 0:
        return True
    _check(deadline)
    r = _factor_exponentials(d)
    if sp.expand(r) == 0:
        return True
    _check(deadline)
    from .rational_zero import rational_zero  # it imports BudgetExceeded from here

    return rational_zero(d, deadline)  # rational functions over atoms (logs factored too)
