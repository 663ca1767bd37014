"""``derive eval``: the value of an expression at given symbols, tables and distributions.

Values are read exactly as written (decimals, never through ``float`` or ``sympify``); a
distribution given as a float vector whose entries sum to 1 within ``1e-9`` (as NumPy vectors
do) is renormalised, and the output says so. The value is computed with the kernel's own
mpmath evaluator, printed at full double precision (the shortest text that reads back as the
same float) or, with ``--digits N``, to N significant digits. JSON is always valid: a value
that is not a finite number is ``null`` with a message, and the exit code is 1.

>>> exact_number("0.1")
Fraction(1, 10)
>>> [str(v) for v in table_values("[0.1, 0.2, 0.7000000000000001]", "P")[0]]
['1000000000000000/10000000000000001', '2000000000000000/10000000000000001', \
'7000000000000001/10000000000000001']
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated

import typer

from .cli import Fmt, FormatOpt, app
from .cli_check import _fail, _parse
from .cli_entry import finite_json
from .notation import ast as A

#: a distribution's entries may miss 1 by this much (float rounding) and are renormalised
SUM_TOLERANCE = Fraction(1, 10**9)
#: decimal exponents beyond this are refused (an exact 10^5000 is not a useful input)
MAX_EXPONENT = 400
#: the most digits ``--digits`` computes
MAX_DIGITS = 1000


class BadValue(ValueError):
    """A ``--set`` value that is not a number or a list of numbers."""


def exact_number(text: str) -> Fraction:
    """The exact value of a decimal literal (``0.1`` is 1/10, not the float nearest it).

    >>> exact_number("-2.5e-3")
    Fraction(-1, 400)
    >>> exact_number("1e5000")
    Traceback (most recent call last):
    ...
    derive.cli_eval.BadValue: '1e5000' is out of range (exponents up to ±400)
    """
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        raise BadValue(f"'{text}' is not a number") from None
    if not d.is_finite():
        raise BadValue(f"'{text}' is not a finite number")
    if abs(d.adjusted()) > MAX_EXPONENT:
        raise BadValue(f"'{text}' is out of range (exponents up to ±{MAX_EXPONENT})")
    return Fraction(d)


def number_list(text: str, name: str) -> list[Fraction]:
    """The exact numbers of a JSON list such as ``[1, 0, -1]``.

    >>> number_list("[1, -0.5]", "r")
    [Fraction(1, 1), Fraction(-1, 2)]
    """
    try:
        raw = json.loads(text, parse_float=str, parse_int=str)
    except json.JSONDecodeError:
        raise BadValue(f"{name}: '{text}' is not a list of numbers") from None
    if not isinstance(raw, list) or not raw or not all(isinstance(v, str) for v in raw):
        raise BadValue(f"{name}: '{text}' is not a list of numbers")
    return [exact_number(v) for v in raw]


def table_values(text: str, name: str) -> tuple[list[Fraction], str | None]:
    """A distribution table from JSON text, and a note if it was renormalised.

    >>> table_values("[0.5, 0.5]", "P")
    ([Fraction(1, 2), Fraction(1, 2)], None)
    >>> table_values("[0.5, 0.4]", "P")
    Traceback (most recent call last):
    ...
    derive.cli_eval.BadValue: P: the entries sum to 0.9, not 1
    """
    values = number_list(text, name)
    if any(v < 0 for v in values):
        raise BadValue(f"{name}: a distribution's entries must be non-negative")
    total = sum(values, Fraction(0))
    if total == 1:
        return values, None
    if abs(total - 1) > SUM_TOLERANCE:
        raise BadValue(f"{name}: the entries sum to {float(total):.12g}, not 1")
    return ([v / total for v in values],
            f"{name}: entries summed to 1 {'+' if total > 1 else '-'} "
            f"{float(abs(total - 1)):.3g}; renormalised to sum to 1")


def value_text(value: object, digits: int | None) -> tuple[float | str | None, str | None]:
    """The printed value and, when it is not a finite number, why."""
    import mpmath

    if value is None:
        return None, "the value is undefined here (division by zero or log 0)"
    if mpmath.isnan(value):
        return None, "the value is undefined here (not a number)"
    if mpmath.isinf(value):
        return None, f"the value is not finite ({'+' if value > 0 else '-'}infinity)"
    if digits is None:
        f = float(value)
        if f in (float("inf"), float("-inf")):
            return None, "the value overflows double precision; use --digits"
        return f, None
    return mpmath.nstr(value, digits, min_fixed=-4, max_fixed=digits + 1), None


@app.command("eval")
def eval_cmd(
    text: Annotated[str, typer.Argument(help="LaTeX (a leading '-' is part of it)")],
    assign: Annotated[list[str], typer.Option(
        "--set", help="NAME=VALUE: a number, or a distribution as [p1, p2, ...]")]
    = [],  # noqa: B006 - typer reads the default; it is never mutated
    digits: Annotated[int | None, typer.Option(
        "--digits", help="significant digits (computed with mpmath); default: full double")]
    = None,
    fmt: FormatOpt = Fmt.json,
) -> None:
    """Evaluate an expression with values for its symbols and distributions."""
    import sympy as sp

    from .checker.translate import TranslationError, Translator
    from .definitions import unfold_all

    if digits is not None and not 1 <= digits <= MAX_DIGITS:
        _fail(f"derive eval: --digits must be between 1 and {MAX_DIGITS}")
    node = _parse(text)
    if isinstance(node, A.Call) and any(isinstance(a, A.Dot) for a in node.args):
        from .cli_eval_table import eval_distribution

        eval_distribution(node, assign, digits, fmt)
        return
    tr = Translator()
    subs: dict = {}
    notes: list[str] = []
    for item in assign:
        if "=" not in item:
            _fail(f"derive: --set needs NAME=VALUE, got '{item}'")
        name, value = (part.strip() for part in item.rsplit("=", 1))
        try:
            if value.startswith("["):
                values, note = table_values(value, name)
                tr.define_table(name, [sp.Rational(v.numerator, v.denominator) for v in values])
                notes.extend([note] if note else [])
                continue
            num = exact_number(value)
        except (BadValue, ValueError) as exc:
            _fail(f"derive: bad value for {name}: {str(exc).removeprefix(name + ': ')}")
        try:
            key = tr.expr(_parse(name))
        except TranslationError as exc:
            _fail(f"{exc.line}:{exc.column}: {exc.message}")
        subs[key] = sp.Rational(num.numerator, num.denominator)
    try:
        expr = tr.expr(node)
    except TranslationError as exc:
        _fail(f"{exc.line}:{exc.column}: {exc.message}")
    except RecursionError:
        _fail("1:1: unsupported: the formula is nested too deeply or has too many terms")
    closed = unfold_all(expr.xreplace(subs)).xreplace(subs)
    found, value = concrete_value(closed, 50 if digits is None else digits + 15)
    if not found:
        _fail("derive: the expression still has free symbols; give them with --set")
    shown, problem = value_text(value, digits)
    if fmt is Fmt.text:
        typer.echo("undefined" if shown is None else (repr(shown) if isinstance(shown, float)
                                                        else shown))
        for line in notes + ([problem] if problem else []):
            typer.echo(f"  note: {line}")
    else:
        out: dict = {"value": shown}
        if digits is not None:
            out["digits"] = digits
        if problem:
            out["message"] = problem
        if notes:
            out["notes"] = notes
        typer.echo(json.dumps(finite_json(out), ensure_ascii=False, allow_nan=False))
    raise SystemExit(0 if shown is not None else 1)


def concrete_value(expr, dps: int) -> tuple[bool, object]:  # noqa: ANN001
    """Whether ``expr`` is closed (only tables and numbers left) and its value at ``dps``.

    Uses the kernel's own evaluator, so ``eval`` and the kernel cannot disagree.

    >>> import sympy as sp
    >>> import mpmath
    >>> closed, value = concrete_value(sp.log(2) * 2, 40)
    >>> closed, mpmath.nstr(value, 30)
    (True, '1.38629436111989061883446424292')
    >>> concrete_value(sp.Symbol("b"), 30)[0]
    False
    """
    from .definitions import unfold_all
    from .kernel.numeric import Unsupported, evaluate_mp, sample_batches, signature

    e = unfold_all(expr)
    try:
        sig = signature(e)
    except Unsupported:
        return False, None
    if sig.scalars or sig.functions or sig.support_vars or any(
            fam.table is None for fam in sig.distributions):
        return False, None
    try:
        return True, evaluate_mp(e, sample_batches(sig, 0)[0], 0, dps=dps)
    except Unsupported:  # e.g. log 0 was simplified to an infinity before evaluation
        return True, None
