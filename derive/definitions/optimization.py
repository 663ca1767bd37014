"""Optimization problems: ``arg min_v F`` and ``arg max_v F`` over a policy or a parameter.

The variable is given as an application (``π(y|x)``: optimize over the policy π) or a symbol
(``θ``). These are not definitions: the kernel reasons about them as *optimizer equivalence*.

>>> from derive.definitions import STANDARD as S, KL
>>> from derive.latex import latex
>>> kl = KL(S.pi(S.y, S.x), S.pi_ref(S.y, S.x), (S.y, S.Y))
>>> print(latex(ArgMin(kl, S.pi(S.y, S.x)))[:30])
\\arg\\min_{\\pi} D_{\\mathrm{KL}}
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["ArgOpt", "ArgMin", "ArgMax"]


class ArgOpt(sp.Expr):
    """Base: args ``(objective, variable)``; ``kind`` is ``"min"`` or ``"max"``."""

    kind = ""
    is_commutative = True

    def __new__(cls, objective: sp.Expr, variable: sp.Expr) -> ArgOpt:
        return super().__new__(cls, sp.sympify(objective), variable)

    @property
    def objective(self) -> sp.Expr:
        return self.args[0]

    @property
    def variable(self) -> sp.Expr:
        return self.args[1]

    @property
    def family(self) -> type | sp.Symbol:
        """What is optimized: a function class (a policy) or a symbol."""
        v = self.variable
        return v if isinstance(v, sp.Symbol) else type(v)

    def _latex(self, printer: Any) -> str:
        v = self.variable
        name = v.tex if hasattr(v, "tex") and not isinstance(v, sp.Symbol) else printer._print(v)
        return r"\arg\%s_{%s} %s" % (self.kind, name, printer._print(self.objective))


class ArgMin(ArgOpt):
    """``arg min_v F``."""

    kind = "min"


class ArgMax(ArgOpt):
    """``arg max_v F``."""

    kind = "max"
