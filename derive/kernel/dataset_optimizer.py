"""Optimizing an average over a dataset of prompts, row by row (trusted base).

A dataset of prompts is a distribution ``D`` on the prompts 𝒳 (an empirical dataset of N
records puts mass k/N on a prompt seen k times). The objective
``E_{x∼D}[f_x(π(·|x))] = Σ_x D(x) f_x(π(·|x))`` of a policy ``π`` in which each prompt's term
uses only that prompt's row ``π(·|x)`` is optimized by optimizing every row on its own,
**provided every prompt has positive mass** — which the kernel's distributions have (full
support): a prompt of mass 0 would leave its row free, and a claimed optimizer would then be
one optimizer among many, not *the* optimizer.

:func:`per_prompt_objective` recognises that shape on the *unfolded* objective (so no
dependence on the policy can hide inside a definition) and returns ``f_x`` at the claim's
prompt; the caller then applies the per-prompt Gibbs argument to it. It returns ``None``
whenever the shape is not exactly this: another term depends on the policy, the weight is not
a positive distribution of the prompt alone, or some application of the policy is at a prompt
other than the averaged one.

>>> import sympy as sp
>>> from derive.definitions import STANDARD as S, KL, Expectation, distribution
>>> D = distribution("D", S.X, tex=r"\\mathcal{D}")
>>> kl = KL(S.pi(S.y, S.x), S.pi_ref(S.y, S.x), (S.y, S.Y))
>>> body = per_prompt_objective(Expectation(kl - sp.log(S.Z(S.x)), D(S.x), (S.x, S.X)),
...                             type(S.pi(S.y, S.x)), S.x)
>>> body is not None and S.x in body.free_symbols
True
"""

from __future__ import annotations

import sympy as sp

from ..definitions import Probability, SupportSum, unfold_all
from ..definitions.support import is_primitive_distribution
from .context import substitute
from .normal_form import depends_on

__all__ = ["per_prompt_objective"]


def _weighted_sum(term: sp.Expr, family: type) -> tuple[sp.Symbol, sp.Expr, sp.Expr] | None:
    """``(v, D(v), rest)`` when ``term = k · Σ_v D(v)·rest`` with ``k`` free of the family."""
    factors = sp.Mul.make_args(term)
    sums = [f for f in factors if isinstance(f, SupportSum)]
    if len(sums) != 1:
        return None
    outside = sp.Mul(*(f for f in factors if f is not sums[0]))
    if depends_on(outside, family) or len(sums[0].bindings) != 1:
        return None
    (v, dom), = sums[0].bindings
    if family.given != (dom,):
        return None
    weights = [f for f in sp.Mul.make_args(sums[0].body)
               if is_primitive_distribution(f) and f.args == (v,)
               and type(f).domains == (dom,) and not type(f).given
               and f.is_positive is True and not depends_on(f, family)]
    if len(weights) != 1:
        return None
    rest = sp.Mul(*(f for f in sp.Mul.make_args(sums[0].body) if f is not weights[0]))
    if v in outside.free_symbols:
        return None
    return v, weights[0], outside * rest


def per_prompt_objective(objective: sp.Expr, family: type, prompt: sp.Basic) -> sp.Expr | None:
    """The per-prompt term ``f_x`` (at ``prompt``) of ``objective = E_{x∼D}[f_x] + C``, where
    ``C`` is free of ``family`` and ``f_x`` uses ``family`` only at the prompt ``x``; else
    ``None``. Optimizing the objective over the policy is optimizing ``f_x`` at every prompt."""
    if not (isinstance(family, type) and issubclass(family, Probability)) or \
            len(getattr(family, "given", ())) != 1:
        return None
    e = unfold_all(objective)
    dependent = [t for t in sp.Add.make_args(e) if depends_on(t, family)]
    if len(dependent) != 1:
        return None
    found = _weighted_sum(dependent[0], family)
    if found is None:
        return None
    v, _, rest = found
    if prompt != v and prompt in rest.free_symbols:
        return None  # the prompt named by the claim already occurs: no capture
    body = substitute(rest, {v: prompt})
    for node in sp.preorder_traversal(body):
        if isinstance(node, family) and node.given_args != (prompt,):
            return None  # the policy is used at another prompt: rows are not separate
    return body
