"""As β → 0⁺ the optimal policy concentrates on the reward's unique maximiser.

On three answers y_1, y_2, y_3 with reference masses p_1, p_2, p_3 > 0 and rewards
``r(x, y_2) = m`` (the **unique** maximum), ``r(x, y_1) = m − a``, ``r(x, y_3) = m − c`` with
``a, c > 0``: lim_{β→0⁺} π*(y_2|x) = 1. The gaps a, c > 0 are the assumption that the
maximiser is unique; with a tie the mass is shared by the tied answers instead.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD
from derive.definitions.limits import LimitOf
from derive.derivation import Derivation
from derive.kernel.context import Context

P1, P2, P3 = sp.symbols("p_1 p_2 p_3", positive=True)
M = sp.Symbol("m", real=True)
GAP_A, GAP_C = sp.symbols("a c", positive=True)


def optimal_mass_of_maximiser(beta: sp.Expr) -> sp.Expr:
    """π*(y_2|x) = p_2 e^{m/β} / (p_1 e^{(m−a)/β} + p_2 e^{m/β} + p_3 e^{(m−c)/β})."""
    z = (P1 * sp.exp((M - GAP_A) / beta) + P2 * sp.exp(M / beta)
         + P3 * sp.exp((M - GAP_C) / beta))
    return P2 * sp.exp(M / beta) / z


def derivation() -> Derivation:
    """Divide by e^{m/β}; each e^{−gap/β} → 0 as β → 0⁺, so π*(y_2|x) → p_2/p_2 = 1."""
    beta = STANDARD.beta
    ctx = Context().assume(
        r"$\mathcal{Y}=\{y_1,y_2,y_3\}$, $\pi_{\mathrm{ref}}(y_i\mid x)=p_i>0$",
        r"$r(x,y_2)=m$ is the unique maximum: $r(x,y_1)=m-a$, $r(x,y_3)=m-c$ with $a,c>0$",
    )
    d = Derivation(
        "optimal_policy_concentrates_as_beta_vanishes",
        "As beta vanishes the optimal policy concentrates on the unique best answer",
        LimitOf(optimal_mass_of_maximiser(beta), beta, 0, "+"),
        ctx,
        description=(
            r"With no KL penalty the policy puts all its mass on the best answer, provided "
            r"the best answer is unique (the gaps $a,c>0$). Dividing by $e^{m/\beta}$ leaves "
            r"$e^{-a/\beta}$ and $e^{-c/\beta}$, which vanish as $\beta\to 0^{+}$."),
    )
    d.claim("=", LimitOf(P2 / (P1 * sp.exp(-GAP_A / beta) + P2 + P3 * sp.exp(-GAP_C / beta)),
                         beta, 0, "+"),
            r"Divide numerator and denominator by $e^{m/\beta}>0$", rule="algebra")
    d.claim("=", sp.Integer(1),
            r"$e^{-a/\beta}\to 0$ and $e^{-c/\beta}\to 0$ since $a,c>0$, so the limit is "
            r"$p_2/p_2=1$", rule="algebra_of_limits")
    return d
