r"""``derive eval`` of a distribution-valued expression: the table of its entries.

``derive eval '\pi^*(\cdot|x)' --set '\pi_{ref}=[0.5,0.3,0.2]' --set 'r=[1,0,-1]'
--set '\beta=0.5'`` prints π* on a three-answer support. The ``\cdot`` becomes the outcome
variable; a family given as a vector (a distribution, whose entries must sum to 1 within
1e-9 and are renormalised, or a real function such as a reward) takes its entry at each
outcome, with the context (``x``) held fixed; numbers are scalars.

>>> from typer.testing import CliRunner
>>> from derive.cli import app, _register_checker
>>> _register_checker()
>>> out = CliRunner().invoke(app, ["eval", r"\pi^*(\cdot|x)", "--set", r"\pi_{ref}=[0.5,0.5]",
...                                "--set", "r=[0,1]", "--set", r"\beta=1", "-f", "text"])
>>> print(out.output.strip())
y_1  0.2689414213699951
y_2  0.7310585786300049
"""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction

import sympy as sp
import typer

from .cli import Fmt
from .cli_check import _fail, _parse
from .cli_entry import finite_json
from .cli_eval import BadValue, exact_number, number_list, table_values, value_text
from .notation import ast as A

#: the argument shapes a vector-valued family is tried with, to find which family a name means
_SHAPES = ("{}(y|x)", "{}(x,y)", "{}(y)", "{}(x)")


def _family(tr, name: str):  # noqa: ANN001, ANN202 - a family class or None
    from .checker.translate import TranslationError
    from .notation import NotationError, parse_math

    for shape in _SHAPES:
        try:
            applied = tr.expr(parse_math(shape.format(name)))
        except (NotationError, TranslationError, RecursionError):
            continue
        if isinstance(applied, sp.Function):
            return type(applied)
    return None


def eval_distribution(node: A.Call, assign: list[str], digits: int | None, fmt: Fmt) -> None:
    """Print the entries of the distribution ``node`` (a call with ``\\cdot``) and exit."""
    from .checker.distribution_value import NotTabulable, entries
    from .checker.translate import TranslationError, Translator
    from .definitions import unfold_all
    from .definitions.support import Probability

    outcome = "y" if node.given else "x"
    args = tuple(A.Name(outcome) if isinstance(a, A.Dot) else a for a in node.args)
    node = dataclasses.replace(node, args=args)
    tr = Translator()
    scalars: dict = {}
    families: dict[type, list[Fraction]] = {}
    notes: list[str] = []
    for item in assign:
        if "=" not in item:
            _fail(f"derive: --set needs NAME=VALUE, got '{item}'")
        name, value = (part.strip() for part in item.rsplit("=", 1))
        try:
            if value.startswith("["):
                family = _family(tr, name)
                if family is None:
                    _fail(f"derive: {name} is not a distribution or a function of the outcome")
                if issubclass(family, Probability):
                    vector, note = table_values(value, name)
                    notes.extend([note] if note else [])
                else:
                    vector = number_list(value, name)
                families[family] = vector
                continue
            number = exact_number(value)
        except BadValue as exc:
            _fail(f"derive: bad value for {name}: {str(exc).removeprefix(name + ': ')}")
        try:
            scalars[tr.expr(_parse(name))] = sp.Rational(number.numerator, number.denominator)
        except TranslationError as exc:
            _fail(f"{exc.line}:{exc.column}: {exc.message}")
    sizes = {len(v) for v in families.values()}
    if len(sizes) != 1:
        _fail("derive: give every vector (--set NAME=[...]) with the same number of entries"
              if sizes else "derive: give the support with a vector: --set NAME=[...]")
    (size,) = sizes
    try:
        expr = unfold_all(tr.expr(node))
        exact = {f: [sp.Rational(v.numerator, v.denominator) for v in vec]
                 for f, vec in families.items()}
        values = entries(expr, sp.Symbol(outcome), size, exact, scalars,
                         50 if digits is None else digits + 15)
    except TranslationError as exc:
        _fail(f"{exc.line}:{exc.column}: {exc.message}")
    except NotTabulable as exc:
        _fail(f"derive: {exc}")
    shown = [value_text(v, digits) for v in values]
    labels = [f"{outcome}_{k + 1}" for k in range(size)]
    problems = sorted({p for _, p in shown if p})
    if fmt is Fmt.text:
        width = max(len(label) for label in labels)
        for label, (v, _) in zip(labels, shown, strict=True):
            typer.echo(f"{label:<{width}}  {'undefined' if v is None else v}")
        for line in notes + problems:
            typer.echo(f"  note: {line}")
    else:
        out: dict = {"outcome": outcome, "values": dict(zip(labels, (v for v, _ in shown),
                                                            strict=True))}
        if digits is not None:
            out["digits"] = digits
        if problems:
            out["message"] = "; ".join(problems)
        if notes:
            out["notes"] = notes
        typer.echo(json.dumps(finite_json(out), ensure_ascii=False, allow_nan=False))
    raise SystemExit(1 if problems else 0)
