"""β controls how far π* moves from π_ref: the log-odds shift of π* over π_ref between two answers
is (r(x,y_1) − r(x,y_2))/β (REFERENCE §2 assumption 1, §8.6).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD
from derive.derivation import Derivation
from derive.kernel.context import Context

Y1, Y2 = sp.Symbol("y_1"), sp.Symbol("y_2")


def derivation() -> Derivation:
    """log π*(y1)/π*(y2) − log π_ref(y1)/π_ref(y2) = (r1 − r2)/β; Z cancels in the ratio."""
    S = STANDARD
    x, beta = S.x, S.beta
    ps, ref, r, Z = S.pi_star, S.pi_ref, S.r, S.Z(x)
    start = sp.log(ps(Y1, x) / ps(Y2, x)) - sp.log(ref(Y1, x) / ref(Y2, x))
    ctx = Context().assume(r"$\beta>0$", r"$y_1, y_2$ are two answers to the same prompt $x$",
                           r"$\pi_{\mathrm{ref}}(y\mid x)>0$")
    d = Derivation(
        "beta_controls_optimal_policy",
        "β sets how strongly the reward tilts the optimal policy",
        start,
        ctx,
        description=(
            r"Relative to $\pi_{\mathrm{ref}}$, the optimal policy changes the log-odds of any "
            r"two answers by their reward gap divided by $\beta$ ($\beta$ divides: "
            r"$\pi^*\propto\pi_{\mathrm{ref}}e^{r/\beta}$, never $e^{\beta r}$). The shift is "
            r"$O(1/\beta)$: it tends to 0 as $\beta\to\infty$ ($\pi^*\to\pi_{\mathrm{ref}}$) and "
            r"its magnitude grows without bound as $\beta\to 0^+$ (the policy concentrates on "
            r"the best answers)."),
    )
    d.claim("=", sp.log((ref(Y1, x) * sp.exp(r(x, Y1) / beta) / Z)
                        / (ref(Y2, x) * sp.exp(r(x, Y2) / beta) / Z))
            - sp.log(ref(Y1, x) / ref(Y2, x)),
            r"By definition $\pi^*(y\mid x)=\frac{1}{Z(x)}\pi_{\mathrm{ref}}(y\mid x)"
            r"e^{r(x,y)/\beta}$",
            rule="definition_of_optimal_policy")
    d.claim("=", (r(x, Y1) - r(x, Y2)) / beta,
            r"$Z(x)$ cancels (same prompt); $\log e^{u}=u$ and the $\pi_{\mathrm{ref}}$ ratios "
            r"cancel", rule="log_of_quotient")
    return d
