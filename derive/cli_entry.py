"""How the ``derive`` command line is read and how failures leave it.

Two jobs, both before or after typer runs a command:

* **Expressions that begin with ``-``** (``-\\log\\sigma(z)``) are read as expressions by the
  commands that take LaTeX (``parse``, ``equiv``, ``eval``): a single-dash token that is not one
  of the command's own options is moved after a ``--`` separator with the other arguments.
* **Failures become one line and an exit code**: usage errors exit 2, internal errors exit 3
  with a hint to re-run with ``--debug`` (which prints the traceback as well).

The click that typer runs on is reached through typer (``typer.BadParameter``'s bases), never
by importing ``click``: current typer bundles its own copy, and ``click`` may not be installed.

>>> import typer
>>> app = typer.Typer()
>>> @app.command()
... def equiv(a: str, b: str, fmt: str = typer.Option("text", "--format", "-f")) -> None:
...     pass
>>> @app.command()
... def other() -> None:
...     pass
>>> expressions_after_separator(app, ["equiv", "-\\\\log x", "-f", "json", "y"], {"equiv"})
['equiv', '-f', 'json', '--', '-\\\\log x', 'y']
>>> expressions_after_separator(app, ["equiv", "--no-such", "x", "y"], {"equiv"})
['equiv', '--no-such', '--', 'x', 'y']
"""

from __future__ import annotations

import json
import math
import sys
import traceback
from collections.abc import Iterable

import typer

#: the click ``ClickException`` class typer raises usage errors with (bundled or installed)
CLICK_EXCEPTION: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

#: appended to every internal error
DEBUG_HINT = "(re-run with --debug for the traceback)"

EXIT_CODES_HELP = (
    "Exit codes: 0 every step proved or numeric_only (check: every file correct); "
    "1 some step refuted or inconclusive; 2 usage or input error (one line on stderr, "
    "file:line:column where there is a file); 3 internal error (one line; --debug shows the "
    "traceback).")


def _click_command(app: typer.Typer, name: str):  # noqa: ANN202 - a click Command or None
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    return commands.get(name)


def expressions_after_separator(app: typer.Typer, args: list[str],
                                expression_commands: Iterable[str]) -> list[str]:
    """``args`` with the positional arguments of an expression command moved after ``--``.

    A token is an option when it starts with ``--`` or is one of the command's declared short
    options (possibly with its value attached, ``-fjson``); an option that takes a value keeps
    the next token. Every other token (``-\\log x``, ``-1``, ``-z``) is an argument.
    """
    if not args or args[0] not in set(expression_commands):
        return list(args)
    command = _click_command(app, args[0])
    if command is None:
        return list(args)
    valued: set[str] = set()
    flags: set[str] = set()
    for p in command.params:
        if getattr(p, "param_type_name", "") != "option":
            continue
        names = list(p.opts) + list(getattr(p, "secondary_opts", []))
        (flags if getattr(p, "is_flag", False) or getattr(p, "count", False)
         else valued).update(names)
    flags.update(("--help",))
    options: list[str] = []
    positionals: list[str] = []
    rest = args[1:]
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok == "--":
            positionals.extend(rest[i + 1:])
            break
        head = tok.split("=", 1)[0]
        if tok.startswith("--") or tok in flags or tok in valued:
            options.append(tok)
            if head in valued and "=" not in tok and i + 1 < len(rest):
                options.append(rest[i + 1])
                i += 1
        elif tok[:2] in valued and len(tok) > 2 and not tok.startswith("--"):
            options.append(tok)  # a short option with its value attached
        else:
            positionals.append(tok)
        i += 1
    return [args[0], *options, "--", *positionals]


def one_line(message: str) -> str:
    """``message`` on one line (newlines joined with ``; ``), never empty.

    >>> one_line("Missing argument 'files'.\\n")
    "Missing argument 'files'."
    """
    parts = [p.strip() for p in str(message).splitlines() if p.strip()]
    return "; ".join(parts) or "error"


def usage_error_line(exc: Exception) -> str:
    """The one-line report of a click usage error: the command, the problem, where to look."""
    ctx = getattr(exc, "ctx", None)
    where = getattr(ctx, "command_path", None) or "derive"
    fmt = getattr(exc, "format_message", None)
    message = one_line(fmt() if callable(fmt) else str(exc))
    return f"{where}: {message} (see '{where} --help')"


def internal_error_line(exc: BaseException, debug: bool) -> str:
    """The one-line report of an internal error; with ``debug`` the traceback is printed first.

    >>> internal_error_line(ValueError("boom"), debug=False)
    'derive: internal error: ValueError: boom (re-run with --debug for the traceback)'
    """
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    return f"derive: internal error: {type(exc).__name__}: {one_line(str(exc))} {DEBUG_HINT}"


def split_debug(args: list[str]) -> tuple[list[str], bool]:
    """``args`` without ``--debug`` (anywhere before a ``--``), and whether it was given.

    >>> split_debug(["check", "a.tex", "--debug"])
    (['check', 'a.tex'], True)
    >>> split_debug(["equiv", "--", "--debug", "x"])
    (['equiv', '--', '--debug', 'x'], False)
    """
    end = args.index("--") if "--" in args else len(args)
    head = [a for a in args[:end] if a != "--debug"]
    return head + args[end:], len(head) != end


def finite_json(obj: object) -> object:
    """``obj`` with every NaN or infinite float replaced by ``None`` (valid JSON, RFC 8259).

    >>> finite_json({"value": float("inf"), "xs": [1.0, float("nan")]})
    {'value': None, 'xs': [1.0, None]}
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite_json(v) for v in obj]
    return obj


def json_text(obj: object) -> str:
    """Indented JSON of ``obj`` that is always valid: no NaN, no Infinity.

    >>> json_text({"lhs": float("-inf")})
    '{\\n  "lhs": null\\n}'
    """
    return json.dumps(finite_json(obj), indent=2, ensure_ascii=False, default=str,
                      allow_nan=False)
