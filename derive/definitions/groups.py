"""Groups of sampled answers: index ranges, indexed quantities, group statistics, GRPO, RLOO.

An *index range* ``{1, …, G}`` is a finite domain whose size is printed as a letter (``G``)
and which may demand a least size (``G ≥ 2`` for a leave-one-out baseline). Sums over it print
as ``\\sum_{i=1}^{G}`` and its size ``|I|`` as ``G``. Indexed quantities ``r_i``, ``\\hat{A}_{i,t}``
are real functions on index ranges printed with subscripts. Ragged sequences (answer ``o_i`` has
``|o_i|`` tokens) are a token range ``T`` of the longest length with a *mask* ``m_{i,t} ∈ {0, 1}``
that is 1 on the first ``|o_i| ≥ 1`` tokens; the kernel samples the lengths (1 included).

>>> from sympy import latex
>>> G = index_range("I", size="G")
>>> r = indexed("r", (G,))
>>> i = sp.Symbol("i")
>>> latex(group_mean(r, G))
'\\\\frac{\\\\sum_{j=1}^{G} r_{j}}{G}'
>>> unfold_advantage = normalized_advantage(r, G, sp.Symbol("epsilon", positive=True))(i)
>>> latex(unfold_advantage)
'\\\\hat{A}_{i}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .alignment import Clip
from .information import Definition
from .support import Binder, Domain, RealFunction, SupportSize, SupportSum, fresh_symbol

__all__ = [
    "IndexRange", "index_range", "indexed", "token_mask", "SumExcept", "TokenSum",
    "SequenceLength", "group_mean", "group_std", "normalized_advantage", "leave_one_out_baseline",
    "grpo_objective", "token_level_objective", "positive_indexed",
]


class IndexRange(Domain):
    """The index set ``{1, …, size}``; subclasses set ``size_tex``, ``var`` and ``min_size``."""

    size_tex: str = "n"
    var: str = "i"
    min_size: int = 1

    @property
    def var_name(self) -> str:
        return self.var

    def _latex(self, printer: Any = None) -> str:
        return r"\{1, \dots, %s\}" % self.size_tex


_RANGES: dict[tuple, type] = {}


def index_range(name: str, size: str, var: str = "i", min_size: int = 1) -> IndexRange:
    """The index range named ``name`` whose size prints as ``size`` (at least ``min_size``).

    One range per name, size and least size: ``var`` (the usual letter of its elements) is
    taken from the first call, so two readings of ``\\sum_{i=1}^{G}`` and ``\\sum_{j=1}^{G}``
    range over the same set."""
    key = (name, size, min_size)
    cls = _RANGES.get(key)
    if cls is None:
        cls = _RANGES[key] = type(f"IndexRange_{name}", (IndexRange,),
                                  {"size_tex": size, "var": var, "min_size": min_size})
    return cls(name)


class IndexedFunction(RealFunction):
    """A real quantity with integer indices, printed with subscripts (``r_{i}``)."""

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"%s_{%s}" % (self.tex, ",".join(printer._print(a) for a in self.args))
        return text if exp is None else r"%s^{%s}" % (text, exp)


_INDEXED: dict[tuple, type] = {}


def indexed(name: str, over: tuple[Domain, ...], tex: str | None = None) -> type[RealFunction]:
    """An indexed real family (``r_i`` on one range, ``A_{i,t}`` on two); one class per name,
    ranges and LaTeX, so ``r_i`` and ``r_j`` read apart are the same family."""
    key = (name, tuple(over), tex)
    cls = _INDEXED.get(key)
    if cls is None:
        cls = _INDEXED[key] = type(name, (IndexedFunction,), {
            "tex": tex or name, "domains": tuple(over), "nargs": len(over)})
    return cls


class PositiveIndexed(sp.Function, Definition):
    """A positive indexed quantity ``ρ_{i,t} = exp(u_{i,t})`` (a ratio of probabilities)."""

    log_of: type[RealFunction]
    tex: str = r"\rho"
    is_positive = True
    is_real = True

    def unfold(self) -> sp.Expr:
        return sp.exp(self.log_of(*self.args))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"%s_{%s}" % (self.tex, ",".join(printer._print(a) for a in self.args))
        return text if exp is None else r"%s^{%s}" % (text, exp)


def positive_indexed(name: str, over: tuple[Domain, ...], tex: str) -> type[PositiveIndexed]:
    """A positive indexed family (its logarithm is any real)."""
    return type(name, (PositiveIndexed,), {"tex": tex, "nargs": len(over),
                                           "log_of": indexed(f"log_{name}", over)})


class TokenMask(IndexedFunction):
    """``m_{i,t}``: 1 on the first ``|o_i|`` tokens of answer ``i``, else 0 (``|o_i| ≥ 1``)."""

    mask = True


def token_mask(group: IndexRange, tokens: IndexRange) -> type[TokenMask]:
    """The mask family of a group of answers over the token range (the kernel samples it)."""
    return type("m", (TokenMask,), {"tex": "m", "domains": (group, tokens), "nargs": 2})


class SumExcept(Binder, Definition):
    """``\\sum_{j \\ne i} body``: args ``(body, i, Tuple(j, I))``; the sum over the range less
    the term at ``j = i``."""

    n_payload = 2
    defines = "a sum leaving one index out"

    def unfold(self) -> sp.Expr:
        body, i = self.payload
        (j, dom), = self.bindings
        return SupportSum(body, (j, dom)) - body.xreplace({j: i})

    def _latex(self, printer: Any) -> str:
        body, i = self.payload
        (j, _), = self.bindings
        text = printer._print(body)
        if isinstance(body, sp.Add):
            text = r"\left(%s\right)" % text
        return r"\sum_{%s \neq %s} %s" % (printer._print(j), printer._print(i), text)


class SequenceLength(sp.Function, Definition):
    """``|o_i| = Σ_t m_{i,t}``, the number of tokens of answer ``i`` (at least 1)."""

    mask: type[TokenMask]
    nargs = 1
    is_positive = True
    is_integer = True
    defines = "the length of an answer"

    def unfold(self) -> sp.Expr:
        (i,) = self.args
        tokens = self.mask.domains[1]
        t = fresh_symbol(tokens.var_name, self.free_symbols)
        return SupportSum(self.mask(i, t), (t, tokens))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"|o_{%s}|" % printer._print(self.args[0])
        return text if exp is None else r"%s^{%s}" % (text, exp)


def sequence_length(mask: type[TokenMask]) -> type[SequenceLength]:
    """The family ``|o_i|`` of this mask."""
    return type("SeqLen", (SequenceLength,), {"mask": mask})


class TokenSum(Binder, Definition):
    """``\\sum_{t=1}^{|o_i|} body``: args ``(body, i, Tuple(t, T))``, the masked sum."""

    n_payload = 2
    mask: type[TokenMask]
    defines = "a sum over the tokens of one answer"

    def unfold(self) -> sp.Expr:
        body, i = self.payload
        (t, dom), = self.bindings
        return SupportSum(self.mask(i, t) * body, (t, dom))

    def _latex(self, printer: Any) -> str:
        body, i = self.payload
        (t, _), = self.bindings
        text = printer._print(body)
        if isinstance(body, sp.Add):
            text = r"\left(%s\right)" % text
        return r"\sum_{%s=1}^{|o_{%s}|} %s" % (printer._print(t), printer._print(i), text)


def token_sum(mask: type[TokenMask]) -> type[TokenSum]:
    """The masked token-sum binder of this mask."""
    return type("TokenSum_m", (TokenSum,), {"mask": mask})


def group_mean(r: type[RealFunction], group: IndexRange, avoid: Any = ()) -> sp.Expr:
    """``(1/G) Σ_j r_j``."""
    j = fresh_symbol("j", avoid)
    return SupportSum(r(j), (j, group)) / SupportSize(group)


class GroupStd(Binder, Definition):
    """The population standard deviation of a group, ``sqrt((1/G) Σ_k (r_k − mean)^2)``
    (zero for G = 1 or equal rewards); args ``(r_k, Tuple(k, I))``."""

    defines = "the group's standard deviation"
    is_real = True
    is_nonnegative = True

    def unfold(self) -> sp.Expr:
        (body,) = self.payload
        (k, group), = self.bindings
        j = fresh_symbol("j", {k} | body.free_symbols)
        mean = SupportSum(body.xreplace({k: j}), (j, group)) / SupportSize(group)
        return sp.sqrt(SupportSum((body - mean) ** 2, (k, group)) / SupportSize(group))

    def _latex(self, printer: Any) -> str:
        (body,) = self.payload
        (k, group), = self.bindings
        j = fresh_symbol("j", {k} | body.free_symbols)
        g = group.size_tex
        # the square's parenthesis is braced, as chktex asks
        return (r"\sqrt{\frac{1}{%s} \sum_{%s=1}^{%s} {\left(%s - \frac{1}{%s} \sum_{%s=1}^{%s} "
                r"%s\right)}^{2}}" % (g, printer._print(k), g, printer._print(body), g,
                                      printer._print(j), g,
                                      printer._print(body.xreplace({k: j}))))


def group_std(r: type[RealFunction], group: IndexRange) -> sp.Expr:
    """The population standard deviation ``sqrt((1/G) Σ_k (r_k − mean)^2)`` (zero for G = 1)."""
    k = sp.Symbol("k")
    return GroupStd(r(k), (k, group))


class NormalizedAdvantage(sp.Function, Definition):
    """``Â_i = (r_i − mean)/(std + ε)`` with ``ε > 0``: defined even when every reward is equal."""

    reward: type[RealFunction]
    group: IndexRange
    eps: sp.Symbol
    nargs = 1
    is_real = True
    defines = "the group-normalised advantage"

    def unfold(self) -> sp.Expr:
        (i,) = self.args
        r, g = self.reward, self.group
        return (r(i) - group_mean(r, g)) / (group_std(r, g) + self.eps)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"\hat{A}_{%s}" % printer._print(self.args[0])
        return text if exp is None else r"%s^{%s}" % (text, exp)


def normalized_advantage(reward: type[RealFunction], group: IndexRange,
                         eps: sp.Symbol) -> type[NormalizedAdvantage]:
    """The family ``Â_i`` of this reward, group and ε."""
    return type("A_hat", (NormalizedAdvantage,), {"reward": reward, "group": group, "eps": eps})


class LeaveOneOutBaseline(sp.Function, Definition):
    """RLOO's ``b_i = (1/(G − 1)) Σ_{j≠i} r_j``; needs ``G ≥ 2`` (the group's ``min_size``)."""

    reward: type[RealFunction]
    group: IndexRange
    nargs = 1
    is_real = True
    defines = "the leave-one-out baseline"

    def unfold(self) -> sp.Expr:
        (i,) = self.args
        j = fresh_symbol("j", {i})
        return SumExcept(self.reward(j), i, (j, self.group)) / (SupportSize(self.group) - 1)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"b_{%s}" % printer._print(self.args[0])
        return text if exp is None else r"%s^{%s}" % (text, exp)


def leave_one_out_baseline(reward: type[RealFunction],
                           group: IndexRange) -> type[LeaveOneOutBaseline]:
    """The family ``b_i``; the group must have ``min_size >= 2``."""
    if group.min_size < 2:
        raise ValueError("a leave-one-out baseline needs a group of at least 2 (min_size=2)")
    return type("b_loo", (LeaveOneOutBaseline,), {"reward": reward, "group": group})


class TokenKL(sp.Function, Definition):
    """The per-token KL estimate ``D_{KL}[π_θ ‖ π_ref]`` of GRPO at token ``(i, t)``: Schulman's
    k3 of the ratio ``w_{i,t} = π_ref/π_θ`` at that token (DeepSeekMath Eq. 4)."""

    ratio: type[PositiveIndexed]
    nargs = 2
    is_real = True
    defines = "GRPO's per-token KL estimate"

    def unfold(self) -> sp.Expr:
        w = self.ratio(*self.args)
        return (w - 1) - sp.log(w)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"D_{KL}\left[\pi_{\theta} \| \pi_{ref}\right]"
        return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)


class GRPOTokenTerm(sp.Function, Definition):
    """GRPO's term at token ``(i, t)``: ``min(ρ Â, clip(ρ, 1−ε, 1+ε) Â) − β D_KL``, printed as
    seed 003 writes it (the ratio with its indices)."""

    rho: type[PositiveIndexed]
    adv: type[RealFunction]
    kl: type[TokenKL]
    eps: sp.Symbol
    beta: sp.Symbol
    nargs = 2
    is_real = True
    defines = "GRPO's per-token term"

    def unfold(self) -> sp.Expr:
        r, a = self.rho(*self.args), self.adv(*self.args)
        eps = self.eps
        return sp.Min(r * a, Clip(r, 1 - eps, 1 + eps) * a) - self.beta * self.kl(*self.args)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        r, a = printer._print(self.rho(*self.args)), printer._print(self.adv(*self.args))
        eps, beta = printer._print(self.eps), printer._print(self.beta)
        return (r"\left( \min \left( %s %s, \text{clip} \left(%s, 1 - %s, 1 + %s \right) %s "
                r"\right) \right) - %s %s" % (r, a, r, eps, eps, a, beta,
                                               printer._print(self.kl(*self.args))))


def grpo_token_term(rho: type, adv: type, kl: type, eps: sp.Symbol,
                    beta: sp.Symbol) -> type[GRPOTokenTerm]:
    """The family of GRPO's per-token terms for these ratios, advantages and KL estimates."""
    return type("J_grpo", (GRPOTokenTerm,), {"rho": rho, "adv": adv, "kl": kl, "eps": eps,
                                             "beta": beta})


class GRPOObjective(Binder, Definition):
    """GRPO's objective on one group, sequence-level averaging (DeepSeekMath Eq. 3, seed 003):
    ``(1/G) Σ_{i=1}^{G} (1/|o_i|) Σ_{t=1}^{|o_i|} term``; args ``(term, (i, I), (t, T))``."""

    mask: type[TokenMask]
    defines = "the GRPO objective"

    def unfold(self) -> sp.Expr:
        (term,) = self.payload
        (i, group), (t, tokens) = self.bindings
        inner = token_sum(self.mask)(term, i, (t, tokens)) / sequence_length(self.mask)(i)
        return SupportSum(inner, (i, group)) / SupportSize(group)

    def _latex(self, printer: Any) -> str:
        (term,) = self.payload
        (i, group), (t, _) = self.bindings
        i_tex, t_tex = printer._print(i), printer._print(t)
        return (r"\frac{1}{%s} \sum_{%s=1}^{%s} \frac{1}{|o_{%s}|} \sum_{%s=1}^{|o_{%s}|} %s"
                % (group.size_tex, i_tex, group.size_tex, i_tex, t_tex, i_tex,
                   printer._print(term)))


def grpo_objective(term: sp.Expr, mask: type[TokenMask], group: IndexRange,
                   i: sp.Symbol, t: sp.Symbol) -> sp.Expr:
    """Sequence-level averaging (the seed's form):
    ``(1/G) Σ_{i=1}^{G} (1/|o_i|) Σ_{t=1}^{|o_i|} term``."""
    cls = type("J_GRPO", (GRPOObjective,), {"mask": mask})
    return cls(term, (i, group), (t, mask.domains[1]))


def token_level_objective(term: sp.Expr, mask: type[TokenMask], group: IndexRange,
                          i: sp.Symbol, t: sp.Symbol) -> sp.Expr:
    """Token-level averaging (DAPO): ``Σ_i Σ_{t=1}^{|o_i|} term / Σ_i |o_i|``."""
    tokens = mask.domains[1]
    total = SupportSum(token_sum(mask)(term, i, (t, tokens)), (i, group))
    k = fresh_symbol("k", {i, t})
    return total / SupportSum(sequence_length(mask)(k), (k, group))
