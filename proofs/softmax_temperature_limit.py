"""A softmax at high temperature is uniform: lim_{τ→∞} e^{f(y)/τ}/Σ_{y'} e^{f(y')/τ} = 1/|𝒴|
(π* is such a softmax with τ = β and logits r, on top of π_ref).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, SupportSize, SupportSum
from derive.definitions.limits import LimitOf
from derive.derivation import Derivation
from derive.kernel.context import Context

TAU = sp.Symbol("tau", positive=True)


def softmax(logit_of: object, tau: sp.Expr) -> sp.Expr:
    """The softmax of the reward logits ``r(x, ·)`` at temperature ``tau``, at ``y``."""
    S = STANDARD
    yp = sp.Symbol("y'")
    return sp.exp(S.r(S.x, S.y) / tau) / SupportSum(sp.exp(S.r(S.x, yp) / tau), (yp, S.Y))


def derivation() -> Derivation:
    """lim_{τ→∞} softmax(r/τ) = 1/Σ_{y'} 1 = 1/|𝒴|."""
    S = STANDARD
    yp = sp.Symbol("y'")
    ctx = Context().assume(r"$\tau > 0$ and $\tau \to \infty$", r"$\mathcal{Y}$ is finite")
    d = Derivation(
        "softmax_temperature_limit",
        "A softmax at high temperature tends to the uniform distribution",
        LimitOf(softmax(S.r, TAU), TAU, sp.oo),
        ctx,
        description=(
            r"Dividing the logits by a temperature $\tau\to\infty$ flattens the softmax: "
            r"every $e^{r(x,y)/\tau}\to 1$, so each of the $|\mathcal{Y}|$ answers gets "
            r"$1/|\mathcal{Y}|$. (As $\tau\to 0^{+}$ it concentrates on the largest logit "
            r"instead, when that logit is unique.)"),
    )
    d.claim("=", 1 / SupportSum(sp.Integer(1), (yp, S.Y)),
            r"$r/\tau\to 0$, so every $e^{r/\tau}\to 1$; the sum is finite",
            rule="algebra_of_limits")
    d.claim("=", 1 / SupportSize(S.Y), r"$\sum_{y'\in\mathcal{Y}} 1 = |\mathcal{Y}|$",
            rule="count_support")
    return d
