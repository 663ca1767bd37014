"""The template course in docs/autograder, run end to end in a directory laid out like
/autograder; PrairieLearn results; graded JSON; feedback that mirrors the input tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from derive.checker.assignment import load_assignment
from derive.checker.autograder import gradescope_results, prairielearn_results, run_prairielearn
from derive.checker.grade import grade_file

TEMPLATE = Path(__file__).parents[2] / "docs" / "autograder"
SUBMISSIONS = TEMPLATE / "submissions"

# Field names of results.json.
# SOURCE: https://gradescope-autograders.readthedocs.io/en/latest/specs/ (repository
# gradescope/autograder_samples, docs/specs.md, "Output format"; "status", "name_format" and
# the *_format keys from the spec's later revision, "Test case status" and "Output String
# Formatting").
GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                  "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
                   "output_format", "tags", "visibility", "extra_data"}
GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
# SOURCE: https://prairielearn.readthedocs.io/en/latest/externalGrading/ (repository
# PrairieLearn/PrairieLearn, docs/externalGrading.md, "Grading results").
PRAIRIELEARN_TOP = {"gradable", "score", "message", "output", "images", "tests", "format_errors"}
PRAIRIELEARN_TEST = {"name", "description", "points", "max_points", "message", "output", "images"}

HEADER = (r"Show that $D_{KL}(P\|Q) = H(P,Q) - H(P)$." "\n\n<!-- BEGIN ANSWER -->\n\n")
FOOTER = "\n<!-- END ANSWER -->\n"
PADDED = HEADER + "$$\n" + r"D_{KL}(P\|Q) &= H(P,Q) - H(P) \\" + "\n" + "\n".join(
    [r"&= H(P,Q) - H(P) \\"] * 150) + "\n" + r"&= H(P,Q) - H(P)" + "\n$$\n" + FOOTER
EXTRA = {  # submissions beyond the template's three: none of them may earn anything
    "trivial.md": HEADER + "$$a = a$$\n" + FOOTER,
    "unrelated.md": HEADER + r"$$\sigma(-z) = 1 - \sigma(z)$$" + "\n" + FOOTER,
    "padded.md": PADDED,
    "empty.md": HEADER + FOOTER,
    "prose.md": HEADER + "It follows from the definitions.\n" + FOOTER,
}


def _validate_gradescope(data: dict) -> None:
    """Every field is one the spec names, with the spec's types and values."""
    assert set(data) <= GRADESCOPE_TOP, set(data) - GRADESCOPE_TOP
    assert isinstance(data["score"], float)
    assert isinstance(data["output"], str) and data["output"]
    assert data["visibility"] in GRADESCOPE_VISIBILITY
    assert data["stdout_visibility"] in GRADESCOPE_VISIBILITY
    assert isinstance(data["execution_time"], int | float)
    for t in data["tests"]:
        assert set(t) <= GRADESCOPE_TEST, set(t) - GRADESCOPE_TEST
        assert t["status"] in ("passed", "failed")
        assert isinstance(t["name"], str) and isinstance(t["output"], str)
        assert all(isinstance(tag, str) for tag in t["tags"])
        assert t["visibility"] in GRADESCOPE_VISIBILITY
        assert 0 <= t["score"] <= t["max_score"] or t["max_score"] == 0 == t["score"]
    # the tests add up to the top-level score
    assert sum(t["score"] for t in data["tests"]) == data["score"]


def _container(tmp_path: Path, name: str, text: str) -> Path:
    """A directory laid out like /autograder, with the template as its source."""
    root = tmp_path / name
    shutil.copytree(TEMPLATE, root / "source", ignore=shutil.ignore_patterns("submissions"))
    shutil.copy(TEMPLATE / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    (root / "submission" / "answer.md").write_text(text, encoding="utf-8")
    return root


def _run(root: Path, **env: str) -> dict:
    bin_dir = str(Path(sys.executable).parent)
    environ = {**os.environ, "AUTOGRADER_ROOT": str(root),
               "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), **env}
    if shutil.which("derive", path=environ["PATH"]) is None:
        pytest.skip("the derive command is not installed next to this python")
    out = subprocess.run(["bash", str(root / "run_autograder")], capture_output=True,
                         text=True, env=environ, cwd=root)
    assert out.returncode == 0, out.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.mark.parametrize(("name", "score"), [
    ("correct.md", 10.0), ("wrong_step2.md", 4.0), ("goal_restated.md", 0.0)])
def test_the_template_course_runs_end_to_end(tmp_path: Path, name: str, score: float) -> None:
    data = _run(_container(tmp_path, name, (SUBMISSIONS / name).read_text()))
    _validate_gradescope(data)
    assert data["score"] == score
    names = [t["name"] for t in data["tests"]]
    assert {"starts at the assignment's start", "connected", "reaches the goal"} <= set(names)
    assert data["output"].startswith(f"Score {score:g} of 10.")
    if name == "wrong_step2.md":
        # step 1 earns 2 points and reaches the checkpoint (2 more); step 2 is the error:
        # the partial credit hw.toml's policy gives for one progress step and one checkpoint
        hw = load_assignment(TEMPLATE / "hw.toml")
        assert hw.policy.partial == "up_to_first_error"
        assert score == min(hw.policy.step_points + hw.checkpoints[0].points,
                            hw.policy.max_partial) > 0
        step2 = next(t for t in data["tests"] if t["name"].startswith("step 2"))
        assert step2["status"] == "failed" and step2["tags"] == ["sign_error"]
        assert "counterexample" in step2["output"]
        assert "First error: line 10" in data["output"]
        assert "counterexample: P = (0.25, 0.75)" in data["output"]
        assert "diagnosis [sign_error]" in data["output"]
    if name == "goal_restated.md":
        assert "goal_restated" in data["tests"][0]["tags"]


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_trivial_unrelated_padded_and_empty_answers_get_nothing(tmp_path: Path,
                                                                 name: str) -> None:
    data = _run(_container(tmp_path, name, EXTRA[name]))
    _validate_gradescope(data)
    assert data["score"] == 0.0
    assert data["tests"][0]["status"] == "failed"


def test_visibility_is_settable_and_a_missing_submission_still_writes_results(
        tmp_path: Path) -> None:
    root = _container(tmp_path, "hidden", (SUBMISSIONS / "correct.md").read_text())
    data = _run(root, VISIBILITY="after_due_date")
    assert data["visibility"] == "after_due_date"
    assert {t["visibility"] for t in data["tests"]} == {"after_due_date"}
    (root / "submission" / "answer.md").unlink()
    (root / "submission" / "answer.docx").write_bytes(b"PK\x03\x04 not a derivation")
    empty = _run(root)
    _validate_gradescope(empty)
    assert empty["score"] == 0.0 and "No derivation found" in empty["output"]


def test_a_bad_visibility_is_one_line_with_exit_code_2(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                          "autograde", "gradescope", "-a", str(TEMPLATE / "hw.toml"), "--root",
                          str(tmp_path), "--visibility", "sometimes"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert not (tmp_path / "results").exists()


def test_prairielearn_results_follow_its_documented_format(tmp_path: Path) -> None:
    hw = load_assignment(TEMPLATE / "hw.toml")
    (tmp_path / "student").mkdir()
    shutil.copy(SUBMISSIONS / "wrong_step2.md", tmp_path / "student" / "answer.md")
    data = json.loads(run_prairielearn(hw, tmp_path).read_text())
    assert set(data) <= PRAIRIELEARN_TOP
    assert data["gradable"] is True and data["score"] == 0.4
    for t in data["tests"]:
        assert set(t) <= PRAIRIELEARN_TEST and 0 <= t["points"] <= t["max_points"]
    assert prairielearn_results(None, hw) == {
        "gradable": False, "format_errors": ["no .tex, .md, .txt or .ipynb file submitted"]}


def test_gradescope_results_from_python_scale_to_the_points() -> None:
    hw = load_assignment(TEMPLATE / "hw.toml")
    graded = grade_file(SUBMISSIONS / "correct.md", hw)
    data = gradescope_results(graded, hw, "hidden", seconds=1.5)
    _validate_gradescope(data)
    assert data["score"] == hw.points and data["tests"][0]["max_score"] == hw.points
    with pytest.raises(ValueError, match="visibility"):
        gradescope_results(graded, hw, "public")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", *args],
                          capture_output=True, text=True)


def test_check_with_an_assignment_adds_score_and_points_to_each_file() -> None:
    files = [str(SUBMISSIONS / n) for n in ("correct.md", "wrong_step2.md")]
    out = _cli("check", "--assignment", str(TEMPLATE / "hw.toml"), *files, "--format", "json")
    data = json.loads(out.stdout)
    assert [(r["score"], r["points"]) for r in data["results"]] == [(10.0, 10.0), (4.0, 10.0)]
    assert data["summary"]["score"] == 14.0 and data["summary"]["points"] == 20.0
    one = json.loads(_cli("check", "-a", str(TEMPLATE / "hw.toml"), files[1], "--format",
                          "json").stdout)
    assert one["score"] == 4.0 and one["grade"]["outcome"] == "partial"
    gs = json.loads(_cli("check", "-a", str(TEMPLATE / "hw.toml"), files[0], "--format",
                         "gradescope").stdout)
    _validate_gradescope({**gs, "execution_time": 0})


def test_gradescope_without_an_assignment_has_no_top_level_max_score() -> None:
    data = json.loads(_cli("check", str(SUBMISSIONS / "correct.md"), "--format",
                           "gradescope").stdout)
    assert "max_score" not in data and set(data) <= GRADESCOPE_TOP


def test_batch_feedback_mirrors_the_input_tree(tmp_path: Path) -> None:
    for student, name in (("alice", "correct.md"), ("bob", "wrong_step2.md")):
        (tmp_path / "in" / student).mkdir(parents=True)
        shutil.copy(SUBMISSIONS / name, tmp_path / "in" / student / "answer.md")
    out = tmp_path / "out"
    result = _cli("check", str(tmp_path / "in"), "--format", "markdown", "-o", str(out))
    assert result.returncode == 1
    alice, bob = out / "alice" / "answer.md", out / "bob" / "answer.md"
    assert alice.exists() and bob.exists()
    assert "sign_error" in bob.read_text() and "sign_error" not in alice.read_text()
    # an existing file is kept and named; the rest of the batch is still written
    alice.write_text("kept")
    bob.unlink()
    again = _cli("check", str(tmp_path / "in"), "--format", "markdown", "-o", str(out))
    assert again.returncode == 2 and "not overwriting" in again.stderr
    assert alice.read_text() == "kept" and bob.exists()


def test_notebook_submissions_are_read_from_their_markdown_cells(tmp_path: Path) -> None:
    hw = load_assignment(TEMPLATE / "hw.toml")
    answer = (SUBMISSIONS / "correct.md").read_text()
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": answer.splitlines(keepends=True)},
        {"cell_type": "code", "metadata": {}, "source": ["x = 1 = 2\n"], "outputs": [],
         "execution_count": None}]}
    (tmp_path / "student").mkdir()
    (tmp_path / "student" / "hw.ipynb").write_text(json.dumps(nb))
    data = json.loads(run_prairielearn(hw, tmp_path).read_text())
    assert data["score"] == 1.0
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    graded = grade_file(broken, hw)
    assert graded.grade.score == 0.0
    assert graded.report.errors[0].message.startswith("not a Jupyter notebook")


def test_a_step_citing_a_result_not_listed_earns_nothing_and_is_named(tmp_path: Path) -> None:
    """The template lists Gibbs' inequality; citing Jensen's on an otherwise correct first step
    makes that step not count: nothing before it, and the checkpoint it reaches earns
    nothing either. Gradescope's output and the step's test name the result."""
    text = (SUBMISSIONS / "correct.md").read_text()
    cited = text.replace(r"\log \frac{P(x)}{Q(x)} \\",
                         r"\log \frac{P(x)}{Q(x)} && \text{by Jensen's inequality} \\", 1)
    assert cited != text
    data = _run(_container(tmp_path, "jensen.md", cited))
    _validate_gradescope(data)
    assert data["score"] == 0.0
    assert "[result_not_permitted]" in data["output"] and "jensen's inequality" in data["output"]
    step1 = next(t for t in data["tests"] if t["name"].startswith("step 1"))
    assert step1["status"] == "failed" and step1["tags"] == ["result_not_permitted"]
    gibbs = text.replace(r"\log \frac{P(x)}{Q(x)} \\",
                         r"\log \frac{P(x)}{Q(x)} && \text{by Gibbs' inequality} \\", 1)
    assert _run(_container(tmp_path, "gibbs.md", gibbs))["score"] == 10.0
