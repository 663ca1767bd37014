"""A zero test by rational-function arithmetic over independent atoms (trusted base).

``rational_zero(d)`` decides whether ``d`` vanishes by turning it into an element of the field
of rational functions ``QQ(a_1, …, a_n)`` over *atoms* and asking whether that element is 0:

* each ``exp(c_1 m_1 + … + c_k m_k)`` becomes ``E(m_1)^c_1 ⋯ E(m_k)^c_k`` (integer ``c_i``;
  other coefficients give an atom of their own), with ``E(m)`` a positive atom;
* each ``log(f)`` is read through the factorisation of ``f`` in that field:
  ``f = c ∏ p_j^{k_j}`` with irreducible ``p_j`` gives ``log|c| + Σ k_j log|p_j|``, where
  ``log|E(m)| = m`` and every other ``log|p_j|`` (and ``log`` of each prime of ``c``) is an atom;
* any other function, a power with a non-integer exponent, a distribution or reward, a sum
  over a support, … is an atom keyed by its structure.

Why this is sound: on the domain where ``d`` is defined every ``log`` has a positive argument,
so ``log f = log|f| = log|c| + Σ k_j log|p_j|`` holds there; ``exp`` of a sum is the product of
the ``exp`` of its terms; equal structures are equal values. Every rewrite preserves value, and
a rational function that is zero *as an element of the field* (atoms independent) stays zero
under every substitution of values for which its denominators do not vanish. Atoms that are in
fact related (``E(m)`` and ``E(2m)`` written apart, ``r(x, y)`` and ``r(x, y')`` at ``y = y'``)
can only make a true identity go unseen, never make a false one pass.

>>> z = sp.Symbol("z", real=True)
>>> rational_zero(sp.log(1 + sp.exp(z)) - z - sp.log(1 + sp.exp(-z)))
True
>>> rational_zero(sp.log(1 + sp.exp(z)) - sp.log(1 + sp.exp(-z)))
False
"""

from __future__ import annotations

import time
from typing import Any

import sympy as sp
from sympy import QQ
from sympy.polys.fields import field

from .normal_form import BudgetExceeded
from .remembered import remembered

__all__ = ["rational_zero"]

#: the largest numerator and denominator of a coefficient c = p/q for which e^{c m} is written
#: as a power of the atom e^{m/q}
SMALL_ROOT = 64
#: how many times min/max/abs/sign may be rebuilt (and so settled by SymPy) in one test
MAX_REBUILDS = 1000
#: integers up to this size are split into primes under a log (log 6 = log 2 + log 3)
FACTOR_LIMIT = 10 ** 12


class _Atoms:
    """Structural keys mapped to fresh symbols, so equal structures are the same atom."""

    def __init__(self, deadline: float | None):
        self.symbols: dict[Any, sp.Symbol] = {}
        self.exp_of: dict[sp.Symbol, sp.Expr] = {}  # E(m) -> m
        self.deadline = deadline
        self.memo: dict[sp.Expr, sp.Expr] = {}
        self.rebuilds = 0
        #: generator b -> {(b^(1/q) atom, q)}: roots taken of a single generator
        self.roots: dict[sp.Symbol, set[tuple[sp.Symbol, int]]] = {}

    def atom(self, key: Any, exp_of: sp.Expr | None = None) -> sp.Symbol:
        sym = self.symbols.get(key)
        if sym is None:  # an exponential is positive; the rest carry no assumptions
            sym = self.symbols[key] = sp.Dummy(f"a{len(self.symbols)}",
                                               positive=True if exp_of is not None else None)
            if exp_of is not None:
                self.exp_of[sym] = exp_of
        return sym

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise BudgetExceeded

    # ------------------------------------------------------------------ rewriting to atoms

    def rewrite(self, e: sp.Expr) -> sp.Expr:
        """``e`` as a rational expression in symbols and atoms (same value where defined)."""
        done = self.memo.get(e)
        if done is None:
            self.check()
            done = self.memo[e] = self._rewrite(e)
        return done

    def _rewrite(self, e: sp.Expr) -> sp.Expr:
        if e.is_Rational:
            return e
        if e.is_Float:
            return sp.Rational(e)  # exactly the float's value
        if isinstance(e, sp.Symbol):
            return e
        if isinstance(e, (sp.Add, sp.Mul)):
            return e.func(*[self.rewrite(a) for a in e.args])
        if isinstance(e, sp.Pow):
            if e.exp.is_Integer:
                return self.rewrite(e.base) ** e.exp
            if e.base is sp.E:
                return self._exp(e.exp)
            if e.exp.is_Rational:
                return self._root(self.rewrite(e.base), e.exp)
            return self.atom(("pow", self.rewrite(e.base), self.rewrite(e.exp)))
        if isinstance(e, sp.exp):
            return self._exp(e.args[0])
        if isinstance(e, sp.log):
            return self._log(self.rewrite(e.args[0]))
        if e is sp.E:
            return self._exp(sp.S.One)
        if not e.args:  # pi, other constants
            return self.atom(("constant", e))
        # any other function or object: rebuilt from its rewritten arguments (SymPy's own
        # evaluation may settle it, e.g. min(1 - ε, 1 + ε) = 1 - ε for ε > 0), else an atom
        args = tuple(self.rewrite(a) if isinstance(a, sp.Expr) else a for a in e.args)
        if isinstance(e, (sp.Min, sp.Max, sp.Abs, sp.sign)) and self.rebuilds < MAX_REBUILDS:
            rebuilt = e.func(*args)
            if not isinstance(rebuilt, e.func):
                self.rebuilds += 1
                return self.rewrite(rebuilt)
        return self.atom(("apply", e.func, args))

    def _root(self, base: sp.Expr, power: sp.Rational) -> sp.Expr:
        """``base^(p/q)`` as ``R^p`` with ``R = base^(1/q)`` an atom; a base that is one
        generator (a symbol or an atom such as ``|X|``) is remembered, so that it can be
        written ``R^q`` everywhere (see :func:`rational_zero`)."""
        root = self.atom(("root", base, power.q))
        if isinstance(base, sp.Symbol) and base not in self.exp_of:
            self.roots.setdefault(base, set()).add((root, power.q))
        return root ** power.p

    def _exp(self, arg: sp.Expr) -> sp.Expr:
        """``e^{Σ c_i m_i}`` as ``Π E_i^{p_i}``: a rational coefficient ``c = p/q`` of a
        monomial ``m`` (1 for a constant term) makes ``E = e^{m/q}`` the atom, so
        ``e^{1/2}·e^{-1/2} = 1`` and ``e^{z}·e^{-z} = 1`` are seen (atoms of different ``q``
        stay apart, which can only hide an identity). Only small ``p`` and ``q`` (at most
        :data:`SMALL_ROOT`, a float's rational 2⁻⁵⁵-denominator would be a polynomial of that
        degree) share an atom; any other coefficient keeps ``e^{c m}`` an atom of its own."""
        out = sp.S.One
        for term in sp.Add.make_args(sp.expand(self.rewrite(arg))):
            coeff, mono = term.as_coeff_Mul()
            if coeff.is_Integer or (coeff.is_Rational and coeff.q <= SMALL_ROOT
                                    and abs(coeff.p) <= SMALL_ROOT):
                unit = mono / coeff.q
                key = ("exp", mono) if coeff.q == 1 else ("exp", mono, coeff.q)
                out *= self.atom(key, exp_of=unit) ** coeff.p
            else:
                out *= self.atom(("exp", term), exp_of=term)
        return out

    def _log(self, arg: sp.Expr) -> sp.Expr:
        gens = sorted(arg.free_symbols, key=sp.default_sort_key)
        if not gens:
            return self._log_constant(sp.Rational(arg)) if arg.is_Rational else \
                self.atom(("log", arg))
        f = field(gens, QQ)[0].from_expr(arg)
        total = sp.S.Zero
        for part, sign in ((f.numer, 1), (f.denom, -1)):
            self.check()
            c, factors = part.factor_list()
            total += sign * self._log_constant(QQ.to_sympy(c))
            for p, k in factors:
                total += sign * k * self._log_factor(p.as_expr())
        return total

    def _log_factor(self, p: sp.Expr) -> sp.Expr:
        """``log|p|`` for an irreducible polynomial ``p`` in symbols and atoms."""
        if p in self.exp_of:
            return self.exp_of[p]  # log|E(m)| = m
        q = -p
        canonical = min(p, sp.expand(q), key=sp.default_sort_key)  # |p| = |-p|
        return self.atom(("log", canonical))

    def _log_constant(self, c: sp.Rational) -> sp.Expr:
        c = abs(c)
        if c == 1:
            return sp.S.Zero
        if c == 0:
            raise ValueError("log of zero")
        out = sp.S.Zero
        for part, sign in ((c.p, 1), (c.q, -1)):
            if part == 1:
                continue
            if part > FACTOR_LIMIT:
                out += sign * self.atom(("log", sp.Integer(part)))
                continue
            for prime, k in sp.factorint(part).items():
                out += sign * k * self.atom(("log", sp.Integer(prime)))
        return out


#: answers already reached, by expression (an answer cut short by the deadline raises and is
#: not kept): the same difference recurs for a step judged again and across a chain's steps
_CACHE: dict[sp.Expr, bool] = {}


def rational_zero(d: sp.Expr, deadline: float | None = None) -> bool:
    """Is ``d`` zero as a rational function of independent atoms? ``False``: not shown."""
    d = sp.sympify(d)
    return remembered(_CACHE, d, lambda: _rational_zero(d, deadline))


def _rational_zero(d: sp.Expr, deadline: float | None) -> bool:
    if d.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return False
    atoms = _Atoms(deadline)
    try:
        rewritten = atoms.rewrite(d)
    except (ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        return False
    # a generator b of which exactly one root R = b^(1/q) is taken is R^q wherever d is
    # defined (R real means b >= 0), so b is written R^q: sqrt(G) sqrt(G) = G is then seen
    single = {b: rq.pop() for b, rq in atoms.roots.items() if len(rq) == 1}
    if single:
        rewritten = rewritten.xreplace({b: root ** q for b, (root, q) in single.items()})
    gens = sorted(rewritten.free_symbols, key=sp.default_sort_key)
    if not gens:
        return rewritten == 0
    atoms.check()
    try:
        return field(gens, QQ)[0].from_expr(rewritten) == 0
    except (ValueError, TypeError, ZeroDivisionError, sp.PolynomialError):
        return False
