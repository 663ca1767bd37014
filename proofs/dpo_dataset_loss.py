"""DPO's training objective over a preference dataset, from Bradley–Terry with the reward
written through its optimal policy (REFERENCE §4; DPO Eq. 5–7): the negative log-likelihood
of the dataset under Bradley–Terry is
𝓛_DPO(π_θ; π_ref) = −E_{(x,y_w,y_l)∼D}[log σ(β log π_θ(y_w|x)/π_ref(y_w|x)
                                          − β log π_θ(y_l|x)/π_ref(y_l|x))].

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import (
    STANDARD,
    Sigmoid,
    dpo_dataset_loss,
    preference_dataset,
    preference_mean,
)
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """BT likelihood σ(r_θ(x,y_w) − r_θ(x,y_l)) of the data → Z(x) cancels → the dataset DPO
    loss → its softplus form."""
    S = STANDARD
    x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta
    pt, ref, Z = S.pi_theta, S.pi_ref, S.Z(x)
    data = preference_dataset()
    hw = beta * sp.log(pt(yw, x) / ref(yw, x))
    hl = beta * sp.log(pt(yl, x) / ref(yl, x))
    # r_θ(x, y) = β log(π_θ(y|x) Z(x) / π_ref(y|x)): the reward whose optimal policy is π_θ
    rw = beta * sp.log(pt(yw, x) * Z / ref(yw, x))
    rl = beta * sp.log(pt(yl, x) * Z / ref(yl, x))

    def nll(body: sp.Expr) -> sp.Expr:
        return -preference_mean(body, data)

    ctx = Context().assume(
        r"$\beta > 0$; $\pi_{\mathrm{ref}}(y\mid x) > 0$; $\mathcal{D}$ is a finite dataset of "
        r"records $(x, y_w, y_l)$: a prompt and two of its completions, $y_w$ preferred",
        r"preferences follow Bradley–Terry, $p(y_w\succ y_l\mid x)=\sigma(r(x,y_w)-r(x,y_l))$",
        r"the reward is written through its optimal policy (DPO Eq. 5): "
        r"$r(x,y)=\beta\log\frac{\pi^*(y\mid x)}{\pi_{\mathrm{ref}}(y\mid x)}+\beta\log Z(x)$",
        r"realisability: the model class $\pi_\theta$ contains $\pi^*$, so $\pi^*=\pi_\theta$ "
        r"for some $\theta$ and the reward of $\pi_\theta$ is "
        r"$r_\theta(x,y)=\beta\log\frac{\pi_\theta(y\mid x)Z(x)}{\pi_{\mathrm{ref}}(y\mid x)}$",
    )
    d = Derivation(
        "dpo_dataset_loss",
        "DPO's loss is the Bradley–Terry negative log-likelihood of the preference dataset",
        nll(sp.log(Sigmoid(sp.Add(rw, -rl, evaluate=False)))),
        ctx,
        description=(
            r"Bradley–Terry with the reward written through its optimal policy, $\pi^*=\pi_\theta$ "
            r"(realisability), gives each record the likelihood "
            r"$\sigma(r_\theta(x,y_w)-r_\theta(x,y_l))$. Its negative "
            r"log-likelihood averaged over the dataset is DPO's loss: the partition function "
            r"cancels inside each record because both completions share the prompt $x$, so "
            r"the loss needs no $Z(x)$. Every step is an identity for every $\theta$; "
            r"realisability is what makes the minimiser of this likelihood recover $\pi^*$."),
    )
    d.claim("=", nll(sp.log(Sigmoid(hw - hl))),
            r"$\log(uZ)=\log u+\log Z$ and $\beta\log Z(x)-\beta\log Z(x)=0$: both "
            r"completions of a record share its prompt",
            rule="cancel_partition")
    d.claim("=", dpo_dataset_loss(pt, ref, beta, data)(),
            r"By definition of DPO's loss over the preference dataset (DPO Eq. 7)",
            rule="fold_dpo_loss")
    d.claim("=", preference_mean(sp.log(1 + sp.exp(hl - hw)), data),
            r"$-\log\sigma(t)=\log(1+e^{-t})$: the loss is a softplus of the implicit reward "
            r"gap, in every record", rule="softplus_of_negative")
    return d
