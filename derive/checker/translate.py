"""Translate the notation AST into SymPy objects under the field's standard meanings.

Nothing here evaluates user text: the AST from :mod:`derive.notation` is walked node by node and
each node is mapped onto the vocabulary in :mod:`derive.definitions`.

>>> from derive.notation import parse_math
>>> t = Translator()
>>> from derive.latex import latex
>>> latex(t.expr(parse_math(r"D_{KL}(P\\|Q)")))
'D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)'
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, InvalidOperation
from typing import Any

import sympy as sp

from ..definitions import STANDARD as S
from ..definitions import (
    Clip,
    Domain,
    Expectation,
    Probability,
    Sigmoid,
    SupportSum,
    distribution,
)
from ..definitions.groups import IndexRange
from ..definitions.optimization import ArgMax, ArgMin
from ..kernel.context import Context
from ..notation import ast as A
from ..notation import to_latex
from .dataset_reading import DatasetReading
from .derivative_reading import DerivativeReading
from .document_conventions import DocumentConventions, _clean
from .index_reading import IndexReading, bare_index_kind
from .infinity_reading import read_infinity
from .information_reading import InformationReading, TranslationError, _err
from .limit_reading import LimitReading
from .named_functions import _STANDARD_MEANING, NamedFunctions

__all__ = ["TranslationError", "Translator"]


#: exact powers of numbers are computed only below this many bits; larger ones are refused
MAX_EXACT_BITS = 10_000
#: a power of a sum or product with a larger exact exponent is not computed (nor expanded)
MAX_COMPOUND_EXPONENT = 1000
#: numbers written with a decimal exponent beyond this are refused
MAX_DECIMAL_EXPONENT = 1000


def exact_power_too_large(base: sp.Expr, expo: sp.Expr) -> bool:
    """Whether SymPy would compute ``base ** expo`` as an exact number of over
    :data:`MAX_EXACT_BITS` bits (decided from the sizes alone, without computing it).

    >>> exact_power_too_large(sp.Integer(10), sp.Integer(10) ** 10)
    True
    >>> exact_power_too_large(sp.Integer(2), sp.Integer(64))
    False
    >>> exact_power_too_large(sp.Symbol("x"), sp.Integer(10) ** 10)
    False
    >>> exact_power_too_large(sp.Symbol("x") / 9, sp.Integer(9) ** 9)
    True
    """
    if not isinstance(expo, sp.Rational):
        return False
    if not base.is_Atom and abs(expo) > MAX_COMPOUND_EXPONENT:
        return True  # (π/9)^(9^9) would raise 9 to that power; (a + b)^n would be expanded
    if base.is_Mul:
        base = base.as_coeff_Mul()[0]
    if not isinstance(base, sp.Rational):
        return False
    height = max(abs(base.p), abs(base.q))
    if height <= 1:
        return False
    return abs(expo) * height.bit_length() > MAX_EXACT_BITS


#: capitals that are not distributions: A advantage, G group size, I self/mutual information,
#: E expectation, H entropy, L loss, N sample count, K/T/C/J constants and counts
_NOT_DISTRIBUTIONS = frozenset("AGIEHLNKTCJ")
#: fonts that mark a vector or a matrix (\mathbf{w}, \boldsymbol{\theta}, \bm{x})
_VECTOR_FONTS = frozenset({"mathbf", "boldsymbol", "bm", "pmb"})
_GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell".split())
#: how the quantities a document may give a meaning of its own are written (prose_meanings)
_WRITTEN = {"Entropy": "H", "KL": "D_KL", "MutualInfo": "I"}
_POSITIVE = {"beta": S.beta, "epsilon": S.eps, "varepsilon": S.eps, "rho": S.rho, "w": S.w}
_NAMED = {"x": S.x, "y": S.y, "z": S.z, "h": S.h, "A": S.A}


#: accents SymPy prints from a symbol's name (``betahat`` is \\hat{\\beta})
_NAME_MODIFIERS = frozenset({"hat", "tilde", "bar", "dot", "ddot", "check", "breve"})


def _decorated_symbol(n: A.Name) -> sp.Symbol:
    """An accented name, or a name in another font, as a number: a real symbol of its own,
    apart from the plain name and from every other decoration (``\\bar{z}`` is neither ``z``
    nor ``\\hat{z}``, ``\\mathcal{z}`` is not ``z``).

    >>> _decorated_symbol(A.Name("beta", accent="hat")), _decorated_symbol(A.Name("z", "1", \
accent="underline")), _decorated_symbol(A.Name("z", font="mathfrak"))
    (betahat, \\underline{z}_1, \\mathfrak{z})
    """
    core = ("\\" + n.base) if n.base in _GREEK else n.base
    if n.font:
        core = "\\%s{%s}" % (n.font, core)
    if n.accent in _NAME_MODIFIERS and not n.font:
        core = n.base + n.accent
    elif n.accent:
        core = "\\%s{%s}" % (n.accent, core)
    sub = f"_{_clean(n.sub)}" if n.sub else ""
    sup = n.sup if n.sup and set(n.sup) == {"'"} else (f"^{_clean(n.sup)}" if n.sup else "")
    return sp.Symbol(core + sub + sup, real=True)


def _pieces(e: sp.Expr) -> set[sp.Basic]:
    """The symbols and applications (everything but arithmetic and numbers) of ``e``."""
    return {n for n in sp.preorder_traversal(e)
            if not isinstance(n, (sp.Add, sp.Mul, sp.Pow, sp.Number))}


class Translator(InformationReading, DocumentConventions, DerivativeReading, NamedFunctions,
                 IndexReading, LimitReading, DatasetReading):
    """Stateful translator for one document (its local definitions and tables)."""

    def __init__(self, log_base: int | None = None, bits: bool = False) -> None:
        #: the base of a bare ``\\log`` (None: natural) and whether H, D, I are in bits
        self.log_base, self.bits = log_base, bits
        #: policies written without their prompt in a KL of this step (read at x; see
        #: check.judge), and whether the last slot read was one
        self.bare_policies: list[A.Node] = []
        self.last_slot_bare = False
        #: the one reward name this document uses (``r``, ``r_\\phi``...): S.r stands for it
        self.reward_name: str | None = None
        #: letters that are a logarithm's base in this document (``\\log_b``)
        self.log_letter_bases: set[str] = set()
        #: letters the document writes as a joint ``p(x, y)``: their conditionals divide
        self.joint_letters: set[str] = set()
        #: lowercase letters the document applies as distributions (``p(x)``)
        self.called: set[str] = set()
        #: keys of lowercase names used as distributions (q, p_\theta): never bare numbers
        self.distribution_names: set[str] = set()
        #: (outcome, domain) of the expectations being read, innermost last
        self.shorthand: list[tuple[sp.Symbol, Any]] = []
        #: uppercase distributions the document names: lowercase p, q are their pmfs
        self.pmf_of: set[str] = set()
        self._bare_log: A.Node | None = None
        self._rv_quantity: A.Node | None = None
        self._named_dist: A.Node | None = None
        self._information: A.Node | None = None
        self.context = Context()
        self.tables: dict[str, type[Probability]] = {}
        self.defined_symbols: dict[str, sp.Symbol] = {}
        #: names whose definition in the document could not be read
        self.unreadable: set[str] = set()
        #: letters a hypothesis of the document says what they are -> its line (not applied)
        self.hypotheses: dict[str, int] = {}
        #: ranges the document states for its scalars (``A > 0``), in document order
        #: (:mod:`~derive.checker.stated_ranges`; the strict ones are in the context)
        self.stated_ranges: list = []
        #: symbols a hypothesis contradicts the notation's sign of -> its line (not judged)
        self.contradicted: dict[sp.Symbol, int] = {}
        #: other conditions the document assumes of its scalars (``x^2 < 1``), not applied
        self.stated_conditions: list = []
        #: functions a hypothesis fixes (``Let $r(x,y) = 0$``, function_hypotheses)
        self.fixed_functions: list = []
        #: displays claimed under a hypothesis of their sentence (check.ConditionalClaim)
        self.conditional_claims: list = []
        #: ids of the givens a refutation respects (a range applied, a condition checked)
        self.applied_givens: set[int] = set()
        #: right sides of ``arg min_pi ... = pi^*(. | x)`` steps: a policy written with a
        #: placeholder there is the optimizer's policy, read at the outcome y (by identity;
        #: the nodes are kept alive so that no other node can ever take their id)
        self.optimizer_results: dict[int, A.Node] = {}
        #: denominators met while translating that are not known to be nonzero: a step is
        #: only meaningful where they do not vanish (SymPy would cancel ``a/a`` to 1 unseen)
        self.denominators: list[sp.Expr] = []
        #: operands SymPy cancelled while translating (``a - a``, ``0·a``): the step still
        #: claims they are defined, which the checker asks the kernel (see check.judge)
        self.cancelled: list[sp.Expr] = []

    def begin_step(self) -> None:
        """Start translating one step (or definition): forget the previous one's notes."""
        self.denominators = []
        self.cancelled = []
        self._bare_log = self._information = None
        self._rv_quantity = self._named_dist = None
        self.bare_policies: list[A.Node] = []

    # ------------------------------------------------------------------ definitions
    def define_table(self, name: str, values: list[sp.Rational]) -> None:
        """``name := (v1, …, vn)``: a distribution on its own n-point support.

        Raises ``ValueError`` unless the values are non-negative and sum to one.
        """
        dom = Domain(f"T{len(values)}")
        self.tables[name] = distribution(name, dom, tex=name, table=values)

    def define(self, d: A.Definition) -> None:
        self.begin_step()
        target, value = d.target, d.value
        if isinstance(target, A.Name) and isinstance(value, A.Tuple):
            nums = []
            for item in value.items:
                if not isinstance(item, A.Number):
                    raise _err(item, "a distribution table needs plain numbers")
                nums.append(sp.Rational(item.text))
            try:
                self.define_table(self._dist_key(target), nums)
            except ValueError as exc:
                raise _err(value, str(exc)) from None
            self.defined_symbols.pop(self._key(target), None)  # no longer a number
            return
        if isinstance(target, A.Call):
            head = self._document_function(target) or self._family_of(target.func, target)
            params = tuple(self.expr(a) for a in target.args + target.given)
            body = self.expr(value)
            if head is None:  # the checker decides whether its standard meaning still
                # holds (prose_meanings): never read with a meaning the document replaced
                raise _err(target, f"cannot define {target.func.base} here")
            self.context = self._forget(head).define(head, body, params)
            return
        if isinstance(target, A.Name):
            if isinstance(value, A.Number) and self._is_dist_name(target) and \
                    target.base != "pi" and sp.Rational(value.text) == 1:
                # ``P := (1)`` (the parentheses are not kept): the one-point distribution;
                # the name also stands for the number 1 where it is used as a number
                self.define_table(self._dist_key(target), [sp.Integer(1)])
            else:
                self.tables.pop(self._dist_key(target), None)  # no longer a distribution
            sym = self._symbol(target)
            try:
                body = self.expr(value)
            except TranslationError:
                # never a free symbol standing in for what could not be read
                self.defined_symbols.pop(self._key(target), None)
                self.unreadable.add(self._key(target))
                raise
            self.unreadable.discard(self._key(target))
            if (sym.is_positive and body.is_positive is not True) or (
                    sym.is_nonnegative and body.is_nonnegative is not True):
                # SymPy has already simplified with the symbol's sign (sqrt(beta^2) is beta):
                # a value that may break it would turn those simplifications false; the name
                # is then not read at all (never the positive parameter the author replaced)
                self.defined_symbols.pop(self._key(target), None)
                self.unreadable.add(self._key(target))
                raise _err(value, f"unsupported: ${sp.latex(sym)}$ is a positive parameter in "
                           "this notation; it cannot be defined as a value not known to be "
                           "positive")
            self.defined_symbols[self._key(target)] = sym
            self.context = self._forget(sym).define(sym, body)
            return
        raise _err(target, "unsupported definition")

    def _forget(self, head: Any) -> Context:
        """The context without an earlier definition of ``head`` (a redefinition replaces it)."""
        kept = tuple(d for d in self.context.definitions if d.head != head)
        return dataclasses.replace(self.context, definitions=kept)

    def _family_of(self, name: A.Name, node: A.Node) -> Any:
        b = name.base
        if name.accent or name.font:  # \\tilde{P}(x) := ...: that distribution, never P
            if not self._is_dist_name(name) or name.base in _STANDARD_MEANING:
                return None  # never the standard Z, r, π it is written over
            self._not_a_number(name)
            return self._dist_family(name)
        decorated = name.sub is not None or name.sup is not None
        if b == "Z" and not decorated:  # Z_1(x) := ... is not the partition function
            return S.Z
        if b == "r":
            self._one_reward(name, node)  # r_1(x, y) := ... then r(x, y): two rewards
            return S.r
        if b == "pi":
            return self._policy(name)
        if self._dist_key(name) in self.tables:  # P_1(x) := ... is not P
            return self.tables[self._dist_key(name)]
        self._not_a_number(name)
        if len(b) == 1 and b.isupper():
            return self._dist_family(name) if decorated else distribution(b, S.X)
        return None

    def _not_a_number(self, name: A.Name) -> None:
        """A name the document defined as a number is never silently read as a distribution."""
        if self._key(name) in self.defined_symbols:
            raise _err(name, f"{name.base} is defined above as a number, and is used here as "
                             "a distribution")

    # ------------------------------------------------------------------ names
    def _refuse_accent(self, name: A.Name) -> None:
        """An accented name whose unaccented letter has a standard meaning (``\\hat{\\sigma}``,
        ``\\tilde{\\pi}``, ``\\hat{r}``, ``\\bar{D}_{KL}``) is another object: unless the
        document defines it, it is not read (never as the unaccented one)."""
        if name.accent is None:
            return
        shown = to_latex(name)
        plain = to_latex(dataclasses.replace(name, accent=None))
        raise _err(name, f"unsupported: ${shown}$ is not ${plain}$ (an accent makes another "
                         "quantity), and this document does not define it")

    def _policy(self, name: A.Name) -> type[Probability]:
        sub, sup = _clean(name.sub), _clean(name.sup)
        if "old" in sub:
            return S.pi_old
        if "ref" in sub or "SFT" in sup or "ref" in sup:
            return S.pi_ref
        if "*" in sup or "star" in sup or sub in ("*", "star"):
            return S.pi_star
        if "theta" in sub:
            return S.pi_theta
        if not sub and not sup:
            return S.pi
        return distribution("pi_" + (sub or sup), S.Y, given=(S.X,), tex=r"\pi_{%s}" % (sub or sup))

    def _symbol(self, n: A.Name) -> sp.Symbol:
        if n.accent is not None or n.font is not None:
            return _decorated_symbol(n)
        if n.sub is None and n.sup is None:
            if n.base in _POSITIVE:
                return _POSITIVE[n.base]
            if n.base in _NAMED:
                return _NAMED[n.base]
        if n.base == "y" and n.sub in ("w", "l") and n.sup is None:
            return S.y_w if n.sub == "w" else S.y_l
        sup = n.sup if n.sup == "'" else (f"^{_clean(n.sup)}" if n.sup else "")
        name = n.base + (f"_{_clean(n.sub)}" if n.sub else "") + sup
        if name in ("x'",):
            return sp.Symbol(name)
        if name.startswith("y") and name[1:] in ("'", "''", "_1", "_2"):
            return sp.Symbol(name)
        return sp.Symbol(name, real=True)

    @staticmethod
    def _domain_for(var: sp.Symbol) -> Domain:
        return S.X if var.name.startswith("x") else S.Y

    def _is_dist_name(self, node: A.Node) -> bool:
        if isinstance(node, A.Name):
            return (node.base == "pi" and node.accent is None and node.font is None) \
                or self._dist_key(node) in self.tables or (
                    len(node.base) == 1 and node.base.isupper()
                    and node.base not in _NOT_DISTRIBUTIONS)
        if isinstance(node, A.Pow) and isinstance(node.base, A.Name) and node.base.base == "pi" \
                and node.base.accent is None and node.base.font is None:
            return True
        return False

    def _dist_family(self, node: A.Node) -> type[Probability]:
        if isinstance(node, A.Pow) and isinstance(node.base, A.Name) and node.base.base == "pi":
            return S.pi_ref  # \pi^{SFT}
        assert isinstance(node, A.Name)
        if node.base == "pi":
            return self._policy(node)
        key = self._dist_key(node)
        if key in self.tables:
            return self.tables[key]
        self._not_a_number(node)
        return distribution(key, S.X, tex=to_latex(node))

    def slot(self, node: A.Node, var: sp.Symbol | None = None) -> tuple[sp.Expr, sp.Symbol, Domain]:
        """A distribution as written in a KL/H/E slot: its application at a bound variable."""
        indexed = self.indexed_distribution(node)  # H(p) beside p_i (index_reading)
        if indexed is not None:
            dom = indexed.domains[0]  # an index letter is the plain symbol p_i is read at
            v = sp.Symbol(var.name) if isinstance(var, sp.Symbol) else sp.Symbol(dom.var_name)
            self._note_distribution(indexed, node)
            return indexed(v), v, dom
        head = node.func if isinstance(node, A.Call) else node
        if isinstance(head, A.Name) and head.accent and head.base in _STANDARD_MEANING:
            self._refuse_accent(head)
        low = self._lower_dist(head)
        if low is not None and not (isinstance(node, A.Call) and (node.given
                                                                  or len(node.args) != 1)):
            if isinstance(node, A.Call) and not isinstance(node.args[0], A.Dot):
                v = self.expr(node.args[0])
            else:
                v = var or S.x
            self._note_distribution(low, node)
            return low(v), v, S.X
        if isinstance(node, A.Call) and (self._is_dist_name(node.func)):
            fam = self._dist_family(node.func)
            self._note_distribution(fam, node)
            if node.args and not isinstance(node.args[0], A.Dot):
                v = self.expr(node.args[0])
            else:
                v = var or sp.Symbol(fam.domains[0].var_name)
            given = tuple(self.expr(g) for g in node.given)
            if fam.given and not given:
                given = (S.x,)
            return fam(v, *given), v, fam.domains[0]
        if self._is_dist_name(node):
            fam = self._dist_family(node)
            self._note_distribution(fam, node)
            dom = fam.domains[0]
            v = var or sp.Symbol(dom.var_name)
            args = (v, S.x) if fam.given else (v,)
            self.last_slot_bare = bool(fam.given)  # read at the prompt x (see check.judge)
            return fam(*args), v, dom
        raise _err(node, "expected a distribution here")

    # ------------------------------------------------------------------ expressions
    def expr(self, node: A.Node) -> sp.Expr:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise _err(node, f"unsupported notation: {type(node).__name__}")
        if type(node).__name__ + "()" in self.unreadable:  # prose_meanings: H, D_KL, I
            raise _err(node, f"unsupported: the document gives {_WRITTEN[type(node).__name__]} "
                             "a meaning of its own above, which could not be read or applied")
        depth = getattr(self, "depth", 0)
        if depth == 0:  # a whole expression: its index ranges first
            self.note_index_ranges(node)
        self.depth = depth + 1  # \infty is read only as a whole side
        try:
            return method(node)
        finally:
            self.depth -= 1

    def _Infinity(self, n: A.Infinity) -> sp.Expr:
        return read_infinity(n, self.depth)

    def _Number(self, n: A.Number) -> sp.Expr:
        try:
            exponent = Decimal(n.text).adjusted()
        except (InvalidOperation, ValueError):
            raise _err(n, f"bad number {n.text}") from None
        if abs(exponent) > MAX_DECIMAL_EXPONENT:
            raise _err(n, f"unsupported: the number {n.text[:20]} is out of range (decimal "
                          f"exponents up to ±{MAX_DECIMAL_EXPONENT})")
        try:
            return sp.Rational(n.text)
        except (TypeError, ValueError):
            raise _err(n, f"bad number {n.text}") from None

    @staticmethod
    def _key(n: A.Name) -> str:
        return f"{n.base}_{n.sub}^{n.sup}|{n.accent}|{n.font}"

    def _Name(self, n: A.Name) -> sp.Expr:
        if self._key(n) in self.unreadable:
            raise _err(n, f"the definition of {n.base} above could not be read")
        if self._key(n) in self.defined_symbols:  # introduced by the document (u := ...)
            return self.defined_symbols[self._key(n)]
        indexed = self._index_name(n)  # G, r_i, p_i of an indexed sum (index_reading)
        if indexed is not None:
            return indexed
        if n.accent and n.base in _STANDARD_MEANING:
            self._refuse_accent(n)
        if n.font in _VECTOR_FONTS or n.accent == "vec":
            raise _err(n, f"unsupported: the bold or arrowed {n.base} is a vector or a matrix, "
                          "which this vocabulary does not have (it is not read as a number)")
        if len(n.base) > 1 and n.base not in _GREEK:
            raise _err(n, f"'{n.base}' is a word, not a quantity the document defined: it is "
                          "not read as a number")
        if n.font in ("mathcal", "mathscr") and n.base in ("X", "Y", "A", "S") and not n.sub:
            raise _err(n, f"the set \\mathcal{{{n.base}}} is not a number")
        if self.shorthand and (self._key(n) in self.distribution_names or (
                self._is_dist_name(n) and n.base not in ("X", "Y"))):
            # inside an expectation over one outcome, a distribution written alone is its
            # mass at that outcome (E_{y~pi}[log pi/pi_ref]: pi(y|x)/pi_ref(y|x))
            v, dom = self.shorthand[-1]
            app, _, at = self.slot(n, v)
            if at == dom:
                return app
        if self._is_dist_name(n) and n.base not in ("X", "Y"):
            raise _err(n, f"the distribution {n.base} needs an argument here")
        plain = not (n.sub or n.sup or n.accent or n.font)
        if n.base == "E" and n.sub and not (n.sup or n.accent or n.font):
            raise _err(n, f"E_{{{n.sub}}} is not read as a number: an expectation is written "
                          "\\mathbb{E}_{x \\sim p}[...]")
        if plain and n.base in ("E", "H", "I"):
            raise _err(n, f"{n.base} alone is not read (an expectation is \\mathbb{{E}}[...], an "
                          f"entropy H(...), an information I(X;Y))")
        if self._key(n) in self.distribution_names:
            raise _err(n, f"${to_latex(n)}$ is a distribution in this document; alone it is not "
                          f"read as a number (write ${to_latex(n)}(x)$)")
        if plain and n.base in self.called:
            raise _err(n, f"{n.base} is a distribution {n.base}(x) in this document; a bare "
                          f"{n.base} is not read as a number")
        if plain and n.base in self.log_letter_bases:
            return self._log_base_value(n.base)
        if n.base == "e" and not (n.sub or n.font):
            return sp.E
        return self._symbol(n)

    def _events_as_outcomes(self, n: A.Call) -> A.Call:
        """``p(X = x)``, ``P(Y = y | X = x)``: a distribution at the outcomes the events name."""
        f = n.func
        if f.base not in ("p", "P") or f.accent or f.font or f.sup:
            raise _err(n, "an event X = x is read only as the argument of a distribution "
                          "(p(X = x))")
        return dataclasses.replace(
            n, args=tuple(a.value if isinstance(a, A.Event) else a for a in n.args),
            given=tuple(g.value if isinstance(g, A.Event) else g for g in n.given))

    def _Dot(self, n: A.Dot) -> sp.Expr:
        raise _err(n, r"\cdot as a placeholder is only allowed inside a distribution")

    def _Call(self, n: A.Call) -> sp.Expr:
        f = n.func
        if any(isinstance(a, A.Event) for a in n.args + n.given):
            n = self._events_as_outcomes(n)
        if self._key(f) + "()" in self.unreadable:  # prose_meanings
            raise _err(f, f"unsupported: the document gives {f.base} a meaning of its own "
                          "above, which could not be read or applied")
        if self.optimizer_results.get(id(n)) is n and n.args and isinstance(n.args[0], A.Dot) \
                and len(n.args) == 1 and self._is_dist_name(f):
            return self.slot(n, S.y)[0]
        if self.is_dataset_loss(n):  # L_DPO(π_θ; π_ref) (dataset_reading)
            return self.dataset_loss(n)
        args = tuple(self.expr(a) for a in n.args if not isinstance(a, A.Dot))
        given = tuple(self.expr(g) for g in n.given)
        if f.accent and (not self._is_dist_name(f) or f.base in _STANDARD_MEANING):
            # \\hat{\\sigma}(z), \\hat{r}(x, y), \\hat{Z}(x)
            mine = self._named_function(f, args, given, n)  # defined by the document
            if mine is None:
                self._refuse_accent(f)
            return mine
        if f.base == "r" and len(args) == 2 and not given:
            self._one_reward(f, n)
            return S.r(*args)
        named = self._named_function(f, args, given, n)
        if named is not None:
            return named
        bare = not (f.sub or f.sup or f.font or f.accent)  # σ_1, σ^*, Z_1: other functions
        if f.base == "Z" and len(args) == 1 and not given and bare:
            return S.Z(args[0])
        if f.base == "sigma" and len(args) == 1 and bare:
            return Sigmoid(args[0])
        low = self._lower_dist(f)
        if low is not None and len(args) == 1 and not given and f.base in ("p", "q") and (
                f.base == "q" or f.base.upper() in self.pmf_of or f.sub):
            if not isinstance(args[0], sp.Symbol) or n.args[0] in (A.Name("X"), A.Name("Y")):
                raise _err(n, f"{f.base}(...) is only read at an outcome such as {f.base}(x)")
            self._note_distribution(low, n)
            return low(args[0])
        if f == A.Name("p") or (f == A.Name("P") and "P" in self.joint_letters):
            joint = self._joint_reading(f, args, given, n)
            if joint is not None:
                return joint
        if f in (A.Name("I"), A.Name("I", font="mathrm")) and len(n.args) == 2 and not n.given:
            return self._MutualInfo(A.MutualInfo(n.args[0], n.args[1], line=n.line,
                                                 column=n.column))
        if self._is_dist_name(f):
            fam = self._dist_family(f)
            for a, node in zip(args + given, n.args + n.given, strict=False):
                if isinstance(node, A.Name) and node.base in ("X", "Y") and not node.sub:
                    raise _err(node, f"{f.base}({node.base}) of a random variable is not read "
                                     f"(write {f.base}({node.base.lower()}) under a sum or "
                                     "expectation)")
                if not isinstance(a, sp.Symbol):
                    raise _err(node, f"{f.base}(...) applied to an expression is not read (a "
                                     "distribution takes an outcome; an expectation is "
                                     "\\mathbb{E})")
            self._note_distribution(fam, n)
            if fam.given and not given:
                given = (S.x,)
            want = len(fam.domains) + len(fam.given)
            if len(args) + len(given) != want:
                raise _err(n, f"{f.base} takes {want} argument(s)")
            return fam(*args, *given)
        raise _err(n, f"unknown function {f.base}")

    def _BinOp(self, n: A.BinOp) -> sp.Expr:
        a, b = self.expr(n.left), self.expr(n.right)
        if n.op == "/":
            self._note_denominator(b)
        out = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
               "/": lambda: a / b}[n.op]()
        if n.op != "/":
            self._note_cancelled(a, b, out, sp.Mul if n.op == "*" else sp.Add)
        return out

    def _note_cancelled(self, a: sp.Expr, b: sp.Expr, out: sp.Expr, op: type) -> None:
        """Record the operands of ``a ± b`` or ``a · b`` that SymPy's automatic evaluation
        made disappear from ``out`` (``D - D = 0``, ``0·D = 0``): where such an operand
        is undefined the written step is too, though the kernel never sees it."""
        make_args = op.make_args
        if len(make_args(out)) >= len(make_args(a)) + len(make_args(b)):
            return  # nothing combined, so nothing can have been lost (the cheap common case)
        kept = _pieces(out)
        for operand in (a, b):
            if not operand.is_Number and not _pieces(operand) <= kept \
                    and operand not in self.cancelled:
                self.cancelled.append(operand)

    def _note_denominator(self, d: sp.Expr) -> None:
        if not (d.is_positive or d.is_negative or d.is_nonzero) and d not in self.denominators:
            self.denominators.append(d)

    def _Neg(self, n: A.Neg) -> sp.Expr:
        if isinstance(n.operand, A.Infinity):  # -\infty, as a whole side
            return -read_infinity(n.operand, self.depth)
        return -self.expr(n.operand)

    def _Pow(self, n: A.Pow) -> sp.Expr:
        if isinstance(n.base, A.Name) and n.base.base == "e" and not n.base.sub \
                and not (n.base.accent or n.base.font):
            return sp.exp(self.expr(n.exp))
        base, expo = self.expr(n.base), self.expr(n.exp)
        if exact_power_too_large(base, expo):
            raise _err(n, f"unsupported: an exact power with more than {MAX_EXACT_BITS} bits "
                          "(about 3000 digits), or of a sum or product with an exponent over "
                          f"{MAX_COMPOUND_EXPONENT}, is not computed")
        if expo.is_negative:
            self._note_denominator(base)
        return base ** expo

    def _Func(self, n: A.Func) -> sp.Expr:
        args = [self.expr(a) for a in n.args]
        name = n.name
        if name == "ln" and len(args) == 1:
            return sp.log(args[0])
        if name == "log" and len(args) == 1:
            if self.bits and not self.log_base:
                self._bare_log = self._bare_log or n
                self._mixed_bases()
            return sp.log(args[0]) / (sp.log(self.log_base) if self.log_base else 1)
        if name.startswith("log") and len(args) == 1:
            return sp.log(args[0]) / self._log_of_base(n, name[3:])
        if name in ("sin", "cos", "tan", "tanh") and len(args) == 1:
            return getattr(sp, name)(args[0])
        if name == "exp" and len(args) == 1:
            return sp.exp(args[0])
        if name == "sqrt" and len(args) == 1:
            return sp.sqrt(args[0])
        if name in ("min", "max") and len(args) >= 2:
            op = sp.Min if name == "min" else sp.Max
            try:
                return op(*args)
            except (ValueError, TypeError):  # constants SymPy cannot compare: σ(3/2) vs 1
                return op(*args, evaluate=False)
        if name == "clip" and len(args) == 3:
            return Clip(*args)
        if name in ("sgn", "sign") and len(args) == 1:
            return sp.sign(args[0])
        raise _err(n, f"unsupported function {name}")

    def _Abs(self, n: A.Abs) -> sp.Expr:
        op = n.operand
        if isinstance(op, A.Name) and (op.font in ("mathcal", "mathbb", "mathscr")
                                       or (op.base in ("X", "Y") and not op.sub)):
            raise _err(n, "the size of a support (|\\mathcal{X}|) is not supported")
        return sp.Abs(self.expr(op))

    def _bind(self, b: A.Binding) -> tuple[sp.Symbol, Domain, sp.Expr | None]:
        if b.lower is not None or b.upper is not None:
            return self._index_binding(b)
        if b.excluded is not None:
            raise _err(b, "\\neq is read only in a sum's limits (\\sum_{j \\neq i})")
        var = self.expr(b.var) if b.var is not None else None
        if var is not None and not isinstance(var, sp.Symbol):
            raise _err(b, "a bound variable must be a plain name")
        if b.dist is not None:
            app, v, dom = self.slot(b.dist, var)
            if isinstance(dom, IndexRange):  # i ~ p, p the distribution of the p_i
                self.check_index_variable(b, v, dom)
            return v, dom, app
        if var is None:
            raise _err(b, "a binder needs a variable")
        return var, self._domain_for(var), None

    def _Sum(self, n: A.Sum) -> sp.Expr:
        if not n.bindings:
            raise _err(n, "a sum needs its variable (\\sum_x)")
        kind = bare_index_kind(n.bindings[0], n.body) if len(n.bindings) == 1 else None
        if kind is not None:  # \sum_i p_i: an index range (index_reading)
            var, rng = self.bare_index_binding(n.bindings[0], kind, n.body)
            return SupportSum(self.expr(n.body), (var, rng))
        body = self.expr(n.body)
        bindings = []
        if len(n.bindings) == 1 and n.bindings[0].excluded is not None:
            return self._sum_except(n.bindings[0], body)
        for b in n.bindings:
            self._not_indexed(b, n.body)
            var, dom, app = self._bind(b)
            if app is None and not isinstance(dom, IndexRange):
                dom = self._support_of(b, var, body)
            bindings.append((var, dom))
        return SupportSum(body, *bindings)

    def _Expectation(self, n: A.Expectation) -> sp.Expr:
        if n.hat:
            raise _err(n, "empirical expectations are not supported")
        if len(n.bindings) == 1 and n.bindings[0].dist is not None \
                and not isinstance(n.bindings[0].var, A.Tuple) \
                and n.bindings[0].lower is None and n.bindings[0].upper is None:
            v, dom, app = self._bind(n.bindings[0])
            self.shorthand.append((v, dom))  # \mathbb{E}_{q}[\log \frac{q}{p}]: q(x), p(x)
            try:
                body = self.expr(n.body)
            finally:
                self.shorthand.pop()
            return Expectation(body, app, (v, dom))
        body = self.expr(n.body)
        for b in reversed(n.bindings):
            if isinstance(b.var, A.Tuple):  # a record drawn from a dataset (dataset_reading)
                data, bound = self.record_binding(b, n.body)
                body = Expectation(body, data, *bound)
                continue
            v, dom, app = self._bind(b)
            if app is None:
                raise _err(b, "an expectation needs a distribution (x \\sim P)")
            body = Expectation(body, app, (v, dom))
        return body

    def _Preference(self, n: A.Preference) -> sp.Expr:
        f = n.func
        if not (f.base in ("p", "P") and f.sub is None and f.accent is None
                and f.sup in (None, "*") and f.font in (None, "mathbb")):
            # \hat{p}, q, p_\theta, \sigma(y_w \succ y_l | x): whose preference is not written
            raise _err(n, f"unsupported: ${to_latex(f)}(y_w \\succ y_l)$ is not read: a "
                          "preference probability is read only as the Bradley–Terry "
                          "probability p(y_w \\succ y_l | x) (also p^*, P)")
        given = tuple(self.expr(g) for g in n.given) or (S.x,)
        return S.BT(given[0], self.expr(n.winner), self.expr(n.loser))

    def _Opt(self, n: A.Opt) -> sp.Expr:
        if n.kind not in ("argmax", "argmin"):
            raise _err(n, f"\\{n.kind} (an optimal value) is not supported; use \\arg\\{n.kind}")
        body = self.expr(n.body)
        if n.var is None:
            raise _err(n, "an optimization needs its variable")
        is_call = isinstance(n.var, A.Call)
        if self._is_dist_name(n.var) or (is_call and self._is_dist_name(n.var.func)):
            var, _, _ = self.slot(n.var, S.y)
        else:
            var = self.expr(n.var)
        cls = ArgMax if n.kind == "argmax" else ArgMin
        return cls(body, var)

    def _Tuple(self, n: A.Tuple) -> sp.Expr:
        raise _err(n, "a tuple is only allowed as a distribution table (P := (0.9, 0.1))")

    def finish(self, expr: sp.Expr) -> sp.Expr:
        """Replace every distribution given by a table in this document."""
        if not self.tables:
            return expr
        return expr

    def policy_value(self, node: A.Node) -> bool:
        """Is ``node`` a policy expression (``\\pi^*(y|x)``, ``\\pi_{ref}(y|x)e^{r/\\beta}/Z``)?"""
        return any(isinstance(m, (A.Call, A.Name)) and getattr(
            m.func if isinstance(m, A.Call) else m, "base", None) == "pi" for m in node.walk())
