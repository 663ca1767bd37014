"""The KL-regularised objective is β log Z(x) − β D_KL(π‖π*), so its maximum is β log Z(x)
(REFERENCE §2 "Optimal value" and §3).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, Expectation
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """J_x(π) = β log Z(x) − β D_KL(π‖π*) ≤ β log Z(x), with equality at π = π*."""
    S = STANDARD
    x, y, Y, beta = S.x, S.y, S.Y, S.beta
    pi, ref, pstar, r, Z = S.pi(y, x), S.pi_ref(y, x), S.pi_star(y, x), S.r(x, y), S.Z(x)
    ctx = Context().assume(
        r"$\beta > 0$",
        r"$\mathcal{Y}$ is finite, $\pi_{\mathrm{ref}}(y\mid x) > 0$ and "
        r"$\pi \ll \pi_{\mathrm{ref}}$",
    )
    d = Derivation(
        "optimal_value_log_partition",
        "The optimal value of KL-regularised RLHF is β log Z(x)",
        Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y)),
        ctx,
        description=(
            r"An exact identity for every policy $\pi$, then Gibbs' inequality. Equality holds "
            r"iff $D_{\mathrm{KL}}(\pi\|\pi^*)=0$, i.e. $\pi=\pi^*$, so "
            r"$\max_\pi J_x(\pi)=\beta\log Z(x)$: a soft maximum of the reward. The value "
            r"depends on $x$ through $\log Z(x)$, which is why it may be dropped only when "
            r"optimising over $\pi$ (see drop_log_partition)."),
    )
    d.claim("=", Expectation(r, pi, (y, Y)) - beta * Expectation(sp.log(pi / ref), pi, (y, Y)),
            r"$D_{\mathrm{KL}}(\pi\|\pi_{\mathrm{ref}})=\mathbb{E}_{y\sim\pi}"
            r"[\log\frac{\pi}{\pi_{\mathrm{ref}}}]$ (the expectation is under the first argument)",
            rule="kl_as_expectation")
    d.claim("=", Expectation(r - beta * sp.log(pi / ref), pi, (y, Y)),
            "Linearity of expectation", rule="linearity_of_expectation")
    d.claim("=", Expectation(beta * sp.log(pstar / ref) + beta * sp.log(Z)
                             - beta * sp.log(pi / ref), pi, (y, Y)),
            r"Take the log of the definition of $\pi^*$: $r(x,y)=\beta\log\frac{\pi^*(y\mid x)}"
            r"{\pi_{\mathrm{ref}}(y\mid x)}+\beta\log Z(x)$ on the support of $\pi_{\mathrm{ref}}$",
            rule="reward_reparametrisation")
    d.claim("=", Expectation(beta * sp.log(Z) - beta * sp.log(pi / pstar), pi, (y, Y)),
            r"The $\log\pi_{\mathrm{ref}}$ terms cancel", rule="log_of_quotient")
    d.by(get_rule("linearity_of_expectation"))
    d.claim("=", beta * sp.log(Z) - beta * KL(pi, pstar, (y, Y)),
            r"By definition of the KL divergence, read backwards", rule="fold_kl")
    d.claim("<=", beta * sp.log(Z),
            r"Gibbs' inequality $D_{\mathrm{KL}}(\pi\|\pi^*)\ge 0$ and $\beta>0$",
            rule="gibbs_inequality")
    return d
