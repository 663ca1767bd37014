"""Reading averages over a dataset of records: ``\\mathbb{E}_{(x,y_w,y_l)\\sim\\mathcal{D}}[…]``.

A dataset is a distribution over its records (an empirical dataset of N records has masses k/N,
see :mod:`derive.definitions.datasets`), so a binding of a *tuple* of names to a dataset is an
expectation over the joint distribution of the record's components: the prompt ``x`` on 𝒳 and
each completion (``y``, ``y_w``, ``y_l``) on 𝒴. Only plain, distinct names are read, and only
for a dataset written as a single capital letter (``D``, ``\\mathcal{D}``); anything else is
refused, never guessed.

>>> from derive.checker import check_text
>>> rep = check_text(r"$$\\mathbb{E}_{(x,y_w,y_l)\\sim\\mathcal{D}}[r(x,y_w) - r(x,y_l)]"
...                  r" = \\mathbb{E}_{(x,y_w,y_l)\\sim\\mathcal{D}}[r(x,y_w)]"
...                  r" - \\mathbb{E}_{(x,y_w,y_l)\\sim\\mathcal{D}}[r(x,y_l)]$$", "md")
>>> [s.verdict for s in rep.steps]
['proved']
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..definitions import STANDARD as S
from ..definitions import Domain, distribution
from ..notation import ast as A
from .information_reading import _err

__all__ = ["DatasetReading"]


class DatasetReading:
    """Mixin of the translator: a record ``(x, y_w, y_l)`` drawn from a dataset."""

    expr: Any

    def record_binding(self, b: A.Binding) -> tuple[sp.Expr, tuple[tuple[sp.Symbol, Domain], ...]]:
        """``(D(x, y_w, y_l), ((x, 𝒳), (y_w, 𝒴), (y_l, 𝒴)))`` for ``(x,y_w,y_l) \\sim D``."""
        assert isinstance(b.var, A.Tuple)
        if b.dist is None or b.domain is not None or b.lower is not None or b.upper is not None:
            raise _err(b, "a record (x, y_w, y_l) is read only as drawn from a dataset (\\sim D)")
        data = b.dist
        if not (isinstance(data, A.Name) and len(data.base) == 1 and data.base.isupper()
                and data.font in (None, "mathcal") and not (data.sub or data.sup or data.accent)):
            raise _err(b, "a record is read only as drawn from a dataset named by one letter "
                          "(\\mathcal{D})")
        names = [self.expr(item) for item in b.var.items]
        if len(names) < 2 or not all(isinstance(v, sp.Symbol) for v in names) or \
                len(set(names)) != len(names):
            raise _err(b, "a record's components must be distinct plain names, (x, y_w, y_l)")
        domains = tuple(S.X if v.name.startswith("x") else S.Y for v in names)
        if domains[0] is not S.X or S.X in domains[1:]:
            raise _err(b, "a record is read as (prompt, completions…): (x, y_w, y_l)")
        tex = r"\mathcal{%s}" % data.base if data.font == "mathcal" else data.base
        family = distribution(f"{'mathcal' if data.font else ''}{data.base}", domains, tex=tex)
        return family(*names), tuple(zip(names, domains, strict=True))
