"""Reading indexed sums: ``\\sum_{i=1}^{G}``, ``\\sum_{j \\neq i}``, ``r_i``, ``p_i``, ``G``.

A sum with limits ``i=1`` to a letter ``G`` ranges over the index range ``{1, …, G}``
(:func:`~derive.definitions.groups.index_range`), whatever ``G`` is (1 included); the letter
``G`` elsewhere in the document is that range's size, and ``i`` names its elements (free ``i``
is any element). ``r_i``, ``A_i`` or ``J_{i,t}`` subscripted by index letters are indexed
reals (the field's rewards, advantages, objectives: any values); ``p_i``, ``q_i`` (and ``P_i``,
``Q_i``) are a distribution on the range (positive, summing to 1), so
``-\\sum_{i=1}^{n} p_i \\log p_i`` is an entropy. Other letters (``a_i``, ``y_j``) may be
constrained in prose (non-negative, one-hot) and are refused, as is any indexed letter a
hypothesis of the document describes. What is not
read is refused at its position: other lower limits, limits that are not one letter (``|o_i|``),
accented indexed names (``\\hat{A}_i`` must be defined), subscripts that compute (``r_{i+1}``),
and ``\\sum_i`` without limits (see ``document_conventions._not_indexed``).

>>> from derive.checker.translate import Translator
>>> from derive.notation import parse_math
>>> tr = Translator()
>>> node = parse_math(r"\\frac{1}{G}\\sum_{i=1}^{G} r_i")
>>> tr.note_index_ranges(node)
>>> tr.expr(node)
Sum[i in G](r_idx(i))/SupportSize(G)
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp

from ..definitions import SupportSize, distribution
from ..definitions.groups import IndexRange, SumExcept, index_range, indexed
from ..notation import ast as A
from .information_reading import _err

__all__ = ["IndexReading"]

_DISTRIBUTION_LETTERS = ("p", "q", "P", "Q")
#: indexed letters read as any reals: the field's rewards, advantages and objectives (a letter
#: such as a_i, y_j may carry a constraint in prose, non-negative, one-hot..., never guessed)
_REAL_LETTERS = ("r", "A", "J")


def _plain_letter(n: Any) -> bool:
    return (isinstance(n, A.Name) and len(n.base) == 1 and n.base.isalpha()
            and not (n.sub or n.sup or n.accent or n.font))


def _sub_tokens(sub: str) -> list[str]:
    return [t for t in re.split(r"\s*,\s*", sub.strip("{} ")) if t]


class IndexReading:
    """Mixin of :class:`~derive.checker.translate.Translator`: index ranges of a document."""

    def _ranges(self) -> tuple[dict[str, IndexRange], dict[str, IndexRange]]:
        if not hasattr(self, "_index_sizes"):
            #: size letter -> its range; index letter -> its range (for the whole document)
            self._index_sizes: dict[str, IndexRange] = {}
            self._index_letters: dict[str, IndexRange] = {}
            #: letters bound to two ranges in this step; bases read with index subscripts
            self._conflicted: set[str] = set()
            self._indexed_bases: set[str] = set()
        return self._index_sizes, self._index_letters

    def note_index_ranges(self, *nodes: A.Node | None) -> None:
        """Remember the ranges of the sums with limits ``i=1``…``G`` in ``nodes`` (before the
        expressions are read, so that ``G`` before its sum is already the range's size).

        Size letters hold for the whole document; an index letter takes the range of this
        step's sums (a letter bound to two ranges in one step is refused), else keeps the last.
        """
        sizes, letters = self._ranges()
        step: dict[str, IndexRange | None] = {}
        for node in nodes:
            if node is None:
                continue
            for m in node.walk():
                if not isinstance(m, A.Sum):
                    continue
                for b in m.bindings:
                    if (b.lower is not None and _plain_letter(b.var) and _plain_letter(b.upper)
                            and isinstance(b.lower, A.Number) and b.lower.text == "1"):
                        size = b.upper.base
                        rng = sizes.setdefault(size, index_range(size, size, b.var.base))
                        if step.setdefault(b.var.base, rng) != rng:
                            step[b.var.base] = None  # two ranges for one letter: refused
        for letter, rng in step.items():
            if rng is None:
                letters.pop(letter, None)
                self._conflicted.add(letter)
            else:
                letters[letter] = rng
                self._conflicted.discard(letter)
        names = [m for node in nodes if node is not None for m in node.walk()
                 if isinstance(m, A.Name) and m.sub]
        # r_i beside r_j (j over G): i is an element of r's range too; j ≠ i: the same range
        family: dict[str, tuple[IndexRange, ...]] = {}
        for m in names:
            tokens = _sub_tokens(m.sub)
            if tokens and all(t in letters for t in tokens):
                family.setdefault(m.base, tuple(letters[t] for t in tokens))
        for m in names:
            tokens, ranges = _sub_tokens(m.sub), family.get(m.base)
            if ranges and len(tokens) == len(ranges):
                for t, rng in zip(tokens, ranges, strict=True):
                    if t.isalpha() and len(t) == 1 and t not in self._conflicted:
                        letters.setdefault(t, rng)
        for node in nodes:
            for m in node.walk() if node is not None else ():
                if isinstance(m, A.Sum) and len(m.bindings) == 1:
                    b = m.bindings[0]
                    if not (_plain_letter(b.var) and _plain_letter(b.excluded)):
                        continue
                    if b.excluded.base in letters:
                        letters.setdefault(b.var.base, letters[b.excluded.base])
                    elif b.var.base in letters:
                        letters.setdefault(b.excluded.base, letters[b.var.base])
        for m in names:
            if any(t in letters for t in _sub_tokens(m.sub)):
                self._indexed_bases.add(m.base)

    def _index_binding(self, b: A.Binding) -> tuple[sp.Symbol, IndexRange, None]:
        """The variable and range of ``i=1``…``G`` (``\\neq`` bindings are read by the sum)."""
        sizes, letters = self._ranges()
        if not _plain_letter(b.var):
            raise _err(b, "an index must be one plain letter (\\sum_{i=1}^{G})")
        if b.upper is None or b.lower is None:
            raise _err(b, "an indexed sum needs both limits, i=1 and ^{G}")
        if not (isinstance(b.lower, A.Number) and b.lower.text == "1"):
            raise _err(b.lower, "unsupported: an indexed sum is read from i=1 only")
        if not _plain_letter(b.upper):
            raise _err(b.upper, "unsupported: an indexed sum's upper limit must be one letter "
                                "(G, n); lengths such as |o_i| are not read yet")
        rng = sizes.get(b.upper.base)
        if rng is None or letters.get(b.var.base) != rng or b.var.base in self._conflicted:
            raise _err(b, f"the index {b.var.base} runs over two different ranges in this "
                          "document, which is not read")
        return sp.Symbol(b.var.base), rng, None

    def _sum_except(self, b: A.Binding, body: sp.Expr) -> sp.Expr:
        """``\\sum_{j \\neq i} body`` over the range of ``i``."""
        _, letters = self._ranges()
        if not (_plain_letter(b.var) and _plain_letter(b.excluded)):
            raise _err(b, "a sum \\sum_{j \\neq i} needs two plain index letters")
        rng = letters.get(b.excluded.base)
        if rng is None:
            raise _err(b, f"the range of {b.excluded.base} is not known here: write "
                          f"\\sum_{{{b.excluded.base}=1}}^{{G}} first")
        if letters.setdefault(b.var.base, rng) != rng:
            raise _err(b, f"the index {b.var.base} runs over two different ranges")
        return SumExcept(body, sp.Symbol(b.excluded.base), (sp.Symbol(b.var.base), rng))

    def _index_name(self, n: A.Name) -> sp.Expr | None:
        """``G`` as a range's size, ``r_i``/``p_i`` as indexed quantities; else ``None``."""
        sizes, letters = self._ranges()
        if not letters and not sizes:
            return None
        if _plain_letter(n) and n.base in sizes:
            return SupportSize(sizes[n.base])
        if not n.sub or n.base in sizes:
            return None
        tokens = _sub_tokens(n.sub)
        if set(re.findall(r"[A-Za-z]+", n.sub)) & set(letters) and \
                not all(t in letters for t in tokens):
            raise _err(n, f"unsupported: the subscript {n.sub} of {n.base} computes an index")
        if n.base in self._indexed_bases and not any(t in letters for t in tokens):
            raise _err(n, f"unsupported: {n.base}_{{{n.sub}}} beside the indexed {n.base}_i (a "
                          "fixed or computed index is not read)")
        if not any(t in letters for t in tokens):
            return None
        if not all(t in letters for t in tokens):
            raise _err(n, f"unsupported: the subscript {n.sub} of {n.base} computes an index")
        if n.accent or n.font or n.sup or n.base not in _REAL_LETTERS + _DISTRIBUTION_LETTERS:
            raise _err(n, f"the indexed quantity {n.base}_{{{n.sub}}} is not defined in this "
                          "document and is not read (its values may be constrained: only r_i, "
                          "A_i, J_i as any reals and p_i, q_i as a distribution are read)")
        line = getattr(self, "hypotheses", {}).get(n.base)
        if line is not None:
            raise _err(n, f"line {line} says what {n.base} is (a hypothesis, not applied here), "
                          f"so {n.base}_{{{n.sub}}} is not read as any values")
        ranges = tuple(letters[t] for t in tokens)
        args = [sp.Symbol(t) for t in tokens]
        if n.base in _DISTRIBUTION_LETTERS:
            if len(ranges) != 1:
                raise _err(n, f"{n.base} with two indices is not read as a distribution")
            return distribution(f"{n.base}_idx", ranges[0], tex=n.base)(*args)
        return indexed(f"{n.base}_idx", ranges, tex=n.base)(*args)
