"""Cross-entropy = entropy + KL with zero masses, in the extended reals:
H(P, Q) = −Σ xlogy(P, Q) = H(P) + D_KL(P‖Q) for every P, Q that may have zeros — both sides
+∞ together where Q misses mass of P. torch (``kl_div``, via ``xlogy``) and scipy follow this
convention; the oracle's cases with zeros are checked in the test.

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, CrossEntropy, Domain, Entropy, SupportSum, XLogY, distribution
from derive.derivation import Derivation
from derive.kernel.context import Context

X = Domain("X")
x = sp.Symbol("x")
#: distributions that may put mass 0 on elements of 𝒳
P = distribution("P", X, zeros=True)
Q = distribution("Q", X, zeros=True)


def derivation() -> Derivation:
    """H(P, Q) = −Σ xlogy(P, Q) = −Σ xlogy(P, P) + Σ (xlogy(P, P) − xlogy(P, Q)) = H(P) + D(P‖Q)."""
    ctx = Context().assume(
        r"$P$ and $Q$ are distributions on a finite support $\mathcal{X}$ that may have zeros",
        r"$\operatorname{xlogy}(p, q)=0$ if $p=0$, else $p\log q$ ($=-\infty$ at $q=0<p$)",
    )
    p, q = P(x), Q(x)
    d = Derivation(
        "xlogy_matches_torch",
        "Cross-entropy is entropy plus KL, with zero masses",
        CrossEntropy(p, Q(x), (x, X)),
        ctx,
        description=(
            r"With zeros allowed, entropy, cross-entropy and KL are sums of "
            r"$\operatorname{xlogy}(p, q)$ terms, the convention of torch and scipy: "
            r"$0\log q=0$ and $p\log 0=-\infty$. The identity $H(P,Q)=H(P)+D(P\|Q)$ then holds "
            r"in the extended reals: where $Q$ misses mass of $P$, both sides are $+\infty$."),
    )
    d.claim("=", -SupportSum(XLogY(p, q), (x, X)),
            r"By definition of the cross-entropy, with $0\log q=0$", rule="unfold_cross_entropy")
    d.claim("=", -SupportSum(XLogY(p, p), (x, X))
            + SupportSum(XLogY(p, p) - XLogY(p, q), (x, X)),
            r"Add and subtract the finite $\sum_x \operatorname{xlogy}(P(x), P(x))$",
            rule="add_and_subtract")
    d.claim("=", Entropy(p, (x, X)) + KL(p, q, (x, X)),
            r"By definition of the entropy and of the KL divergence with zero masses",
            rule="fold_entropy_and_kl")
    return d
