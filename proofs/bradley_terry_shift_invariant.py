"""Rewards that differ by a function of the prompt give the same preferences
(REFERENCE §4, DPO Lemma 1; why Z(x) and implicit rewards are defined only up to f(x)).

>>> derivation().record().verdict
'proved'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from derive.definitions import (
    STANDARD,
    Definition,
    RealFunction,
    Sigmoid,
    bradley_terry,
    real_function,
)
from derive.derivation import Derivation
from derive.kernel.context import Context


class ShiftedReward(RealFunction, Definition):
    """``r'(x, y) := r(x, y) + f(x)``: the reward shifted by a function of the prompt."""

    defines = "the shifted reward"
    tex = "r'"
    nargs = 2

    def unfold(self) -> sp.Expr:
        x, y = self.args
        return STANDARD.r(x, y) + real_function("f", (STANDARD.X,))(x)

    def _latex(self, printer: Any, exp: Any = None) -> str:
        return "r'(%s)" % ", ".join(printer._print(a) for a in self.args)


def derivation() -> Derivation:
    """BT under r'(x, y) = r(x, y) + f(x) equals BT under r."""
    S = STANDARD
    x, yw, yl = S.x, S.y_w, S.y_l
    f = real_function("f", (S.X,))
    r2 = ShiftedReward
    ctx = (Context()
           .assume(r"$r'(x,y) := r(x,y) + f(x)$ for an arbitrary real function $f$ of the prompt",
                   r"both completions answer the same prompt $x$"))
    d = Derivation(
        "bradley_terry_shift_invariant",
        "Preferences do not see a prompt-only shift of the reward",
        bradley_terry(r2)(x, yw, yl),
        ctx,
        description=(
            r"Equivalent rewards (DPO Definition 1) induce the same Bradley–Terry distribution "
            r"because $f(x)$ cancels in the difference. So a reward is identified by preference "
            r"data only up to $f(x)$, and implicit rewards must never be compared across prompts."),
    )
    d.claim("=", Sigmoid(r2(x, yw) - r2(x, yl)),
            r"Bradley–Terry is a sigmoid of the reward difference (bradley_terry_sigmoid)",
            rule="bradley_terry_sigmoid")
    d.claim("=", Sigmoid(sp.Add(sp.Add(S.r(x, yw), f(x), evaluate=False),
                                -sp.Add(S.r(x, yl), f(x), evaluate=False), evaluate=False)),
            r"By definition of $r'$", rule="definition_of_shifted_reward")
    d.claim("=", S.BT(x, yw, yl),
            r"$f(x)$ cancels (same prompt), and Bradley–Terry under $r$ read backwards",
            rule="bradley_terry_sigmoid")
    return d
