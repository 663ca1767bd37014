"""Algebraic rules: substitution of definitions, simplification, optimizer rewrites.

>>> import sympy as sp
>>> a = sp.Symbol("a", positive=True)
>>> expand_products.apply((a + 1) * (a - 1))
a**2 - 1
"""

from __future__ import annotations

import sympy as sp

from ..definitions.optimization import ArgMax, ArgMin, ArgOpt
from ..kernel.context import Context
from ..kernel.normal_form import depends_on
from . import RuleError, rule

__all__ = ["substitute_definitions", "expand_products", "simplify_algebra",
           "scale_objective", "drop_constant_in_argopt"]


@rule("substitute_definitions")
def substitute_definitions(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Substitute the local definitions stated for this derivation."""
    return ctx.expand(expr)


@rule("expand_products")
def expand_products(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Multiply out products (distributivity)."""
    return sp.expand_mul(expr)


@rule("simplify_algebra")
def simplify_algebra(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Algebraic simplification (collect terms, cancel common factors)."""
    return sp.cancel(sp.expand(expr, log=False)) if not expr.has(ArgOpt) else expr


@rule("scale_objective", relation="argopt",
      side_conditions=("the factor is non-zero and does not depend on the optimization "
                       "variable; a negative factor swaps arg max and arg min",))
def scale_objective(expr: sp.Expr, ctx: Context, factor: sp.Expr = sp.S.One) -> sp.Expr:
    """Scaling the objective by a constant keeps the optimizer; by a negative constant it
    turns arg max into arg min (here: multiply by the stated factor)."""
    if not isinstance(expr, ArgOpt):
        raise RuleError("scale_objective applies to an arg min / arg max")
    if depends_on(factor, expr.family):
        raise RuleError("the factor depends on the optimization variable")
    new = sp.expand(factor * expr.objective, log=False)
    if factor.is_positive:
        return type(expr)(new, expr.variable)
    if factor.is_negative:
        return (ArgMin if isinstance(expr, ArgMax) else ArgMax)(new, expr.variable)
    raise RuleError("the sign of the factor is not known")


@rule("drop_constant_in_argopt", relation="argopt",
      side_conditions=("the dropped terms do not depend on the optimization variable",))
def drop_constant_in_argopt(expr: sp.Expr, ctx: Context) -> sp.Expr:
    """Terms that do not depend on the optimization variable do not move the optimizer, so
    they may be dropped inside arg min / arg max (the optimal *value* changes)."""
    if not isinstance(expr, ArgOpt):
        raise RuleError("drop_constant_in_argopt applies to an arg min / arg max")
    kept = [t for t in sp.Add.make_args(expr.objective)
            if depends_on(ctx.expand(t), expr.family)]
    return type(expr)(sp.Add(*kept), expr.variable)
