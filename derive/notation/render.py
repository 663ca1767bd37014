"""Render the notation AST back out: canonical LaTeX (:func:`to_latex`) and JSON (:func:`to_tree`).

The LaTeX is canonical and re-readable: ``parse_math(to_latex(t)) == t`` for every tree the
parser produces (positions aside).  Parentheses are added only where the grammar needs them
(a sum or ``\\arg\\max`` that would otherwise swallow what follows, a sum of terms under a
product, ...).

>>> from derive.notation.parser import parse_math
>>> to_latex(parse_math(r"\\pi_{ref}(y|x)"))
'\\\\pi_{\\\\mathrm{ref}}(y \\\\mid x)'
>>> to_tree(parse_math("x"))
{'type': 'Name', 'base': 'x', 'sub': None, 'sup': None, 'accent': None, 'font': None}
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from . import ast as A

GREEK: frozenset[str] = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta "
    "Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell infty".split()
)

_REL_LATEX: dict[str, str] = {
    "=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">",
    "propto": r"\propto", "approx": r"\approx", "!=": r"\neq",
}  # fmt: skip

_FUNC_LATEX: dict[str, str] = {
    "log": r"\log", "ln": r"\ln", "exp": r"\exp", "tanh": r"\tanh", "sin": r"\sin",
    "cos": r"\cos", "min": r"\min", "max": r"\max", "sqrt": r"\sqrt",
}  # fmt: skip

_OPT_LATEX: dict[str, str] = {
    "argmin": r"\arg\min", "argmax": r"\arg\max", "min": r"\min", "max": r"\max",
}  # fmt: skip

#: nodes whose LaTeX is one closed factor (safe as a paren-less \log argument)
_ATOMS = (A.Name, A.Number, A.Call, A.Entropy, A.MutualInfo, A.KL, A.Preference, A.Abs,
          A.Tuple, A.Expectation, A.Pow, A.Func, A.Dot)


def _word(word: str) -> str:
    if word in GREEK:
        return "\\" + word
    if len(word) == 1:
        return word
    return r"\mathrm{" + word + "}"


def _subtext(text: str) -> str:
    """Subscript text to LaTeX: ``theta_old`` -> ``\\theta_{\\mathrm{old}}``, ``ref`` ->
    ``\\mathrm{ref}``, ``i,t`` -> ``i,t``."""
    head, _, tail = text.partition("_")
    out: list[str] = []
    for tok in re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?|\s+|.", head):
        if tok[0].isalpha():
            word = _word(tok)
            if out and re.search(r"\\[A-Za-z]+$", out[-1]) and word[0].isalpha():
                out.append(" ")  # \theta r, not \thetar
            out.append(word)
        elif tok.isspace():
            out.append(r"\ ")
        else:
            out.append(tok)
    s = "".join(out)
    if tail:
        s += "_{" + _subtext(tail) + "}"
    return s


def _name(n: A.Name) -> str:
    if n.font is not None:
        core = f"\\{n.font}{{{_word(n.base) if n.base in GREEK else n.base}}}"
    elif n.base in GREEK:
        core = "\\" + n.base
    elif len(n.base) == 1:
        core = n.base
    else:
        core = r"\text{" + n.base + "}"
    if n.accent is not None:
        core = f"\\{n.accent}{{{core}}}"
    if n.sub is not None:
        core += "_{" + _subtext(n.sub) + "}"
    if n.sup is not None:
        if set(n.sup) == {"'"}:
            core += n.sup
        elif n.sup == "*":
            core += "^{*}"
        else:
            core += r"^{\text{" + n.sup + "}}"
    return core


def _paren(s: str) -> str:
    return r"\left(" + s + r"\right)"


def _ends_open(node: A.Node, opt_only: bool = False) -> bool:
    """True if the node's LaTeX ends in a binder that would swallow what follows."""
    if isinstance(node, A.Opt) or (isinstance(node, A.Derivative) and not opt_only):
        return True
    if isinstance(node, (A.Sum, A.Prod, A.Limit)):
        return not opt_only or _ends_open(node.body, opt_only)
    if isinstance(node, A.BinOp) and node.op != "/":
        return _ends_open(node.right, opt_only)
    if isinstance(node, A.Neg):
        return _ends_open(node.operand, opt_only)
    return False


def _args(items: tuple[A.Node, ...]) -> str:
    return ", ".join(to_latex(i) for i in items)


def _given(given: tuple[A.Node, ...]) -> str:
    return r" \mid " + _args(given) if given else ""


def _binding(b: A.Binding) -> str:
    if b.var is None:
        return to_latex(b.dist) if b.dist is not None else ""
    s = to_latex(b.var)
    if b.domain is not None:
        s += r" \in " + to_latex(b.domain)
    if b.dist is not None:
        s += r" \sim " + to_latex(b.dist)
    if b.lower is not None:
        s += "=" + to_latex(b.lower)
    if b.excluded is not None:
        s += r" \neq " + to_latex(b.excluded)
    return s


def _limits(bindings: tuple[A.Binding, ...]) -> str:
    if not bindings:
        return ""
    s = "_{" + ", ".join(_binding(b) for b in bindings) + "}"
    upper = bindings[-1].upper
    if upper is not None:
        s += "^{" + to_latex(upper) + "}"
    return s


def _factor(node: A.Node) -> str:
    """LaTeX for ``node`` as an operand of a product (parenthesised if needed)."""
    if isinstance(node, (A.Neg, A.Opt, A.Chain, A.Definition)) or (
        isinstance(node, A.BinOp) and node.op in "+-"
    ):
        return _paren(to_latex(node))
    return to_latex(node)


def _mul(node: A.BinOp) -> str:
    left, right = node.left, node.right
    ls = _factor(left)
    if _ends_open(left):
        ls = _paren(to_latex(left))
    if isinstance(right, A.BinOp) and right.op == "*":
        return ls + r" \cdot " + _paren(to_latex(right))
    rs = _factor(right)
    if rs.startswith(("(", "[", r"\left(", r"\left[")) or (
        rs[:1].isdigit() and ls[-1:].isdigit()
    ) or (isinstance(left, A.BinOp) and left.op == "*" and r"\cdot" in ls):
        # juxtaposition binds tighter than \cdot: (1 \cdot 1) x must not read 1 \cdot (1 x)
        return ls + r" \cdot " + rs
    return ls + " " + rs


def _addsub(node: A.BinOp) -> str:
    left, right = node.left, node.right
    ls = to_latex(left)
    if _ends_open(left, opt_only=True):
        ls = _paren(ls)
    rs = to_latex(right)
    if isinstance(right, (A.Neg, A.Chain, A.Definition)) or (
        isinstance(right, A.BinOp) and right.op in "+-"
    ):
        rs = _paren(rs)
    return f"{ls} {node.op} {rs}"


def _func(node: A.Func) -> str:
    name = node.name
    if name.startswith("log") and len(name) > 3:
        base = name[3:]
        head = r"\log_{" + ("\\" + base if len(base) > 1 and base.isalpha() else base) + "}"
    elif name in _FUNC_LATEX:
        head = _FUNC_LATEX[name]
    else:
        head = r"\operatorname{" + name + "}"
    if name == "sqrt":
        return head + "{" + to_latex(node.args[0]) + "}"
    arg0 = node.args[0] if node.args else None
    atomic = isinstance(arg0, _ATOMS) or (isinstance(arg0, A.BinOp) and arg0.op == "/")
    if len(node.args) == 1 and atomic and name not in (
        "exp", "min", "max"
    ) and not isinstance(arg0, A.Tuple) and head.startswith(r"\l"):
        return head + " " + to_latex(node.args[0])
    return head + _paren(_args(node.args))


def to_latex(node: A.Node) -> str:
    """Canonical LaTeX for an AST node.

    >>> from derive.notation.parser import parse_math
    >>> to_latex(parse_math(r"\\mathrm{KL}(P||Q)"))
    'D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)'
    >>> to_latex(parse_math(r"\\sum_x P(x)\\log\\frac{P(x)}{Q(x)}"))
    '\\\\sum_{x} P(x) \\\\log \\\\frac{P(x)}{Q(x)}'
    """
    if isinstance(node, A.Number):
        return node.text
    if isinstance(node, A.Name):
        return _name(node)
    if isinstance(node, A.Infinity):
        return r"\infty"
    if isinstance(node, A.Dot):
        return r"\cdot"
    if isinstance(node, A.Call):
        return f"{_name(node.func)}({_args(node.args)}{_given(node.given)})"
    if isinstance(node, A.BinOp):
        if node.op == "/":
            return r"\frac{" + to_latex(node.left) + "}{" + to_latex(node.right) + "}"
        if node.op == "*":
            return _mul(node)
        return _addsub(node)
    if isinstance(node, A.Neg):
        return "-" + _factor(node.operand)
    if isinstance(node, A.Pow):
        base = to_latex(node.base)
        if not isinstance(node.base, (A.Number, A.Call, A.Abs, A.Expectation, A.KL,
                                      A.Entropy, A.MutualInfo, A.Tuple)) and not (
            isinstance(node.base, A.Name) and node.base.sup is None
        ):
            base = _paren(base)
        exp = to_latex(node.exp)
        if isinstance(node.exp, A.Name) and exp.startswith(r"\text{"):
            exp = _paren(exp)  # x^{\text{w}} would read as a label, not a power
        return base + "^{" + exp + "}"
    if isinstance(node, A.Func):
        return _func(node)
    if isinstance(node, (A.Sum, A.Prod)):
        head = r"\sum" if isinstance(node, A.Sum) else r"\prod"
        body = to_latex(node.body)
        if isinstance(node.body, (A.Neg, A.Opt)) or (
            isinstance(node.body, A.BinOp) and node.body.op in "+-"
        ):
            body = _paren(body)
        return f"{head}{_limits(node.bindings)} {body}"
    if isinstance(node, A.Limit):
        point = r"\infty" if node.point == "oo" else node.point
        if node.point != "oo" and node.direction != "+-":
            point += "^{%s}" % node.direction
        body = to_latex(node.body)
        if isinstance(node.body, (A.Neg, A.Opt)) or (
            isinstance(node.body, A.BinOp) and node.body.op in "+-"
        ):
            body = _paren(body)
        return r"\lim_{%s \to %s} %s" % (to_latex(node.var), point, body)
    if isinstance(node, A.Expectation):
        head = r"\hat{\mathbb{E}}" if node.hat else r"\mathbb{E}"
        return head + _limits(node.bindings) + r"\left[" + to_latex(node.body) + r"\right]"
    if isinstance(node, A.KL):
        return r"D_{\mathrm{KL}}(" + to_latex(node.p) + r" \,\|\, " + to_latex(node.q) + ")"
    if isinstance(node, A.Entropy):
        return f"H({_args(node.args)}{_given(node.given)})"
    if isinstance(node, A.MutualInfo):
        return f"I({to_latex(node.a)}; {to_latex(node.b)}{_given(node.given)})"
    if isinstance(node, A.Event):
        return f"{to_latex(node.rv)} = {to_latex(node.value)}"
    if isinstance(node, A.Preference):
        return (f"{_name(node.func)}({to_latex(node.winner)} \\succ {to_latex(node.loser)}"
                f"{_given(node.given)})")
    if isinstance(node, A.Opt):
        sub = ""
        if node.var is not None:
            sub = to_latex(node.var)
            if node.domain is not None:
                sub += r" \in " + to_latex(node.domain)
            sub = "_{" + sub + "}"
        return f"{_OPT_LATEX[node.kind]}{sub} {to_latex(node.body)}"
    if isinstance(node, A.Abs):
        return r"\left| " + to_latex(node.operand) + r" \right|"
    if isinstance(node, A.Derivative):
        var = to_latex(node.var)
        head = {"d": r"\frac{d}{d%s}" % var, "nabla": r"\nabla_{%s}" % var}.get(
            node.kind, r"\frac{\partial}{\partial %s}" % var)
        return head + _paren(to_latex(node.operand))
    if isinstance(node, A.Tuple):
        return _paren(_args(node.items))
    if isinstance(node, A.Chain):
        out = to_latex(node.first)
        for link in node.links:
            out += f" {_REL_LATEX[link.relation]} {to_latex(link.rhs)}"
        return out
    if isinstance(node, A.Continuation):
        return " ".join(f"{_REL_LATEX[k.relation]} {to_latex(k.rhs)}" for k in node.links)
    if isinstance(node, A.Definition):
        return f"{to_latex(node.target)} := {to_latex(node.value)}"
    raise TypeError(f"cannot render {type(node).__name__}")


def to_tree(node: Any, positions: bool = False) -> Any:
    """A JSON-able structure for a node: ``{"type": "KL", "p": {...}, "q": {...}}``.

    >>> from derive.notation.parser import parse_math
    >>> to_tree(parse_math("-2"))
    {'type': 'Neg', 'operand': {'type': 'Number', 'text': '2'}}
    """
    if isinstance(node, A.Node):
        out: dict[str, Any] = {"type": type(node).__name__}
        for f in fields(node):
            if f.name in ("line", "column"):
                continue
            out[f.name] = to_tree(getattr(node, f.name), positions)
        if positions:
            out["line"], out["column"] = node.line, node.column
        return out
    if isinstance(node, tuple):
        return [to_tree(v, positions) for v in node]
    return node


__all__ = ["to_latex", "to_tree"]
