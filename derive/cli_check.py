"""``derive check``, ``derive parse``, ``derive equiv`` and ``derive eval`` (student checker).

Exit codes for ``check``: 0 all correct, 1 some incorrect/unverified, 2 some invalid/unreadable,
3 internal error.
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import cli
from .cli import Fmt, FormatOpt, app
from .cli_entry import DEBUG_HINT, internal_error_line, json_text, one_line
from .export._common import format_number
from .records import CheckReport, InputError
from .textview import latex_to_text

_ORDER = {"correct": 0, "incorrect": 1, "unverified": 1, "invalid": 2}
#: feedback documents to hand back: format -> file suffix
FEEDBACK = {"html": ".html", "latex": ".tex", "markdown": ".md"}


def _write_feedback(reports: list[CheckReport], fmt: str, output: Path | None,
                    force: bool) -> None:
    """Render each report as a feedback document: stdout, one file, or one file per report."""
    from .export import export_check_report, write_output

    if output is None:
        if len(reports) > 1:
            _fail("derive: several reports need -o DIRECTORY")
        typer.echo(export_check_report(reports[0], fmt))
        return
    targets = [output]
    if len(reports) > 1:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"derive: {output}: cannot create the directory: {exc.strerror or exc}")
        targets = [output / name for name in feedback_names([r.file for r in reports], fmt)]
    for report, target in zip(reports, targets, strict=True):
        try:
            write_output(export_check_report(report, fmt), target, force=force)
        except FileExistsError:
            _fail(f"derive: {target}: exists; not overwriting (use --force)")
        except OSError as exc:
            _fail(f"derive: {target}: cannot write: {exc.strerror or exc}")


def feedback_names(files: list[str], fmt: str) -> list[str]:
    """One distinct feedback file name per input: the stem, or the path when stems repeat.

    >>> feedback_names(["a/hw.tex", "b/hw.tex", "c.md"], "markdown")
    ['a_hw.md', 'b_hw.md', 'c.md']
    >>> feedback_names(["hw.tex", "hw.tex"], "html")
    ['hw.html', 'hw-2.html']
    """
    stems = [Path(f).stem or "stdin" for f in files]
    names: list[str] = []
    taken: set[str] = set()
    for f, stem in zip(files, stems, strict=True):
        base = stem
        if stems.count(stem) > 1:
            parts = [p for p in Path(f).with_suffix("").parts if p not in ("/", ".", "..")]
            base = "_".join(parts) or stem
        name, k = base, 1
        while name in taken:
            k += 1
            name = f"{base}-{k}"
        taken.add(name)
        names.append(name + FEEDBACK[fmt])
    return names


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise SystemExit(code)


def _expand(files: list[str]) -> list[str]:
    out: list[str] = []
    for f in files:
        if f == "-":
            out.append(f)
        elif Path(f).is_dir():
            out.extend(str(p) for p in sorted(Path(f).rglob("*"))
                       if p.suffix.lower() in (".tex", ".md", ".txt"))
        elif any(c in f for c in "*?["):
            out.extend(sorted(glob.glob(f, recursive=True)))
        else:
            out.append(f)
    return out


def _check_one(path: str) -> tuple[CheckReport, str | None]:
    """The report on one file, and the traceback of an internal error (``None`` if none).

    Bad input is in the report (file:line:column); an internal error is reported apart, so
    the command can exit 3 for it (one bad file never stops the batch).
    """
    from .checker import check_file, check_text

    try:
        if path == "-":
            return check_text(sys.stdin.read(), "tex", "<stdin>"), None
        return check_file(path), None
    except Exception as exc:  # noqa: BLE001 - reported as an internal error, exit 3
        import traceback

        message = f"internal error: {type(exc).__name__}: {one_line(str(exc))}"
        return (CheckReport(file=path, errors=(InputError(1, 1, message),)),
                "".join(traceback.format_exception(exc)))


def _text(report: CheckReport) -> str:
    """The terminal view (input errors go to stderr, once, as file:line:column lines)."""
    lines = [f"{report.file}: {report.verdict}"]
    for s in report.steps:
        mark = {"proved": "✓", "numeric_only": "✓", "refuted": "✗"}.get(s.verdict, "?")
        lines.append(f"  {mark} line {s.line}: step {s.index} ({s.verdict}) — {s.reason}")
        if s.counterexample:
            ce = s.counterexample
            lines.append("      counterexample:")
            for k, v in ce.assignment.items():
                lines.append(f"        {latex_to_text(k):<12} {format_number(v)}")
            lines.append(f"        {'left side':<12} {format_number(ce.lhs)}")
            lines.append(f"        {'right side':<12} {format_number(ce.rhs)}")
            if ce.detail:
                lines.append(f"        {ce.detail}")
        if s.diagnosis:
            lines.append(f"      [{s.diagnosis.code}] {s.diagnosis.message}")
    return "\n".join(lines)


def _gradescope(reports: list[CheckReport]) -> dict:
    tests = []
    for r in reports:
        for e in r.errors:
            tests.append({"name": f"{r.file}:{e.line}:{e.column}", "score": 0, "max_score": 1,
                          "status": "failed", "output": f"invalid_input: {e.message}"})
        for s in r.steps:
            ok = s.verdict in ("proved", "numeric_only")
            code = s.diagnosis.code if s.diagnosis else ("correct" if ok else s.verdict)
            msg = s.diagnosis.message if s.diagnosis else s.reason
            tests.append({"name": f"{r.file} step {s.index} (line {s.line})",
                          "score": 1 if ok else 0, "max_score": 1,
                          "status": "passed" if ok else "failed", "output": f"{code}: {msg}"})
    score = sum(t["score"] for t in tests)
    return {"score": score, "max_score": len(tests), "tests": tests}


@app.command("check")
def check_cmd(
    files: Annotated[list[str], typer.Argument(help="files, directories, globs, or - for stdin")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text, json, gradescope, or feedback as html, latex, markdown")]
    = "text",
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="worker processes")] = 1,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="file to write (a directory when several files are checked)")]
    = None,
    force: Annotated[bool, typer.Option(help="overwrite existing output files")] = False,
) -> None:
    """Check student derivations: every step, with counterexamples and diagnoses."""
    if fmt not in ("text", "json", "gradescope", *FEEDBACK):
        _fail(f"derive: unknown format '{fmt}' (text, json, gradescope, "
              f"{', '.join(FEEDBACK)})")
    try:
        paths = _expand(files)
        if not paths:
            _fail("derive: no input files")
        if jobs < 1:
            _fail("derive check: --jobs must be at least 1")
        if jobs > 1 and len(paths) > 1:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = list(_progress(pool.map(_check_one, paths), len(paths)))
        else:
            results = list(_progress(map(_check_one, paths), len(paths)))
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - ours: exit 3, one line
        _fail(internal_error_line(exc, cli.DEBUG), 3)
    reports = [r for r, _ in results]
    crashed = [(r, tb) for r, tb in results if tb is not None]
    if fmt in FEEDBACK:
        _write_feedback(reports, fmt, output, force)
    elif fmt == "json":
        if len(reports) == 1:
            out = reports[0].to_json()
        else:
            summary = {"files": len(reports)}
            for k in ("correct", "incorrect", "unverified", "invalid"):
                summary[k] = sum(r.verdict == k for r in reports)
            out = {"results": [r.to_json() for r in reports], "summary": summary}
        typer.echo(json_text(out))
    elif fmt == "gradescope":
        typer.echo(json_text(_gradescope(reports)))
    else:
        for r in reports:
            typer.echo(_text(r))
    for r in reports:
        for e in r.errors:
            hint = f" {DEBUG_HINT}" if e.message.startswith("internal error:") else ""
            typer.echo(f"{r.file}:{e.line}:{e.column}: {e.message}{hint}", err=True)
    if crashed:
        if cli.DEBUG:
            for _, tb in crashed:
                typer.echo(tb, err=True)
        raise SystemExit(3)
    raise SystemExit(max(_ORDER[r.verdict] for r in reports))


def _progress(it, total: int):
    if total <= 1:
        yield from it
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("checking", total=total)
        for item in it:
            progress.advance(task)
            yield item


def _parse(text: str):
    from .notation import NotationError, parse_math

    try:
        return parse_math(text)
    except NotationError as exc:
        line, col = getattr(exc, "line", 1), getattr(exc, "column", 1)
        msg = getattr(exc, "message", str(exc))
        _fail(f"{line}:{col}: {msg}")


def _translate(node):
    from .checker.translate import TranslationError, Translator

    tr = Translator()
    try:
        return tr, tr.expr(node)
    except TranslationError as exc:
        _fail(f"{exc.line}:{exc.column}: {exc.message}")
    except RecursionError:
        _fail("1:1: unsupported: the formula is nested too deeply or has too many terms")


@app.command("parse")
def parse_cmd(
    text: Annotated[str, typer.Argument(help="LaTeX (a leading '-' is part of it)")],
    fmt: FormatOpt = Fmt.text,
) -> None:
    """Parse LaTeX in this field's notation; print it re-rendered (or its tree as JSON)."""
    from .notation import to_latex, to_tree

    node = _parse(text)
    if fmt is Fmt.json:
        typer.echo(json.dumps({"latex": to_latex(node), "tree": to_tree(node)}, indent=2,
                              ensure_ascii=False, default=str))
    else:
        typer.echo(to_latex(node))


@app.command("equiv")
def equiv_cmd(a: Annotated[str, typer.Argument(help="LaTeX (a leading '-' is part of it)")],
              b: Annotated[str, typer.Argument(help="LaTeX")],
              fmt: FormatOpt = Fmt.json) -> None:
    """Are two expressions equal under the standard meanings? (exit 0 yes, 1 no or unknown)"""
    from .kernel import decide

    _, ea = _translate(_parse(a))
    _, eb = _translate(_parse(b))
    try:
        v = decide(ea, "=", eb)
    except Exception as exc:  # noqa: BLE001 - the kernel refused the pair: one line, exit 2
        _fail(f"derive: {one_line(str(exc))}")
    eq = True if v.accepted else (False if v.status == "refuted" else None)
    ce = v.evidence.counterexample
    if fmt is Fmt.text:
        said = {True: "equivalent", False: "not equivalent", None: "undecided"}[eq]
        typer.echo(f"{said} ({v.status})")
        if ce is not None:
            for k, val in ce.assignment.items():
                typer.echo(f"  {latex_to_text(k):<12} {format_number(val)}")
            typer.echo(f"  {'left side':<12} {format_number(ce.lhs)}")
            typer.echo(f"  {'right side':<12} {format_number(ce.rhs)}")
    else:
        typer.echo(json_text({"equivalent": eq, "verdict": v.status,
                              "counterexample": ce.to_json() if ce else None}))
    raise SystemExit(0 if eq else 1)


from . import cli_eval  # noqa: E402,F401  (adds eval)
