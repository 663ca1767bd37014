"""At initialisation (π_θ = π_ref) the DPO loss is log 2 for every β (REFERENCE §4 pitfalls).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import STANDARD, Sigmoid, dpo_loss
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """𝓛_DPO with the policy equal to the reference: −log σ(0) = log 2."""
    S = STANDARD
    x, yw, yl, beta = S.x, S.y_w, S.y_l, S.beta
    loss = dpo_loss(S.pi_ref, S.pi_ref, beta)
    ctx = Context().assume(
        r"$\beta > 0$",
        r"the policy is initialised at the reference, $\pi_\theta=\pi_{\mathrm{ref}}$")
    d = Derivation(
        "dpo_loss_at_reference",
        "The DPO loss starts at log 2",
        loss(x, yw, yl),
        ctx,
        description=(
            r"Both log-ratios vanish at $\pi_\theta=\pi_{\mathrm{ref}}$, so the margin is 0 and "
            r"the loss is $-\log\frac12=\log 2\approx 0.693$ whatever $\beta$: a useful sanity "
            r"check of an implementation's first logged loss."),
    )
    one = sp.log(sp.Integer(1), evaluate=False)
    d.claim("=", -sp.log(Sigmoid(sp.Add(beta * one, -beta * one, evaluate=False),
                                 evaluate=False)),
            r"By definition of the DPO loss with $\pi_\theta=\pi_{\mathrm{ref}}$: both "
            r"log-ratios are $\log\frac{\pi_{\mathrm{ref}}}{\pi_{\mathrm{ref}}}=\log 1$",
            rule="unfold_dpo_loss")
    d.claim("=", -sp.log(Sigmoid(0, evaluate=False)), r"$\log 1=0$", rule="log_of_one")
    d.claim("=", sp.log(2), r"$\sigma(0)=\frac{1}{1+e^{0}}=\frac12$", rule="sigmoid_at_zero")
    return d
