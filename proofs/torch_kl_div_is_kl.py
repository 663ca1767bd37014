"""torch's ``F.kl_div(input, target)`` is D_KL(target ‖ exp(input)): with ``input = log Q`` and
``target = P`` it is D_KL(P ‖ Q) — the input holds the log-probabilities of the SECOND argument
(REFERENCE §8.10, seed 003's ATen source).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, SupportSum
from derive.definitions.training_libraries import TorchKLDiv
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """kl_div(log Q, P, 'sum') = Σ_x [xlogy(P, P) − P log Q] = Σ_x P log(P/Q) = D_KL(P‖Q)."""
    S = STANDARD
    x, X, P, Q = S.x, S.X, S.P(S.x), S.Q(S.x)
    ctx = Context().assume(
        r"$P$ and $Q$ are distributions on a finite support $\mathcal{X}$ with $Q(x)>0$ "
        r"wherever $P(x)>0$, so every logarithm is finite",
        r"the call is $\mathrm{F.kl\_div}(\log Q, P)$ with the reduction $\mathrm{sum}$: "
        r"$\mathrm{input}$ $=\log Q$, $\mathrm{target}$ $=P$, "
        r"and the flag log_target is off",
    )
    d = Derivation(
        "torch_kl_div_is_kl",
        "torch's kl_div with input log Q and target P is the KL of P from Q",
        TorchKLDiv(sp.log(Q), P, False, "sum", (x, X)),
        ctx,
        description=(
            r"PyTorch computes $\mathrm{kl\_div}(i, t)$ for an input $i$ and a target $t$ "
            r"elementwise as xlogy$(t, t) - t \cdot i = t \log t - t \cdot i$. Its first "
            r"argument is the "
            r"log-probability of the distribution the KL divergence measures *against* (its "
            r"second argument), so $\mathrm{F.kl\_div}(\log Q, P)$ is "
            r"$D_{\mathrm{KL}}(P\|Q)$, not $D_{\mathrm{KL}}(Q\|P)$; passing probabilities as "
            r"$\mathrm{input}$ (forgetting the log) or log-probabilities as $\mathrm{target}$ "
            r"without the flag log_target gives another number altogether."),
    )
    d.claim("=", SupportSum(P * sp.log(P) - P * sp.log(Q), (x, X)),
            r"By torch's definition: each element is the target times its log (ATen's xlogy) "
            r"minus the target times the input, $P(x)\log P(x)-P(x)\log Q(x)$, and the "
            r"reduction $\mathrm{sum}$ adds them",
            rule="unfold_torch_kl_div")
    d.claim("=", SupportSum(P * sp.log(P / Q), (x, X)),
            r"Log of a quotient: $\log P(x)-\log Q(x)=\log\frac{P(x)}{Q(x)}$ (both positive)",
            rule="log_of_quotient")
    d.claim("=", KL(P, Q, (x, X)),
            r"By definition of the KL divergence: an expectation under $P$, the *target*",
            rule="fold_kl")
    return d
