"""Assignment files: parsed with tomllib, every problem one line with file:line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from derive.checker.assignment import AssignmentError, load_assignment, parse_assignment

TEMPLATE = Path(__file__).parents[2] / "docs" / "autograder" / "hw.toml"
GOOD = """\
start = 'D_{KL}(P\\|Q)'
relation = '='
goal = 'H(P,Q) - H(P)'
points = 10
"""


def test_the_template_assignment_loads_with_every_section() -> None:
    hw = load_assignment(TEMPLATE)
    assert (hw.relation, hw.points, hw.answer_begin) == ("=", 10.0, "BEGIN ANSWER")
    assert hw.results[0].name == "Gibbs' inequality"
    assert hw.checkpoints[0].points == 2 and not hw.checkpoints[0].required
    assert (hw.policy.partial, hw.policy.step_points, hw.policy.max_partial,
            hw.policy.min_steps) == ("up_to_first_error", 2.0, 6.0, 2)
    assert hw.statement == r"D_{KL}(P\|Q) = H(P,Q) - H(P)"


def test_defaults_give_half_the_points_as_the_partial_cap() -> None:
    hw = parse_assignment(GOOD, "hw.toml")
    assert hw.policy.max_partial == 5.0 and hw.policy.min_steps == 2
    ge = parse_assignment(GOOD.replace("'='", "'\\ge'"), "hw.toml")
    assert ge.relation == ">="


@pytest.mark.parametrize(("text", "line", "fragment"), [
    (GOOD.replace("relation = '='", "relation = '=='"), 2, "relation: expected one of"),
    (GOOD + "pointz = 3\n", 5, "unknown key 'pointz'"),
    (GOOD + "\n[policy]\npartial = 'lenient'\n", 7, "policy.partial: expected one of"),
    (GOOD + "\n[policy]\nstep_points = 1\nmax_partal = 3\n", 8, "unknown key 'max_partal'"),
    (GOOD + "\n[policy]\nmax_partial = 11\n", 7, "more than points"),
    (GOOD + "\n[policy]\nmin_steps = 0\n", 7, "policy.min_steps"),
    (GOOD.replace("goal = 'H(P,Q) - H(P)'", "goal = 'H(P,Q) - '"), 3, "goal: cannot read"),
    (GOOD.replace("points = 10", "points = 'ten'"), 4, "points: expected a number"),
    (GOOD.replace("points = 10\n", ""), 1, "missing required key 'points'"),
    (GOOD + "\n[[checkpoints]]\nexpr = 'H(P)'\nrequired = 'yes'\n", 8,
     "checkpoints.required"),
    (GOOD + "\n[[checkpoints]]\nexpr = 'a'\n\n[[checkpoints]]\npoints = 1\n", 9,
     "needs 'expr'"),
    (GOOD + "definitions = ['Z(x) = 1']\n", 5, "is not a definition"),
    (GOOD + "\n[givens]\n'\\epsilon' = [1, 0]\n", 7, "low < high"),
    (GOOD + "start = 'again'\n", 5, "not valid TOML"),
])
def test_each_problem_is_one_line_with_the_file_and_line(text: str, line: int,
                                                         fragment: str) -> None:
    with pytest.raises(AssignmentError) as info:
        parse_assignment(text, "hw.toml")
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"hw.toml:{line}: "), msg
    assert fragment in msg


def test_a_missing_file_is_one_line() -> None:
    with pytest.raises(AssignmentError, match=r"^nowhere\.toml:1: cannot read"):
        load_assignment("nowhere.toml")


def test_the_cli_reports_a_bad_assignment_with_exit_code_2(tmp_path: Path) -> None:
    hw = tmp_path / "hw.toml"
    hw.write_text(GOOD + "\n[policy]\npartial = 'lenient'\n")
    answer = tmp_path / "a.md"
    answer.write_text("$$a = a$$\n")
    out = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", "check",
                          "--assignment", str(hw), str(answer)], capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.strip() == (f"{hw}:7: policy.partial: expected one of none, "
                                  "up_to_first_error, carry_forward, got 'lenient'")
    assert "Traceback" not in out.stderr
