"""Derivative writings, recognised before parsing: ``\\frac{d}{dz}``,
``\\frac{\\mathrm d}{\\mathrm dz}``, ``\\frac{\\partial}{\\partial\\theta}``,
``\\frac{\\partial f}{\\partial z}`` (and ``\\dfrac``, ``\\tfrac``).

The grammar reads a run of letters such as ``dz`` as a product of one-letter names, so a derivative
fraction is rewritten first into an operator the grammar knows, with a subscript naming the
variable: ``\\frac{d}{dz}`` becomes ``\\DeriveOrdinaryD_{z}`` (then read like ``\\nabla_z``: it
applies to the factors written after it), and ``\\frac{\\partial f}{\\partial z}``, whose
numerator carries its own operand, becomes ``{\\DerivePartialD_{z}{f}}`` (the operand is only
``f``). A second derivative ``\\frac{d^2}{dz^2}`` or a denominator that is not one variable
(``\\partial\\log\\pi``) is refused with a message, never read as a quotient.

>>> rewrite_derivatives(r"\\frac{d}{dt}\\log(1+e^t)", list(range(20)))[0]
'\\\\DeriveOrdinaryD_{t} \\\\log(1+e^t)'
>>> rewrite_derivatives(r"\\frac{\\partial \\mathcal{L}}{\\partial \\ell_w}", list(range(40)))[0]
'{\\\\DerivePartialD_{\\\\ell_w}{\\\\mathcal{L}}}'
"""

from __future__ import annotations

import dataclasses
import re

from . import ast as A

__all__ = ["DerivativeError", "OPERATOR_KINDS", "apply_operators", "closed", "open_derivative",
           "operator_kind", "rewrite_derivatives", "stray_operator"]

#: the operator commands this module writes, and the kind of derivative each one is
OPERATOR_KINDS: dict[str, str] = {r"\DeriveOrdinaryD": "d", r"\DerivePartialD": "partial"}

#: a differential symbol: d, \mathrm d, \mathrm{d}, \text{d}, \operatorname{d}, \partial
_D = (r"(?:\\partial(?![a-zA-Z])|\\(?:mathrm|text|rm|operatorname|textrm)\s*(?:\{\s*d\s*\}|d)"
      r"|d(?![_']))")
#: \d{...} at the start of a group, capturing the kind (partial or not)
_LEAD = re.compile(r"\s*(" + _D + r")")
#: a single variable after the differential: a letter or a Greek command, one optional subscript
_VAR = re.compile(r"\s*((?:[A-Za-z]|\\[a-zA-Z]+)(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]|\\[a-zA-Z]+))?)"
                  r"\s*$")
_FRAC = re.compile(r"\\[dt]?frac(?![a-zA-Z])\s*\{")


class DerivativeError(ValueError):
    """A derivative written in a form that is not read; ``offset`` is in the rewritten text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message, self.offset = message, offset


def _group(text: str, open_at: int) -> int:
    """Index just after the ``}`` matching the ``{`` at ``open_at`` (-1 if unbalanced)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and (i == 0 or text[i - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _split(arg: str) -> tuple[str, str] | None:
    """``\\partial f`` -> (``\\partial``, `` f``); None when ``arg`` does not begin with a
    differential."""
    m = _LEAD.match(arg)
    if m is None:
        return None
    return m.group(1), arg[m.end():]


def _kind(d: str) -> str:
    return r"\DerivePartialD" if d.startswith(r"\partial") else r"\DeriveOrdinaryD"


def rewrite_derivatives(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """Rewrite every derivative fraction of ``text`` (``origin`` maps characters back to the
    segment as written and is kept aligned). Raises :class:`DerivativeError`."""
    i = 0
    while (m := _FRAC.search(text, i)) is not None:
        num_end = _group(text, m.end() - 1)
        if num_end < 0:
            return text, origin
        den_open = re.match(r"\s*\{", text[num_end:])
        if den_open is None:
            i = m.end()
            continue
        den_start = num_end + den_open.end() - 1
        den_end = _group(text, den_start)
        if den_end < 0:
            return text, origin
        num, den = text[m.end():num_end - 1], text[den_start + 1:den_end - 1]
        top, bottom = _split(num), _split(den)
        if top is None or bottom is None:
            i = m.end()
            continue
        (d_top, body), (d_bottom, var_text) = top, bottom
        if re.match(r"\s*\^", body) or re.search(r"\^\s*\{?\s*\d", var_text):
            raise DerivativeError("a higher derivative (\\frac{d^2}{dz^2}) is not supported",
                                  origin[m.start()])
        if d_top.startswith(r"\partial") != d_bottom.startswith(r"\partial"):
            raise DerivativeError("a derivative writes the same d (or \\partial) above and below",
                                  origin[m.start()])
        var = _VAR.match(var_text)
        if var is None:
            raise DerivativeError("a derivative is only read with respect to one variable "
                                  "(\\frac{d}{dz}, \\frac{\\partial}{\\partial\\theta_1})",
                                  origin[m.start()])
        op = f"{_kind(d_top)}_{{{var.group(1).strip()}}}"
        new = f"{op} " if not body.strip() else f"{{{op}{{{body.strip()}}}}}"
        at = origin[m.start()] if m.start() < len(origin) else len(origin)
        text = text[:m.start()] + new + text[den_end:]
        origin = origin[:m.start()] + [at] * len(new) + origin[den_end:]
        i = m.start() + 1
    return text, origin


# ----------------------------------------------------------------------------- reading the AST

def operator_kind(token: str) -> str:
    """The kind of a ``DIFFOP`` token: ``d``, ``partial`` or ``nabla``.

    >>> operator_kind(r"\\DeriveOrdinaryD"), operator_kind(r"\\partial"), operator_kind(r"\\nabla")
    ('d', 'partial', 'nabla')
    """
    if token in OPERATOR_KINDS:
        return OPERATOR_KINDS[token]
    return "nabla" if token == r"\nabla" else "partial"


def apply_operators(children: list[A.Node]) -> list[A.Node]:
    """The factors of one product with each derivative operator applied to the factors after
    it (``2\\frac{d}{dz} f g`` -> ``[2, d(f·g)/dz]``). Raises ``ValueError`` (message only) when
    an operator has nothing after it.

    >>> out = apply_operators([A.Number("2"), A.DiffOperator(A.Name("z")), A.Name("f")])
    >>> out[1].operand, out[1].open
    (Name(base='f', sub=None, sup=None, accent=None, font=None), True)
    """
    for k, child in enumerate(children):
        if isinstance(child, A.DiffOperator):
            rest = apply_operators(children[k + 1:])
            if not rest:
                raise ValueError("a derivative operator needs an expression after it")
            operand = rest[0]
            for nxt in rest[1:]:
                operand = A.BinOp("*", operand, nxt, line=operand.line, column=operand.column)
            deriv = A.Derivative(child.var, operand, child.kind, open=True, line=child.line,
                                 column=child.column)
            return [*children[:k], deriv]
    return children


def closed(node: A.Node) -> A.Node:
    """``node`` as enclosed in a group: a derivative in it is no longer open."""
    if isinstance(node, A.BinOp) and node.op == "*":
        return dataclasses.replace(node, right=closed(node.right))
    return dataclasses.replace(node, open=False) if isinstance(node, A.Derivative) else node


def open_derivative(node: A.Node) -> bool:
    """Does ``node`` end in a derivative operator applied to juxtaposed factors, not enclosed
    (``2\\frac{d}{dz} f``)?"""
    while isinstance(node, A.BinOp) and node.op == "*" and not isinstance(node, A.Derivative):
        node = node.right
    return isinstance(node, A.Derivative) and node.open


def stray_operator(node: A.Node) -> A.Node | None:
    """A derivative operator left without its operand anywhere in ``node`` (``\\log\\nabla_z f``
    reads ``\\nabla_z`` as the logarithm's whole argument)."""
    return next((n for n in node.walk() if isinstance(n, A.DiffOperator)), None)
