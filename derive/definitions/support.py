"""Finite supports, sums over them, and the families of objects that live on them.

A *domain* is a finite set such as the prompts :math:`\\mathcal X` or the answers
:math:`\\mathcal Y`. A *distribution* is a SymPy function class whose applications ``P(x)`` or
``\\pi_\\theta(y|x)`` are positive and sum to one over the random slot; a *real function* (a
reward ``r(x, y)``) is any real-valued function on domains. :class:`SupportSum` is the sum over a
domain, written ``\\sum_x``.

>>> X = Domain("X")
>>> P = distribution("P", over=X)
>>> x = bound_symbol(X)
>>> from sympy import latex
>>> latex(SupportSum(P(x), (x, X)))
'\\\\sum_{x} P(x)'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sympy as sp
from sympy.core.symbol import Str

__all__ = [
    "Domain",
    "Placeholder",
    "DOT",
    "Binder",
    "SupportSum",
    "SupportSize",
    "Probability",
    "RealFunction",
    "distribution",
    "real_function",
    "bound_symbol",
    "fresh_symbol",
    "is_primitive_distribution",
]


class Domain(Str):
    """A finite support, printed calligraphic (``\\mathcal{X}``); ``var_name`` is its element."""

    @property
    def var_name(self) -> str:
        return self.name.lower()

    def _latex(self, printer: Any = None) -> str:
        return r"\mathcal{%s}" % self.name


class Placeholder(sp.Expr, sp.Atom):
    """The ``\\cdot`` in ``\\pi(\\cdot \\mid x)``: the slot a distribution ranges over."""

    is_commutative = True

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return set()

    def _latex(self, printer: Any = None) -> str:
        return r"\cdot"

    def _sympystr(self, printer: Any = None) -> str:
        return "·"


DOT = Placeholder()


def bound_symbol(domain: Domain, avoid: Iterable[sp.Basic] = ()) -> sp.Symbol:
    """The usual variable for ``domain`` (``x`` for X), primed until it clashes with nothing."""
    return fresh_symbol(domain.var_name, avoid)


def fresh_symbol(base: str, avoid: Iterable[sp.Basic] = ()) -> sp.Symbol:
    """A symbol named ``base`` (then ``base'``, ``base''``…) not among the names in ``avoid``."""
    taken = {getattr(s, "name", None) for s in avoid}
    name = base
    while name in taken:
        name += "'"
    return sp.Symbol(name)


class Binder(sp.Expr):
    """An expression that binds variables: args are ``(*payload, Tuple(v, domain), ...)``.

    Subclasses set ``n_payload``. The bound variables are not free and are never substituted.
    """

    is_commutative = True
    n_payload = 1

    def __new__(cls, *args: Any) -> Binder:
        payload, bindings = args[: cls.n_payload], args[cls.n_payload :]
        if not bindings:
            raise ValueError(f"{cls.__name__} needs at least one binding")
        tuples = []
        for binding in bindings:
            var, domain = binding
            if not isinstance(domain, Domain):
                raise TypeError(f"not a Domain: {domain!r}")
            tuples.append(sp.Tuple(var, domain))
        return super().__new__(cls, *map(sp.sympify, payload), *tuples)

    @property
    def payload(self) -> tuple[sp.Expr, ...]:
        return self.args[: self.n_payload]

    @property
    def bindings(self) -> tuple[tuple[sp.Symbol, Domain], ...]:
        return tuple((b[0], b[1]) for b in self.args[self.n_payload :])

    @property
    def variables(self) -> tuple[sp.Symbol, ...]:
        return tuple(b[0] for b in self.args[self.n_payload :])

    @property
    def free_symbols(self) -> set[sp.Basic]:
        free: set[sp.Basic] = set()
        for part in self.payload:
            free |= part.free_symbols
        return free - set(self.variables)

    def _eval_subs(self, old: sp.Basic, new: sp.Basic) -> sp.Expr | None:
        if old in self.variables:
            return self
        return None


class SupportSum(Binder):
    """``\\sum_{v} body`` over a finite domain; args are ``(body, Tuple(v, domain), ...)``.

    Several bindings mean a multiple sum, outermost first.
    """

    @property
    def body(self) -> sp.Expr:
        return self.args[0]

    def _eval_is_positive(self) -> bool | None:
        return True if self.body.is_positive else None

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.body.is_nonnegative else None

    def _eval_is_real(self) -> bool | None:
        return self.body.is_real

    def _eval_is_finite(self) -> bool | None:
        return self.body.is_finite

    def _eval_derivative(self, s: sp.Symbol) -> sp.Expr:
        """A finite sum is differentiated term by term (its bound variables are not ``s``).

        >>> from derive.definitions import STANDARD as S
        >>> SupportSum(S.z ** 2 * S.P(S.x), (S.x, S.X)).diff(S.z)
        Sum[x in X](2*z*P(x))
        """
        if s in self.variables:
            return sp.S.Zero
        return type(self)(self.body.diff(s), *self.bindings)

    def _latex(self, printer: Any) -> str:
        under = ", ".join(printer._print(v) for v in self.variables)
        body = printer._print(self.body)
        if isinstance(self.body, sp.Add):
            body = r"\left(%s\right)" % body
        size = getattr(self.bindings[0][1], "size_tex", None)  # an index range {1, …, G}
        if size is not None and len(self.bindings) == 1:
            return r"\sum_{%s=1}^{%s} %s" % (under, size, body)
        return r"\sum_{%s} %s" % (under, body)

    def _sympystr(self, printer: Any) -> str:
        under = ", ".join(f"{v} in {d.name}" for v, d in self.bindings)
        return f"Sum[{under}]({printer._print(self.body)})"


class SupportSize(sp.Expr):
    """``|\\mathcal X|``, the number of elements of a domain (a positive integer)."""

    is_commutative = True
    is_integer = True
    is_positive = True

    def __new__(cls, domain: Domain) -> SupportSize:
        return super().__new__(cls, domain)

    @property
    def domain(self) -> Domain:
        return self.args[0]

    @property
    def free_symbols(self) -> set[sp.Basic]:
        return set()

    def _latex(self, printer: Any) -> str:
        size = getattr(self.domain, "size_tex", None)  # an index range prints its size: G
        return size if size is not None else r"\left|%s\right|" % self.domain._latex()


class Probability(sp.Function):
    """Base of distribution families: ``P(x)``, ``p(x, y)``, ``\\pi_\\theta(y \\mid x)``.

    Class attributes set by :func:`distribution`: ``tex`` (LaTeX name), ``domains`` (the
    domains of the random slots, in argument order) and ``given`` (the domains conditioned on,
    after them). An application is positive: distributions are taken to have full support on
    their domain, which every log-ratio in this field needs.
    """

    tex: str = "P"
    domains: tuple[Domain, ...] = ()
    given: tuple[Domain, ...] = ()
    is_positive = True
    is_real = True
    is_finite = True
    #: concrete values for a distribution given by a table, else ``None``
    table: tuple[sp.Rational, ...] | None = None
    #: may this distribution put mass 0 on elements of its domain? (``definitions.zero_mass``)
    zeros: bool = False

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None

    @property
    def random_args(self) -> tuple[sp.Basic, ...]:
        return self.args[: len(self.domains)]

    @property
    def given_args(self) -> tuple[sp.Basic, ...]:
        return self.args[len(self.domains) :]

    def _latex(self, printer: Any, exp: Any = None) -> str:
        rand = self.random_args
        if all(isinstance(a, Placeholder) for a in rand) and not self.given_args:
            text = self.tex
        else:
            inside = ", ".join(printer._print(a) for a in rand)
            if self.given_args:
                inside += r" \mid " + ", ".join(printer._print(a) for a in self.given_args)
            text = r"%s(%s)" % (self.tex, inside)
        if exp is not None:
            text = r"%s^{%s}" % (text, exp)
        return text


class RealFunction(sp.Function):
    """Base of real-valued function families such as the reward ``r(x, y)``."""

    tex: str = "f"
    domains: tuple[Domain, ...] = ()
    is_real = True
    is_finite = True

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        text = r"%s(%s)" % (self.tex, ", ".join(printer._print(a) for a in self.args))
        if exp is not None:
            text = r"%s^{%s}" % (text, exp)
        return text


_FAMILIES: dict[str, type] = {}


def _family(base: type, name: str, attrs: dict[str, Any]) -> type:
    key = f"{base.__name__}:{name}:{attrs.get('domains')}:{attrs.get('given', ())}" + \
        (":zeros" if attrs.get("zeros") else "")
    cls = _FAMILIES.get(key)
    if cls is None:
        cls = type(name, (base,), attrs)
        _FAMILIES[key] = cls
    return cls


def distribution(
    name: str,
    over: Domain | tuple[Domain, ...],
    given: tuple[Domain, ...] = (),
    tex: str | None = None,
    table: Iterable[Any] | None = None,
    zeros: bool = False,
) -> type[Probability]:
    """A distribution family over ``over`` (a domain or a tuple for a joint), given ``given``.

    ``table`` fixes the values of an unconditional one-domain distribution (``P := (0.9, 0.1)``);
    they must be non-negative and sum to one. ``zeros=True`` declares a distribution that may
    put mass 0 on elements of its domain (a table with a zero entry is one); its entropy and
    KL then follow ``0 · log 0 = 0`` (``definitions.zero_mass``).
    """
    domains = over if isinstance(over, tuple) else (over,)
    attrs: dict[str, Any] = {
        "tex": tex or name,
        "domains": domains,
        "given": tuple(given),
        "nargs": len(domains) + len(given),
    }
    if table is not None:
        values = tuple(sp.Rational(str(v)) if not isinstance(v, sp.Rational) else v for v in table)
        if len(domains) != 1 or given:
            raise ValueError("a table is only for an unconditional distribution on one domain")
        if any(v < 0 for v in values) or sum(values) != 1:
            raise ValueError(f"{name} := {tuple(map(str, values))} is not a distribution: "
                             "its entries must be non-negative and sum to 1")
        attrs["table"] = values
        if any(v == 0 for v in values):
            # a zero mass: not positive, so no rewrite may assume it (log 0 is undefined)
            attrs["is_positive"] = None
            attrs["is_nonnegative"] = True
            attrs["zeros"] = True
        return type(name, (Probability,), attrs)
    if zeros:
        if given or len(domains) != 1:
            raise ValueError("zero masses are only for an unconditional one-domain distribution")
        attrs.update(is_positive=None, is_nonnegative=True, zeros=True)
    return _family(Probability, name, attrs)


def real_function(name: str, over: tuple[Domain, ...],
                  tex: str | None = None) -> type[RealFunction]:
    """A real-valued function family on the product of ``over`` (e.g. a reward on X × Y)."""
    attrs = {"tex": tex or name, "domains": tuple(over), "nargs": len(over)}
    return _family(RealFunction, name, attrs)


def is_primitive_distribution(expr: sp.Basic) -> bool:
    """Is ``expr`` an application of a distribution that no definition unfolds?"""
    return isinstance(expr, Probability) and not hasattr(expr, "unfold")
