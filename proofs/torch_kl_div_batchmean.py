"""torch's ``reduction='batchmean'`` averages the KL divergence over the batch: for rows
π_θ(·|x) over the prompts of a batch, ``F.kl_div(log π_ref, π_θ, reduction='batchmean')`` is
(1/|X|) Σ_x D_KL(π_θ(·|x) ‖ π_ref(·|x)); ``'mean'`` divides by every element instead, |X||Y|
(REFERENCE §8.10, oracle ``torch_reduction_trap``).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import KL, STANDARD, SupportSize, SupportSum
from derive.definitions.training_libraries import TorchKLDiv
from derive.derivation import Derivation
from derive.kernel.context import Context


def derivation() -> Derivation:
    """batchmean = (sum over every element)/|X| = mean over the batch of the per-row KL."""
    S = STANDARD
    x, y, X, Y = S.x, S.y, S.X, S.Y
    th, ref = S.pi_theta(y, x), S.pi_ref(y, x)
    ctx = Context().assume(
        r"the batch is the finite set of prompts $\mathcal{X}$ (the first dimension); each row "
        r"is a distribution over the answers $\mathcal{Y}$ (the second)",
        r"$\pi_\theta$ and $\pi_{\mathrm{ref}}$ are positive on $\mathcal{Y}$, so every "
        r"logarithm is finite",
    )
    d = Derivation(
        "torch_kl_div_batchmean",
        "torch's kl_div with batchmean is the batch's mean KL divergence",
        TorchKLDiv(sp.log(ref), th, False, "batchmean", (x, X), (y, Y)),
        ctx,
        description=(
            r"the reduction $\mathrm{batchmean}$ divides the sum over every element by the size of "
            r"the first dimension, so it is the mean over the batch of the per-row "
            r"$D_{\mathrm{KL}}(\pi_\theta(\cdot\mid x)\|\pi_{\mathrm{ref}}(\cdot\mid x))$ — "
            r"the reverse KL penalty of RLHF on a batch of prompts. "
            r"The reduction $\mathrm{mean}$ divides by the number of elements $|\mathcal X|"
            r"|\mathcal Y|$ and is $|\mathcal Y|$ times too small (the oracle's "
            r"$\mathrm{torch\_reduction\_trap}$: $0.125$ against the mean KL $0.250$). For a "
            r"one-dimensional input the first dimension is the support itself, and "
            r"$\mathrm{batchmean}$ divides $D_{\mathrm{KL}}$ by the number of outcomes."),
    )
    d.claim("=", SupportSum(th * sp.log(th) - th * sp.log(ref), (x, X), (y, Y))
            / SupportSize(X),
            r"By torch's definition: each element is $\pi_\theta(y\mid x)\log\pi_\theta(y\mid x)"
            r"-\pi_\theta(y\mid x)\log\pi_{\mathrm{ref}}(y\mid x)$; $\mathrm{batchmean}$ divides "
            r"the sum over all of them by the batch size $|\mathcal{X}|$",
            rule="unfold_torch_kl_div")
    d.claim("=", SupportSum(SupportSum(th * sp.log(th / ref), (y, Y)), (x, X))
            / SupportSize(X),
            r"Log of a quotient, and the double sum as a sum over the batch of sums over a row",
            rule="log_of_quotient")
    d.claim("=", SupportSum(KL(th, ref, (y, Y)), (x, X)) / SupportSize(X),
            r"By definition of the KL divergence, row by row (expectation under the target "
            r"$\pi_\theta(\cdot\mid x)$)", rule="fold_kl")
    return d
