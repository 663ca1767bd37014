"""The ``derive`` command.

Exit codes: 0 every step proved or numeric_only; 1 some step refuted or inconclusive; 2 usage or
input error; 3 internal error (one line and a hint to re-run with ``--debug``, which prints the
traceback). Errors are one line on stderr, never a traceback. Every command takes
``--format text|json`` (``export`` and ``check`` take more formats).

>>> from typer.testing import CliRunner
>>> CliRunner().invoke(app, ["list", "--format", "json"]).exit_code
0
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .cli_entry import (
    CLICK_EXCEPTION,
    EXIT_CODES_HELP,
    expressions_after_separator,
    internal_error_line,
    json_text,
    one_line,
    split_debug,
    usage_error_line,
)
from .records import DerivationRecord
from .textview import render_derivation, trust_line

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Verified derivations for the information theory of LLM alignment.")


class Fmt(StrEnum):
    text = "text"
    json = "json"


class ExportFmt(StrEnum):
    latex = "latex"
    snippet = "snippet"
    beamer = "beamer"
    frames = "frames"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


class UsageError(Exception):
    """Bad input from the user: exit 2 with a one-line message."""


FormatOpt = Annotated[Fmt, typer.Option("--format", "-f", help="text or json")]


def _derivation(name: str):  # noqa: ANN202 - returns a Derivation
    from .library import UnknownDerivation, get, names

    try:
        return get(name)
    except UnknownDerivation:
        raise UsageError(f"no derivation named '{name}' (try: {', '.join(names())})") from None


def _emit_records(records: list[DerivationRecord], fmt: Fmt) -> None:
    if fmt is Fmt.json:
        out = {"derivations": [r.to_json() for r in records]}
        typer.echo(json_text(out))
    else:
        for r in records:
            typer.echo(render_derivation(r))
            typer.echo("")
        typer.echo(trust_line(records))


def _exit_for(records: list[DerivationRecord]) -> None:
    bad = any(s.verdict in ("refuted", "inconclusive") for r in records for s in r.steps)
    raise typer.Exit(1 if bad else 0)


@app.command("list")
def list_cmd(fmt: FormatOpt = Fmt.text) -> None:
    """List the derivations in the library."""
    from .library import all_derivations

    ds = all_derivations()
    if fmt is Fmt.json:
        typer.echo(json.dumps({"derivations": [
            {"name": d.name, "title": d.title, "conclusion": d.conclusion} for d in ds]},
            indent=2, ensure_ascii=False))
    else:
        width = max((len(d.name) for d in ds), default=0)
        for d in ds:
            typer.echo(f"{d.name:<{width}}  {d.title}")


@app.command()
def show(name: str, fmt: FormatOpt = Fmt.text) -> None:
    """Show one derivation step by step, with each step's reason, verdict and evidence."""
    rec = _derivation(name).record()
    _emit_records([rec], fmt)
    _exit_for([rec])


def _cpu_cores() -> int:
    """The CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _record_of(name: str) -> DerivationRecord:
    """The checked record of the library derivation ``name`` (run in a worker process)."""
    return _derivation(name).record()


@app.command()
def verify(names: Annotated[list[str] | None, typer.Argument(help="derivations (all if none)")]
           = None, fmt: FormatOpt = Fmt.text,
           jobs: Annotated[int, typer.Option(
               "--jobs", help="worker processes (0: one per CPU core)")] = 0) -> None:
    """Re-check every step of the named derivations (all of them when none is named), the
    derivations spread over ``--jobs`` worker processes; the output is in library order."""
    from .library import names as all_names

    if jobs < 0:
        raise UsageError("--jobs must be 0 (one per CPU core) or more")
    known = all_names()
    chosen = names or known
    for n in chosen:
        if n not in known:
            _derivation(n)  # an unknown name is a usage error before any work starts
    workers = min(jobs or _cpu_cores(), len(chosen))
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            records = list(pool.map(_record_of, chosen))
    else:
        records = [_record_of(n) for n in chosen]
    _emit_records(records, fmt)
    _exit_for(records)


@app.command()
def export(name: str,
           fmt: Annotated[ExportFmt, typer.Option("--format", "-f")] = ExportFmt.latex,
           output: Annotated[Path | None, typer.Option("-o", "--output",
                                                       help="file to write (stdout if omitted)")]
           = None,
           force: Annotated[bool, typer.Option(help="overwrite an existing output file")]
           = False,
           justifications: Annotated[str, typer.Option(
               "--justifications", "-j", help="full, short, none, footnote or margin")]
           = "full",
           numbered: Annotated[bool, typer.Option(
               help="numbered equations with \\label, \\eqref in the reasons")] = False,
           katex_safe: Annotated[bool, typer.Option(
               help="LaTeX that MathJax/KaTeX render (no \\parbox, no \\resizebox)")] = False,
           macros: Annotated[Path | None, typer.Option(
               help="the notes' notation: a .sty/.tex of \\newcommand lines or a .toml map")]
           = None) -> None:
    """Export a derivation as LaTeX, a snippet, beamer slides or frames, Markdown, HTML or
    PDF."""
    from .export import MODES, ExportOptions, export_derivation, write_output
    from .export.notation_map import NotationError, NotationMap, load_notation

    if justifications not in MODES:
        raise UsageError(f"--justifications must be one of {', '.join(MODES)}")
    try:
        notation = load_notation(macros) if macros else NotationMap()
    except NotationError as exc:
        raise UsageError(str(exc)) from None
    options = ExportOptions(justifications, numbered, katex_safe, notation)
    rec = _derivation(name).record()
    if fmt is ExportFmt.pdf:
        from .export.pdf import TexCompileError, TexNotInstalled, derivation_pdf

        if output is None:
            raise UsageError("--format pdf needs -o FILE.pdf")
        if os.path.lexists(output) and not force:
            raise UsageError(f"{output}: exists; not overwriting (use --force)")
        if not output.parent.is_dir():
            raise UsageError(f"{output}: no such directory '{output.parent}'")
        try:
            derivation_pdf(rec, output, options=options)
        except TexNotInstalled as exc:
            typer.echo(f"derive: {exc}", err=True)
            raise typer.Exit(3) from None
        except TexCompileError as exc:
            typer.echo(f"derive: {one_line(str(exc).split(chr(10))[0])}", err=True)
            raise typer.Exit(3) from None
        return
    content = export_derivation(rec, fmt.value, options)
    if output is None:
        typer.echo(content)
        return
    try:
        write_output(content, output, force=force)
    except FileExistsError:
        raise UsageError(f"{output}: exists; not overwriting (use --force)") from None
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


def _register_checker() -> None:
    from . import cli_annotate, cli_autograde, cli_check  # noqa: F401  (adds check, equiv,
    # parse, eval, autograde, annotate)


#: the commands whose arguments are LaTeX expressions (a leading ``-`` is an expression)
EXPRESSION_COMMANDS = ("parse", "equiv", "eval")
#: set by ``--debug``: internal errors also print their traceback
DEBUG = False


@app.callback(epilog=EXIT_CODES_HELP)
def _options(debug: Annotated[bool, typer.Option(
        "--debug", help="on an internal error, print the traceback (accepted anywhere)")]
        = False) -> None:
    """Verified derivations for the information theory of LLM alignment."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every failure into a one-line message and exit code.

    Usage errors exit 2, internal errors 3 (with a hint to re-run with ``--debug``).
    """
    global DEBUG
    _register_checker()
    args, DEBUG = split_debug(list(sys.argv[1:] if argv is None else argv))
    args = expressions_after_separator(app, args, EXPRESSION_COMMANDS)
    try:
        code = app(args=args, prog_name="derive", standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except UsageError as exc:
        typer.echo(f"derive: {one_line(str(exc))}", err=True)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("derive: aborted", err=True)
        sys.exit(130)
    except CLICK_EXCEPTION as exc:
        typer.echo(usage_error_line(exc), err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - everything else is ours: exit 3, one line
        typer.echo(internal_error_line(exc, DEBUG), err=True)
        sys.exit(3)
    sys.exit(code if isinstance(code, int) else 0)
