"""LaTeX out: SymPy's printer, taught to write this field's notation.

Our own objects print through their ``_latex`` hooks; this printer subclass only changes how
SymPy's own ``log``, ``exp`` and products look, so formulas read like the papers:
``P(x) \\log \\frac{P(x)}{Q(x)}`` rather than SymPy's default
``\\log{\\left(\\frac{P{\\left(x \\right)}}{…}\\right)} P(x)``.

>>> from derive.definitions import STANDARD as S
>>> import sympy as sp
>>> latex(S.P(S.x) * sp.log(S.P(S.x) / S.Q(S.x)))
'P(x) \\\\log \\\\frac{P(x)}{Q(x)}'
>>> latex(sp.exp(S.r(S.x, S.y) / S.beta))
'e^{r(x, y)/\\\\beta}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .definitions import Binder, Probability, RealFunction
from .definitions.alignment import PartitionFunction

__all__ = ["DerivePrinter", "is_authored", "latex"]

_ATOMIC_LOG_ARGS = (sp.Symbol, Probability, RealFunction, PartitionFunction, sp.Number)


def _is_operator(factor: sp.Basic) -> bool:
    """Factors written last in a product: anything but symbols, numbers and applications
    (so ``P(x) \\log P(x)``, ``P(x) (\\log P(x) - \\log Q(x))``, ``\\beta \\sum_y …``)."""
    base = factor.base if isinstance(factor, sp.Pow) else factor
    return not isinstance(base, (sp.Symbol, sp.Number, Probability, RealFunction,
                                 PartitionFunction)) or isinstance(base, Binder)


class DerivePrinter(LatexPrinter):
    """LaTeX printer for derive: natural ``\\log``, ``\\exp``, operator factors last."""

    printmethod = "_latex"

    def _print_log(self, expr: sp.log, exp: Any = None) -> str:
        arg = expr.args[0]
        if isinstance(arg, _ATOMIC_LOG_ARGS) and not (isinstance(arg, sp.Number) and arg < 0):
            tex = r"\log %s" % self._print(arg)
        elif isinstance(arg, sp.Mul) and sp.fraction(arg, exact=True)[1] != 1 \
                and not arg.could_extract_minus_sign():
            tex = r"\log %s" % self._print(arg)
        else:
            tex = r"\log\left(%s\right)" % self._print(arg)
        if exp is not None:
            return r"\left(%s\right)^{%s}" % (tex, exp)
        return tex

    def _print_exp(self, expr: sp.exp, exp: Any = None) -> str:
        arg = expr.args[0]
        numer, denom = sp.fraction(arg, exact=True) if isinstance(arg, sp.Mul) else (arg, 1)
        if exp is None and denom != 1 and isinstance(denom, sp.Symbol) \
                and isinstance(numer, (sp.Symbol, RealFunction)):
            return "e^{%s/%s}" % (self._print(numer), self._print(denom))
        if isinstance(arg, (sp.Symbol, sp.Number)) or (
                isinstance(arg, sp.Mul) and len(arg.args) == 2 and arg.args[0] == -1
                and isinstance(arg.args[1], sp.Symbol)):
            tex = "e^{%s}" % self._print(arg)
        else:
            tex = r"\exp\left(%s\right)" % self._print(arg)
        if exp is not None:
            return r"\left(%s\right)^{%s}" % (tex, exp)
        return tex

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        """Terms as the author wrote them (an unevaluated ``Add``), else SymPy's order with a
        positive term first: ``\\mathbb{E}[r] - \\beta D``, not ``-\\beta D + \\mathbb{E}[r]``."""
        if is_authored(expr):
            terms = list(expr.args)
        else:
            terms = list(self._as_ordered_terms(expr, order=order))
            first = next((i for i, t in enumerate(terms) if not t.could_extract_minus_sign()),
                         0)
            terms = [terms[first], *terms[:first], *terms[first + 1:]]
        tex = ""
        for i, term in enumerate(terms):
            if i == 0:
                pass
            elif term.could_extract_minus_sign():
                tex += " - "
                term = -term
            else:
                tex += " + "
            term_tex = self._print(term)
            if self._needs_add_brackets(term):
                term_tex = r"\left(%s\right)" % term_tex
            tex += term_tex
        return tex

    def _print_Mul(self, expr: sp.Mul) -> str:
        if is_authored(expr):
            return self._authored_mul(expr)
        numer, denom = sp.fraction(expr, exact=True)
        coeff, factors = expr.as_coeff_mul()
        if denom != 1 or not any(_is_operator(f) for f in factors) or \
                not isinstance(coeff, sp.Integer):
            return super()._print_Mul(expr)
        plain = [f for f in sp.Mul(*factors).as_ordered_factors() if not _is_operator(f)]
        ops = [f for f in sp.Mul(*factors).as_ordered_factors() if _is_operator(f)]
        ordered = plain + ops
        parts = []
        for i, f in enumerate(ordered):
            tex = self._print(f)
            if self._needs_mul_brackets(f, first=(i == 0), last=(i == len(ordered) - 1)):
                tex = r"\left(%s\right)" % tex
            parts.append(tex)
        body = " ".join(parts)
        if coeff == -1:
            return "- " + body
        if coeff == 1:
            return body
        return "%s %s" % (self._print(coeff), body)


    def _authored_mul(self, expr: sp.Mul) -> str:
        """An unevaluated product in the author's factor order; ``b**-1`` factors form the
        denominator of one fraction."""
        num = [f for f in expr.args if not (isinstance(f, sp.Pow) and f.exp == -1)]
        den = [f.base for f in expr.args if isinstance(f, sp.Pow) and f.exp == -1]

        def factor(f: sp.Basic) -> str:
            if isinstance(f, sp.Pow) and f.exp == -1:
                return r"\frac{1}{%s}" % self._print(f.base)
            if isinstance(f, sp.Add):
                return r"\left(%s\right)" % self._print(f)
            return self._print(f)

        def product(factors: list[sp.Basic]) -> str:
            flat = [g for f in factors for g in (f.args if isinstance(f, sp.Mul) else (f,))]
            return " ".join(factor(f) for f in flat) or "1"

        if not den:
            return product(num)
        return r"\frac{%s}{%s}" % (product(num), product(den))

    def _print_Pow(self, expr: sp.Pow) -> str:
        if expr.exp == -1 and is_authored(expr):
            return r"\frac{1}{%s}" % self._print(expr.base)
        return super()._print_Pow(expr)


def is_authored(expr: sp.Basic) -> bool:
    """Whether ``expr`` was built unevaluated (``evaluate=False``), so its argument order is
    the author's: evaluating it again would reorder or combine its arguments.

    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> is_authored(sp.Add(b, a, evaluate=False)), is_authored(b + a)
    (True, False)
    """
    if not isinstance(expr, (sp.Add, sp.Mul, sp.Pow)):
        return False
    try:
        return expr.func(*expr.args) != expr or expr.func(*expr.args).args != expr.args
    except Exception:  # noqa: BLE001 - re-evaluating is only a probe
        return False


def latex(expr: sp.Basic, **settings: Any) -> str:
    """Print ``expr`` in this field's notation."""
    return DerivePrinter(settings).doprint(expr)
