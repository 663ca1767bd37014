"""The DPO loss from the RLHF optimum: under Bradley–Terry, p*(y_w ≻ y_l | x) =
exp(−𝓛_DPO) with π* in place of π_θ, because Z(x) cancels (REFERENCE §4, DPO §4, App. A.2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derive.definitions import STANDARD, Sigmoid, dpo_loss
from derive.derivation import Derivation
from derive.kernel.context import Context


def _loss_at_optimum() -> type:
    """𝓛_DPO with the policy slot filled by π*, printed so that this is visible."""
    S = STANDARD
    base = dpo_loss(S.pi_star, S.pi_ref, S.beta)

    def _latex(self: Any, printer: Any, exp: Any = None) -> str:
        x, yw, yl = (printer._print(a) for a in self.args)
        return r"\mathcal{L}_{\mathrm{DPO}}(\pi^{*}; %s, %s, %s)" % (x, yw, yl)

    return type("L_DPO_star", (base,), {"_latex": _latex})


def derivation() -> Derivation:
    """BT preference → σ(reward difference) → reparametrise r by π* → Z cancels → DPO loss."""
    S = STANDARD
    x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta
    rw, rl = S.r(x, yw), S.r(x, yl)
    ps, ref, Z = S.pi_star, S.pi_ref, S.Z(x)
    lw = beta * sp.log(ps(yw, x) / ref(yw, x))
    ll = beta * sp.log(ps(yl, x) / ref(yl, x))
    ctx = Context().assume(
        r"$\beta > 0$; $\pi_{\mathrm{ref}}(y\mid x) > 0$ for the data",
        r"preferences follow Bradley–Terry with the latent reward $r$, and $\pi^*$ is the "
        r"RLHF optimum for $r$ (optimal_policy)",
        r"each pair $(y_w, y_l)$ are two completions of the **same** prompt $x$",
        r"realisability: the model class $\pi_\theta$ contains $\pi^*$",
    )
    d = Derivation(
        "dpo_from_rlhf",
        "The DPO loss from the RLHF optimum",
        S.BT(x, yw, yl),
        ctx,
        description=(
            r"The likelihood of a human preference, written through the optimal policy, is "
            r"$e^{-\mathcal{L}_{\mathrm{DPO}}}$ evaluated at $\pi_\theta=\pi^*$. DPO then "
            r"*models* $\pi^*$ by $\pi_\theta$ (a modelling step, not an identity) and fits "
            r"$\pi_\theta$ by maximum likelihood, i.e. minimises "
            r"$\mathcal{L}_{\mathrm{DPO}}(\pi_\theta;x,y_w,y_l)=-\log\sigma\big(\beta\log"
            r"\frac{\pi_\theta(y_w\mid x)}{\pi_{\mathrm{ref}}(y_w\mid x)}-\beta\log"
            r"\frac{\pi_\theta(y_l\mid x)}{\pi_{\mathrm{ref}}(y_l\mid x)}\big)$ averaged over "
            r"pairs; with realisability its minimiser reproduces the preference model of $\pi^*$. "
            r"$Z(x)$ cancels only because both completions share the prompt $x$."),
    )
    d.claim("=", Sigmoid(rw - rl),
            r"Bradley–Terry is a sigmoid of the reward difference (bradley_terry_sigmoid)",
            rule="bradley_terry_sigmoid")
    d.claim("=", Sigmoid(sp.Add(sp.Add(lw, beta * sp.log(Z), evaluate=False),
                                -sp.Add(ll, beta * sp.log(Z), evaluate=False),
                                evaluate=False)),
            r"Reparametrise the reward by its optimal policy (DPO Eq. 5): "
            r"$r(x,y)=\beta\log\frac{\pi^*(y\mid x)}{\pi_{\mathrm{ref}}(y\mid x)}+\beta\log Z(x)$",
            rule="reward_reparametrisation")
    d.claim("=", Sigmoid(lw - ll),
            r"$\beta\log Z(x)-\beta\log Z(x)=0$: both completions share the prompt $x$, so the "
            r"intractable partition function cancels (DPO Eq. 6)", rule="cancel_partition")
    d.claim("=", sp.exp(-_loss_at_optimum()(x, yw, yl)),
            r"By definition of the per-pair DPO loss, "
            r"$\mathcal{L}_{\mathrm{DPO}}=-\log\sigma(\cdot)$, "
            r"with the optimal policy in the policy slot", rule="fold_dpo_loss")
    return d
