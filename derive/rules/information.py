"""Rules about definitions, logarithms, sums and expectations.

>>> from derive.definitions import STANDARD as S, SupportSum
>>> import sympy as sp
>>> s = SupportSum(S.P(S.x) * (sp.log(S.P(S.x)) - sp.log(S.Q(S.x))), (S.x, S.X))
>>> from derive.latex import latex
>>> latex(linearity_of_sum.apply(s))
'\\\\sum_{x} P(x) \\\\log P(x) - \\\\sum_{x} P(x) \\\\log Q(x)'
"""

from __future__ import annotations

import sympy as sp

from ..definitions import (
    KL,
    CrossEntropy,
    Definition,
    Entropy,
    Expectation,
    Probability,
    SupportSum,
    is_primitive_distribution,
)
from ..kernel.context import Context
from . import rule

__all__ = [
    "unfold_definitions", "unfold_kl", "unfold_entropy", "unfold_cross_entropy",
    "unfold_expectation", "log_of_quotient", "linearity_of_sum", "linearity_of_expectation",
    "expectation_of_constant", "normalization", "combine_sums", "fold_entropy",
    "fold_cross_entropy", "fold_kl", "fold_expectation",
]


def _unfold_kind(expr: sp.Expr, kinds: tuple[type, ...]) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, kinds), lambda e: e.unfold())


@rule("unfold_definitions")
def unfold_definitions(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By the definitions of the quantities involved (each unfolded once)."""
    return expr.replace(lambda e: isinstance(e, Definition), lambda e: e.unfold())


@rule("unfold_kl")
def unfold_kl(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the KL divergence:
    $D_{\\mathrm{KL}}(P\\|Q)=\\sum_x P(x)\\log\\frac{P(x)}{Q(x)}$."""
    return _unfold_kind(expr, (KL,))


@rule("unfold_entropy")
def unfold_entropy(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the entropy: $H(P)=-\\sum_x P(x)\\log P(x)$."""
    return _unfold_kind(expr, (Entropy,))


@rule("unfold_cross_entropy")
def unfold_cross_entropy(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the cross-entropy: $H(P,Q)=-\\sum_x P(x)\\log Q(x)$."""
    return _unfold_kind(expr, (CrossEntropy,))


@rule("unfold_expectation")
def unfold_expectation(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the expectation: $\\mathbb{E}_{x\\sim P}[f(x)]=\\sum_x P(x)f(x)$."""
    return _unfold_kind(expr, (Expectation,))


@rule("log_of_quotient", side_conditions=("every factor inside the logarithm is positive",))
def log_of_quotient(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Log of a quotient (or product): $\\log\\frac{a}{b}=\\log a-\\log b$ for $a,b>0$.

    SymPy's ``expand_log`` without ``force`` splits a logarithm only where it can show every
    factor positive, so the side condition is checked, never assumed.
    """
    return expr.replace(lambda e: isinstance(e, sp.log),
                        lambda e: sp.expand_log(e, deep=False, force=False))


def _split_linear(body: sp.Expr, variables: tuple, rebuild: callable) -> sp.Expr:
    """Linearity: each term of ``body`` with its factors free of ``variables`` pulled out and
    the rest passed to ``rebuild`` (a sum or an expectation over the variables)."""
    bound = set(variables)
    out = sp.S.Zero
    for term in sp.Add.make_args(sp.expand_mul(body)):
        factors = sp.Mul.make_args(term)
        const = [f for f in factors if not (f.free_symbols & bound)]
        rest = [f for f in factors if f.free_symbols & bound]
        out += sp.Mul(*const) * rebuild(sp.Mul(*rest))
    return out


def _split_sum(s: SupportSum) -> sp.Expr:
    return _split_linear(s.body, s.variables, lambda inner: SupportSum(inner, *s.bindings))


@rule("linearity_of_sum")
def linearity_of_sum(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Linearity of the sum: $\\sum_x (a\\,f(x)+b\\,g(x)) = a\\sum_x f(x) + b\\sum_x g(x)$."""
    return expr.replace(lambda e: isinstance(e, SupportSum), _split_sum)


def _split_expectation(e: Expectation) -> sp.Expr:
    return _split_linear(  # the expectation of a constant is the constant
        e.body, e.variables,
        lambda inner: 1 if inner == 1 else Expectation(inner, e.dist, *e.bindings))


@rule("linearity_of_expectation")
def linearity_of_expectation(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Linearity of expectation: $\\mathbb{E}[a f + b g] = a\\,\\mathbb{E}[f] + b\\,\\mathbb{E}[g]$,
    and the expectation of a constant is that constant (the distribution sums to one)."""
    return expr.replace(lambda e: isinstance(e, Expectation), _split_expectation)


@rule("expectation_of_constant", side_conditions=("the constant does not depend on the "
                                                  "sampled variable",))
def expectation_of_constant(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Expectation of a constant: $\\mathbb{E}_{y\\sim\\pi}[c]=c$ when $c$ does not depend
    on $y$."""
    return expr.replace(
        lambda e: isinstance(e, Expectation) and not (e.body.free_symbols & set(e.variables)),
        lambda e: e.body)


@rule("normalization", side_conditions=("the summand is a distribution over the summed "
                                        "variable",))
def normalization(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Normalization: a distribution sums to one, $\\sum_y \\pi(y\\mid x)=1$."""
    def normalized(e: sp.Basic) -> bool:
        return (isinstance(e, SupportSum) and len(e.bindings) == 1
                and is_primitive_distribution(e.body)
                and tuple(e.body.random_args) == e.variables)
    return expr.replace(normalized, lambda e: sp.S.One)


@rule("combine_sums")
def combine_sums(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Combine sums over the same support: $\\sum_x f(x) - \\sum_x g(x) = \\sum_x (f(x)-g(x))$."""
    from ..kernel.sign import merge_sums
    merged = merge_sums(expr)
    return merged.replace(lambda e: isinstance(e, SupportSum),
                          lambda e: SupportSum(sp.factor_terms(e.body), *e.bindings))


def _fold(expr: sp.Expr, build: callable) -> sp.Expr:
    out = sp.S.Zero
    for term in sp.Add.make_args(expr):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, SupportSum)]
        folded = build(sums[0]) if len(sums) == 1 else None
        out += term if folded is None else (term / sums[0]) * folded
    return out


def _match_p_log(s: SupportSum) -> tuple[sp.Expr, sp.Expr] | None:
    """``(P(v), argument of log)`` for a body ``P(v) log(·)``."""
    factors = sp.Mul.make_args(s.body)
    logs = [f for f in factors if isinstance(f, sp.log)]
    dists = [f for f in factors if isinstance(f, Probability)
             and tuple(f.random_args) == s.variables]
    if len(factors) == 2 and len(logs) == 1 and len(dists) == 1:
        return dists[0], logs[0].args[0]
    return None


@rule("fold_entropy")
def fold_entropy(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the entropy, read backwards: $-\\sum_x P(x)\\log P(x) = H(P)$."""
    def build(s: SupportSum) -> sp.Expr | None:
        m = _match_p_log(s)
        return -Entropy(m[0], *s.bindings) if m and m[0] == m[1] else None
    return _fold(expr, build)


@rule("fold_cross_entropy")
def fold_cross_entropy(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the cross-entropy, read backwards: $-\\sum_x P(x)\\log Q(x) = H(P,Q)$."""
    def build(s: SupportSum) -> sp.Expr | None:
        m = _match_p_log(s)
        if m and isinstance(m[1], Probability) and m[0] != m[1]:
            return -CrossEntropy(m[0], m[1], *s.bindings)
        return None
    return _fold(expr, build)


@rule("fold_kl")
def fold_kl(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the KL divergence, read backwards:
    $\\sum_x P(x)\\log\\frac{P(x)}{Q(x)} = D_{\\mathrm{KL}}(P\\|Q)$."""
    def build(s: SupportSum) -> sp.Expr | None:
        m = _match_p_log(s)
        if m:
            num, den = sp.fraction(m[1])
            if num == m[0] and den != 1:
                return KL(m[0], den, *s.bindings)
        return None
    return _fold(expr, build)


@rule("fold_expectation")
def fold_expectation(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the expectation, read backwards:
    $\\sum_y \\pi(y)f(y)=\\mathbb{E}_{y\\sim\\pi}[f(y)]$."""
    def build(s: SupportSum) -> sp.Expr | None:
        factors = sp.Mul.make_args(s.body)
        dists = [f for f in factors if isinstance(f, Probability)
                 and tuple(f.random_args) == s.variables]
        if len(dists) != 1:
            return None
        return Expectation(s.body / dists[0], dists[0], *s.bindings)
    return _fold(expr, build)
