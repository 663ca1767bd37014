"""The KL-regularised RLHF objective is maximised by π*(y|x) = π_ref(y|x) e^{r(x,y)/β} / Z(x)
(REFERENCE §2, DPO App. A.1, Eqs. 11–15).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, Expectation
from derive.definitions.optimization import ArgMax, ArgMin
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def _times(*factors: sp.Expr) -> sp.Expr:
    """A product kept in the order the paper writes it (printing only; the kernel normalises)."""
    return sp.Mul(*factors, evaluate=False)


def _over(numer: sp.Expr, denom: sp.Expr) -> sp.Expr:
    """``numer / denom`` as written, without SymPy moving factors across the bar."""
    return sp.Mul(numer, sp.Pow(denom, -1, evaluate=False), evaluate=False)


def derivation() -> Derivation:
    """arg max_π 𝔼_π[r] − β D_KL(π‖π_ref) = π*, via the Gibbs form of DPO App. A.1."""
    S = STANDARD
    x, y, Y, beta = S.x, S.y, S.Y, S.beta
    pi, ref, pstar, r, Z = S.pi(y, x), S.pi_ref(y, x), S.pi_star(y, x), S.r(x, y), S.Z(x)
    ctx = Context().assume(
        r"$\beta > 0$",
        r"$\mathcal{Y}$ is finite, so $0 < Z(x) < \infty$",
        r"$\pi_{\mathrm{ref}}(y \mid x) > 0$ for every $y$, and $\pi \ll \pi_{\mathrm{ref}}$ "
        r"(otherwise the KL is $+\infty$)",
        r"the policy class is non-parametric, so the problem decouples over prompts $x$ and is "
        r"solved for each $x$ separately",
    )
    start = ArgMax(Expectation(r, pi, (y, Y)) - beta * KL(pi, ref, (y, Y)), pi)
    d = Derivation(
        "optimal_policy",
        "The optimal policy of KL-regularised RLHF",
        start,
        ctx,
        description=(
            r"For each prompt $x$ the reward-maximising policy with a reverse-KL penalty is the "
            r"reference policy tilted by $e^{r/\beta}$. Every '=' between an arg max and an arg "
            r"min below means *the same optimiser*, not the same value: multiplying by "
            r"$-1/\beta$ scales the value, and dropping $\log Z(x)$ shifts it."),
    )
    d.claim("argopt", ArgMax(Expectation(r - beta * sp.log(pi / ref), pi, (y, Y)), pi),
            r"Write $D_{\mathrm{KL}}(\pi\|\pi_{\mathrm{ref}})=\mathbb{E}_{y\sim\pi}"
            r"[\log\frac{\pi}{\pi_{\mathrm{ref}}}]$ and combine the expectations by linearity "
            r"(the objective is unchanged)", rule="linearity_of_expectation")
    d.by(get_rule("scale_objective"), factor=-1 / beta)
    d.claim("argopt", ArgMin(Expectation(sp.log(pi / ref) - r / beta, pi, (y, Y)), pi),
            r"Move the factor $-1/\beta$ inside the expectation (linearity)",
            rule="linearity_of_expectation")
    d.claim("argopt",
            ArgMin(Expectation(sp.log(_over(pi, _times(1 / Z, ref, sp.exp(r / beta))))
                               - sp.log(Z), pi, (y, Y)), pi),
            r"Algebra: $\log\pi-\log\pi_{\mathrm{ref}}-\frac{r}{\beta}="
            r"\log\frac{\pi}{\pi_{\mathrm{ref}}e^{r/\beta}}$, then add and subtract "
            r"$\log Z(x)$ (DPO Eq. 12)", rule="introduce_partition_function")
    d.claim("argopt", ArgMin(Expectation(sp.log(pi / pstar) - sp.log(Z), pi, (y, Y)), pi),
            r"By definition $\pi^*(y\mid x)=\frac{1}{Z(x)}\pi_{\mathrm{ref}}(y\mid x)"
            r"e^{r(x,y)/\beta}$", rule="definition_of_optimal_policy")
    d.claim("argopt", ArgMin(KL(pi, pstar, (y, Y)) - sp.log(Z), pi),
            r"$Z(x)$ does not depend on $y$, so $\mathbb{E}_{y\sim\pi}[\log Z(x)]=\log Z(x)$; "
            r"the rest is $D_{\mathrm{KL}}(\pi\|\pi^*)$ by definition (DPO Eqs. 13–14)",
            rule="fold_kl")
    d.by(get_rule("drop_constant_in_argopt"))
    d.claim("argopt", pstar,
            r"Gibbs' inequality: $D_{\mathrm{KL}}(\pi\|\pi^*)\ge 0$ with equality iff "
            r"$\pi=\pi^*$, and $\pi^*$ is a distribution (see optimal_policy_is_distribution) "
            r"(DPO Eq. 15)", rule="gibbs_inequality")
    return d
