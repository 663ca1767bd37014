"""``derive check``, ``derive parse``, ``derive equiv`` and ``derive eval`` (student checker).

Exit codes for ``check``: 0 all correct, 1 some incorrect/unverified, 2 some invalid/unreadable,
3 internal error.
"""

from __future__ import annotations

import glob
import json
import sys
import unicodedata
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



def _padded(name: str, width: int = 12) -> str:
    """``name`` padded to ``width`` columns as shown (a combining accent takes none)."""
    shown = sum(1 for ch in name if not unicodedata.combining(ch))
    return name + " " * max(width - shown, 0)

def feedback_targets(files: list[str], output: Path, suffix: str) -> list[Path]:
    """Where each file's feedback goes: the input tree mirrored under ``output``, so files of
    the same name in different folders never overwrite each other.

    >>> [str(p) for p in feedback_targets(["a/x.tex", "b/x.tex", "b/x.md"], Path("out"), ".md")]
    ['out/a/x.md', 'out/b/x.md', 'out/b/x.md.md']
    """
    import os

    parents = [Path(f).resolve().parent for f in files]
    root = Path(os.path.commonpath(parents)) if parents else Path(".")
    seen: set[Path] = set()
    out = []
    for f in files:
        rel = Path(f).resolve().relative_to(root)
        target = output / rel.with_suffix(suffix)
        if target in seen:  # x.tex and x.md in one folder
            target = output / rel.with_name(rel.name + suffix)
        seen.add(target)
        out.append(target)
    return out


def _write_feedback(reports: list[CheckReport], fmt: str, output: Path | None,
                    force: bool) -> list[str]:
    """Render each report as a feedback document: stdout, one file, or one file per report.

    Returns the problems (existing files not overwritten); the batch goes on past them.
    """
    from .export import export_check_report, write_output

    if output is None:
        if len(reports) > 1:
            _fail("derive: several reports need -o DIRECTORY")
        typer.echo(export_check_report(reports[0], fmt))
        return []
    targets = [output]
    if len(reports) > 1:
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _fail(f"derive: {output}: cannot create the directory: {exc.strerror or exc}")
        targets = feedback_targets([r.file for r in reports], output, FEEDBACK[fmt])
    problems = []
    for report, target in zip(reports, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_output(export_check_report(report, fmt), target, force=force)
        except FileExistsError:
            problems.append(f"derive: {target}: exists; not overwriting (use --force)")
        except OSError as exc:
            _fail(f"derive: {target}: cannot write: {exc.strerror or exc}")
    return problems


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
                       if p.suffix.lower() in (".tex", ".md", ".txt", ".ipynb"))
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


def _grade_one(path: str, assignment_path: str):  # noqa: ANN202 - a GradedReport
    from .checker.assignment import load_assignment
    from .checker.grade import GradedReport, grade_file, grade_text

    assignment = load_assignment(assignment_path)
    try:
        if path == "-":
            return grade_text(sys.stdin.read(), "tex", assignment, "<stdin>")
        return grade_file(path, assignment)
    except Exception as exc:  # one bad file never stops the batch
        graded = grade_text("", "tex", assignment, path)
        report = CheckReport(file=path, errors=(InputError(1, 1, f"internal error: {exc}"),))
        return GradedReport(report, graded.grade)


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
                lines.append(f"        {_padded(latex_to_text(k))} {format_number(v)}")
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
    # Gradescope's spec has no top-level max_score: the total is the sum of the tests'
    return {"score": sum(t["score"] for t in tests), "tests": tests}


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
    assignment: Annotated[Path | None, typer.Option(
        "--assignment", "-a", help="assignment file (TOML): grade against its start and goal")]
    = None,
    visibility: Annotated[str, typer.Option(
        help="gradescope visibility: visible, hidden, after_due_date, after_published")]
    = "visible",
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
        worker = _check_one
        hw = None
        if assignment is not None:
            from functools import partial

            from .checker.assignment import AssignmentError, load_assignment
            try:
                hw = load_assignment(assignment)
            except AssignmentError as exc:
                _fail(str(exc))
            worker = partial(_grade_one, assignment_path=str(assignment))
        if jobs > 1 and len(paths) > 1:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                results = list(_progress(pool.map(worker, paths), len(paths)))
        else:
            results = list(_progress(map(worker, paths), len(paths)))
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - ours: exit 3, one line
        _fail(internal_error_line(exc, cli.DEBUG), 3)
    crashed: list = []
    if hw is not None:
        graded = results
        reports: list[CheckReport] = [g.report for g in graded]
    else:
        graded = []
        reports = [r for r, _ in results]
        crashed = [(r, tb) for r, tb in results if tb is not None]
    problems: list[str] = []
    records = graded or reports
    if fmt in FEEDBACK:
        problems = _write_feedback(reports, fmt, output, force)
    elif fmt == "json":
        if len(records) == 1:
            out = records[0].to_json()
        else:
            summary = {"files": len(reports)}
            for k in ("correct", "incorrect", "unverified", "invalid"):
                summary[k] = sum(r.verdict == k for r in reports)
            if graded:
                summary["score"] = round(sum(g.grade.score for g in graded), 6)
                summary["points"] = sum(g.grade.points for g in graded)
            out = {"results": [r.to_json() for r in records], "summary": summary}
        typer.echo(json_text(out))
    elif fmt == "gradescope":
        if hw is not None:
            from .checker.autograder import VISIBILITIES, gradescope_results
            if visibility not in VISIBILITIES:
                _fail(f"derive: --visibility must be one of {', '.join(VISIBILITIES)}")
            best = max(graded, key=lambda g: g.grade.score)  # one submission, best file
            data = gradescope_results(best, hw, visibility)
        else:
            data = _gradescope(reports)
        typer.echo(json_text(data))
    else:
        for r in records:
            typer.echo(_text(r.report) if graded else _text(r))
            if graded:
                typer.echo(f"  score {r.grade.score:g} of {r.grade.points:g}: {r.grade.summary}")
                for f in r.grade.findings:
                    typer.echo(f"    line {f.line} [{f.code}] {f.message}")
    for r in reports:
        # beside steps that were read, an error is a formula the engine does not read
        kind = "unsupported: " if r.steps else ""
        for e in r.errors:
            hint = f" {DEBUG_HINT}" if e.message.startswith("internal error:") else ""
            prefix = "" if e.message.startswith(("unsupported", "internal error")) else kind
            typer.echo(f"{r.file}:{e.line}:{e.column}: {prefix}{e.message}{hint}", err=True)
        if hw is None:
            for w in r.warnings:
                typer.echo(f"{r.file}:{w.line}:{w.column}: warning: {w.message}", err=True)
    for p in problems:
        typer.echo(p, err=True)
    if crashed:
        if cli.DEBUG:
            for _, tb in crashed:
                typer.echo(tb, err=True)
        raise SystemExit(3)
    code = max(_ORDER[r.verdict] for r in reports)
    raise SystemExit(max(code, 2) if problems else code)


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


def _translate(node, *together, tr=None):  # noqa: ANN001, ANN202 - AST nodes
    """``node`` read with the bare indexed sums of ``together`` (the other side of ``equiv``)
    known, so that ``H(p)`` there is the distribution of the other side's ``p_i``; ``tr``: the
    translator that read the other side (both sides are read as one document's step)."""
    from .checker.translate import TranslationError, Translator

    if tr is None:
        tr = Translator()
        tr.note_bare_sums(*together)
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


#: seconds for an optimizer comparison in ``derive equiv`` (each side is optimized on every
#: sampled instance; bounded so the command always returns)
OPTIMIZER_BUDGET = 6.0


@app.command("equiv")
def equiv_cmd(a: Annotated[str, typer.Argument(help="LaTeX (a leading '-' is part of it)")],
              b: Annotated[str, typer.Argument(help="LaTeX")],
              fmt: FormatOpt = Fmt.json) -> None:
    """Are two expressions equal under the standard meanings? (exit 0 yes, 1 no or unknown)"""
    from .definitions.optimization import ArgOpt
    from .kernel import decide

    # one translator for both sides: what a side's names mean (one reward per document:
    # r_\phi and r_\theta are not both S.r) holds across the two
    na, nb = _parse(a), _parse(b)
    tr, ea = _translate(na, na, nb)
    _, eb = _translate(nb, tr=tr)
    # arg min/arg max sides: the same optimizers (an optimizer on one side: the claimed one)
    relation, budget = ("argopt", OPTIMIZER_BUDGET) if isinstance(ea, ArgOpt) or \
        isinstance(eb, ArgOpt) else ("=", 2.0)
    if relation == "argopt" and not isinstance(ea, ArgOpt):
        ea, eb = eb, ea
    try:
        v = decide(ea, relation, eb, budget=budget)
    except Exception as exc:  # noqa: BLE001 - the kernel refused the pair: one line, exit 2
        _fail(f"derive: {one_line(str(exc))}")
    eq = True if v.accepted else (False if v.status == "refuted" else None)
    ce = v.evidence.counterexample
    if fmt is Fmt.text:
        said = {True: "equivalent", False: "not equivalent", None: "undecided"}[eq]
        typer.echo(f"{said} ({v.status})")
        if ce is not None:
            for k, val in ce.assignment.items():
                typer.echo(f"  {_padded(latex_to_text(k))} {format_number(val)}")
            for side, value in (("left side", ce.lhs), ("right side", ce.rhs)):
                if value is not None:
                    typer.echo(f"  {side:<12} {format_number(value)}")
            if ce.detail:
                typer.echo(f"  {ce.detail}")
    else:
        typer.echo(json_text({"equivalent": eq, "verdict": v.status,
                              "counterexample": ce.to_json() if ce else None}))
    raise SystemExit(0 if eq else 1)


from . import cli_eval  # noqa: E402,F401  (adds eval)
