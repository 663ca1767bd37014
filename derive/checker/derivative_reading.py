"""Reading a derivative (``\\frac{d}{dz} f``, ``\\frac{\\partial f}{\\partial\\theta}``,
``\\nabla_\\theta f``) as ``sympy.Derivative``, only where its meaning cannot be mistaken.

A derivative is read when its operand, with the document's definitions substituted, is made of
the variable, other symbols, numbers and the elementary vocabulary (``log``, ``exp``, powers,
σ, softplus written as ``\\log(1+e^z)``, the k1/k2/k3 estimators, ``min``/``max``/``clip``,
``|·|``). It is refused (the step is ``unsupported``, never guessed) when

* the operand contains a distribution, a reward, a partition function, a sum over a support,
  an expectation or an information quantity: in this vocabulary ``π_θ(y|x)`` is one number
  whose dependence on θ is not written, so ``∇_θ π_θ(y|x)`` would silently be 0;
* the variable does not occur in the operand as written: ``∇_θ`` of an expression in
  ``θ_1, θ_2`` (the components) would again be 0;
* the variable is not a plain name (``\\frac{d}{d\\log z}``).

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> Translator().expr(parse_math(r"\\frac{d}{dt}\\log(1+e^t)"))
Derivative(log(exp(t) + 1), t)
>>> Translator().expr(parse_math(r"\\nabla_\\theta \\log\\pi_\\theta(y|x)"))
Traceback (most recent call last):
...
derive.checker.information_reading.TranslationError: 1:1: unsupported: \
differentiating a distribution, reward or expectation (π_θ(y|x) does not show how it depends \
on theta); write it through its logits or log-probabilities
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions import K1, K2, K3, Clip, Sigmoid
from ..notation import ast as A
from .information_reading import _err

__all__ = ["DerivativeReading", "differentiable"]

#: SymPy heads a derivative's operand may be made of
_ELEMENTARY: tuple[type, ...] = (sp.Add, sp.Mul, sp.Pow, sp.log, sp.exp, sp.Abs, sp.sign,
                                 sp.Min, sp.Max, sp.tanh, sp.sin, sp.cos, sp.tan, Sigmoid,
                                 K1, K2, K3, Clip)


def differentiable(expr: sp.Expr) -> sp.Basic | None:
    """The first sub-expression of ``expr`` outside the elementary vocabulary, or None.

    >>> from derive.definitions import STANDARD as S
    >>> differentiable(sp.log(1 + sp.exp(S.z))) is None
    True
    >>> differentiable(S.z * S.r(S.x, S.y))
    r(x, y)
    """
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Symbol, sp.Number, sp.NumberSymbol)):
            continue
        if not isinstance(node, _ELEMENTARY):
            return node
    return None


class DerivativeReading:
    """The ``_Derivative`` case of :class:`~derive.checker.translate.Translator`."""

    context: Any

    def expr(self, node: A.Node) -> sp.Expr:  # provided by the translator
        raise NotImplementedError

    def _Derivative(self, n: A.Derivative) -> sp.Expr:  # noqa: N802 - dispatch by node name
        var = self.expr(n.var)
        if not isinstance(var, sp.Symbol):
            raise _err(n, "unsupported: a derivative with respect to an expression; write it "
                          "with respect to one variable")
        operand = self.context.expand(self.expr(n.operand))
        bad = differentiable(operand)
        if bad is not None:
            raise _err(n, "unsupported: differentiating a distribution, reward or expectation "
                          f"({_shown(bad)} does not show how it depends on {var}); write it "
                          "through its logits or log-probabilities")
        if var not in operand.free_symbols:
            raise _err(n, f"unsupported: the operand does not contain {var} as written (a "
                          "vector's components θ_1, θ_2 are separate names); differentiate "
                          "with respect to a name it contains")
        return sp.Derivative(operand, var)


def _shown(e: sp.Basic) -> str:
    """A short plain rendering of ``e`` for a message (π_θ(y|x) rather than SymPy's repr)."""
    text = str(e)
    for old, new in (("pi_theta", "π_θ"), ("pi_ref", "π_ref"), ("pi", "π"), (", x)", "|x)")):
        text = text.replace(old, new)
    return text if len(text) <= 40 else text[:37] + "..."
