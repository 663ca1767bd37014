"""Entropy in bits is entropy in nats divided by log 2: −Σ_x P(x) log₂ P(x) = H(P)/log 2
(REFERENCE §1.2: bits = nats / ln 2; seed 003 reads KL as "extra bits per message").

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Entropy, Log2, SupportSum
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """−Σ P log₂ P = −Σ P log P / log 2 = H(P)/log 2."""
    S = STANDARD
    x, X, P = S.x, S.X, S.P(S.x)
    ctx = Context().assume(
        r"$P$ is a distribution on a finite support $\mathcal{X}$, positive on it",
        r"$H(P)$ is in nats (natural logarithm); $\log_2 v=\frac{\log v}{\log 2}$",
    )
    d = Derivation(
        "entropy_in_bits",
        "Entropy with the binary logarithm is the entropy in nats over log 2",
        -SupportSum(P * Log2(P), (x, X)),
        ctx,
        description=(
            r"The entropy measured with $\log_2$ is the same sum as with $\log$, scaled by "
            r"$\frac{1}{\log 2}\approx 1.4427$: one nat is $1/\log 2$ bits. A uniform "
            r"distribution on two points has $1$ bit $=\log 2$ nats of entropy. Confusing the "
            r"two units multiplies by $\log 2$ where it should divide."),
    )
    d.claim("=", -SupportSum(P * sp.log(P) / sp.log(2), (x, X)),
            r"Change of base: $\log_2 v=\frac{\log v}{\log 2}$", rule="change_of_base")
    d.claim("=", -SupportSum(P * sp.log(P), (x, X)) / sp.log(2),
            r"Linearity of the sum: the constant $\frac{1}{\log 2}$ comes out",
            rule="linearity_of_sum")
    d.claim("=", Entropy(P, (x, X)) / sp.log(2),
            r"By definition of the entropy (in nats): $H(P)=-\sum_x P(x)\log P(x)$",
            rule="fold_entropy")
    return d
