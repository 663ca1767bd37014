"""Gibbs' inequality: D_KL(P‖Q) ≥ 0 (REFERENCE §1.3), from log t ≤ t − 1.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, SupportSum
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """KL = −Σ P log(Q/P) ≥ −Σ P (Q/P − 1) = −Σ Q + Σ P = 0."""
    S = STANDARD
    x, X, P, Q = S.x, S.X, S.P, S.Q
    ctx = Context().assume(
        r"$P$ and $Q$ are distributions on a finite support $\mathcal{X}$",
        r"$Q(x) > 0$ wherever $P(x) > 0$ ($P \ll Q$); otherwise $D_{\mathrm{KL}}=+\infty$ and "
        r"the inequality is trivial",
    )
    d = Derivation(
        "kl_nonnegative",
        "Gibbs' inequality: the KL divergence is non-negative",
        KL(P(x), Q(x), (x, X)),
        ctx,
        description=(
            r"The tangent line of the concave logarithm at 1 lies above it: "
            r"$\log t\le t-1$ for $t>0$, with equality iff $t=1$. Applied to $t=Q(x)/P(x)$ "
            r"it gives $D_{\mathrm{KL}}(P\|Q)\ge 0$, with equality iff $P=Q$."),
    )
    d.by(get_rule("unfold_kl"))
    d.claim("=", -SupportSum(P(x) * sp.log(Q(x) / P(x)), (x, X)),
            r"$\log\frac{P}{Q}=-\log\frac{Q}{P}$ (both positive)", rule="log_of_reciprocal")
    d.claim(">=", -SupportSum(P(x) * (Q(x) / P(x) - 1), (x, X)),
            r"$\log t\le t-1$ for $t=\frac{Q(x)}{P(x)}>0$ (the tangent of $\log$ at 1), "
            r"weighted by $P(x)\ge 0$", rule="log_tangent_bound")
    d.claim("=", -SupportSum(Q(x), (x, X)) + SupportSum(P(x), (x, X)),
            r"Cancel $P(x)$ and split the sum (linearity)", rule="linearity_of_sum")
    d.by(get_rule("normalization"))
    return d
