"""Labelled statements: true templates, their near-miss mutants, and a Hypothesis strategy.

A round picks a template (:mod:`referee.templates`), optionally wraps it in a truth-preserving
transformation (``k·A + t  rel  k·B + t`` with ``k > 0``), and adds near misses: the template's
own mutants plus generic ones (relation flipped or made strict, a term dropped, a coefficient
changed, ``P↔Q`` / ``π↔π_ref`` / ``y_w↔y_l`` / ``y↔y'`` swapped on one side, the right side
shifted by 10^-6 … 10^-30 or scaled by ``1 + 10^-15``).

Labels: a template is ``true`` by construction and the referee must find no counterexample
(otherwise it is ``broken`` — a bug in the referee or the catalogue, reported, never compared);
a mutant is ``false`` when the referee exhibits a witness (or when it is false for a reason
known beforehand, ``known_false``), otherwise ``unknown`` and excluded from the counts.

>>> items = generate(3, seed=1)
>>> sorted({it.label for it in items}) <= ["false", "true", "unknown"]
True
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .nodes import (
    Add,
    Beta,
    Const,
    Dist,
    Node,
    Stmt,
    Var,
    add,
    c,
    mul,
    show,
    sub,
)
from .referee import DEFAULT_CAP, judge
from .templates import TEMPLATES, real

__all__ = ["Labelled", "generate", "iterate", "mutants", "labelled_statements", "rename"]


@dataclass(frozen=True)
class Labelled:
    stmt: Stmt
    label: str  # "true" | "false" | "unknown" | "broken"
    origin: str
    witness: Any = None

    @property
    def text(self) -> str:
        return show(self.stmt)


def tmap(node: Any, f: Callable[[Any], Any]) -> Any:
    """Rebuild ``node`` bottom-up, applying ``f`` to every node (tuples are mapped through)."""
    if isinstance(node, tuple):
        return tuple(tmap(n, f) for n in node)
    if isinstance(node, Node):
        changes = {fl.name: tmap(getattr(node, fl.name), f) for fl in dataclasses.fields(node)}
        return f(dataclasses.replace(node, **changes))
    return node


SWAPS: list[dict[str, str]] = [{"P": "Q", "Q": "P"}, {"P0": "Q0", "Q0": "P0"},
                               {"pi": "pi_ref", "pi_ref": "pi"},
                               {"y_w": "y_l", "y_l": "y_w"}, {"y": "y'", "y'": "y"},
                               {"pi_star": "pi_ref", "pi_ref": "pi_star"}]


def rename(node: Node, mapping: dict[str, str]) -> Node:
    """Swap distribution names and element-variable names according to ``mapping``."""
    def f(n: Any) -> Any:
        if isinstance(n, Dist) and n.name in mapping:
            return Dist(mapping[n.name], n.args)
        if isinstance(n, Var) and n.name in mapping:
            return Var(mapping[n.name], n.dom)
        return n
    return tmap(node, f)


def _bound_names(s: Stmt) -> set[str]:
    names: set[str] = set()

    def f(n: Any) -> Any:
        for attr in ("var", "vars"):
            v = getattr(n, attr, None)
            for u in v if isinstance(v, tuple) else (v,):
                if isinstance(u, Var):
                    names.add(u.name)
        return n
    tmap(s.lhs, f)
    tmap(s.rhs, f)
    return names


TINY = [Fraction(1, 10**k) for k in (6, 9, 12, 15, 20, 30)]
FLIP = {"=": ["<", ">"], "<=": [">", "<", ">="], ">=": ["<", ">", "<="], "<": [">="],
        ">": ["<="]}


def mutants(s: Stmt, rng: random.Random) -> list[Stmt]:
    """Generic near misses of ``s`` (usually, not always, false)."""
    out = [Stmt(s.lhs, rel, s.rhs) for rel in FLIP[s.rel]]
    eps = c(rng.choice(TINY))
    if s.rel in ("<=", "<"):
        out.append(Stmt(s.lhs, s.rel, sub(s.rhs, eps)))
    elif s.rel in (">=", ">"):
        out.append(Stmt(s.lhs, s.rel, add(s.rhs, eps)))
    else:
        out.append(Stmt(s.lhs, "=", add(s.rhs, eps)))
        out.append(Stmt(s.lhs, "=", mul(s.rhs, add(c(1), c(Fraction(1, 10**15))))))
    for side in ("lhs", "rhs"):
        e = getattr(s, side)
        if isinstance(e, Add) and len(e.terms) >= 2:
            i = rng.randrange(len(e.terms))
            dropped = e.terms[:i] + e.terms[i + 1:]
            changed = e.terms[:i] + (mul(c(rng.choice([2, -1, 3])), e.terms[i]),) + \
                e.terms[i + 1:]
            for new in (add(*dropped), Add(changed)):
                out.append(dataclasses.replace(s, **{side: new}))
    out.append(Stmt(s.lhs, s.rel, mul(c(2), s.rhs)))
    bound = _bound_names(s)
    for mapping in SWAPS:
        if bound & set(mapping):  # renaming a bound variable gives an equivalent statement
            continue
        side = rng.choice(("lhs", "rhs"))
        new = rename(getattr(s, side), mapping)
        if new != getattr(s, side):
            out.append(dataclasses.replace(s, **{side: new}))
    beta1 = tmap(s.rhs, lambda n: c(1) if isinstance(n, Beta) else n)
    if beta1 != s.rhs:  # "true only at β = 1"
        out.append(Stmt(s.lhs, s.rel, beta1))
    return out


def _wrap(s: Stmt, rng: random.Random) -> Stmt:
    """``k·A + t rel k·B + t`` with ``k > 0``: preserves truth, varies the surface."""
    k = rng.choice([c(2), c(Fraction(1, 3)), Beta(), c(7)])
    # a shift would hide the gap of a strict inequality below the working precision
    t = real(rng) if rng.random() < 0.5 and s.rel not in ("<", ">") else None
    def side(e: Node) -> Node:
        e = mul(k, e)
        return add(e, t) if t is not None else e
    return Stmt(side(s.lhs), s.rel, side(s.rhs))


def _label_mutant(s: Stmt, origin: str, cap: int) -> Labelled:
    verdict, info = judge(s, cap)
    if verdict == "false":
        return Labelled(s, "false", origin, info)
    return Labelled(s, "unknown", origin, info)


def round_(rng: random.Random, cap: int = DEFAULT_CAP, n_mutants: int = 3,
           templates: list | None = None) -> list[Labelled]:
    """One template instance and a few of its mutants, labelled (``templates``: the catalogue
    to draw from, all of :data:`TEMPLATES` by default)."""
    name, stmt, own, known = rng.choice(templates or TEMPLATES)(rng)
    if rng.random() < 0.6:
        wrapped = _wrap(stmt, rng)
        stmt, own = wrapped, [_wrap(m, rng) for m in own]
        name += " (wrapped)"
    verdict, info = judge(stmt, cap)
    out = [Labelled(stmt, "true" if verdict == "no_counterexample" else "broken", name, info)]
    pool = [(m, f"{name} / own mutant") for m in own] + \
        [(m, f"{name} / generic mutant") for m in mutants(stmt, rng)]
    rng.shuffle(pool)
    picked = pool[:n_mutants]
    out += [_label_mutant(m, o, cap) for m, o in picked]
    if known and rng.random() < 0.5:
        k = rng.choice(known)
        out.append(Labelled(k, "false", f"{name} / known false", "known false on >3 points"))
    return out


def iterate(seed: int, cap: int = DEFAULT_CAP,
            templates: list | None = None) -> Iterator[Labelled]:
    """An endless deterministic stream of distinct labelled statements."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while True:
        for item in round_(rng, cap, templates=templates):
            if item.text not in seen:
                seen.add(item.text)
                yield item


def generate(n: int, seed: int = 0, cap: int = DEFAULT_CAP,
             templates: list | None = None) -> list[Labelled]:
    """The first ``n`` statements of :func:`iterate`."""
    out = []
    for item in iterate(seed, cap, templates):
        out.append(item)
        if len(out) >= n:
            break
    return out


def labelled_statements(cap: int = 120) -> Any:
    """A Hypothesis strategy of ``(statement, label)`` pairs (labels as in :class:`Labelled`)."""
    from hypothesis import strategies as st

    def one(seed: int) -> tuple[Stmt, str]:
        items = round_(random.Random(seed), cap)
        item = items[random.Random(seed + 1).randrange(len(items))]
        return item.stmt, item.label
    return st.integers(min_value=0, max_value=2**32 - 1).map(one)


__all__ += ["round_", "tmap", "Const"]
