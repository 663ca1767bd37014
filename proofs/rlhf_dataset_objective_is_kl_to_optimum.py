"""Over a dataset of prompts, the RLHF objective is a KL to the optimal policy (seed 004;
REFERENCE §3): arg max_θ E_{x∼D}[J_x(π_θ)] = arg min_θ E_{x∼D}[KL(π_θ‖π*) − log Z(x)]
= arg min_θ E_{x∼D}[KL(π_θ‖π*)] = π*.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, Expectation, prompt_dataset
from derive.definitions.optimization import ArgMax, ArgMin
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """Substitute π*, scale by −1/β, drop log Z(x) inside the dataset mean, then Gibbs."""
    S = STANDARD
    x, y, Y, X, beta, theta = S.x, S.y, S.Y, S.X, S.beta, S.theta
    pt, ref, pstar, r, Z = S.pi_theta(y, x), S.pi_ref(y, x), S.pi_star(y, x), S.r(x, y), S.Z(x)
    D = prompt_dataset()

    def mean(body: sp.Expr) -> Expectation:
        return Expectation(body, D(x), (x, X))

    ctx = Context().assume(
        r"$\beta > 0$; $\mathcal{D}$ is a finite dataset of prompts in which every prompt of "
        r"$\mathcal{X}$ occurs (positive mass), $\pi_{\mathrm{ref}}(y\mid x) > 0$",
        r"$Z(x)$ depends on the prompt, $\pi_{\mathrm{ref}}$, $r$ and $\beta$ only: not on "
        r"$\theta$ ($\pi_{\mathrm{ref}}$ is frozen)",
        r"realisability: the policies $\pi_\theta$ range over every policy (some $\theta$ gives "
        r"$\pi^*$), so optimizing over $\theta$ is optimizing over the policy",
    )
    d = Derivation(
        "rlhf_dataset_objective_is_kl_to_optimum",
        "Over a dataset, the RLHF objective is a KL divergence to the optimal policy",
        ArgMax(mean(Expectation(r, pt, (y, Y)) - beta * KL(pt, ref, (y, Y))), theta),
        ctx,
        description=(
            r"The KL-regularised objective averaged over a dataset of prompts $\mathcal{D}$ has "
            r"the same maximisers as the mean KL divergence to $\pi^*$ has minimisers. The term "
            r"$\log Z(x)$ depends on the prompt but not on $\theta$: inside the dataset mean it "
            r"is a constant of the optimization, so it is dropped from the *arg min* (the "
            r"*value* changes by $\mathbb{E}_{x\sim\mathcal{D}}[\log Z(x)]$). Each prompt's row "
            r"of the policy is optimized on its own, so the minimiser is $\pi^*$ at every "
            r"prompt of positive mass; with realisability some $\theta$ attains it."),
    )
    d.claim("argopt", ArgMax(mean(beta * sp.log(Z) - beta * KL(pt, pstar, (y, Y))), theta),
            r"For every policy, $\mathbb{E}_{\pi}[r]-\beta D_{\mathrm{KL}}(\pi\|"
            r"\pi_{\mathrm{ref}})=\beta\log Z(x)-\beta D_{\mathrm{KL}}(\pi\|\pi^*)$ "
            r"(optimal_value_log_partition), at every prompt of the dataset",
            rule="objective_identity")
    d.claim("argopt", ArgMin(mean(KL(pt, pstar, (y, Y)) - sp.log(Z)), theta),
            r"Multiply the objective by $-1/\beta<0$: a maximisation becomes a minimisation",
            rule="scale_objective")
    d.claim("argopt", ArgMin(mean(KL(pt, pstar, (y, Y))), theta),
            r"$\log Z(x)$ does not depend on $\theta$: its dataset mean is a constant of the "
            r"optimization and is dropped from the arg min", rule="drop_constant_in_argopt")
    d.claim("argopt", pstar,
            r"Gibbs' inequality at every prompt: $D_{\mathrm{KL}}(\pi_\theta\|\pi^*)\ge 0$ with "
            r"equality iff $\pi_\theta=\pi^*$; every prompt has positive mass",
            rule="gibbs_inequality")
    return d
