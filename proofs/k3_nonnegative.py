"""Schulman's k3 = (w − 1) − log w is non-negative for every sample (REFERENCE §6 S3, §7).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import K3, STANDARD
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """k3(w) = w − 1 − log w ≥ 0 because log w ≤ w − 1 (the tangent of log at 1)."""
    S = STANDARD
    x, y = S.x, S.y
    w = S.pi_ref(y, x) / S.pi_theta(y, x)
    ctx = Context().assume(
        r"$w=\frac{\pi_{\mathrm{ref}}(y\mid x)}{\pi_\theta(y\mid x)}>0$ for a sampled $y$ "
        r"(both probabilities positive)",
    )
    d = Derivation(
        "k3_nonnegative",
        "GRPO's k3 KL estimator is non-negative",
        K3(w),
        ctx,
        description=(
            r"GRPO (DeepSeekMath Eq. 4) calls $k_3$ 'guaranteed to be positive'. It is "
            r"*non-negative*: the gap between the concave $\log$ and its tangent at 1 (a Bregman "
            r"divergence), zero iff $w=1$, i.e. iff "
            r"$\pi_\theta(y\mid x)=\pi_{\mathrm{ref}}(y\mid x)$."),
    )
    d.by(get_rule("unfold_k3"))
    d.claim(">=", sp.Integer(0),
            r"$\log w\le w-1$ for $w>0$ (tangent line of the concave logarithm at $w=1$)",
            rule="log_tangent_bound")
    return d
