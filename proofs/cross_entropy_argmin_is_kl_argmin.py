"""Minimising cross-entropy over the model Q is minimising D_KL(P‖Q): why SFT/MLE is forward KL
(REFERENCE §1.2 consequence, §8.5).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import KL, STANDARD, CrossEntropy, Entropy
from derive.definitions.optimization import ArgMin
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """arg min_Q H(P, Q) = arg min_Q (D_KL(P‖Q) + H(P)) = arg min_Q D_KL(P‖Q)."""
    S = STANDARD
    x, X, P, Q = S.x, S.X, S.P, S.Q
    ctx = Context().assume(
        r"$P$ (the data distribution) is fixed; the optimisation is over the model $Q$",
        r"finite support, $P \ll Q$ and $H(P) < \infty$",
    )
    d = Derivation(
        "cross_entropy_argmin_is_kl_argmin",
        "Cross-entropy and forward KL have the same minimiser over the model",
        ArgMin(CrossEntropy(P(x), Q(x), (x, X)), Q(x)),
        ctx,
        description=(
            r"$H(P,Q)=D_{\mathrm{KL}}(P\|Q)+H(P)$ and $H(P)$ does not depend on $Q$, so the "
            r"two objectives differ by a constant in $Q$. The equivalence fails when optimising "
            r"over $P$: then $H(P)$ moves with the variable (arg min over $P$ of $H(P,Q)$ is a "
            r"point mass on $\arg\max_x Q(x)$, while that of $D_{\mathrm{KL}}(P\|Q)$ is $P=Q$)."),
    )
    d.claim("argopt", ArgMin(KL(P(x), Q(x), (x, X)) + Entropy(P(x), (x, X)), Q(x)),
            r"$H(P,Q)=D_{\mathrm{KL}}(P\|Q)+H(P)$ (kl_cross_entropy); the objective is unchanged",
            rule="kl_cross_entropy")
    d.by(get_rule("drop_constant_in_argopt"))
    return d
