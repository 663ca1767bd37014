"""Entropy, cross-entropy, KL divergence, expectation, mutual information.

Each is a SymPy expression that prints the way the field writes it and ``unfold()``\\ s to its
defining formula over the finite support (REFERENCE §1.1). Distributions are passed as
*applications at a bound variable*: ``kl(P(x), Q(x), x)`` binds ``x``; the KL direction is the
argument order and is never swapped.

>>> from derive.definitions.support import Domain, distribution
>>> X = Domain("X"); P = distribution("P", X); Q = distribution("Q", X)
>>> from sympy import Symbol
>>> from derive.latex import latex
>>> x = Symbol("x")
>>> d = KL(P(x), Q(x), (x, X))
>>> latex(d)
'D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)'
>>> latex(d.unfold())
'\\\\sum_{x} P(x) \\\\log \\\\frac{P(x)}{Q(x)}'
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from .support import Binder, Domain, Probability, SupportSum, fresh_symbol
from .zero_mass import XLogY, may_have_zeros

__all__ = [
    "Definition",
    "Log2",
    "KL",
    "Entropy",
    "CrossEntropy",
    "Expectation",
    "MutualInformation",
    "ConditionalEntropy",
    "EntropyAtEvent",
    "Marginal",
    "marginal",
    "dist_latex",
]


class Definition:
    """Mixin: a named notion that unfolds to its defining formula.

    ``defines`` is the phrase used in justifications ("the KL divergence").
    """

    defines: str = ""

    def unfold(self) -> sp.Expr:  # pragma: no cover - abstract
        raise NotImplementedError


class Log2(sp.Function, Definition):
    """``log_2 v = log v / log 2``: the logarithm of information in bits (H, D in bits are the
    same sums with ``log_2``; bits = nats / log 2).

    >>> from derive.definitions import STANDARD as S
    >>> from derive.latex import latex
    >>> latex(S.P(S.x) * Log2(S.P(S.x) / S.Q(S.x)))
    'P(x) \\\\log_{2} \\\\frac{P(x)}{Q(x)}'
    >>> Log2(S.P(S.x)).unfold()
    log(P(x))/log(2)
    """

    defines = "the base-2 logarithm"
    nargs = 1

    def unfold(self) -> sp.Expr:
        return sp.log(self.args[0]) / sp.log(2)

    def _eval_is_real(self) -> bool | None:
        return True if self.args[0].is_positive else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        tex = printer._print(sp.log(self.args[0]))
        if tex.startswith(r"\log"):
            tex = r"\log_{2}" + tex[len(r"\log"):]
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)


def dist_latex(printer: Any, app: sp.Expr, variables: tuple[sp.Symbol, ...]) -> str:
    """Print ``app`` with its bound ``variables`` shown as ``\\cdot`` (or as just the name).

    ``P(x)`` bound in ``x`` prints ``P``; ``\\pi(y \\mid x)`` bound in ``y`` prints
    ``\\pi(\\cdot \\mid x)``; any other expression prints with its variables.
    """
    if isinstance(app, Probability) and tuple(app.random_args) == tuple(variables):
        if not app.given_args:
            return app.tex
        given = ", ".join(printer._print(a) for a in app.given_args)
        dots = ", ".join(r"\cdot" for _ in variables)
        return r"%s(%s \mid %s)" % (app.tex, dots, given)
    return printer._print(app)


def _instantiate(binder: Binder, avoid: set[sp.Basic]) -> tuple[dict, tuple]:
    """Fresh names for ``binder``'s bound variables, avoiding clashes with ``avoid``.

    A new name also avoids every symbol occurring in the binder (free or bound: the payload may
    hold an inner binder, whose variable the renaming must not capture), except the variable it
    renames (renaming a variable to itself is harmless).
    """
    mapping: dict[sp.Symbol, sp.Symbol] = {}
    bindings = []
    inside = binder.atoms(sp.Symbol)
    taken = set(avoid)
    for var, dom in binder.bindings:
        new = fresh_symbol(dom.var_name if len(binder.bindings) > 1 else var.name,
                           taken | (inside - {var}))
        taken.add(new)
        mapping[var] = new
        bindings.append((new, dom))
    return mapping, tuple(bindings)


class KL(Binder, Definition):
    """``D_KL(P ‖ Q) = Σ_v P(v) log(P(v)/Q(v))``: expectation under the *first* argument."""

    n_payload = 2
    defines = "the KL divergence"

    @property
    def p(self) -> sp.Expr:
        return self.args[0]

    @property
    def q(self) -> sp.Expr:
        return self.args[1]

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        p, q = self.p.xreplace(m), self.q.xreplace(m)
        if may_have_zeros(self):  # 0 log 0 = 0; +∞ where P(v) > 0 = Q(v)
            return SupportSum(XLogY(p, p) - XLogY(p, q), *b)
        return SupportSum(p * sp.log(p / q), *b)

    def _eval_is_nonnegative(self) -> bool | None:
        # Gibbs' inequality; only for genuine (normalized) distributions, and finite only
        # with full support (with zeros it may be +∞: extended_nonnegative below)
        if isinstance(self.p, Probability) and isinstance(self.q, Probability):
            return None if may_have_zeros(self) else True
        return None

    def _eval_is_extended_nonnegative(self) -> bool | None:
        if isinstance(self.p, Probability) and isinstance(self.q, Probability):
            return True
        return None

    def _eval_is_real(self) -> bool | None:
        return None if may_have_zeros(self) else True  # +∞ without absolute continuity

    def _latex(self, printer: Any) -> str:
        v = self.variables
        return r"D_{\mathrm{KL}}(%s \,\|\, %s)" % (
            dist_latex(printer, self.p, v),
            dist_latex(printer, self.q, v),
        )


class CrossEntropy(Binder, Definition):
    """``H(P, Q) = -Σ_v P(v) log Q(v)``."""

    n_payload = 2
    defines = "the cross-entropy"

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        p, q = self.args[0].xreplace(m), self.args[1].xreplace(m)
        if may_have_zeros(self):
            return -SupportSum(XLogY(p, q), *b)
        return -SupportSum(p * sp.log(q), *b)

    def _eval_is_real(self) -> bool | None:
        return None if may_have_zeros(self) else True

    def _latex(self, printer: Any) -> str:
        v = self.variables
        return r"H(%s, %s)" % (dist_latex(printer, self.args[0], v),
                               dist_latex(printer, self.args[1], v))


class Entropy(Binder, Definition):
    """``H(P) = -Σ_v P(v) log P(v)``; for a joint ``p(x, y)`` this is ``H(X, Y)``."""

    n_payload = 1
    defines = "the entropy"

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        p = self.args[0].xreplace(m)
        if may_have_zeros(self):  # 0 log 0 = 0
            return -SupportSum(XLogY(p, p), *b)
        return -SupportSum(p * sp.log(p), *b)

    def _eval_is_real(self) -> bool | None:
        return True

    def _latex(self, printer: Any) -> str:
        p = self.args[0]
        names = _random_variable_names(p, self.variables)
        if names:
            return "H(%s)" % ", ".join(names)
        return "H(%s)" % dist_latex(printer, p, self.variables)


class EntropyAtEvent(Entropy):
    r"""``H(X | Y = y) = -Σ_x p(x|y) log p(x|y)``: an :class:`Entropy` whose mass is the joint's
    conditional at a value ``y`` that stays free; printed as the event it is conditioned on.

    >>> from derive.definitions import STANDARD as S
    >>> from derive.latex import latex
    >>> h = EntropyAtEvent(S.joint(S.x, S.y) / marginal(S.joint, 1)(S.y), (S.x, S.X))
    >>> print(latex(h))
    H(X \mid Y = y)
    """

    def _latex(self, printer: Any) -> str:
        (v, _), = self.args[1:]
        target, given = ("X", "Y") if v.name.startswith("x") else ("Y", "X")
        values = sorted((s for s in self.args[0].free_symbols - {v}
                         if s.name.startswith(given.lower())), key=str)
        value = values[0] if values else sp.Symbol(given.lower())
        return r"H(%s \mid %s = %s)" % (target, given, printer._print(value))


def _random_variable_names(p: sp.Expr, variables: tuple) -> list[str] | None:
    """``['X', 'Y']`` when ``p`` is a joint (or a marginal of one) over random variables."""
    if isinstance(p, Probability) and getattr(p, "rv_names", None) and \
            tuple(p.random_args) == tuple(variables):
        return list(p.rv_names)
    return None


class ConditionalEntropy(Binder, Definition):
    """``H(X | Y) = -Σ_{x,y} p(x, y) log(p(x, y) / p(y))`` for a joint ``p``."""

    n_payload = 2
    defines = "the conditional entropy"

    @property
    def joint(self) -> sp.Expr:
        return self.args[0]

    @property
    def given_axis(self) -> int:
        return int(self.args[1])

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        p = self.joint.xreplace(m)
        cond = marginal(type(self.joint), self.given_axis)(b[self.given_axis][0])
        return -SupportSum(p * sp.log(p / cond), *b)

    def _latex(self, printer: Any) -> str:
        names = list(getattr(self.joint, "rv_names", ("X", "Y")))
        given = names.pop(self.given_axis)
        return r"H(%s \mid %s)" % (", ".join(names), given)


class MutualInformation(Binder, Definition):
    """``I(X; Y) = Σ_{x,y} p(x, y) log(p(x, y) / (p(x) p(y)))`` for a joint ``p``."""

    n_payload = 1
    defines = "the mutual information"

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        p = self.args[0].xreplace(m)
        family = type(self.args[0])
        px = marginal(family, 0)(b[0][0])
        py = marginal(family, 1)(b[1][0])
        return SupportSum(p * sp.log(p / (px * py)), *b)

    def _eval_is_nonnegative(self) -> bool | None:
        return True if isinstance(self.args[0], Probability) else None

    def _latex(self, printer: Any) -> str:
        names = getattr(self.args[0], "rv_names", ("X", "Y"))
        return "I(%s; %s)" % tuple(names)


class Expectation(Binder, Definition):
    """``E_{v ~ P}[f(v)] = Σ_v P(v) f(v)``; args ``(f, P(v), Tuple(v, domain))``."""

    n_payload = 2
    defines = "the expectation"

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    @property
    def dist(self) -> sp.Expr:
        return self.args[1]

    def unfold(self) -> sp.Expr:
        m, b = _instantiate(self, self.free_symbols)
        return SupportSum(self.dist.xreplace(m) * self.body.xreplace(m), *b)

    def _eval_is_real(self) -> bool | None:
        return self.body.is_real

    def _latex(self, printer: Any) -> str:
        v = ", ".join(printer._print(s) for s in self.variables)
        v = v if len(self.variables) == 1 else r"(%s)" % v  # a record: (x, y_w, y_l) ~ D
        nested = getattr(printer, "_inside_expectation", False)
        printer._inside_expectation = True
        try:
            body = printer._print(self.body)
        finally:
            printer._inside_expectation = nested
        text = r"\mathbb{E}_{%s \sim %s}\left[%s\right]" % (
            v, dist_latex(printer, self.dist, self.variables), body)
        # an expectation inside another's brackets is a group: [ … [ … ] … ] reads to LaTeX
        # linters as an optional argument inside an optional argument (chktex warning 44)
        return "{%s}" % text if nested else text


class Marginal(Probability, Definition):
    """``p(x) = Σ_y p(x, y)``: a marginal of a joint distribution (itself a distribution)."""

    joint: type[Probability]
    axis: int = 0
    defines = "the marginal distribution"

    def unfold(self) -> sp.Expr:
        joint_domains = self.joint.domains
        other = 1 - self.axis
        dom: Domain = joint_domains[other]
        var = fresh_symbol(dom.var_name, self.free_symbols)
        slots: list[sp.Basic] = [sp.S.Zero, sp.S.Zero]
        slots[self.axis] = self.args[0]
        slots[other] = var
        return SupportSum(self.joint(*slots), (var, dom))


_MARGINALS: dict[tuple[type, int], type] = {}


def marginal(joint: type[Probability], axis: int) -> type[Marginal]:
    """The marginal of the two-variable ``joint`` on ``axis`` (0 for p(x), 1 for p(y))."""
    key = (joint, axis)
    if key not in _MARGINALS:
        names = getattr(joint, "rv_names", ("X", "Y"))
        _MARGINALS[key] = type(
            f"{joint.__name__}_{names[axis]}",
            (Marginal,),
            {"tex": joint.tex, "domains": (joint.domains[axis],), "given": (), "nargs": 1,
             "joint": joint, "axis": axis, "rv_names": (names[axis],)},
        )
    return _MARGINALS[key]
