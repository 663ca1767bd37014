"""The derivative of softplus is the sigmoid: d/dt log(1 + e^t) = σ(t) (REFERENCE §4 S7 uses it
as −log σ(z) = softplus(−z)).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

import sympy as sp

from derive.definitions import Sigmoid
from derive.derivation import Derivation
from derive.kernel.context import Context

T = sp.Symbol("t", real=True)


def softplus(t: sp.Expr) -> sp.Expr:
    """softplus(t) = log(1 + e^t), written out."""
    return sp.log(1 + sp.exp(t))


def derivation() -> Derivation:
    """d/dt log(1 + e^t) = e^t/(1 + e^t) = 1/(1 + e^{−t}) = σ(t)."""
    d = Derivation(
        "softplus_derivative",
        "The derivative of softplus is the sigmoid",
        sp.Derivative(softplus(T), T),
        Context().assume(r"$t\in\mathbb{R}$"),
        description=(
            r"$\operatorname{softplus}(t)=\log(1+e^t)$ is the smooth ReLU behind the DPO loss "
            r"$-\log\sigma(z)=\operatorname{softplus}(-z)$. Its slope is the sigmoid, which is "
            r"why $\frac{d}{dz}\log\sigma(z)=\sigma(-z)$ and the DPO gradient is weighted by a "
            r"sigmoid of the reward margin."),
    )
    d.claim("=", sp.exp(T) / (1 + sp.exp(T)),
            r"Chain rule: $\frac{d}{dt}\log u=\frac{u'}{u}$ with $u=1+e^t$, $u'=e^t$",
            rule="take_derivative")
    d.claim("=", 1 / (1 + sp.exp(-T)),
            r"Divide numerator and denominator by $e^t>0$", rule="algebra")
    d.claim("=", Sigmoid(T), r"Definition of $\sigma(t)=1/(1+e^{-t})$", rule="sigmoid_definition")
    return d
