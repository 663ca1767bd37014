"""Mutual information in entropies: I(X;Y) = D_KL(p(x,y)‖p(x)p(y)) = H(X) + H(Y) − H(X,Y)
= H(X) − H(X|Y) (REFERENCE §1.5).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from derive.definitions import (
    KL,
    STANDARD,
    ConditionalEntropy,
    Entropy,
    MutualInformation,
    marginal,
)
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """Unfold I as a KL, split the log, marginalise."""
    S = STANDARD
    x, y, X, Y, p = S.x, S.y, S.X, S.Y, S.joint
    px, py = marginal(p, 0), marginal(p, 1)
    ctx = Context().assume(
        r"$p(x,y)$ is a joint distribution on finite supports $\mathcal{X}\times\mathcal{Y}$ "
        r"with marginals $p(x)=\sum_y p(x,y)$ and $p(y)=\sum_x p(x,y)$",
        r"$p(x,y)>0$ implies $p(x),p(y)>0$, so $p_{XY}\ll p_X\otimes p_Y$ automatically",
    )
    d = Derivation(
        "mutual_information_entropies",
        "Mutual information in terms of entropies",
        MutualInformation(p(x, y), (x, X), (y, Y)),
        ctx,
        description=(
            r"Mutual information is the KL divergence of the joint from the product of its "
            r"marginals, hence $\ge 0$; splitting the logarithm gives the entropy forms. "
            r"$H(X,Y)$ here is the joint entropy, not a cross-entropy."),
    )
    d.claim("=", KL(p(x, y), px(x) * py(y), (x, X), (y, Y)),
            r"By definition, $I(X;Y)=D_{\mathrm{KL}}(p_{XY}\|p_X\otimes p_Y)$",
            rule="mutual_information_as_kl")
    d.by(get_rule("unfold_kl"))
    d.by(get_rule("log_of_quotient"))
    d.by(get_rule("linearity_of_sum"))
    d.claim("=", -Entropy(p(x, y), (x, X), (y, Y)) + Entropy(px(x), (x, X))
            + Entropy(py(y), (y, Y)),
            r"Marginalise: $\sum_{x,y}p(x,y)\log p(x)=\sum_x p(x)\log p(x)$ (and likewise for "
            r"$y$), then the definitions of the entropies", rule="marginalise")
    d.claim("=", Entropy(px(x), (x, X)) - ConditionalEntropy(p(x, y), 1, (x, X), (y, Y)),
            r"$H(X\mid Y)=H(X,Y)-H(Y)$ (chain rule of entropy)", rule="chain_rule_of_entropy")
    return d
