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

from .cli import app
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
        output.mkdir(parents=True, exist_ok=True)
        targets = [output / (Path(r.file).stem + FEEDBACK[fmt]) for r in reports]
    for report, target in zip(reports, targets, strict=True):
        try:
            write_output(export_check_report(report, fmt), target, force=force)
        except FileExistsError:
            _fail(f"derive: {target}: exists; not overwriting (use --force)")


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


def _check_one(path: str) -> CheckReport:
    from .checker import check_file, check_text

    try:
        if path == "-":
            return check_text(sys.stdin.read(), "tex", "<stdin>")
        return check_file(path)
    except Exception as exc:  # one bad file never stops the batch
        return CheckReport(file=path, errors=(InputError(1, 1, f"internal error: {exc}"),))


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
        reports: list[CheckReport] = []
        if jobs > 1 and len(paths) > 1:
            from concurrent.futures import ProcessPoolExecutor
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                reports = list(_progress(pool.map(_check_one, paths), len(paths)))
        else:
            reports = list(_progress(map(_check_one, paths), len(paths)))
    except SystemExit:
        raise
    except Exception as exc:
        _fail(f"derive: internal error: {exc}", 3)
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
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
    elif fmt == "gradescope":
        typer.echo(json.dumps(_gradescope(reports), indent=2, ensure_ascii=False))
    else:
        for r in reports:
            typer.echo(_text(r))
    for r in reports:
        # beside steps that were read, an error is a formula the engine does not read
        kind = "unsupported: " if r.steps else ""
        for e in r.errors:
            typer.echo(f"{r.file}:{e.line}:{e.column}: {kind}{e.message}", err=True)
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


@app.command("parse")
def parse_cmd(
    text: Annotated[str, typer.Argument(help="LaTeX")],
    fmt: Annotated[str, typer.Option("--format", "-f")] = "text",
) -> None:
    """Parse LaTeX in this field's notation; print it re-rendered (or its tree as JSON)."""
    from .notation import to_latex, to_tree

    node = _parse(text)
    if fmt == "json":
        typer.echo(json.dumps({"latex": to_latex(node), "tree": to_tree(node)}, indent=2,
                              ensure_ascii=False, default=str))
    else:
        typer.echo(to_latex(node))


@app.command("equiv")
def equiv_cmd(a: Annotated[str, typer.Argument()], b: Annotated[str, typer.Argument()]) -> None:
    """Are two expressions equal under the standard meanings?"""
    from .kernel import decide

    _, ea = _translate(_parse(a))
    _, eb = _translate(_parse(b))
    try:
        v = decide(ea, "=", eb)
    except Exception as exc:
        _fail(f"derive: {exc}")
    eq = True if v.accepted else (False if v.status == "refuted" else None)
    ce = v.evidence.counterexample
    typer.echo(json.dumps({"equivalent": eq, "verdict": v.status,
                           "counterexample": ce.to_json() if ce else None},
                          indent=2, ensure_ascii=False, default=str))
    raise SystemExit(0 if eq else 1)


@app.command("eval")
def eval_cmd(
    text: Annotated[str, typer.Argument()],
    assign: Annotated[list[str], typer.Option("--set", help="NAME=VALUE")] = [],  # noqa: B006
) -> None:
    """Evaluate an expression with values for its symbols, applications and distributions."""
    import sympy as sp

    from .checker.translate import TranslationError, Translator
    from .definitions import unfold_all

    tr = Translator()
    subs: dict = {}
    for item in assign:
        if "=" not in item:
            _fail(f"derive: --set needs NAME=VALUE, got '{item}'")
        name, value = item.rsplit("=", 1)
        name, value = name.strip(), value.strip()
        try:
            if value.startswith("["):
                vals = json.loads(value)
                if not isinstance(vals, list) or not all(isinstance(v, (int, float)) for v in vals):
                    raise ValueError
                try:
                    tr.define_table(name, [sp.Rational(repr(float(v))) for v in vals])
                except ValueError as exc:
                    _fail(f"derive: {exc}")
                continue
            num = float(value)
        except (ValueError, json.JSONDecodeError):
            _fail(f"derive: bad value for {name}: '{value}'")
        node = _parse(name)
        try:
            key = tr.expr(node)
        except TranslationError as exc:
            _fail(f"{exc.line}:{exc.column}: {exc.message}")
        subs[key] = sp.Float(num, 30)
    node = _parse(text)
    try:
        expr = tr.expr(node)
    except TranslationError as exc:
        _fail(f"{exc.line}:{exc.column}: {exc.message}")
    expr = expr.xreplace(subs)
    val = _concrete(unfold_all(expr).xreplace(subs))
    if val is None:
        _fail("derive: the expression still has free symbols; give them with --set")
    typer.echo(json.dumps({"value": round(val, 6)}))


def _concrete(expr):  # noqa: ANN001, ANN202
    """The value of a closed expression (only tables and numbers left), ``None`` otherwise.

    Uses the kernel's own evaluator at 50 digits, so ``eval`` and the kernel cannot disagree.
    """
    from .definitions import unfold_all
    from .kernel.numeric import Unsupported, evaluate_mp, sample_batches, signature

    e = unfold_all(expr)
    try:
        sig = signature(e)
    except Unsupported:
        return None
    if sig.scalars or sig.functions or sig.support_vars or any(
            fam.table is None for fam in sig.distributions):
        return None
    value = evaluate_mp(e, sample_batches(sig, 0)[0], 0)
    return float(value)
