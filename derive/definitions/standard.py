"""The field's standard objects, as written in the papers: one shared namespace.

``STANDARD`` holds the domains (prompts X, answers Y), the usual variables, the distributions
``P``, ``Q`` on X, the policies ``π``, ``π_θ``, ``π_ref``, ``π_old`` on Y given X (distinct
objects), the reward ``r(x, y)``, ``β > 0``, ``Z(x)``, ``π*``, a joint ``p(x, y)`` for mutual
information, Bradley–Terry and the DPO loss. Proofs and the checker's standard meanings use it.

>>> from sympy import latex
>>> latex(STANDARD.pi_ref(STANDARD.y, STANDARD.x))
'\\\\pi_{\\\\mathrm{ref}}(y \\\\mid x)'
"""

from __future__ import annotations

from types import SimpleNamespace

import sympy as sp

from .alignment import bradley_terry, dpo_loss, optimal_policy, partition_function
from .support import Domain, distribution, real_function


def _standard() -> SimpleNamespace:
    X, Y = Domain("X"), Domain("Y")
    x, y = sp.Symbol("x"), sp.Symbol("y")
    y_w, y_l = sp.Symbol("y_w"), sp.Symbol("y_l")
    beta = sp.Symbol("beta", positive=True)
    r = real_function("r", (X, Y))
    pi = distribution("pi", Y, given=(X,), tex=r"\pi")
    theta = sp.Symbol("theta", real=True)
    pi_theta = distribution("pi_theta", Y, given=(X,), tex=r"\pi_\theta")
    pi_theta.parameter = theta  # optimizing over θ is optimizing over π_θ (realisable)
    pi_ref = distribution("pi_ref", Y, given=(X,), tex=r"\pi_{\mathrm{ref}}")
    pi_old = distribution("pi_old", Y, given=(X,), tex=r"\pi_{\theta_{\mathrm{old}}}")
    Z = partition_function(pi_ref, r, beta)
    pi_star = optimal_policy(pi_ref, r, beta, Z)
    joint = distribution("p", (X, Y), tex="p")
    joint.rv_names = ("X", "Y")
    return SimpleNamespace(
        X=X, Y=Y, x=x, y=y, theta=theta, y_w=y_w, y_l=y_l, beta=beta, r=r,
        P=distribution("P", X), Q=distribution("Q", X),
        pi=pi, pi_theta=pi_theta, pi_ref=pi_ref, pi_old=pi_old, Z=Z, pi_star=pi_star,
        joint=joint, BT=bradley_terry(r), L_DPO=dpo_loss(pi_theta, pi_ref, beta),
        z=sp.Symbol("z", real=True), h=sp.Symbol("h", real=True),
        rho=sp.Symbol("rho", positive=True), A=sp.Symbol("A", real=True),
        eps=sp.Symbol("epsilon", positive=True), w=sp.Symbol("w", positive=True),
    )


STANDARD = _standard()
