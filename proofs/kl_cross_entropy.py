"""D_KL(P‖Q) = H(P, Q) − H(P): KL divergence is cross-entropy minus entropy (REFERENCE §1.2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import KL, STANDARD
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """KL = cross-entropy − entropy, by definition, log of a quotient and linearity."""
    S = STANDARD
    x, X, P, Q = S.x, S.X, S.P, S.Q
    ctx = Context().assume(
        r"$P$ and $Q$ are distributions on a finite support $\mathcal{X}$",
        r"$Q(x) > 0$ wherever $P(x) > 0$ ($P \ll Q$), so every logarithm is finite",
    )
    d = Derivation(
        "kl_cross_entropy",
        "KL divergence is cross-entropy minus entropy",
        KL(P(x), Q(x), (x, X)),
        ctx,
        description="The extra cost of encoding samples of P with a code built for Q.",
    )
    d.by(get_rule("unfold_kl"))
    d.by(get_rule("log_of_quotient"))
    d.by(get_rule("linearity_of_sum"))
    d.by(get_rule("fold_entropy"))
    d.by(get_rule("fold_cross_entropy"))
    return d
