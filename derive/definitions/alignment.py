"""The alignment vocabulary: Z(x), π*, σ, Bradley–Terry, DPO, PPO's clip, GRPO, k1–k3.

Families that depend on a reference policy, a reward and β are built by factories so a
derivation states exactly which objects it means (REFERENCE §2–§7).

>>> from derive.definitions.standard import STANDARD as S
>>> from derive.latex import latex
>>> latex(S.Z(S.x))
'Z(x)'
>>> print(latex(S.Z(S.x).unfold()))
\\sum_{y} \\pi_{\\mathrm{ref}}(y \\mid x) e^{r(x, y)/\\beta}
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .information import Definition
from .support import Probability, RealFunction, SupportSum, fresh_symbol

__all__ = [
    "Sigmoid",
    "Clip",
    "PPOClipObjective",
    "K1",
    "K2",
    "K3",
    "partition_function",
    "optimal_policy",
    "bradley_terry",
    "dpo_loss",
    "PartitionFunction",
    "OptimalPolicy",
    "BradleyTerry",
    "DPOLoss",
    "GRPOTokenObjective",
]


class Sigmoid(sp.Function, Definition):
    """The logistic sigmoid ``σ(z) = 1 / (1 + e^{-z})``."""

    defines = "the sigmoid"
    nargs = 1
    is_positive = True
    is_real = True
    is_finite = True

    @classmethod
    def eval(cls, z: sp.Expr) -> sp.Expr | None:
        if z == 0:
            return sp.Rational(1, 2)
        return None

    def unfold(self) -> sp.Expr:
        return 1 / (1 + sp.exp(-self.args[0]))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return Sigmoid(self.args[0]) * Sigmoid(-self.args[0])

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"\sigma\left(%s\right)" % printer._print(self.args[0])
        return text if exp is None else r"%s^{%s}" % (text, exp)


class Clip(sp.Function, Definition):
    """``clip(v, lo, hi) = min(max(v, lo), hi)``."""

    defines = "clip"
    nargs = 3
    is_real = True

    def unfold(self) -> sp.Expr:
        v, lo, hi = self.args
        return sp.Min(sp.Max(v, lo), hi)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        inside = ", ".join(printer._print(a) for a in self.args)
        return r"\operatorname{clip}\left(%s\right)" % inside


class PPOClipObjective(sp.Function, Definition):
    """PPO's clipped surrogate per sample, ``min(ρA, clip(ρ, 1-ε, 1+ε) A)`` (maximised)."""

    defines = "PPO's clipped surrogate"
    nargs = 3
    is_real = True

    def unfold(self) -> sp.Expr:
        rho, adv, eps = self.args
        return sp.Min(rho * adv, Clip(rho, 1 - eps, 1 + eps) * adv)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        rho, adv, eps = (printer._print(a) for a in self.args)
        return r"L^{\mathrm{CLIP}}\left(%s, %s, %s\right)" % (rho, adv, eps)


class K1(sp.Function, Definition):
    """Schulman's ``k1 = -log w`` for the ratio ``w = p/q`` (samples from q)."""

    defines = "Schulman's k1"
    nargs = 1
    is_real = True

    def unfold(self) -> sp.Expr:
        return -sp.log(self.args[0])

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return r"k_{1}\left(%s\right)" % printer._print(self.args[0])


class K2(sp.Function, Definition):
    """Schulman's ``k2 = (log w)^2 / 2``."""

    defines = "Schulman's k2"
    nargs = 1
    is_real = True

    def unfold(self) -> sp.Expr:
        return sp.log(self.args[0]) ** 2 / 2

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return r"k_{2}\left(%s\right)" % printer._print(self.args[0])


class K3(sp.Function, Definition):
    """Schulman's ``k3 = (w - 1) - log w`` (GRPO's KL estimator with w = π_ref/π_θ)."""

    defines = "Schulman's k3"
    nargs = 1
    is_real = True

    def unfold(self) -> sp.Expr:
        w = self.args[0]
        return (w - 1) - sp.log(w)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return r"k_{3}\left(%s\right)" % printer._print(self.args[0])


class PartitionFunction(sp.Function, Definition):
    """``Z(x) = Σ_y π_ref(y|x) exp(r(x, y)/β)``: depends on x, π_ref, r and β, not on π."""

    defines = "the partition function"
    ref: type[Probability]
    reward: type[RealFunction]
    beta: sp.Symbol
    nargs = 1
    is_positive = True
    is_real = True
    is_finite = True

    def unfold(self) -> sp.Expr:
        (x,) = self.args
        dom = self.ref.domains[0]
        y = fresh_symbol(dom.var_name, self.free_symbols)
        return SupportSum(self.ref(y, x) * sp.exp(self.reward(x, y) / self.beta), (y, dom))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = "Z(%s)" % printer._print(self.args[0])
        return text if exp is None else r"%s^{%s}" % (text, exp)


class OptimalPolicy(Probability, Definition):
    """``π*(y|x) = π_ref(y|x) exp(r(x, y)/β) / Z(x)``, the optimum of the KL-regularised reward."""

    defines = "the optimal policy"
    ref: type[Probability]
    reward: type[RealFunction]
    beta: sp.Symbol
    partition: type[PartitionFunction]

    def unfold(self) -> sp.Expr:
        y, x = self.args
        return self.ref(y, x) * sp.exp(self.reward(x, y) / self.beta) / self.partition(x)


def partition_function(ref: type[Probability], reward: type[RealFunction],
                       beta: sp.Symbol, name: str = "Z") -> type[PartitionFunction]:
    """The partition function family for this reference policy, reward and β."""
    return type(name, (PartitionFunction,), {"ref": ref, "reward": reward, "beta": beta})


def optimal_policy(ref: type[Probability], reward: type[RealFunction], beta: sp.Symbol,
                   partition: type[PartitionFunction], tex: str = r"\pi^{*}") -> type:
    """The optimal-policy family π* for this reference policy, reward and β."""
    return type("pi_star", (OptimalPolicy,), {
        "tex": tex, "domains": ref.domains, "given": ref.given, "nargs": 2,
        "ref": ref, "reward": reward, "beta": beta, "partition": partition})


class BradleyTerry(sp.Function, Definition):
    """``p(y_1 ≻ y_2 | x) = exp r(x, y_1) / (exp r(x, y_1) + exp r(x, y_2))``."""

    defines = "the Bradley–Terry model"
    reward: type[RealFunction]
    nargs = 3
    is_positive = True
    is_real = True

    def unfold(self) -> sp.Expr:
        x, yw, yl = self.args
        a, b = sp.exp(self.reward(x, yw)), sp.exp(self.reward(x, yl))
        return a / (a + b)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        x, yw, yl = (printer._print(a) for a in self.args)
        return r"p(%s \succ %s \mid %s)" % (yw, yl, x)


def bradley_terry(reward: type[RealFunction]) -> type[BradleyTerry]:
    """The Bradley–Terry preference family for ``reward``."""
    return type("BT", (BradleyTerry,), {"reward": reward})


class DPOLoss(sp.Function, Definition):
    """DPO's loss on one preference pair ``(x, y_w, y_l)``:
    ``-log σ(β log(π_θ(y_w|x)/π_ref(y_w|x)) - β log(π_θ(y_l|x)/π_ref(y_l|x)))``.
    The dataset loss averages it over pairs."""

    defines = "the DPO loss"
    policy: type[Probability]
    ref: type[Probability]
    beta: sp.Symbol
    nargs = 3
    is_real = True

    def unfold(self) -> sp.Expr:
        x, yw, yl = self.args
        pol, ref, beta = self.policy, self.ref, self.beta
        h = beta * sp.log(pol(yw, x) / ref(yw, x)) - beta * sp.log(pol(yl, x) / ref(yl, x))
        return -sp.log(Sigmoid(h))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        x, yw, yl = (printer._print(a) for a in self.args)
        return r"\mathcal{L}_{\mathrm{DPO}}(%s, %s, %s)" % (x, yw, yl)


def dpo_loss(policy: type[Probability], ref: type[Probability], beta: sp.Symbol) -> type[DPOLoss]:
    """The per-pair DPO loss family for this policy, reference and β."""
    return type("L_DPO", (DPOLoss,), {"policy": policy, "ref": ref, "beta": beta})


class GRPOTokenObjective(sp.Function, Definition):
    """One token's term in GRPO's objective (DeepSeekMath Eq. 3–4), maximised:
    ``min(ρA, clip(ρ, 1-ε, 1+ε)A) - β k3(π_ref/π_θ)``; args ``(ρ, A, ε, β, w)``."""

    defines = "the GRPO per-token objective"
    nargs = 5
    is_real = True

    def unfold(self) -> sp.Expr:
        rho, adv, eps, beta, w = self.args
        return PPOClipObjective(rho, adv, eps) - beta * K3(w)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return r"J^{\mathrm{GRPO}}_{t}\left(%s\right)" % ", ".join(
            printer._print(a) for a in self.args)
