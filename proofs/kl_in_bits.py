"""KL divergence in bits is KL in nats divided by log 2, and is cross-entropy minus entropy in
bits: Σ_x P(x) log₂(P(x)/Q(x)) = D_KL(P‖Q)/log 2 = (H(P, Q) − H(P))/log 2 (REFERENCE §1.2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, CrossEntropy, Entropy, Log2, SupportSum
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """Σ P log₂(P/Q) = Σ P log(P/Q) / log 2 = D_KL(P‖Q)/log 2 = (H(P,Q) − H(P))/log 2."""
    S = STANDARD
    x, X, P, Q = S.x, S.X, S.P(S.x), S.Q(S.x)
    ctx = Context().assume(
        r"$P$ and $Q$ are distributions on a finite support $\mathcal{X}$ with $Q(x)>0$ "
        r"wherever $P(x)>0$, so every logarithm is finite",
        r"$D_{\mathrm{KL}}$, $H(P,Q)$ and $H(P)$ are in nats; $\log_2 v=\frac{\log v}{\log 2}$",
    )
    d = Derivation(
        "kl_in_bits",
        "KL divergence with the binary logarithm is the KL in nats over log 2",
        SupportSum(P * Log2(P / Q), (x, X)),
        ctx,
        description=(
            r"Measured with $\log_2$, $D_{\mathrm{KL}}(P\|Q)$ is the expected number of extra bits "
            r"per message when samples of $P$ are encoded with a code built for $Q$ (seed 003's "
            r"reading). It is the nats value divided by $\log 2$; the identity "
            r"$D_{\mathrm{KL}}=H(P,Q)-H(P)$ holds in either unit, as long as all three "
            r"quantities use the same one."),
    )
    d.claim("=", SupportSum(P * sp.log(P / Q), (x, X)) / sp.log(2),
            r"Change of base $\log_2 v=\frac{\log v}{\log 2}$, and the constant "
            r"$\frac{1}{\log 2}$ comes out of the sum", rule="change_of_base")
    d.claim("=", KL(P, Q, (x, X)) / sp.log(2),
            r"By definition of the KL divergence (in nats)", rule="fold_kl")
    d.claim("=", (CrossEntropy(P, Q, (x, X)) - Entropy(P, (x, X))) / sp.log(2),
            r"KL divergence is cross-entropy minus entropy, both in nats",
            rule="kl_cross_entropy")
    return d
