"""The field's functions written by name, read onto the vocabulary: Schulman's KL estimators
``k_1(w)``, ``k_2(w)``, ``k_3(w)`` of a ratio, the per-pair DPO loss
``\\mathcal{L}_{\\mathrm{DPO}}(x, y_w, y_l)`` (of the policy π_θ), and a reward written
given the prompt, ``r_\\theta(y \\mid x)`` = r(x, y).  Anything else stays unknown.

>>> from derive.notation import parse_math
>>> from derive.checker.translate import Translator
>>> Translator().expr(parse_math(r"k_3(w)")).unfold()
w - log(w) - 1
>>> Translator().expr(parse_math(r"k_1(x)"))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
derive.checker.information_reading.TranslationError: 1:1: k_1(x) of a sample is not read ...
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions import K1, K2, K3, XLogY, real_function
from ..definitions import STANDARD as S
from ..notation import ast as A
from ..notation import to_latex
from .information_reading import _err

__all__ = ["NamedFunctions"]

_ESTIMATORS = {"1": K1, "2": K2, "3": K3}
#: letters with a standard meaning (the KL divergence, H, I, E, σ, π, the reward r, Z, e):
#: accented, they are another object, read only where the document defines it
_STANDARD_MEANING = frozenset({"D", "KL", "H", "I", "E", "sigma", "pi", "r", "Z", "e"})
#: letters a document may name a function of its own with (see derive.notation.extract)
_DOCUMENT_FUNCTIONS = frozenset({"L", "l", "ell", "f", "g", "J"})
#: letters that name a sample or an outcome: ``k_1(x)`` is the estimator *at the sample x*
_SAMPLES = frozenset({"x", "y", "z", "o", "a", "s", "t", "X", "Y"})


class NamedFunctions:
    """Mixin of :class:`~derive.checker.translate.Translator`: functions known by name."""

    def _document_function(self, target: A.Call) -> Any:
        """The function a document introduces (``\\mathcal{L}(\\theta) = ...``), as a fresh
        SymPy function its definition unfolds; ``None`` for a name that is not such a function.
        """
        f = target.func
        # an accented name (\\hat{r}(x, y) := ...), or a standard letter in another font
        # (\\mathcal{Z}(x) := ...), is a function of the document's own, whatever its letter:
        # never the plain r, Z, sigma it is written over
        decorated = bool(f.accent) or (bool(f.font) and f.base in _STANDARD_MEANING)
        if (f.base not in _DOCUMENT_FUNCTIONS and not decorated) or f.sup or target.given:
            return None
        if decorated and f.base not in _STANDARD_MEANING \
                and self._is_dist_name(f):  # type: ignore[attr-defined]
            return None  # \\tilde{P}(x) := ...: a distribution of its own (see _family_of)
        key = (f.base, f.sub, f.font, f.accent, len(target.args))
        functions = self.__dict__.setdefault("document_functions", {})
        if key not in functions:
            tex = to_latex(A.Name(f.base, f.sub, accent=f.accent, font=f.font))

            def _latex(self: Any, printer: Any, exp: Any = None) -> str:
                inner = ", ".join(printer._print(a) for a in self.args)
                return f"{tex}\\left({inner}\\right)"

            label = "".join(x for x in (f.base, f.accent, f.sub) if x)
            functions[key] = type(f"{label}_doc{len(functions)}", (sp.Function,),
                                  {"is_real": True, "_latex": _latex})
        return functions[key]

    def _named_function(self, f: A.Name, args: tuple, given: tuple, n: A.Call) -> Any:
        """The meaning of ``f(args | given)`` if ``f`` is one of the field's named functions
        or a function the document defined, else ``None``."""
        functions = self.__dict__.get("document_functions", {})
        mine = functions.get((f.base, f.sub, f.font, f.accent, len(args)))
        if mine is not None and not given and not f.sup:
            return mine(*args)
        plain = not (f.sup or f.accent)
        if f.base == "xlogy" and plain and len(args) == 2 and not given:
            return XLogY(*args)  # torch/scipy xlogy: 0 where the first argument is 0
        if f.base == "k" and f.sub in _ESTIMATORS and plain and not f.font \
                and len(args) == 1 and not given:
            arg = n.args[0]
            if isinstance(arg, A.Name) and arg.base in _SAMPLES:
                raise _err(n, f"k_{f.sub}({arg.base}) of a sample is not read (the ratio it "
                              f"stands for is not written); write k_{f.sub}(w) of a ratio w, "
                              "or the estimator's formula")
            return _ESTIMATORS[f.sub](args[0])
        if f.base == "L" and f.sub == "DPO" and plain and f.font in (None, "mathcal") \
                and len(args) == 3 and not given and all(isinstance(a, sp.Symbol) for a in args):
            return S.L_DPO(*args)
        if f.base in ("f", "g", "h") and not (f.sup or f.accent or f.font or given) and args \
                and all(isinstance(a, sp.Symbol) and a.name[:1] in "xy" for a in args):
            # an unspecified function of the outcomes: any real function (a step refuted for
            # some f is not refuted: the prose may state what f is, see check.judge)
            fam = real_function(f"{f.base}{f.sub or ''}", tuple(self._domain_for(a) for a in args),
                                tex=to_latex(A.Name(f.base, f.sub)))
            self.__dict__.setdefault("arbitrary_functions", set()).add(fam)
            return fam(*args)
        if f.base in ("P", "p") and f.sub and not (f.sup or f.accent or f.font or given):
            # P_{XY}(x, y), p_{X,Y}(x, y): the joint; P_X(x), P_Y(y): its marginals -- the
            # subscript names the random variables, in the order of the outcomes
            letters = f.sub.replace(",", "").replace(" ", "")
            wanted = tuple(sp.Symbol(ch.lower()) for ch in letters)
            if letters in ("XY", "X", "Y") and args == wanted:
                return self._joint_reading(A.Name("p"), args, (), n)
        if f.base == "r" and len(args) == 1 and len(given) == 1:
            self._one_reward(f, n)  # r_\theta(y | x): the reward of response y to prompt x
            return S.r(given[0], args[0])
        return None
