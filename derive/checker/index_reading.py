"""Reading indexed sums: ``\\sum_{i=1}^{G}``, ``\\sum_i``, ``\\sum_{j \\neq i}``, ``r_i``, ``p_i``.

A sum with limits ``i=1`` to a letter ``G`` ranges over the index range ``{1, …, G}``
(:func:`~derive.definitions.groups.index_range`), whatever ``G`` is (1 included); the letter
``G`` elsewhere in the document is that range's size, and ``i`` names its elements (free ``i``
is any element). ``r_i``, ``A_i`` or ``J_{i,t}`` subscripted by index letters are indexed
reals (the field's rewards, advantages, objectives: any values); ``p_i``, ``q_i`` (and ``P_i``,
``Q_i``) are a distribution on the range (positive, summing to 1), so
``-\\sum_{i=1}^{n} p_i \\log p_i`` is an entropy. Other letters (``a_i``, ``y_j``) may be
constrained in prose (non-negative, one-hot) and are refused, as is any indexed letter a
hypothesis of the document describes.

A sum **without limits** over an index letter (``\\sum_i``, ``\\sum_{i}``, ``\\sum_j``,
``\\sum_k``, ``\\sum_n``), as notes write ``H(p) = -\\sum_i p_i \\log p_i``, is read on the
same machinery, from what the whole document writes (:meth:`IndexReading.note_bare_sums`,
before any step is read):

* over ``p_i`` (``q_i``, ``P_i``, ``Q_i``; also ``\\mathbb{E}_{i \\sim p}[…]`` of ``p_i`` or
  ``r_i``), the range of the document's sums with limits over ``p_i`` if there is one; else
  the range of its one size letter (``G``, ``n``, ``N``, written plainly or as a limit); else
  :data:`UNSIZED`, a range of any size, 1 included. Every such sum of a document ranges over
  that one range: ``p`` is one distribution. Two sized ranges over ``p_i``, or two size letters,
  are refused (which one?);
* over reals only (``\\sum_i r_i``), the range of the document's one size letter; without one
  it is refused at the sum's position (the size is never guessed);
* ``n`` as an index (``\\sum_n p_n``) is refused where the document also uses ``n`` as a size.

``H(p)``, ``H(p, q)``, ``D(p\\|q)``, ``D_{KL}(p\\|q)``, ``\\mathbb{E}_{i \\sim p}`` with a plain
``p`` or ``q`` in a document that sums ``p_i`` or ``q_i`` (``P``, ``Q`` beside ``P_i``, ``Q_i``)
are of those same distributions on that same range (:meth:`IndexReading.indexed_distribution`),
never another distribution on the support X, which would refute ``-\\sum_i p_i\\log p_i = H(p)``.
What would read one distribution as two is refused instead: a plain ``p`` where the document
also writes ``p(x)`` (or the pmf of ``P``); ``P`` where it sums only ``p_i``; a bare sum over
``p_i`` where it applies ``p(x)`` or ``P(x)``; ``p_i`` in a step with ``H(X)`` of the joint;
``x \\sim p`` unless ``x`` is an index of ``p``'s range in the step.

What is not read is refused at its position: other lower limits, limits that are not one
letter (``|o_i|``), accented indexed names (``\\hat{A}_i`` must be defined), subscripts that
compute (``r_{i+1}``), and bare sums over other letters (see
``document_conventions._not_indexed``).

>>> from derive.checker.translate import Translator
>>> from derive.notation import parse_math
>>> tr = Translator()
>>> node = parse_math(r"\\frac{1}{G}\\sum_{i=1}^{G} r_i")
>>> tr.note_index_ranges(node)
>>> tr.expr(node)
Sum[i in G](r_idx(i))/SupportSize(G)
>>> Translator().expr(parse_math(r"-\\sum_i p_i \\log p_i"))
-Sum[i in I_bare](log(p_idx(i))*p_idx(i))
>>> Translator().expr(parse_math(r"\\frac{1}{N}\\sum_i r_i"))
Sum[i in N](r_idx(i))/SupportSize(N)
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import sympy as sp

from ..definitions import Probability, SupportSize, distribution
from ..definitions.groups import IndexRange, SumExcept, index_range, indexed
from ..notation import ast as A
from .information_reading import _err

__all__ = ["IndexReading"]

_DISTRIBUTION_LETTERS = ("p", "q", "P", "Q")
#: letters a sum without limits (``\\sum_i``) may run over as an index
_BARE_INDEX_LETTERS = ("i", "j", "k", "n")
#: letters that, written plainly in a document with bare indexed sums, are their range's size
_SIZE_LETTERS = ("G", "n", "N")
#: indexed letters read as any reals: the field's rewards, advantages and objectives (a letter
#: such as a_i, y_j may carry a constraint in prose, non-negative, one-hot..., never guessed)
_REAL_LETTERS = ("r", "A", "J")


def _plain_letter(n: Any) -> bool:
    return (isinstance(n, A.Name) and len(n.base) == 1 and n.base.isalpha()
            and not (n.sub or n.sup or n.accent or n.font))


def _limits_one_to_letter(b: A.Binding) -> bool:
    """``i=1`` to a letter ``G``: the limits an index range is read from."""
    return (b.lower is not None and _plain_letter(b.var) and _plain_letter(b.upper)
            and isinstance(b.lower, A.Number) and b.lower.text == "1")


def _sub_tokens(sub: str) -> list[str]:
    return [t for t in re.split(r"\s*,\s*", sub.strip("{} ")) if t]


class UnsizedRange(IndexRange):
    """The index set ``{1, …, n}`` of a sum written without limits (``\\sum_i p_i``), whose
    size the document never names: any size, 1 included. One per reading (a module constant),
    so every bare sum of a document, and both sides read apart, range over the same set."""

    size_tex = None  # type: ignore[assignment]  # printed \sum_{i}, never with limits

    def _latex(self, printer: Any = None) -> str:
        return r"\mathcal{I}"


UNSIZED = UnsizedRange("I_bare")


def _indexed_letters(body: A.Node, var: str) -> set[str]:
    """The bases written with exactly the subscript ``var`` in ``body`` (``p`` of ``p_i``)."""
    return {m.base for m in body.walk() if isinstance(m, A.Name) and m.sub is not None
            and _sub_tokens(m.sub) == [var] and not (m.sup or m.accent or m.font)}


def bare_index_kind(b: A.Binding, body: A.Node) -> str | None:
    """``"dist"`` for a sum without limits over an index whose body has ``p_i``/``q_i``
    (``P_i``, ``Q_i``), ``"real"`` for one with only ``r_i``/``A_i``/``J_i``; else ``None``."""
    if not (_plain_letter(b.var) and b.var.base in _BARE_INDEX_LETTERS) or any(
            x is not None for x in (b.domain, b.dist, b.lower, b.upper, b.excluded)):
        return None
    letters = _indexed_letters(body, b.var.base)
    if letters & set(_DISTRIBUTION_LETTERS):
        return "dist"
    if letters & set(_REAL_LETTERS):
        return "real"
    return None


def _own_bare_sum(m: A.Node) -> list[tuple[A.Binding, str, set[str]]]:
    """``[(binding, kind, distribution letters)]`` when ``m`` itself is a bare indexed sum
    (its one binding), or an expectation ``\\mathbb{E}_{i \\sim p}[…]`` over an index of
    its body (``p_i``, ``r_i``): ``p`` is then a distribution on the index range."""
    if isinstance(m, A.Sum) and len(m.bindings) == 1:
        b = m.bindings[0]
        kind = bare_index_kind(b, m.body)
        if kind is not None:
            return [(b, kind, _indexed_letters(m.body, b.var.base) & set(_DISTRIBUTION_LETTERS))]
    if isinstance(m, A.Expectation) and len(m.bindings) == 1:
        b = m.bindings[0]
        if (_plain_letter(b.var) and b.var.base in _BARE_INDEX_LETTERS and _plain_letter(b.dist)
                and b.dist.base in _DISTRIBUTION_LETTERS and b.domain is None and
                _indexed_letters(m.body, b.var.base) & set(_DISTRIBUTION_LETTERS + _REAL_LETTERS)):
            dists = _indexed_letters(m.body, b.var.base) & set(_DISTRIBUTION_LETTERS)
            return [(b, "dist", dists | {b.dist.base})]
    return []


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
            #: what the whole document says of its sums without limits (see note_bare_sums)
            self._bare_doc: dict[str, set[str]] = {k: set() for k in (
                "limit_sizes", "dist_sizes", "plain_sizes", "bare", "dists", "called",
                "bare_vars")}
            #: the range of a bare sum of each kind, or why it cannot be read
            self._bare_range: dict[str, IndexRange | str] = {}
            #: the range of the document's indexed distributions (H(p) beside p_i), or why not
            self._dist_range: IndexRange | str | None = None
        return self._index_sizes, self._index_letters

    def note_bare_sums(self, *nodes: A.Node | None) -> None:
        """Remember what decides the ranges of the document's sums without limits, and fix
        them: the sizes of its sums with limits (and of those over ``p_i``), the plain size
        letters it writes (G, n, N), the distribution letters it indexes. Called on the whole
        document before any step is read (``for_document``), and again on each step."""
        sizes, _ = self._ranges()
        doc = self._bare_doc
        bound: set[int] = set()  # bare sums' index letters and applied functions: no sizes
        for node in nodes:
            for m in node.walk() if node is not None else ():
                if isinstance(m, A.Sum):
                    for b in m.bindings:
                        if _limits_one_to_letter(b):
                            doc["limit_sizes"].add(b.upper.base)
                            dists = _indexed_letters(m.body, b.var.base) & set(
                                _DISTRIBUTION_LETTERS)
                            if dists:
                                doc["dist_sizes"].add(b.upper.base)
                                doc["dists"] |= dists
                for b, kind, dists in _own_bare_sum(m):
                    doc["bare"].add(kind)
                    doc["dists"] |= dists
                    doc["bare_vars"].add(b.var.base)
                    bound.add(id(b.var))
                if _plain_letter(m) and m.base in _SIZE_LETTERS and id(m) not in bound:
                    doc["plain_sizes"].add(m.base)
                elif isinstance(m, A.Call) and isinstance(m.func, A.Name):
                    bound.add(id(m.func))  # N(x) is a function, not a size
                    if m.func.base in _DISTRIBUTION_LETTERS:
                        doc["called"].add(m.func.base)
        self._resolve_bare_ranges(sizes)

    def _resolve_bare_ranges(self, sizes: dict[str, IndexRange]) -> None:
        """The range of each kind of bare sum, and of the indexed distributions (module doc)."""
        doc = self._bare_doc
        dist_sizes, named = sorted(doc["dist_sizes"]), sorted(doc["limit_sizes"]
                                                             | doc["plain_sizes"])

        def sized(size: str) -> IndexRange:
            return sizes.setdefault(size, index_range(size, size, "i"))

        def one_of(cands: list[str], what: str) -> IndexRange | str:
            if len(cands) == 1:
                return sized(cands[0])
            return (f"unsupported: {what} has no limits, and this document names "
                    f"{' and '.join(cands)}: write the limits (\\sum_{{i=1}}^{{{cands[0]}}})")

        self._bare_range = {}
        both = sorted(doc["bare_vars"] & (doc["limit_sizes"] | doc["plain_sizes"]))
        if both:  # \sum_n p_n beside \log n: an index or a size?
            why = (f"unsupported: {both[0]} is the index of a sum without limits and also a "
                   "size in this document (an index or a number?)")
            self._bare_range = dict.fromkeys(doc["bare"] | {"dist"}, why)
        elif len(dist_sizes) > 1:
            self._bare_range["dist"] = (
                f"unsupported: this document sums p_i over ranges of sizes "
                f"{' and '.join(dist_sizes)}; a sum without limits cannot tell which")
        elif "dist" in doc["bare"]:
            self._bare_range["dist"] = (sized(dist_sizes[0]) if dist_sizes else
                                        one_of(named, "a sum over p_i") if named else UNSIZED)
        if "real" in doc["bare"] and not both:
            self._bare_range["real"] = one_of(dist_sizes or named, "a sum over r_i") if (
                dist_sizes or named) else (
                "unsupported: a sum over r_i without limits, in a document that names no size "
                "for its range (G, n, N): write \\sum_{i=1}^{G}")
        self._dist_range = None
        if doc["dists"]:
            self._dist_range = self._bare_range.get("dist") or (
                sized(dist_sizes[0]) if len(dist_sizes) == 1 else None)

    def bare_index_binding(self, b: A.Binding, kind: str,
                           body: A.Node) -> tuple[sp.Symbol, IndexRange]:
        """The variable and range of a sum without limits over an index (``\\sum_i p_i``)."""
        _, letters = self._ranges()
        rng = self._bare_range.get(kind)
        if not isinstance(rng, IndexRange):
            raise _err(b, rng or f"unsupported: the range of the sum over {b.var.base} is not "
                                 "known")
        if letters.get(b.var.base) != rng or b.var.base in self._conflicted:
            raise _err(b, f"the index {b.var.base} runs over two different ranges in this "
                          "step, which is not read")
        for letter in sorted(_indexed_letters(body, b.var.base) & set(_DISTRIBUTION_LETTERS)):
            applied = self._applied_as_function(letter)
            if applied:  # p_i beside p(x): one distribution on two supports, never two
                raise _err(b, f"unsupported: this document also writes {applied}(x), so "
                              f"{letter}_i under a sum without limits is not read (it would be "
                              f"another distribution than {applied}(x)); write "
                              f"\\sum_x {applied}(x)")
        return sp.Symbol(b.var.base), rng

    def check_index_variable(self, b: A.Binding, v: sp.Symbol, rng: IndexRange) -> None:
        """``i \\sim p`` with ``p`` on an index range: ``i`` must be an index of that range in
        this step (``\\mathbb{E}_{i \\sim p}[\\log p_i]``), never a letter the body reads
        otherwise (``y \\sim q`` beside ``q_y``, ``x \\sim p`` beside ``f(x)``)."""
        _, letters = self._ranges()
        if letters.get(v.name) != rng or v.name in self._conflicted:
            raise _err(b, f"unsupported: {v.name} is drawn from a distribution of indexed "
                          f"values (p_i) here, but {v.name} is not an index of its range in "
                          "this step (write i \\sim p)")

    def _applied_as_function(self, letter: str) -> str | None:
        """``p`` or ``P`` where the document applies it as a distribution (``p(x)``, a joint
        ``p(x, y)``): then ``p_i`` cannot be told apart from it."""
        for name in (letter.lower(), letter.upper()):
            if name in self._bare_doc["called"] or name in self.joint_letters:
                return name
        return None

    def indexed_distribution(self, n: A.Node) -> type[Probability] | None:
        """``p`` in ``H(p)``, ``D(p\\|q)`` where the document sums ``p_i`` (``P`` where it sums
        ``P_i``): the same distribution on the same range; ``None`` where it indexes none.
        ``P`` where the document sums only ``p_i`` (or ``p`` beside only ``P_i``) is refused:
        whether ``P`` is the distribution of the ``p_i`` is not said."""
        self._ranges()
        if not (_plain_letter(n) and n.base in _DISTRIBUTION_LETTERS):
            return None
        dists, letter = self._bare_doc["dists"], n.base
        if not any(d.islower() == letter.islower() for d in dists):
            if dists:
                raise _err(n, f"unsupported: this document sums {sorted(dists)[0]}_i; whether "
                              f"{letter} is the distribution of those is not said, so {letter} "
                              "is not read")
            return None
        rng = self._dist_range
        if not isinstance(rng, IndexRange):
            raise _err(n, (rng or "unsupported: p_i is not summed over one range here") +
                       f" (so {letter} here is not read as the distribution of {letter}_i)")
        applied = self._applied_as_function(letter) or (
            letter.lower() if letter.islower() and letter.upper() in self.pmf_of else None)
        if applied:
            raise _err(n, f"unsupported: {letter} is both the indexed {letter}_i and a "
                          f"distribution {applied}(x) (or the pmf of {letter.upper()}) in this "
                          f"document, so {letter} alone is not read")
        return distribution(f"{letter}_idx", rng, tex=letter)

    def note_index_ranges(self, *nodes: A.Node | None) -> None:
        """Remember the ranges of the sums with limits ``i=1``…``G`` in ``nodes`` (before the
        expressions are read, so that ``G`` before its sum is already the range's size).

        Size letters hold for the whole document; an index letter takes the range of this
        step's sums (a letter bound to two ranges in one step is refused), else keeps the last.
        """
        sizes, letters = self._ranges()
        self.note_bare_sums(*nodes)
        step: dict[str, IndexRange | None] = {}
        for node in nodes:
            if node is None:
                continue
            for m in node.walk():
                for b in m.bindings if isinstance(m, A.Sum) else ():
                    if _limits_one_to_letter(b):
                        size = b.upper.base
                        rng = sizes.setdefault(size, index_range(size, size, b.var.base))
                        if step.setdefault(b.var.base, rng) != rng:
                            step[b.var.base] = None  # two ranges for one letter: refused
                for b, kind, _ in _own_bare_sum(m):
                    bare = self._bare_range.get(kind)
                    if isinstance(bare, IndexRange) and step.setdefault(b.var.base,
                                                                        bare) != bare:
                        step[b.var.base] = None
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
        """``\\sum_{j \\neq i} body`` over the range of ``i`` (``\\sum_{j=1, j \\neq i}^{G}``:
        over 1..G, which must be the range of ``i`` too)."""
        _, letters = self._ranges()
        if not (_plain_letter(b.var) and _plain_letter(b.excluded)):
            raise _err(b, "a sum \\sum_{j \\neq i} needs two plain index letters")
        if b.lower is not None or b.upper is not None:
            _, limited, _ = self._index_binding(dataclasses.replace(b, excluded=None))
            if letters.setdefault(b.excluded.base, limited) != limited:
                raise _err(b, f"the index {b.excluded.base} runs over another range than "
                              f"{b.var.base}")
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
            fam = distribution(f"{n.base}_idx", ranges[0], tex=n.base)
            self._note_distribution(fam, n)  # never beside H(X) of the joint (information_reading)
            return fam(*args)
        return indexed(f"{n.base}_idx", ranges, tex=n.base)(*args)
