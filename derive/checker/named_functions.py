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

from ..definitions import K1, K2, K3
from ..definitions import STANDARD as S
from ..notation import ast as A
from .information_reading import _err

__all__ = ["NamedFunctions"]

_ESTIMATORS = {"1": K1, "2": K2, "3": K3}
#: letters that name a sample or an outcome: ``k_1(x)`` is the estimator *at the sample x*
_SAMPLES = frozenset({"x", "y", "z", "o", "a", "s", "t", "X", "Y"})


class NamedFunctions:
    """Mixin of :class:`~derive.checker.translate.Translator`: functions known by name."""

    def _named_function(self, f: A.Name, args: tuple, given: tuple, n: A.Call) -> Any:
        """The meaning of ``f(args | given)`` if ``f`` is one of the field's named functions
        (and the document did not define it), else ``None``."""
        plain = not (f.sup or f.accent)
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
        if f.base == "r" and len(args) == 1 and len(given) == 1:
            self._one_reward(f, n)  # r_\theta(y | x): the reward of response y to prompt x
            return S.r(given[0], args[0])
        return None
