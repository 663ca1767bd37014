"""Bradley–Terry is a sigmoid of the reward difference: p(y_w ≻ y_l | x) = σ(r(x,y_w) − r(x,y_l))
(REFERENCE §4 S4, DPO Eq. 1/16).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Sigmoid
from derive.derivation import Derivation
from derive.kernel.context import Context
from derive.rules import get_rule


def derivation() -> Derivation:
    """Divide numerator and denominator of the BT probability by e^{r(x, y_w)}."""
    S = STANDARD
    x, yw, yl = S.x, S.y_w, S.y_l
    rw, rl = S.r(x, yw), S.r(x, yl)
    ctx = Context().assume(
        r"the reward $r(x,y)$ is real (finite)",
        r"both completions $y_w, y_l$ answer the same prompt $x$",
    )
    d = Derivation(
        "bradley_terry_sigmoid",
        "Bradley–Terry is a sigmoid of the reward difference",
        S.BT(x, yw, yl),
        ctx,
        description=(
            r"The preference probability depends only on the reward *difference*, with the "
            r"preferred completion first: swapping $y_w$ and $y_l$ gives $1-p$."),
    )
    d.by(get_rule("unfold_bradley_terry"))
    d.claim("=", 1 / (1 + sp.exp(rl - rw)),
            r"Divide numerator and denominator by $e^{r(x,y_w)}>0$", rule="divide_by_exp")
    d.claim("=", Sigmoid(rw - rl),
            r"By definition of the sigmoid, $\sigma(z)=\frac{1}{1+e^{-z}}$",
            rule="fold_sigmoid")
    return d
