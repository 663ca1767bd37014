"""The vocabulary of derive as SymPy objects (see the submodules).

>>> from derive.definitions import STANDARD as S, KL, unfold_all
>>> unfold_all(KL(S.P(S.x), S.Q(S.x), (S.x, S.X))).has(KL)
False
"""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

from .alignment import (
    K1,
    K2,
    K3,
    BradleyTerry,
    Clip,
    DPOLoss,
    GRPOTokenObjective,
    OptimalPolicy,
    PartitionFunction,
    PPOClipObjective,
    Sigmoid,
    bradley_terry,
    dpo_loss,
    optimal_policy,
    partition_function,
)
from .datasets import (
    DPODatasetLoss,
    dpo_dataset_loss,
    preference_dataset,
    preference_mean,
    prompt_dataset,
)
from .information import (
    KL,
    ConditionalEntropy,
    CrossEntropy,
    Definition,
    Entropy,
    EntropyAtEvent,
    Expectation,
    Log2,
    Marginal,
    MutualInformation,
    marginal,
)
from .standard import STANDARD
from .support import (
    DOT,
    Binder,
    Domain,
    Placeholder,
    Probability,
    RealFunction,
    SupportSize,
    SupportSum,
    bound_symbol,
    distribution,
    fresh_symbol,
    is_primitive_distribution,
    real_function,
)
from .training_libraries import TorchKLDiv
from .zero_mass import XLogY, may_have_zeros

__all__ = [
    "K1", "K2", "K3", "KL", "BradleyTerry", "Clip", "DPOLoss", "GRPOTokenObjective",
    "OptimalPolicy", "PartitionFunction", "PPOClipObjective", "Sigmoid", "bradley_terry",
    "dpo_loss", "optimal_policy", "partition_function", "ConditionalEntropy",
    "EntropyAtEvent", "CrossEntropy",
    "Definition", "Entropy", "Expectation", "Log2", "Marginal", "MutualInformation", "marginal",
    "STANDARD", "DOT", "Binder", "Domain", "Placeholder", "Probability", "RealFunction",
    "SupportSize", "SupportSum", "bound_symbol", "distribution", "fresh_symbol",
    "is_primitive_distribution", "real_function", "has_definition", "unfold_all", "unfold_once",
    "UntakenDerivative", "TorchKLDiv", "XLogY", "may_have_zeros", "DPODatasetLoss",
    "dpo_dataset_loss", "preference_dataset", "preference_mean", "prompt_dataset",
]


def _is_definition(e: sp.Basic) -> bool:
    return isinstance(e, (Definition, sp.Derivative))


def has_definition(expr: sp.Basic) -> bool:
    """Does ``expr`` still contain a definition (or a derivative) to unfold?"""
    return any(_is_definition(e) for e in sp.preorder_traversal(expr))


class UntakenDerivative(sp.Expr):
    """A derivative SymPy cannot take (``∂r(x, z)/∂z`` of a function given only by its name):
    kept as an opaque value, which the kernel's evaluator cannot evaluate, so a step that
    needs its value is never decided from a guess.

    >>> from derive.definitions import STANDARD as S
    >>> unfold_all(sp.Derivative(S.r(S.x, S.z), S.z)).func.__name__
    'UntakenDerivative'
    """

    is_commutative = True

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return set().union(*(a.free_symbols for a in self.args))

    def _latex(self, printer: Any) -> str:
        return printer._print(sp.Derivative(*self.args))


def unfold_once(expr: sp.Expr) -> sp.Expr:
    """Unfold every definition occurring in ``expr`` by one level (derivatives are taken)."""
    def unfold(e: sp.Basic) -> sp.Basic:
        if isinstance(e, sp.Derivative):
            return e.doit().replace(lambda d: isinstance(d, sp.Derivative),
                                    lambda d: UntakenDerivative(d.expr, *d.variables))
        return e.unfold()
    return expr.replace(_is_definition, unfold)


@functools.lru_cache(maxsize=4096)
def unfold_all(expr: sp.Expr, limit: int = 12) -> sp.Expr:
    """Unfold definitions until only primitive objects remain (cached: expressions are
    immutable)."""
    for _ in range(limit):
        if not has_definition(expr):
            return expr
        expr = unfold_once(expr)
    raise RecursionError("definitions did not unfold to primitives")
