"""Parse one math segment of this field's LaTeX into the neutral AST of :mod:`.ast`.

Everything goes through the Lark grammar in ``grammar.lark`` (LALR, built once and cached);
nothing here evaluates input text.  Errors are :class:`NotationError` with a one-line message
and the *document* line/column of the offending token.

>>> parse_math(r"D_{KL}(P\\|Q)")
KL(p=Name(base='P', sub=None, sup=None, accent=None, font=None), q=Name(base='Q', sub=None, \
sup=None, accent=None, font=None))
>>> parse_math(r"\\pi_{\\text{ref}}(y \\mid x)").func.sub
'ref'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedInput, VisitError

from . import ast as A
from .derivatives import apply_operators, closed, open_derivative, operator_kind, stray_operator
from .labels import clean_label, flat, is_word, leading_d, relation, text_content
from .limit_subscript import LimitSubscriptError, read_limit_subscript
from .limits import MAX_FORMULA_LENGTH, TOO_DEEP, nesting_problem
from .located import Locator, NotationError, lark_error, strip_trailing
from .rewrite import Macro, RewriteError, Rewritten, rewrite

#: Greek names that are conventionally scalars: ``\beta(a - b)`` is a product, not a call.
SCALAR_NAMES: frozenset[str] = frozenset(
    {"alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "eta", "kappa", "lambda"}
)

_FUNC_NAMES: dict[str, str] = {"sign": "sgn", "sigmoid": "sigmoid"}

#: names written as functions in this field (σ, f, Z, π, distributions, losses...): a
#: superscript before their argument, ``\\sigma^2(z)``, is not read (neither σ(z)² nor σ² · z)
FUNCTION_NAMES: frozenset[str] = frozenset(
    {"sigma", "pi", "phi", "varphi", "psi", "f", "g", "Z", "L", "ell", "J", "P", "Q", "D", "H",
     "I", "F"})
_GREEK_FUNCTIONS = frozenset({"sigma", "pi", "phi", "varphi", "psi", "ell"})
#: a primed name that is a second distribution or policy (``P'(x)``, ``\\pi'(y|x)``), not a
#: derivative
_PRIMED_DISTRIBUTION = re.compile(r"[ABCDGMOPQRSUVWXY]|pi")

@lru_cache(maxsize=1)
def _lark() -> Lark:
    text = (Path(__file__).with_name("grammar.lark")).read_text(encoding="utf-8")
    return Lark(text, parser="lalr", lexer="contextual", propagate_positions=True)


def _last_factor(node: A.Node) -> A.Node:
    """The factor a product ends with (``a b E_y r`` ends with the expectation)."""
    while isinstance(node, A.BinOp) and node.op == "*":
        node = node.right
    return node


# --------------------------------------------------------------------------- helper records
@dataclass(frozen=True)
class _Sup:
    kind: str  # "label" or "power"
    value: Any


@dataclass(frozen=True)
class _Succ:
    winner: A.Node
    loser: A.Node


@dataclass(frozen=True)
class _CallArgs:
    args: tuple[A.Node | _Succ, ...]
    semi: tuple[A.Node, ...] | None
    given: tuple[A.Node, ...]


#: a brace group whose content begins with a sign (behind spacing or a style)
_SIGNED_GROUP = re.compile(r"\{(?:\s|\\(?:display|text|script|scriptscript)style(?![a-zA-Z])"
                           r"|\\q?quad(?![a-zA-Z])|\\[,;:!])*[+-]")


@v_args(meta=True)
class _ToAst(Transformer):
    """Lark tree -> AST, shifting every position into document coordinates."""

    def __init__(self, locate: Locator, text: str = "") -> None:
        super().__init__()
        self._locate = locate
        self._text = text
        #: ids of brace groups whose content begins with + or - ({+ b}, {-b})
        self._signed: set[int] = set()
        #: ids of groups in parentheses, and of names written in braces ({\\sigma})
        self._parens: set[int] = set()
        #: expectations written without brackets (\mathbb{E}_y r(x,y)), not yet enclosed
        self._bare_expect: set[int] = set()
        self._grouped: set[int] = set()

    # positions ---------------------------------------------------------------------------
    def _at(self, line: int, column: int) -> dict[str, int]:
        line, column = self._locate(line, column)
        return {"line": line, "column": column}

    def _m(self, meta: Any) -> dict[str, int]:
        if getattr(meta, "empty", True):
            return self._at(1, 1)
        return self._at(meta.line, meta.column)

    def _t(self, tok: Token) -> dict[str, int]:
        return self._at(tok.line or 1, tok.column or 1)

    def _err(self, msg: str, meta: Any) -> NotationError:
        p = self._m(meta)
        return NotationError(msg, p["line"], p["column"])

    # top level ---------------------------------------------------------------------------
    def definition(self, meta: Any, ch: list) -> A.Node:
        return A.Definition(ch[0], ch[1], **self._m(meta))

    def chain(self, meta: Any, ch: list) -> A.Node:
        if len(ch) == 1:
            return ch[0]
        links = []
        for i in range(1, len(ch), 2):
            rel, rhs = ch[i], ch[i + 1]
            links.append(A.Link(relation(str(rel)), rhs, line=rhs.line, column=rhs.column))
        return A.Chain(ch[0], tuple(links), **self._m(meta))

    def continuation(self, meta: Any, ch: list) -> A.Node:
        links = tuple(A.Link(relation(str(ch[i])), ch[i + 1], line=ch[i + 1].line,
                             column=ch[i + 1].column) for i in range(0, len(ch), 2))
        return A.Continuation(links, **self._m(meta))

    # arithmetic --------------------------------------------------------------------------
    def _not_open(self, left: A.Node, meta: Any) -> None:
        if open_derivative(left):
            raise self._err("the operand of a derivative ends here: enclose it, "
                            "\\frac{d}{dz}\\left(f \\cdot g\\right), or the derivative, "
                            "\\left(\\frac{d}{dz} f\\right) \\cdot g", meta)

    def mul(self, meta: Any, ch: list) -> A.Node:
        self._not_open(ch[0], meta)
        self._bare_then(_last_factor(ch[0]), ch[-1], meta)
        return A.BinOp("*", ch[0], ch[-1], **self._m(meta))

    def add(self, meta: Any, ch: list) -> A.Node:
        return A.BinOp("+", ch[0], ch[1], **self._m(meta))

    def sub(self, meta: Any, ch: list) -> A.Node:
        return A.BinOp("-", ch[0], ch[1], **self._m(meta))

    def div(self, meta: Any, ch: list) -> A.Node:
        self._bare_then(_last_factor(ch[0]), ch[-1], meta)
        self._not_open(ch[0], meta)
        return A.BinOp("/", ch[0], ch[1], **self._m(meta))

    def neg(self, meta: Any, ch: list) -> A.Node:
        return A.Neg(ch[0], **self._m(meta))

    def product(self, meta: Any, ch: list) -> A.Node:
        for nxt in ch[1:]:
            if id(nxt) in self._signed:  # a {+ b}: TeX shows a + b, juxtaposition says a·b
                raise NotationError("a group that begins with + or - after a term is "
                                    "ambiguous (it reads as a sum, but braces multiply): "
                                    "write the sign outside the braces", nxt.line, nxt.column)
        for head, nxt in zip(ch, ch[1:], strict=False):
            self._bare_then(head, nxt, meta)
            name = head.base if isinstance(head, A.Pow) else head
            if isinstance(name, A.Name) and name.base in FUNCTION_NAMES \
                    and id(nxt) in self._parens:
                # {\\sigma}^2(z), {\\sigma}(z): shown as σ²(z), σ(z), never a product σ · z
                raise NotationError("unsupported: a function name in braces before its "
                                    "argument ({\\sigma}(z), {\\sigma}^2(z)) is not read; "
                                    "write \\sigma(z) or \\sigma(z)^2", head.line, head.column)
        try:
            ch = apply_operators(ch)
        except ValueError as exc:
            raise self._err(str(exc), meta) from None
        out = ch[0]
        for nxt in ch[1:]:
            out = A.BinOp("*", out, nxt, line=out.line, column=out.column)
        return out

    def abs_bar(self, meta: Any, ch: list) -> A.Node:
        return A.Abs(ch[0], **self._m(meta))

    abs_delim = abs_bar

    def number(self, meta: Any, ch: list) -> A.Node:
        return A.Number(str(ch[0]), **self._m(meta))

    def infinity(self, meta: Any, ch: list) -> A.Node:
        return A.Infinity(**self._m(meta))

    def dot(self, meta: Any, ch: list) -> A.Node:
        return A.Dot(**self._m(meta))

    def group(self, meta: Any, ch: list) -> A.Node:
        out = closed(ch[0])
        self._grouped.add(id(out))
        self._bare_expect.discard(id(out))  # (\mathbb{E}_y r)^2: enclosed, no longer bare
        start = getattr(meta, "start_pos", None)
        if start is not None and _SIGNED_GROUP.match(self._text, start):
            self._signed.add(id(out))
        if start is not None and self._text.startswith(("(", "\\lparen"), start):
            self._parens.add(id(out))
        return out

    def diff_op(self, meta: Any, ch: list) -> A.Node:
        return A.DiffOperator(ch[1], operator_kind(str(ch[0])), **self._m(meta))

    def tuple(self, meta: Any, ch: list) -> A.Node:
        return A.Tuple(tuple(ch), **self._m(meta))

    def frac(self, meta: Any, ch: list) -> A.Node:
        if leading_d(ch[0]) and leading_d(ch[1]):
            raise self._err("a derivative (\\frac{d}{dx}) is not supported", meta)
        return A.BinOp("/", ch[0], ch[1], **self._m(meta))

    def fracarg(self, meta: Any, ch: list) -> A.Node:
        return ch[0]

    def frac_digits(self, meta: Any, ch: list) -> A.Node:
        tok = ch[0]
        digits = [c for c in str(tok) if c.isdigit()][-2:]
        pos = self._m(meta)
        return A.BinOp("/", A.Number(digits[0], **pos), A.Number(digits[1], **pos), **pos)

    def sqrt(self, meta: Any, ch: list) -> A.Node:
        return A.Func("sqrt", (ch[0],), **self._m(meta))

    def sqrt_digit(self, meta: Any, ch: list) -> A.Node:
        digits = str(ch[0])
        if len(digits) != 1:  # \sqrt34 is \sqrt{3}4 in TeX: write the braces
            raise self._err(f"write \\sqrt{{{digits}}} or \\sqrt{{{digits[0]}}}{digits[1:]}"
                            " with braces", meta)
        return A.Func("sqrt", (A.Number(digits, **self._m(meta)),), **self._m(meta))

    def power(self, meta: Any, ch: list) -> A.Node:
        base, sup = ch[0], self.sup(meta, ch[1:])
        if id(base) in self._bare_expect:
            # \mathbb{E}_y r(x,y)^2 is E[r^2] as \sum_y r^2 is, but the grammar would read
            # (E[r])^2: refused, never guessed
            raise self._err("unsupported: a power after an expectation written without "
                            "brackets (\\mathbb{E}_y r(x,y)^2) is ambiguous; write "
                            "\\mathbb{E}_y[r(x,y)^2] or (\\mathbb{E}_y[r(x,y)])^2", meta)
        if sup.kind != "power":
            raise self._err("a label superscript needs a name", meta)
        return A.Pow(base, sup.value, **self._m(meta))

    # functions ---------------------------------------------------------------------------
    def func_app(self, meta: Any, ch: list) -> A.Node:
        tok, arg = ch[0], ch[-1]
        word = str(tok).lstrip("\\")
        if "{" in word:
            word = text_content(str(tok))
        name = _FUNC_NAMES.get(word, word)
        if len(ch) == 3:
            base = flat(ch[1])
            if name != "log":
                raise self._err(f"unexpected subscript on '\\{name}'", meta)
            name = "ln" if base == "e" else f"log{base}"
        args = arg.items if isinstance(arg, A.Tuple) else (arg,)
        return A.Func(name, tuple(args), **self._m(meta))

    def func_of_sum(self, meta: Any, ch: list) -> A.Node:
        pos = self._m(meta)
        total = A.Sum(ch[-2], ch[-1], **pos)
        return self.func_app(meta, [*ch[:-2], total])

    def fsub(self, meta: Any, ch: list) -> A.Node:
        return ch[0]

    def minmax_func(self, meta: Any, ch: list) -> A.Node:
        kind = "min" if "min" in str(ch[0]) else "max"
        arg = ch[1]
        args = arg.items if isinstance(arg, A.Tuple) else (arg,)
        return A.Func(kind, tuple(args), **self._m(meta))

    def argopt(self, meta: Any, ch: list) -> A.Node:
        kind = "argmin" if "min" in str(ch[0]) else "argmax"
        var, domain = ch[1] if len(ch) == 3 else (None, None)
        return A.Opt(kind, var, ch[-1], domain, **self._m(meta))

    def minmax_opt(self, meta: Any, ch: list) -> A.Node:
        kind = "min" if "min" in str(ch[0]) else "max"
        var, domain = ch[1]
        return A.Opt(kind, var, ch[2], domain, **self._m(meta))

    def optsub(self, meta: Any, ch: list) -> tuple:
        return (ch[0], ch[1] if len(ch) > 1 else None)

    # calls -------------------------------------------------------------------------------
    def arglist(self, meta: Any, ch: list) -> tuple:
        return tuple(ch)

    def semi(self, meta: Any, ch: list) -> tuple:
        return ("semi", ch[0])

    def given(self, meta: Any, ch: list) -> tuple:
        return ("given", ch[0])

    def succ(self, meta: Any, ch: list) -> _Succ:
        return _Succ(ch[0], ch[1])

    def succ_gt(self, meta: Any, ch: list) -> _Succ:
        """``P(y_1 > y_2 | x)``: a preference between responses, as with ``\\succ``; between
        anything else ``>`` inside a probability is an event, which is not read."""
        rv, value = ch[0], ch[2]
        if relation(str(ch[1])) == "=" and isinstance(rv, A.Name) and isinstance(value, A.Name) \
                and rv.base in ("X", "Y") and not (rv.sub or rv.sup or rv.accent or rv.font) \
                and value == A.Name(rv.base.lower()):
            return A.Event(rv, value, **self._m(meta))  # p(X = x), H(X | Y = y)
        if relation(str(ch[1])) != ">" or not all(
                isinstance(c, A.Name) and c.base == "y" for c in (ch[0], ch[2])):
            raise self._err("unsupported: an event inside a call (X > 0, Y = y) is not read; a "
                            "relation there is read only as a preference between responses, "
                            "P(y_1 > y_2 | x)", meta)
        return _Succ(ch[0], ch[2])

    def callargs(self, meta: Any, ch: list) -> _CallArgs:
        semi = next((c[1] for c in ch[1:] if c[0] == "semi"), None)
        given = next((c[1] for c in ch[1:] if c[0] == "given"), ())
        return _CallArgs(ch[0], semi, given)

    def _refuse_decorated_function(self, func: A.Node, ca: _CallArgs, meta: Any) -> None:
        """``\\sigma'(z)``, ``f''(x)``: a derivative written with a prime; ``\\sigma^2(z)``,
        ``\\sigma^{-1}(z)``: a power or an inverse of a named function.  Neither is read (never
        as the function itself, nor as a product with a free number)."""
        arg = ca.args[0] if len(ca.args) == 1 and not ca.given else None
        var = arg.base if isinstance(arg, A.Name) and len(arg.base) == 1 else "z"
        if isinstance(func, A.Name) and func.sup and set(func.sup) == {"'"} \
                and not _PRIMED_DISTRIBUTION.fullmatch(func.base):
            shown = ("\\" if func.base in _GREEK_FUNCTIONS else "") + func.base
            raise self._err(f"unsupported: a derivative written with a prime ({shown}"
                            f"{func.sup}) is not read; write \\frac{{d}}{{d{var}}}{shown}({var})",
                            meta)
        if isinstance(func, A.Pow) and isinstance(func.base, A.Name) \
                and func.base.base in FUNCTION_NAMES:
            shown = ("\\" if func.base.base in _GREEK_FUNCTIONS else "") + func.base.base
            raise self._err(f"unsupported: a superscript between the function {shown} and its "
                            f"argument ({shown}^{{...}}({var})) is not read: a power is written "
                            f"after the argument, {shown}({var})^{{2}}; an inverse function is "
                            "not read", meta)

    def call(self, meta: Any, ch: list) -> A.Node:
        func, ca = ch
        pos = self._m(meta)
        pmf = _pmf_of_random_variables(func, ca)
        if pmf is not None:  # p_X(x), p_{X,Y}(x, y), p_{Y|X}(y|x): the joint's p(...)
            func = pmf
        elif isinstance(func, A.Name) and func.sub is not None and "|" in func.sub:
            raise self._err(f"unsupported: the subscript {func.sub} names a conditional pmf "
                            "whose arguments do not match it", meta)
        self._refuse_decorated_function(func, ca, meta)
        plain = isinstance(func, A.Name) and func.sub is None and func.accent is None
        if ca.semi is not None and isinstance(func, A.Name) and func.base == "L" and \
                func.sub == "DPO" and not ca.given:  # L_DPO(π_θ; π_ref): DPO's dataset loss
            return A.Call(func, tuple(ca.args) + tuple(ca.semi), (), **pos)
        if ca.semi is not None:
            if not (plain and func.base == "I" and func.sup is None and len(ca.args) == 1):
                raise self._err("';' is only read in mutual information I(X;Y)", meta)
            if len(ca.semi) != 1:
                raise self._err("I(X;Y) takes one variable on each side of ';'", meta)
            return A.MutualInfo(ca.args[0], ca.semi[0], ca.given, **pos)
        if any(isinstance(a, _Succ) for a in ca.args):
            if len(ca.args) != 1 or not isinstance(func, A.Name):
                raise self._err("'\\succ' must be the only argument", meta)
            s = ca.args[0]
            return A.Preference(func, s.winner, s.loser, ca.given, **pos)
        if not isinstance(func, A.Name) or (
            plain and func.sup is None and func.base in SCALAR_NAMES and func.font is None
        ):
            # x^2(a+b) or \beta(a-b): a product with a parenthesised group
            if ca.given:
                raise self._err("'|' inside a product's parentheses", meta)
            items = ca.args
            if any(isinstance(a, A.Dot) for a in items):
                raise self._err("'\\cdot' as a factor", meta)
            grp = items[0] if len(items) == 1 else A.Tuple(items, **pos)
            return A.BinOp("*", func, grp, **pos)
        if plain and func.sup is None and func.base == "H" and func.font in (None, "mathbb"):
            return A.Entropy(ca.args, ca.given, **pos)
        if plain and func.sup is None and func.base == "CE" and len(ca.args) == 2 \
                and not ca.given and not any(a in (A.Name("X"), A.Name("Y")) for a in ca.args):
            return A.Entropy(ca.args, (), **pos)  # \mathrm{CE}(P, Q): the cross-entropy H(P, Q)
        return A.Call(func, ca.args, ca.given, **pos)

    # names -------------------------------------------------------------------------------
    def plain(self, meta: Any, ch: list) -> A.Node:
        return A.Name(str(ch[0]), **self._m(meta))

    def greek(self, meta: Any, ch: list) -> A.Node:
        return A.Name(str(ch[0]).lstrip("\\"), **self._m(meta))

    def textword(self, meta: Any, ch: list) -> A.Node:
        text = text_content(str(ch[0]))
        if not text:
            raise self._err("empty \\text{}", meta)
        return A.Name(text, **self._m(meta))

    def font(self, meta: Any, ch: list) -> A.Node:
        font = str(ch[0]).lstrip("\\")
        font = {"bm": "boldsymbol", "cal": "mathcal", "bf": "mathbf"}.get(font, font)
        return A.Name(str(ch[1]).lstrip("\\"), font=font, **self._m(meta))

    def accent(self, meta: Any, ch: list) -> A.Node:
        acc = str(ch[0]).lstrip("\\")
        acc = {"widehat": "hat", "widetilde": "tilde", "overline": "bar"}.get(acc, acc)
        inner = ch[1]
        if isinstance(inner, Token):
            inner = A.Name(str(inner).lstrip("\\"))
        if not isinstance(inner, A.Name) or inner.accent is not None:
            raise self._err("an accent must sit on a name", meta)
        return replace(inner, accent=acc, **self._m(meta))

    def sub_star(self, meta: Any, ch: list) -> str:
        return "*"

    def subscr(self, meta: Any, ch: list) -> str:
        if isinstance(ch[0], str) and not isinstance(ch[0], Token):
            return ch[0]  # sub_given's "Y|X"
        return flat(ch[0])

    def sub_given(self, meta: Any, ch: list) -> str:
        """``p_{Y|X}``: a subscript naming a conditional pmf (read by :meth:`call`)."""
        return flat(ch[0]) + "|" + flat(ch[1])

    def sub_list(self, meta: Any, ch: list) -> A.Node:
        return A.Tuple(tuple(ch), **self._m(meta)) if len(ch) > 1 else ch[0]

    def sup(self, meta: Any, ch: list) -> _Sup:
        return ch[0] if isinstance(ch[0], _Sup) else _Sup("power", ch[0])

    def supbody(self, meta: Any, ch: list) -> _Sup:
        v = ch[0]
        if isinstance(v, Token):  # STAR
            return _Sup("label", "*")
        return _Sup("power", v)

    def sup_label(self, meta: Any, ch: list) -> _Sup:
        return _Sup("label", text_content(str(ch[0])))

    def sup_prime(self, meta: Any, ch: list) -> _Sup:
        return _Sup("label", "'" * len(ch))

    def name(self, meta: Any, ch: list) -> A.Node:
        core: A.Name = ch[0]
        sub = next((c for c in ch[1:] if isinstance(c, str) and not isinstance(c, Token)), None)
        sup = next((c for c in ch[1:] if isinstance(c, _Sup)), None)
        primes = "".join("'" for c in ch[1:] if isinstance(c, Token))
        if core.sub is not None and sub is not None:
            raise self._err("double subscript", meta)
        node = replace(core, **self._m(meta))
        if sub is not None:
            node = replace(node, sub=sub)
        if sup is not None and sup.kind == "power" and is_word(sup.value) and (
                core.base == "pi" or any(c.isupper() for c in flat(sup.value))):
            sup = _Sup("label", flat(sup.value))  # \pi^{SFT}, \pi^{RL}: a label, not a power
        if sup is not None and sup.kind == "power":
            pos = self._m(meta)
            if primes:
                node = replace(node, sup=primes)
            if node == A.Name("e"):
                return A.Func("exp", (sup.value,), **pos)
            return A.Pow(node, sup.value, **pos)
        label = (sup.value if sup is not None else "") + primes
        if label:
            if core.sup is not None:
                raise self._err("double superscript", meta)
            node = replace(node, sup=label)
        return node

    # binders -----------------------------------------------------------------------------
    def limits(self, meta: Any, ch: list) -> tuple:
        bindings: list[A.Binding] = []
        upper = None
        for c in ch:
            if isinstance(c, list):
                bindings = c
            else:
                upper = c
        if upper is not None:
            if not bindings:
                raise self._err("an upper limit needs a lower one", meta)
            bindings[-1] = replace(bindings[-1], upper=upper)
        return tuple(_with_exclusion(bindings))

    def lower(self, meta: Any, ch: list) -> list:
        return [c if isinstance(c, A.Binding) else A.Binding(c, line=c.line, column=c.column)
                for c in ch]

    def upper(self, meta: Any, ch: list) -> A.Node:
        return ch[0]

    def bind_var(self, meta: Any, ch: list) -> A.Binding:
        return A.Binding(ch[0], **self._m(meta))

    def bind_in(self, meta: Any, ch: list) -> A.Binding:
        return A.Binding(ch[0], domain=ch[1], **self._m(meta))

    def bind_range(self, meta: Any, ch: list) -> A.Binding:
        if relation(str(ch[1])) == "!=":  # \\sum_{j \\neq i}: every index but i
            return A.Binding(ch[0], excluded=ch[2], **self._m(meta))
        if relation(str(ch[1])) != "=":
            raise self._err(f"unexpected '{ch[1]}' in a sum's limits", meta)
        return A.Binding(ch[0], lower=ch[2], **self._m(meta))

    def limit_(self, meta: Any, ch: list) -> A.Node:
        try:
            name, point, direction = read_limit_subscript(str(ch[0]))
        except LimitSubscriptError as exc:
            raise self._err(str(exc), meta) from None
        var = A.Name(name, **self._m(meta))
        return A.Limit(var, point, direction, ch[1], **self._m(meta))

    def sum_(self, meta: Any, ch: list) -> A.Node:
        return A.Sum(ch[0], ch[1], **self._m(meta))

    def prod_(self, meta: Any, ch: list) -> A.Node:
        return A.Prod(ch[0], ch[1], **self._m(meta))

    def esub(self, meta: Any, ch: list) -> tuple:
        return tuple(c if isinstance(c, A.Binding)
                     else A.Binding(None, dist=c, line=c.line, column=c.column) for c in ch)

    def ebind_dist(self, meta: Any, ch: list) -> A.Binding:
        return A.Binding(None, dist=ch[0], **self._m(meta))

    def ebind_sim(self, meta: Any, ch: list) -> A.Binding:
        return A.Binding(ch[0], dist=ch[1], **self._m(meta))

    def expectation(self, meta: Any, ch: list) -> A.Node:
        bindings = ch[0] if len(ch) == 2 else ()
        return self._bare(A.Expectation(bindings, ch[-1], **self._m(meta)))

    def hat_expectation(self, meta: Any, ch: list) -> A.Node:
        bindings = ch[0] if len(ch) == 2 else ()
        return self._bare(A.Expectation(bindings, ch[-1], hat=True, **self._m(meta)))

    def _bare(self, out: A.Expectation) -> A.Expectation:
        if id(out.body) not in self._grouped:
            self._bare_expect.add(id(out))
        return out

    def _bare_then(self, left: A.Node, right: A.Node, meta: Any) -> None:
        """``\\mathbb{E}_y r(x,y) \\cdot r(x,y)``: a factor after an expectation written
        without brackets that uses its variable is read by the grammar outside the mean (a
        sum would take it in): refused, never guessed."""
        if id(left) not in self._bare_expect:
            return
        bound = {m.base for b in left.bindings if b.var is not None for m in b.var.walk()
                 if isinstance(m, A.Name)}
        if any(b.var is None for b in left.bindings) or not left.bindings:
            bound |= {m.base for m in left.body.walk() if isinstance(m, A.Name)}
        if any(isinstance(m, A.Name) and m.base in bound for m in right.walk()):
            raise self._err("unsupported: a factor after an expectation written without "
                            "brackets uses its variable (\\mathbb{E}_y r(x,y) \\cdot r(x,y)), "
                            "which is ambiguous; write the brackets", meta)

    def kl(self, meta: Any, ch: list) -> A.Node:
        p, q = ch[1], ch[2]
        for side in (p, q):
            if isinstance(side, _Succ):
                raise self._err("'\\succ' inside a KL divergence", meta)
        return A.KL(p, q, **self._m(meta))

    def call_par(self, meta: Any, ch: list) -> A.Node:
        """``D(p\\|q)``, ``\\mathcal{D}_{KL}(P\\|Q)``: a divergence written with a name."""
        func, p, q = ch
        if isinstance(func, A.Name) and func.accent is not None:
            raise self._err(f"unsupported: an accented divergence (\\{func.accent}{{{func.base}}})"
                            " is not the KL divergence D(P\\|Q), and is not read", meta)
        if not (isinstance(func, A.Name) and func.base in ("D", "KL") and func.sup is None
                and clean_label(func.sub) in ("", "KL", "DKL")):
            what = func.base if isinstance(func, A.Name) else "a call"
            raise self._err(f"'\\|' between the arguments of {what} is only read in a KL "
                            "divergence D(P\\|Q)", meta)
        return self.kl(meta, [None, p, q])

    def kl_bare(self, meta: Any, ch: list) -> A.Node:
        return A.Name("D", sub="KL", **self._m(meta))


def parse_math(src: str, line: int = 1, column: int = 1,
               macros: dict[str, Macro] | None = None) -> A.Node:
    """Parse one math segment (expression, relation chain or definition).

    ``line``/``column`` say where ``src`` starts in its document; every node and every error
    carries document coordinates.

    >>> parse_math(r"\\log \\frac{a}{b}")
    Func(name='log', args=(BinOp(op='/', left=Name(base='a', sub=None, sup=None, accent=None, \
font=None), right=Name(base='b', sub=None, sup=None, accent=None, font=None)),))
    >>> parse_math("a = = b", line=4, column=3)
    Traceback (most recent call last):
    ...
    derive.notation.located.NotationError: line 4, column 7: unexpected '='
    """
    if len(src) > MAX_FORMULA_LENGTH:
        raise NotationError(f"unsupported: a formula longer than {MAX_FORMULA_LENGTH} "
                            "characters is not read", line, column)
    try:
        rw = rewrite(src, macros)
    except RewriteError as exc:
        raise NotationError(exc.message, *Locator(src, Rewritten(src, ()), line, column)
                            .offset(exc.offset)) from None
    locate = Locator(src, rw, line, column)
    text = strip_trailing(rw.text)
    if not text.strip():
        raise NotationError("empty formula", line, column)
    if len(text) > MAX_FORMULA_LENGTH:
        raise NotationError(f"unsupported: a formula longer than {MAX_FORMULA_LENGTH} "
                            "characters is not read", line, column)
    deep = nesting_problem(text)
    if deep is not None:
        raise NotationError(deep[0], *locate(deep[1], deep[2]))
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise lark_error(exc, text, locate) from None
    except RecursionError:
        raise NotationError(TOO_DEEP, line, column) from None
    try:
        out = _ToAst(locate, text).transform(tree)
        stray = stray_operator(out)
        if stray is not None:
            raise NotationError("a derivative operator needs its operand after it, in the same "
                                "product (\\log\\left(\\frac{d}{dz} f\\right))",
                                stray.line, stray.column)
        return out
    except RecursionError:
        raise NotationError(TOO_DEEP, line, column) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, NotationError):
            raise exc.orig_exc from None
        if isinstance(exc.orig_exc, RecursionError):
            raise NotationError(TOO_DEEP, line, column) from None
        raise NotationError(f"cannot read formula: {exc.orig_exc}", line, column) from None


__all__ = ["NotationError", "SCALAR_NAMES", "parse_math"]


def _pmf_of_random_variables(func: A.Node, ca: Any) -> A.Name | None:
    """``p`` for ``p_X(x)``, ``p_{X,Y}(x, y)``, ``p_{XY}(x, y)``, ``p_{Y|X}(y|x)``: a pmf
    subscripted with the random variables of its own arguments, in order, is the joint's
    ``p`` (its marginal or conditional); anything else is not."""
    if not (isinstance(func, A.Name) and func.base == "p" and func.sub and not (
            func.sup or func.accent or func.font)):
        return None
    target, _, given = func.sub.partition("|")
    # one letter per random variable, with or without commas: X,Y and XY alike
    names, given_names = (list(re.sub(r"[,\s]", "", part)) for part in (target, given))
    args = list(ca.args) + list(ca.given)
    if len(ca.given) != len(given_names) or len(args) != len(names) + len(given_names):
        return None
    for rv, arg in zip(names + given_names, args, strict=True):
        if not (rv in ("X", "Y", "Z") and isinstance(arg, A.Name) and arg.base == rv.lower()
                and not (arg.sub or arg.sup or arg.accent or arg.font)):
            return None
    return A.Name("p", line=func.line, column=func.column)


def _with_exclusion(bindings: list[A.Binding]) -> list[A.Binding]:
    """``\\sum_{j=1, j \\neq i}^{G}`` (or ``i \\neq j``): one binding of j from 1 to G but i."""
    if len(bindings) != 2:
        return bindings
    first, second = bindings
    if first.lower is None or first.excluded is not None or second.excluded is None \
            or second.lower is not None:
        return bindings
    if second.var == first.var:
        other = second.excluded
    elif second.excluded == first.var:
        other = second.var
    else:
        return bindings
    return [replace(first, upper=first.upper or second.upper, excluded=other)]
