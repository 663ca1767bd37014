"""Rules: named, documented rewrites that *propose* the next expression of a derivation.

A rule's docstring is its justification in every writeup; its side conditions are stated and
checked when it fires (``log_of_quotient`` only splits logs whose arguments are positive). A rule
never decides anything: the kernel checks every step it proposes.

>>> from derive.definitions import STANDARD as S, KL
>>> r = get_rule("unfold_kl")
>>> from derive.latex import latex
>>> latex(r.apply(KL(S.P(S.x), S.Q(S.x), (S.x, S.X))))
'\\\\sum_{x} P(x) \\\\log \\\\frac{P(x)}{Q(x)}'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from ..kernel.context import Context

__all__ = ["Rule", "RuleError", "rule", "get_rule", "all_rules"]


class RuleError(ValueError):
    """A rule that does not apply to the expression it was given."""


@dataclass(frozen=True)
class Rule:
    """A named rewrite: ``apply(expr, ctx)`` proposes the next expression."""

    name: str
    doc: str
    side_conditions: tuple[str, ...]
    relation: str
    fn: Callable[..., sp.Expr] = field(repr=False)

    @property
    def justification(self) -> str:
        """The first paragraph of the docstring: what a writeup shows for the step."""
        return self.doc.split("\n\n")[0].replace("\n", " ").strip()

    def apply(self, expr: sp.Expr, ctx: Context | None = None, **options: object) -> sp.Expr:
        result = self.fn(sp.sympify(expr), ctx or Context(), **options)
        if result == expr:
            raise RuleError(f"rule {self.name} does not change the expression")
        return result


_REGISTRY: dict[str, Rule] = {}


def rule(name: str, *, side_conditions: tuple[str, ...] = (),
         relation: str = "=") -> Callable[[Callable[..., sp.Expr]], Rule]:
    """Register ``fn`` as the rule ``name``; its docstring becomes the justification."""
    def register(fn: Callable[..., sp.Expr]) -> Rule:
        r = Rule(name, inspect.cleandoc(fn.__doc__ or name), side_conditions, relation, fn)
        if name in _REGISTRY:
            raise ValueError(f"duplicate rule {name}")
        _REGISTRY[name] = r
        return r
    return register


def get_rule(name: str) -> Rule:
    """The rule called ``name``."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no rule named {name!r}") from None


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by name."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda r: r.name)


def _load() -> None:
    from . import algebra, alignment, information  # noqa: F401  (registers the rules)
