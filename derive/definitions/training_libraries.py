"""The training libraries' conventions: PyTorch's ``kl_div`` loss, written as torch computes it.

``torch.nn.functional.kl_div(input, target, reduction, log_target)`` is, elementwise
(ATen ``kl_div``, quoted in seed 003)::

    log_target=False:  xlogy(target, target) - target * input
    log_target=True:   exp(target) * (target - input)

and then reduced: ``'sum'`` adds every element, ``'mean'`` divides that sum by the *number of
elements*, ``'batchmean'`` divides it by the *size of the first dimension* (the batch). The
argument order is the pitfall: ``input`` holds the LOG-probabilities of the SECOND argument of
the KL divergence, ``target`` the probabilities of the first, so ``kl_div(log Q, P)`` is
D_KL(P ‖ Q) (REFERENCE §8.10).

Here the tensor's dimensions are bound variables over finite supports: ``TorchKLDiv(input,
target, log_target, reduction, (v_1, D_1), ...)`` with ``(v_1, D_1)`` the batch dimension, so a
batch of rows ``P(y|x)`` over prompts is ``TorchKLDiv(log Q(y|x), P(y|x), False, "batchmean",
(x, X), (y, Y))``. A one-dimensional input has no separate batch: its first (only) dimension is
the support, and ``'batchmean'`` then divides by the number of outcomes, as torch does.

>>> from derive.definitions.support import Domain, distribution
>>> from derive.definitions import unfold_all
>>> from derive.latex import latex
>>> import sympy as sp
>>> X = Domain("X"); P = distribution("P", X); Q = distribution("Q", X); x = sp.Symbol("x")
>>> d = TorchKLDiv(sp.log(Q(x)), P(x), False, "sum", (x, X))
>>> latex(d)
'\\\\operatorname{kl\\\\_div}_{x}\\\\left(\\\\log Q(x),\\\\, P(x);\\\\ \\\\mathrm{sum}\\\\right)'
>>> latex(unfold_all(d))
'\\\\sum_{x} \\\\left(P(x) \\\\log P(x) - P(x) \\\\log Q(x)\\\\right)'
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.core.symbol import Str

from .information import Definition, _instantiate
from .support import Binder, SupportSize, SupportSum

__all__ = ["TorchKLDiv", "REDUCTIONS"]

#: the scalar reductions of ``torch.nn.functional.kl_div`` ('none' is a tensor, not a value)
REDUCTIONS = ("sum", "mean", "batchmean")


class TorchKLDiv(Binder, Definition):
    """``F.kl_div(input, target, reduction, log_target)``: elementwise
    ``target·(log target − input)`` (``xlogy(target, target) − target·input``), or
    ``exp(target)·(target − input)`` when ``log_target``, summed over every bound dimension and
    divided by the number of elements (``'mean'``) or by the size of the first dimension
    (``'batchmean'``). It equals D_KL(target ‖ exp(input)): the input is the log-probability of
    the SECOND distribution.

    >>> from derive.definitions import STANDARD as S
    >>> TorchKLDiv(sp.log(S.Q(S.x)), S.P(S.x), False, "none", (S.x, S.X))
    Traceback (most recent call last):
    ...
    ValueError: kl_div reduction must be one of sum, mean, batchmean, not 'none'
    """

    n_payload = 4
    defines = "torch's kl_div"

    def __new__(cls, input: Any, target: Any, log_target: Any, reduction: Any,
                *bindings: Any) -> TorchKLDiv:
        name = str(reduction.name if isinstance(reduction, Str) else reduction)
        if name not in REDUCTIONS:
            raise ValueError(f"kl_div reduction must be one of {', '.join(REDUCTIONS)}, "
                             f"not {name!r}")
        flag = sp.true if log_target in (True, sp.true) else sp.false
        if log_target not in (True, False, sp.true, sp.false):
            raise TypeError(f"log_target must be a boolean, not {log_target!r}")
        return super().__new__(cls, input, target, flag, Str(name), *bindings)

    @property
    def input(self) -> sp.Expr:
        return self.args[0]

    @property
    def target(self) -> sp.Expr:
        return self.args[1]

    @property
    def log_target(self) -> bool:
        return self.args[2] is sp.true

    @property
    def reduction(self) -> str:
        return self.args[3].name

    def elementwise(self) -> tuple[sp.Expr, tuple]:
        """The per-element loss at fresh names for the bound dimensions, and those bindings."""
        m, b = _instantiate(self, self.free_symbols)
        inp, tgt = self.input.xreplace(m), self.target.xreplace(m)
        if self.log_target:
            return sp.exp(tgt) * (tgt - inp), b
        return tgt * sp.log(tgt) - tgt * inp, b

    def unfold(self) -> sp.Expr:
        element, b = self.elementwise()
        total = SupportSum(element, *b)
        if self.reduction == "sum":
            return total
        if self.reduction == "batchmean":
            return total / SupportSize(b[0][1])
        return total / sp.Mul(*(SupportSize(dom) for _, dom in b))

    def _eval_is_real(self) -> bool | None:
        # real when every element is: a real input, and a positive target (its log is taken)
        # or any real target under log_target
        target_ok = self.target.is_real if self.log_target else self.target.is_positive
        return True if self.input.is_real and target_ok else None

    def _latex(self, printer: Any) -> str:
        under = ", ".join(printer._print(v) for v in self.variables)
        flag = r",\ \mathrm{log\_target}" if self.log_target else ""
        return r"\operatorname{kl\_div}_{%s}\left(%s,\, %s;\ \mathrm{%s}%s\right)" % (
            under, printer._print(self.input), printer._print(self.target), self.reduction,
            flag)

    def _sympystr(self, printer: Any) -> str:
        under = ", ".join(f"{v} in {d.name}" for v, d in self.bindings)
        return (f"kl_div[{under}]({printer._print(self.input)}, {printer._print(self.target)}, "
                f"reduction={self.reduction!r}, log_target={self.log_target})")
