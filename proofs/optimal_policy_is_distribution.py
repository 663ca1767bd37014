"""π*(·|x) sums to one: the optimal policy is a distribution (REFERENCE §2 S5).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, SupportSum
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """Σ_y π*(y|x) = 1 by the definition of Z(x)."""
    S = STANDARD
    x, y, Y, beta = S.x, S.y, S.Y, S.beta
    ref, r, Z = S.pi_ref(y, x), S.r(x, y), S.Z(x)
    ctx = Context().assume(
        r"$\beta > 0$",
        r"$\mathcal{Y}$ is finite and $\pi_{\mathrm{ref}}(\cdot\mid x)$ is a distribution, so "
        r"$0 < Z(x) < \infty$",
    )
    d = Derivation(
        "optimal_policy_is_distribution",
        "The optimal policy sums to one",
        SupportSum(S.pi_star(y, x), (y, Y)),
        ctx,
        description=(
            r"$\pi^*$ is positive (a product of positive factors) and normalised, because $Z(x)$ "
            r"is exactly the normaliser of $\pi_{\mathrm{ref}}e^{r/\beta}$. Since "
            r"$e^{r/\beta}>0$, $\operatorname{supp}\pi^*=\operatorname{supp}\pi_{\mathrm{ref}}$."),
    )
    d.claim("=", SupportSum(ref * sp.exp(r / beta) / Z, (y, Y)),
            r"By definition $\pi^*(y\mid x)=\frac{1}{Z(x)}\pi_{\mathrm{ref}}(y\mid x)"
            r"e^{r(x,y)/\beta}$", rule="definition_of_optimal_policy")
    d.by(get_rule("linearity_of_sum"))
    d.claim("=", sp.Integer(1),
            r"By definition $Z(x)=\sum_y\pi_{\mathrm{ref}}(y\mid x)e^{r(x,y)/\beta}$, and "
            r"$Z(x)>0$", rule="definition_of_partition_function")
    return d
