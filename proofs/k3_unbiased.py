"""On-policy, k3 is an unbiased estimator of the reverse KL:
𝔼_{y∼π_θ}[k3(π_ref/π_θ)] = D_KL(π_θ‖π_ref) (REFERENCE §6 S1–S2, §7).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import K3, KL, STANDARD, Expectation, SupportSum
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """𝔼_{π_θ}[w − 1 − log w] with 𝔼_{π_θ}[w] = Σ π_ref = 1."""
    S = STANDARD
    x, y, Y = S.x, S.y, S.Y
    th, ref = S.pi_theta(y, x), S.pi_ref(y, x)
    w = ref / th
    ctx = Context().assume(
        r"samples are drawn from the current policy $\pi_\theta$ (on-policy: "
        r"$\pi_{\theta_{\mathrm{old}}}=\pi_\theta$)",
        r"$\pi_{\mathrm{ref}}\ll\pi_\theta$ (otherwise $\mathbb{E}[k_3]$ is biased downwards by "
        r"$\pi_{\mathrm{ref}}(\mathcal{Y}\setminus\operatorname{supp}\pi_\theta)$)",
    )
    d = Derivation(
        "k3_unbiased",
        "k3 is an unbiased estimator of the reverse KL",
        Expectation(K3(w), th, (y, Y)),
        ctx,
        description=(
            r"With $w=\pi_{\mathrm{ref}}/\pi_\theta$ and samples from $\pi_\theta$ (the first "
            r"argument of the KL), the control variate $w-1$ has mean zero, so $k_3=k_1+(w-1)$ "
            r"keeps $k_1$'s mean $D_{\mathrm{KL}}(\pi_\theta\|\pi_{\mathrm{ref}})$. The value is "
            r"unbiased; its *gradient* as a loss is not the reverse-KL gradient "
            r"(k3_gradient_is_forward_kl)."),
    )
    d.by(get_rule("unfold_k3"))
    d.by(get_rule("linearity_of_expectation"))
    d.claim("=", SupportSum(ref, (y, Y)) - 1 - Expectation(sp.log(w), th, (y, Y)),
            r"Importance weighting: $\mathbb{E}_{y\sim\pi_\theta}\big[\frac{\pi_{\mathrm{ref}}}"
            r"{\pi_\theta}\big]=\sum_y\pi_{\mathrm{ref}}(y\mid x)$ (needs "
            r"$\pi_{\mathrm{ref}}\ll\pi_\theta$)", rule="importance_weighting")
    d.by(get_rule("normalization"))
    d.claim("=", Expectation(sp.log(th / ref), th, (y, Y)),
            r"$-\log\frac{\pi_{\mathrm{ref}}}{\pi_\theta}=\log\frac{\pi_\theta}{\pi_{\mathrm{ref}}}$",
            rule="log_of_reciprocal")
    d.claim("=", KL(th, ref, (y, Y)),
            r"By definition of the KL divergence (expectation under the first argument)",
            rule="fold_kl")
    return d
