"""Rules for the alignment vocabulary: unfold σ, Bradley–Terry, k3, PPO's clip, the DPO loss;
take derivatives.

Like every rule these only *propose* the next expression; the kernel checks each step.

>>> from derive.definitions import STANDARD as S
>>> import sympy as sp
>>> rw, rl = S.r(S.x, S.y_w), S.r(S.x, S.y_l)
>>> unfold_bradley_terry.apply(S.BT(S.x, S.y_w, S.y_l)) == sp.exp(rw) / (sp.exp(rw) + sp.exp(rl))
True
"""

from __future__ import annotations

import sympy as sp

from ..definitions import K3, BradleyTerry, Clip, DPOLoss, PPOClipObjective, Sigmoid
from ..kernel.context import Context
from . import RuleError, rule

__all__ = ["unfold_sigmoid", "unfold_bradley_terry", "unfold_k3", "unfold_ppo_clip",
           "unfold_clip", "unfold_dpo_loss", "take_derivative"]


def _unfold_kind(expr: sp.Expr, kinds: tuple[type, ...]) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, kinds), lambda e: e.unfold())


@rule("unfold_sigmoid")
def unfold_sigmoid(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the logistic sigmoid: $\\sigma(z)=\\frac{1}{1+e^{-z}}$."""
    return _unfold_kind(expr, (Sigmoid,))


@rule("unfold_bradley_terry")
def unfold_bradley_terry(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By the Bradley–Terry model:
    $p(y_1\\succ y_2\\mid x)=\\frac{e^{r(x,y_1)}}{e^{r(x,y_1)}+e^{r(x,y_2)}}$."""
    return _unfold_kind(expr, (BradleyTerry,))


@rule("unfold_k3")
def unfold_k3(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of Schulman's estimator: $k_3(w)=(w-1)-\\log w$."""
    return _unfold_kind(expr, (K3,))


@rule("unfold_ppo_clip")
def unfold_ppo_clip(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of PPO's clipped surrogate:
    $L^{\\mathrm{CLIP}}=\\min(\\rho A,\\ \\operatorname{clip}(\\rho,1-\\epsilon,1+\\epsilon)A)$."""
    return _unfold_kind(expr, (PPOClipObjective,))


@rule("unfold_clip")
def unfold_clip(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of clipping: $\\operatorname{clip}(v,l,h)=\\min(\\max(v,l),h)$."""
    return _unfold_kind(expr, (Clip,))


@rule("unfold_dpo_loss")
def unfold_dpo_loss(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """By definition of the per-pair DPO loss:
    $\\mathcal L_{\\mathrm{DPO}}=-\\log\\sigma\\big(\\beta\\log
    \\frac{\\pi_\\theta(y_w|x)}{\\pi_{\\mathrm{ref}}(y_w|x)}-\\beta\\log
    \\frac{\\pi_\\theta(y_l|x)}{\\pi_{\\mathrm{ref}}(y_l|x)}\\big)$."""
    return _unfold_kind(expr, (DPOLoss,))


@rule("take_derivative")
def take_derivative(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Differentiate (chain rule; $\\sigma'(z)=\\sigma(z)\\sigma(-z)$)."""
    if not expr.has(sp.Derivative):
        raise RuleError("take_derivative needs a derivative to take")
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
