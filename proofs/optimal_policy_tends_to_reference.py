"""As β → ∞ the optimal policy tends to the reference policy: lim_{β→∞} π*(y|x) = π_ref(y|x)
(REFERENCE §2: the KL penalty dominates, so the policy stays at π_ref).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, SupportSum
from derive.definitions.limits import LimitOf
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """lim π* = lim π_ref e^{r/β}/Σ π_ref e^{r/β} = π_ref/Σ π_ref = π_ref."""
    S = STANDARD
    x, y, Y, beta = S.x, S.y, S.Y, S.beta
    yp = sp.Symbol("y'")
    ref, r = S.pi_ref(y, x), S.r(x, y)
    z = SupportSum(S.pi_ref(yp, x) * sp.exp(S.r(x, yp) / beta), (yp, Y))
    ctx = Context().assume(
        r"$\beta > 0$ and $\beta \to \infty$",
        r"$\mathcal{Y}$ is finite, so the limit of $Z(x)$ is the sum of its terms' limits",
    )
    d = Derivation(
        "optimal_policy_tends_to_reference",
        "As beta grows the optimal policy tends to the reference policy",
        LimitOf(S.pi_star(y, x), beta, sp.oo),
        ctx,
        description=(
            r"A large $\beta$ makes the KL penalty dominate the reward: every factor "
            r"$e^{r(x,y)/\beta}$ tends to $1$, so $\pi^*\to\pi_{\mathrm{ref}}$. The support is "
            r"finite, so the limit of $Z(x)$ is taken term by term."),
    )
    d.claim("=", LimitOf(ref * sp.exp(r / beta) / z, beta, sp.oo),
            r"By definition $\pi^*(y\mid x)=\pi_{\mathrm{ref}}(y\mid x)e^{r(x,y)/\beta}/Z(x)$",
            rule="definition_of_optimal_policy")
    d.claim("=", ref / SupportSum(S.pi_ref(yp, x), (yp, Y)),
            r"$r/\beta\to 0$ and $\exp$ is continuous, so every $e^{r/\beta}\to 1$; the sum is "
            r"finite and its limit $\sum_{y'}\pi_{\mathrm{ref}}(y'\mid x)>0$",
            rule="algebra_of_limits")
    d.claim("=", ref, r"$\pi_{\mathrm{ref}}(\cdot\mid x)$ sums to one",
            rule="normalization")
    return d
