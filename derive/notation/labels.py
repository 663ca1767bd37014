"""Reading the small words of a formula: relation tokens, ``\\text{...}`` contents, and the
labels of sub- and superscripts (``ref``, ``i,t``, ``SFT``), including the writings that are a
derivative's ``d`` or a word spelled as a product of letters.

>>> relation(r"\\leq"), relation(r"\\overset{(a)}{=}")
('<=', '=')
>>> text_content(r"\\text{ optimization  objective }")
'optimization objective'
"""

from __future__ import annotations

import re

from . import ast as A
from .located import NotationError

__all__ = ["RELATION_NAMES", "clean_label", "flat", "is_word", "leading_d", "relation",
           "text_content"]

RELATION_NAMES: dict[str, str] = {
    "=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!=": "!=",
    "le": "<=", "leq": "<=", "leqslant": "<=", "lt": "<",
    "ge": ">=", "geq": ">=", "geqslant": ">=", "gt": ">",
    "ne": "!=", "neq": "!=", "propto": "propto", "approx": "approx", "simeq": "approx",
}  # fmt: skip


def relation(text: str) -> str:
    """Normalize a relation token (``\\leq`` -> ``<=``; ``\\overset{(a)}{=}`` -> ``=``)."""
    t = text.strip()
    m = re.match(r"\\(?:stackrel|overset)\s*\{(?:[^{}]|\{[^{}]*\})*\}\s*\{\s*(.*?)\s*\}$", t)
    if m:
        t = m.group(1)
    return RELATION_NAMES[t.lstrip("\\")]


def text_content(tok: str) -> str:
    """``\\text{ optimization  objective }`` -> ``optimization objective``."""
    inner = tok[tok.index("{") + 1 : tok.rindex("}")]
    inner = re.sub(r"\\[,;:! ]|~", " ", inner).replace("\\_", "_")
    return " ".join(inner.split())


def clean_label(text: str | None) -> str:
    """``\\mathrm{KL}`` -> ``KL`` (letters and digits of a sub/superscript label)."""
    return re.sub(r"\\(?:mathrm|text|rm|operatorname|mathsf)|[^A-Za-z0-9]", "", text or "")


def leading_d(node: A.Node) -> bool:
    """Does ``node`` begin with a differential ``d`` (``d``, ``d^2``, ``\\mathrm{d}x``, ``dt``)?"""
    while isinstance(node, (A.BinOp, A.Pow)):
        if isinstance(node, A.BinOp) and node.op != "*":
            return False
        node = node.left if isinstance(node, A.BinOp) else node.base
    return isinstance(node, A.Name) and node.base == "d" and node.sub is None


def is_word(node: A.Node) -> bool:
    """Is ``node`` two or more plain letters multiplied (``SFT`` read as S·F·T)?"""
    if isinstance(node, A.BinOp) and node.op == "*":
        return all(is_word(n) or (isinstance(n, A.Name) and len(n.base) == 1 and n.base.isalpha()
                                    and n == A.Name(n.base)) for n in (node.left, node.right))
    return False


def flat(node: A.Node) -> str:
    """Flatten a subscript expression to the identifier text it spells (``ref``, ``i,t``)."""
    if isinstance(node, A.Name):
        if node.accent is not None:  # \\pi_{\\hat\\theta} is not \\pi_\\theta
            base = ("\\" if len(node.base) > 1 else "") + node.base
            raise NotationError(f"unsupported: an accented name in a subscript or a label "
                                f"(\\{node.accent}{{{base}}}) is not read", node.line,
                                node.column)
        out = node.base
        if node.sub is not None:
            out += "_" + node.sub
        if node.sup is not None:
            out += "^" + node.sup
        return out
    if isinstance(node, A.Number):
        return node.text
    if isinstance(node, A.BinOp):
        op = "" if node.op == "*" else node.op
        return flat(node.left) + op + flat(node.right)
    if isinstance(node, A.Neg):
        return "-" + flat(node.operand)
    if isinstance(node, A.Tuple):
        return ",".join(flat(i) for i in node.items)
    raise NotationError("subscript too complex for a name", node.line, node.column)
