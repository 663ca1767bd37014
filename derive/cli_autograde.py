"""``derive autograde``: grade one submission the way a course host runs it.

``derive autograde gradescope -a hw.toml`` reads ``/autograder/submission`` and writes
``/autograder/results/results.json``; ``derive autograde prairielearn -a hw.toml`` reads
``/grade/student`` and writes ``/grade/results/results.json``.  ``--root`` points elsewhere
(a container-like temporary directory in the tests).  Exit codes: 0 results written, 2 a bad
assignment file or option, 3 internal error (results.json still written, with score 0).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli import app

HOSTS = {"gradescope": "/autograder", "prairielearn": "/grade"}


@app.command("autograde")
def autograde_cmd(
    host: Annotated[str, typer.Argument(help="gradescope or prairielearn")],
    assignment: Annotated[Path, typer.Option("--assignment", "-a", help="assignment file")],
    root: Annotated[Path | None, typer.Option(
        help="the host's directory (default /autograder or /grade)")] = None,
    visibility: Annotated[str, typer.Option(
        help="gradescope: visible, hidden, after_due_date, after_published")] = "visible",
) -> None:
    """Grade one submission for Gradescope or PrairieLearn and write its results.json."""
    from .checker.assignment import AssignmentError, load_assignment
    from .checker.autograder import VISIBILITIES, run_gradescope, run_prairielearn

    if host not in HOSTS:
        _fail(f"derive: unknown host '{host}' (gradescope, prairielearn)")
    if visibility not in VISIBILITIES:
        _fail(f"derive: --visibility must be one of {', '.join(VISIBILITIES)}")
    try:
        hw = load_assignment(assignment)
    except AssignmentError as exc:
        _fail(str(exc))
    base = root or Path(HOSTS[host])
    try:
        if host == "gradescope":
            path = run_gradescope(hw, base, visibility)
        else:
            path = run_prairielearn(hw, base)
    except Exception as exc:  # the host still gets a results.json that says what happened
        _emergency(host, base, hw.points, exc)
        _fail(f"derive: internal error: {exc}", 3)
    typer.echo(f"derive: wrote {path}")


def _emergency(host: str, base: Path, points: float, exc: Exception) -> None:
    import json

    out = base / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    msg = f"The autograder failed ({type(exc).__name__}); please tell your instructor."
    data = ({"score": 0.0, "output": msg, "tests": []} if host == "gradescope"
            else {"gradable": False, "format_errors": [msg]})
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise SystemExit(code)
