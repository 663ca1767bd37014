"""Autograder results: Gradescope's ``results.json``, PrairieLearn's external-grader results.

Gradescope (https://gradescope-autograders.readthedocs.io/en/latest/specs/) runs one
submission per container: the submission is in ``/autograder/submission`` and the results go
to ``/autograder/results/results.json``, with a top-level ``score``, an overall ``output``, a
``visibility`` and ``tests`` (``name``, ``score``, ``max_score``, ``status``, ``output``,
``tags``, ``visibility``).  PrairieLearn (https://prairielearn.readthedocs.io/en/latest/
externalGrading/) puts the files in ``/grade/student`` and reads ``/grade/results/results.json``
with ``gradable``, ``score`` in [0, 1], ``message``, ``output`` and ``tests`` (``name``,
``points``, ``max_points``, ``message``, ``output``).

>>> from derive.checker.assignment import parse_assignment
>>> hw = parse_assignment("start = 'a'\\nrelation = '='\\ngoal = 'b'\\npoints = 4\\n")
>>> res = gradescope_results(None, hw)
>>> res["score"], res["tests"][0]["status"], "output" in res
(0.0, 'failed', True)
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from ..records import CheckedStep
from .assignment import Assignment
from .check import KINDS
from .grade import GradedReport, grade_file

__all__ = ["VISIBILITIES", "gradescope_results", "prairielearn_results", "submission_files",
           "grade_submission", "run_gradescope", "run_prairielearn", "overall_output"]

#: Gradescope's visibility values
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
#: what a submission folder may hold that we read
SUBMISSION_SUFFIXES = tuple(KINDS)


def submission_files(folder: str | Path) -> list[Path]:
    """The derivation files in a submission folder (recursively, sorted)."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.is_file()
                  and p.suffix.lower() in SUBMISSION_SUFFIXES and not p.name.startswith("."))


def grade_submission(folder: str | Path, assignment: Assignment,
                     budget: float = 2.0) -> GradedReport | None:
    """Grade every derivation file in ``folder``; the best-scoring one counts."""
    best: GradedReport | None = None
    for path in submission_files(folder):
        graded = grade_file(path, assignment, budget)
        if best is None or graded.grade.score > best.grade.score:
            best = graded
    return best


def _counterexample_text(step: CheckedStep) -> str:
    from ..export._common import format_number
    from ..textview import latex_to_text

    ce = step.counterexample
    if ce is None:
        return ""
    parts = [f"{latex_to_text(k)} = {format_number(v)}" for k, v in ce.assignment.items()]
    text = (f"counterexample: {', '.join(parts)}; left side {format_number(ce.lhs)}, "
            f"right side {format_number(ce.rhs)}")
    return text + (f" ({ce.detail})" if ce.detail else "")


def overall_output(graded: GradedReport | None, assignment: Assignment) -> str:
    """The text shown for the whole submission: verdict, first error, counterexample, diagnosis."""
    if graded is None:
        return ("No derivation found: the submission holds no .tex, .md, .txt or .ipynb file "
                f"(score 0 of {assignment.points:g}).")
    g, r = graded.grade, graded.report
    lines = [f"Score {g.score:g} of {g.points:g}. {g.summary[0].upper()}{g.summary[1:]}",
             f"File: {Path(r.file).name}", f"Task: show {assignment.statement}"]
    first = next((s for s in r.steps if s.verdict == "refuted"), None)
    if first is not None:
        lines.append(f"First error: line {first.line}: ${first.lhs}$ {first.relation} "
                     f"${first.rhs}$")
        ce = _counterexample_text(first)
        if ce:
            lines.append(f"  {ce}")
        if first.diagnosis is not None:
            lines.append(f"  diagnosis [{first.diagnosis.code}]: {first.diagnosis.message}")
    for f in g.findings:
        lines.append(f"- line {f.line} [{f.code}]: {f.message}")
    for line, result in g.citations:
        lines.append(f"- line {line} cites {result}")
    if assignment.results:
        lines.append("You may cite: " + "; ".join(
            f"{r.name} ({r.statement})" if r.statement else r.name for r in assignment.results))
    for e in r.errors:
        lines.append(f"- line {e.line}:{e.column} [invalid_input]: {e.message}")
    return "\n".join(lines)


def _test_output(graded: GradedReport, line: int | None) -> str:
    step = next((s for s in graded.report.steps if s.line == line), None)
    if step is None:
        return ""
    extra = _counterexample_text(step)
    return f"{step.reason}" + (f"\n{extra}" if extra else "")


def gradescope_results(graded: GradedReport | None, assignment: Assignment,
                       visibility: str = "visible", seconds: float | None = None
                       ) -> dict[str, Any]:
    """A ``results.json`` dictionary for Gradescope, score scaled to the assignment's points."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    score = graded.grade.score if graded else 0.0
    tests: list[dict[str, Any]] = [{
        "name": "Derivation: " + (graded.grade.outcome.replace("_", " ") if graded else
                                  "no submission"),
        "score": score, "max_score": assignment.points,
        "status": "passed" if score >= assignment.points else "failed",
        "output": graded.grade.summary if graded else "no derivation file found",
        "tags": sorted({f.code for f in graded.grade.findings}) if graded else ["no_answer"],
        "visibility": visibility,
    }]
    for req in graded.grade.requirements if graded else ():
        out = req.message + (f"\n{_test_output(graded, req.line)}" if req.line else "")
        tests.append({"name": req.name, "score": 0.0, "max_score": 0.0,
                      "status": "passed" if req.passed else "failed", "output": out.strip(),
                      "tags": list(req.tags), "visibility": visibility})
    result: dict[str, Any] = {"score": score, "output": overall_output(graded, assignment),
                              "visibility": visibility, "stdout_visibility": "hidden",
                              "tests": tests}
    if seconds is not None:
        result["execution_time"] = round(seconds, 3)
    return result


def prairielearn_results(graded: GradedReport | None, assignment: Assignment) -> dict[str, Any]:
    """A PrairieLearn external-grader results dictionary (``score`` in [0, 1])."""
    if graded is None:
        return {"gradable": False, "format_errors": ["no .tex, .md, .txt or .ipynb file submitted"]}
    points = assignment.points or 1.0
    tests = [{"name": "Derivation", "description": f"show {assignment.statement}",
              "points": graded.grade.score, "max_points": assignment.points,
              "message": graded.grade.summary, "output": ""}]
    for req in graded.grade.requirements:
        tests.append({"name": req.name, "points": 1 if req.passed else 0, "max_points": 1,
                      "message": req.message + (f" [{', '.join(req.tags)}]" if req.tags else "")})
    return {"gradable": True, "score": round(graded.grade.score / points, 6),
            "message": graded.grade.summary, "output": overall_output(graded, assignment),
            "tests": tests}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_gradescope(assignment: Assignment, root: str | Path = "/autograder",
                   visibility: str = "visible") -> Path:
    """Gradescope single-submission mode: grade ``root/submission``, write ``root/results``."""
    t0 = time.monotonic()
    root = Path(root)
    graded = grade_submission(root / "submission", assignment)
    data = gradescope_results(graded, assignment, visibility, time.monotonic() - t0)
    return _write(root / "results" / "results.json", data)


def run_prairielearn(assignment: Assignment, root: str | Path = "/grade") -> Path:
    """PrairieLearn external grader: grade ``root/student``, write ``root/results``."""
    root = Path(root)
    graded = grade_submission(root / "student", assignment)
    return _write(root / "results" / "results.json", prairielearn_results(graded, assignment))
