"""Dropping log Z(x) does not move the optimal policy (REFERENCE §3, pitfall §8.2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, Expectation
from derive.definitions.optimization import ArgMax
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """arg max_π J_x(π) = arg max_π (β log Z − β KL(π‖π*)) = arg min_π KL(π‖π*)."""
    S = STANDARD
    x, y, Y, beta = S.x, S.y, S.Y, S.beta
    pi, ref, pstar, r, Z = S.pi(y, x), S.pi_ref(y, x), S.pi_star(y, x), S.r(x, y), S.Z(x)
    ctx = Context().assume(
        r"$\beta > 0$",
        r"$Z(x)$ depends on $x$, $\pi_{\mathrm{ref}}$, $r$ and $\beta$ only: not on the "
        r"optimised policy $\pi$ ($\pi_{\mathrm{ref}}$ is frozen)",
        r"$\mathcal{Y}$ is finite, $\pi_{\mathrm{ref}}(y\mid x)>0$ and $\pi\ll\pi_{\mathrm{ref}}$",
    )
    d = Derivation(
        "drop_log_partition",
        "log Z(x) may be dropped when optimising over the policy",
        ArgMax(Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y)), pi),
        ctx,
        description=(
            r"The exact value identity $J_x(\pi)=\beta\log Z(x)-\beta D_{\mathrm{KL}}(\pi\|\pi^*)$ "
            r"(proved step by step in optimal_value_log_partition) holds for every $\pi$. The "
            r"term $\beta\log Z(x)$ does not depend on $\pi$, so it can be dropped from the "
            r"*arg max*; the *value* changes by $\beta\log Z(x)$. The drop is not legitimate when "
            r"the value is wanted, when $\pi_{\mathrm{ref}}$ depends on the parameters, when "
            r"differentiating with respect to reward parameters, or when comparing prompts."),
    )
    d.claim("argopt", ArgMax(beta * sp.log(Z) - beta * KL(pi, pstar, (y, Y)), pi),
            r"The objective is identical: $\mathbb{E}_\pi[r]-\beta D_{\mathrm{KL}}"
            r"(\pi\|\pi_{\mathrm{ref}})=\beta\log Z(x)-\beta D_{\mathrm{KL}}(\pi\|\pi^*)$ "
            r"(substitute $r=\beta\log\frac{\pi^*}{\pi_{\mathrm{ref}}}+\beta\log Z$; see "
            r"optimal_value_log_partition)", rule="objective_identity")
    d.by(get_rule("drop_constant_in_argopt"))
    d.by(get_rule("scale_objective"), factor=-1 / beta)
    d.claim("argopt", pstar,
            r"Gibbs' inequality: $D_{\mathrm{KL}}(\pi\|\pi^*)\ge 0$ with equality iff "
            r"$\pi=\pi^*$", rule="gibbs_inequality")
    return d
