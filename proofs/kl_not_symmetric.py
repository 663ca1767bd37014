"""KL is not symmetric: for P = (0.9, 0.1) and Q = (0.5, 0.5), D(P‖Q) ≈ 0.368064 < D(Q‖P) ≈
0.510826 (REFERENCE §1.4, oracle `torch_argument_order_trap`).

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
P = distribution("P", A, table=(sp.Rational(9, 10), sp.Rational(1, 10)))
Q = distribution("Q", A, table=(sp.Rational(1, 2), sp.Rational(1, 2)))

#: closed forms of both directions
FORWARD = sp.Rational(9, 10) * sp.log(sp.Rational(9, 5)) + sp.Rational(1, 10) * sp.log(
    sp.Rational(1, 5))
REVERSE = sp.Rational(1, 2) * sp.log(sp.Rational(5, 9)) + sp.Rational(1, 2) * sp.log(5)


def derivation() -> Derivation:
    """D(P‖Q) = closed form < closed form = D(Q‖P) on a two-point support."""
    ctx = Context().assume(
        r"$\mathcal{A}=\{a_1,a_2\}$, $P=(0.9,\,0.1)$ and $Q=(0.5,\,0.5)$",
    )
    d = Derivation(
        "kl_not_symmetric",
        "KL divergence is not symmetric",
        KL(P(a), Q(a), (a, A)),
        ctx,
        description=(
            r"A concrete counterexample to $D_{\mathrm{KL}}(P\|Q)=D_{\mathrm{KL}}(Q\|P)$: "
            r"$D(P\|Q)=0.9\log 1.8+0.1\log 0.2\approx 0.368064$ and "
            r"$D(Q\|P)=0.5\log\frac59+0.5\log 5\approx 0.510826$. The direction matters: RLHF "
            r"penalises the reverse KL $D(\pi_\theta\|\pi_{\mathrm{ref}})$, SFT minimises the "
            r"forward KL $D(\text{data}\|\text{model})$."),
    )
    d.claim("=", FORWARD,
            r"By definition, summing over the two points: $0.9\log\frac{0.9}{0.5}+"
            r"0.1\log\frac{0.1}{0.5}$", rule="evaluate_kl")
    d.claim("<", REVERSE,
            r"Numerically $0.368064\ldots<0.510826\ldots$ (exact arithmetic on logarithms of "
            r"rationals)", rule="compare_numbers")
    d.claim("=", KL(Q(a), P(a), (a, A)),
            r"By definition, read backwards: $0.5\log\frac{0.5}{0.9}+0.5\log\frac{0.5}{0.1}="
            r"D_{\mathrm{KL}}(Q\|P)$", rule="evaluate_kl")
    return d
