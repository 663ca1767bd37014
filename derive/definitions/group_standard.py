"""The usual objects of group-based policy optimisation (GRPO, RLOO) in one namespace.

``GROUPS`` holds a group ``I = {1, …, G}`` (any G ≥ 1), the same group with ``G ≥ 2`` for
leave-one-out baselines, a token range ``T = {1, …, L}`` and the mask of ragged answers in it,
rewards ``r_i``, per-token values, ratios, advantages and KL estimates, ``ε > 0``, ``β > 0``.

>>> from derive.latex import latex
>>> latex(GROUPS.A_hat(GROUPS.i))
'\\\\hat{A}_{i}'
"""

from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

from .groups import (
    TokenKL,
    grpo_token_term,
    index_range,
    indexed,
    leave_one_out_baseline,
    normalized_advantage,
    positive_indexed,
    token_mask,
)


def _groups() -> SimpleNamespace:
    I = index_range("I", "G")  # noqa: E741 - the field's letter for the group
    I2 = index_range("I", "G", min_size=2)
    T = index_range("T", "L", var="t")
    i, j, t = sp.Symbol("i"), sp.Symbol("j"), sp.Symbol("t")
    eps = sp.Symbol("epsilon", positive=True)
    beta = sp.Symbol("beta", positive=True)
    r, r2 = indexed("r", (I,)), indexed("r", (I2,))
    rho = positive_indexed("rho", (I, T), "r")
    adv = indexed("A_hat", (I, T), r"\hat{A}")
    w = positive_indexed("w", (I, T), "w")
    kl = type("D_KL_token", (TokenKL,), {"ratio": w})
    return SimpleNamespace(
        I=I, I2=I2, T=T, i=i, j=j, t=t, eps=eps, beta=beta, r=r, r2=r2,
        A_hat=normalized_advantage(r, I, eps), b=leave_one_out_baseline(r2, I2),
        m=token_mask(I, T), J=indexed("J", (I, T)), rho=rho, adv=adv, kl=kl,
        grpo_term=grpo_token_term(rho, adv, kl, eps, beta),
    )


GROUPS = _groups()
