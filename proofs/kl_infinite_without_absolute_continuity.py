"""D_KL(Q‖P) = +∞ where absolute continuity fails: for P = (½, ½, 0) and Q = (¼, ¼, ½),
Q puts mass ½ where P puts none, so D(Q‖P) = +∞, while D(P‖Q) = log 2 is finite — the
direction decides (oracle `p_has_zero`: scipy gives log 2 and inf).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, Domain, distribution
from derive.derivation import Derivation
from derive.kernel.context import Context

A = Domain("A")
a = sp.Symbol("a")
HALF, QUARTER = sp.Rational(1, 2), sp.Rational(1, 4)
P = distribution("P", A, table=(HALF, HALF, sp.Integer(0)))
Q = distribution("Q", A, table=(QUARTER, QUARTER, HALF))


def derivation() -> Derivation:
    """D(P‖Q) = log 2 < ∞ = D(Q‖P)."""
    ctx = Context().assume(
        r"$\mathcal{A}=\{a_1,a_2,a_3\}$, $P=(0.5,\,0.5,\,0)$ and $Q=(0.25,\,0.25,\,0.5)$",
        r"$0\log\frac{0}{q}=0$, and $p\log\frac{p}{0}=+\infty$ for $p>0$",
    )
    d = Derivation(
        "kl_infinite_without_absolute_continuity",
        "KL divergence is infinite without absolute continuity",
        KL(P(a), Q(a), (a, A)),
        ctx,
        description=(
            r"$D_{\mathrm{KL}}(P\|Q)$ is finite exactly when $P$ is absolutely continuous with "
            r"respect to $Q$ (no mass of $P$ where $Q$ has none). Here $P$'s zero is harmless "
            r"for $D(P\|Q)=\log 2$, but $Q$ charges the point $P$ misses, so "
            r"$D(Q\|P)=+\infty$. A policy that puts mass where $\pi_{\mathrm{ref}}$ has none "
            r"has an infinite KL penalty; the reverse direction does not see it."),
    )
    d.claim("=", HALF * sp.log(HALF / QUARTER) + HALF * sp.log(HALF / QUARTER),
            r"By definition; the third point contributes $0\log\frac{0}{0.5}=0$",
            rule="evaluate_kl_xlogy")
    d.claim("=", sp.log(2), r"Arithmetic: $\log\frac{0.5}{0.25}=\log 2$", rule="arithmetic")
    d.claim("<", sp.oo, r"A real number is below $+\infty$", rule="extended_reals")
    d.claim("=", KL(Q(a), P(a), (a, A)),
            r"By definition, read backwards: the third point contributes "
            r"$0.5\log\frac{0.5}{0}=+\infty$, and adding finite terms keeps $+\infty$",
            rule="evaluate_kl_xlogy")
    return d
