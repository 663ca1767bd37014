"""Entropy with a zero mass, by the convention 0 · log 0 = 0: for P = (½, ½, 0),
H(P) = −(½ log ½ + ½ log ½ + 0 · log 0) = log 2, the entropy of the two points P charges
(oracle `p_has_zero`: scipy's entropy gives log 2).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import Domain, Entropy, distribution
from derive.derivation import Derivation
from derive.kernel.context import Context

A = Domain("A")
a = sp.Symbol("a")
HALF = sp.Rational(1, 2)
#: P := (0.5, 0.5, 0): a distribution with a zero mass on a three-point support
P = distribution("P", A, table=(HALF, HALF, sp.Integer(0)))


def derivation() -> Derivation:
    """H(P) = −(½ log ½ + ½ log ½) = log 2 ≤ log 3."""
    ctx = Context().assume(
        r"$\mathcal{A}=\{a_1,a_2,a_3\}$ and $P=(0.5,\,0.5,\,0)$",
        r"$0\log 0=0$ (the limit of $t\log t$ as $t\to0^+$; torch's and scipy's \texttt{xlogy})",
    )
    d = Derivation(
        "entropy_with_zero_mass",
        "Entropy of a distribution with a zero mass",
        Entropy(P(a), (a, A)),
        ctx,
        description=(
            r"A zero mass contributes nothing to the entropy: $0\log 0=0$, the limit of "
            r"$t\log t$ as $t\to0^+$. So $P=(0.5,0.5,0)$ has the entropy of a fair coin, "
            r"$\log 2$, not $\log 3$, and stays below the $\log 3$ of the uniform distribution "
            r"on three points. Without the convention, $\log 0$ makes the sum undefined."),
    )
    d.claim("=", -(HALF * sp.log(HALF) + HALF * sp.log(HALF)),
            r"By definition, with $0\log 0=0$ for the third point: "
            r"$-\left(\frac12\log\frac12+\frac12\log\frac12+0\right)$",
            rule="evaluate_entropy_xlogy")
    d.claim("=", sp.log(2), r"Arithmetic: $-\log\frac12=\log 2$", rule="arithmetic")
    d.claim("<", sp.log(3),
            r"$\log$ is increasing: a zero mass leaves less uncertainty than the uniform "
            r"distribution on three points", rule="compare_numbers")
    return d
