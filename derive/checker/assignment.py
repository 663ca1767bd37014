"""Assignment files: what a student must derive, what they may use, and how it is scored.

An assignment is a TOML file read with :mod:`tomllib`.  The top level states the problem::

    title = "KL divergence as cross-entropy minus entropy"
    start = 'D_{KL}(P\\|Q)'          # where the chain begins (or something proved equal)
    relation = '='                   # =, <=, >=, <, >  (also \\le, \\ge, \\leq, \\geq)
    goal = 'H(P,Q) - H(P)'           # where it must end
    points = 10
    units = 'bits'                   # optional: bits (a bare \\log is base 2) or nats
    definitions = ['Z(x) := \\sum_y \\pi_{ref}(y|x) \\exp(r(x,y)/\\beta)']   # given to the student
    answer_begin = 'BEGIN ANSWER'    # optional: only the text between the markers is scored
    answer_end = 'END ANSWER'

    [givens]                         # symbols restricted to an open interval
    '\\epsilon' = [0, 1]

    [[results]]                      # named library results the student may cite
    name = "Gibbs' inequality"
    statement = 'D_{KL}(P\\|Q) \\ge 0'

    [[checkpoints]]                  # expressions the chain passes through
    expr = '\\sum_x P(x) \\log P(x) - \\sum_x P(x) \\log Q(x)'
    points = 4                       # partial credit for reaching it correctly from the start
    required = false                 # required: full credit needs it

    [policy]
    partial = 'up_to_first_error'    # none | up_to_first_error | carry_forward
    step_points = 2                  # partial credit per correct step that makes progress
    max_partial = 6                  # partial credit never exceeds this (default points / 2)
    min_steps = 2                    # fewer progress steps from start to goal: the goal restated

Every problem in the file is reported as one line ``file:line: message`` (:class:`AssignmentError`).

>>> a = parse_assignment("start = 'D_{KL}(P\\\\|Q)'\\nrelation = '='\\ngoal = 'H(P,Q) - H(P)'\\n"
...                      "points = 10\\n", "hw.toml")
>>> a.points, a.relation, a.policy.partial, a.policy.max_partial
(10.0, '=', 'up_to_first_error', 5.0)
>>> try:
...     parse_assignment("start = 'x'\\nrelation = '=='\\ngoal = 'y'\\npoints = 1\\n", "hw.toml")
... except AssignmentError as exc:
...     print(str(exc).split(" (or")[0])
hw.toml:2: relation: expected one of =, <=, >=, <, >
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..notation import NotationError, parse_math
from ..notation import ast as A

__all__ = ["Assignment", "AssignmentError", "Checkpoint", "CitedResult", "CreditPolicy",
           "load_assignment", "parse_assignment", "RELATIONS", "PARTIAL_POLICIES", "UNITS"]

#: the relation a goal may state, as written -> the kernel's name
RELATIONS: dict[str, str] = {
    "=": "=", "<=": "<=", ">=": ">=", "<": "<", ">": ">", "\\le": "<=", "\\leq": "<=",
    "\\ge": ">=", "\\geq": ">=", "\\lt": "<", "\\gt": ">",
}
PARTIAL_POLICIES = ("none", "up_to_first_error", "carry_forward")
_TOP_KEYS = {"title", "start", "relation", "goal", "points", "definitions", "givens", "results",
             "checkpoints", "policy", "answer_begin", "answer_end", "units"}
#: the units an assignment may state its information quantities in
UNITS = ("bits", "nats")
_POLICY_KEYS = {"partial", "step_points", "max_partial", "min_steps"}
_CHECKPOINT_KEYS = {"expr", "points", "required"}
_RESULT_KEYS = {"name", "statement"}


class AssignmentError(ValueError):
    """A problem in an assignment file: ``file:line: message`` (one line)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass(frozen=True)
class Checkpoint:
    """An expression the chain should pass through, worth ``points`` of partial credit."""

    latex: str
    node: A.Node
    points: float = 0.0
    required: bool = False


@dataclass(frozen=True)
class CitedResult:
    """A named library result the student may cite (``by Gibbs' inequality``)."""

    name: str
    statement: str


@dataclass(frozen=True)
class CreditPolicy:
    """How an incomplete or wrong chain is scored (see the module docstring)."""

    partial: str = "up_to_first_error"
    step_points: float = 0.0
    max_partial: float = 0.0
    min_steps: int = 2


@dataclass(frozen=True)
class Assignment:
    """A parsed, validated assignment file."""

    file: str
    start_latex: str
    start: A.Node
    relation: str
    goal_latex: str
    goal: A.Node
    points: float
    title: str = ""
    definitions: tuple[A.Definition, ...] = ()
    givens: tuple[tuple[A.Node, float, float], ...] = ()
    results: tuple[CitedResult, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    policy: CreditPolicy = field(default_factory=CreditPolicy)
    answer_begin: str | None = None
    answer_end: str | None = None
    #: "bits", "nats", or None: the submission's own convention decides (as ``derive check``)
    units: str | None = None

    @property
    def statement(self) -> str:
        """The claim to derive, as LaTeX: ``start relation goal``."""
        rel = {"<=": "\\le", ">=": "\\ge"}.get(self.relation, self.relation)
        return f"{self.start_latex} {rel} {self.goal_latex}"


class _Locator:
    """Find the line of a key in the TOML text (tomllib keeps no positions)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def line(self, key: str, table: str | None = None, nth: int = 0) -> int:
        start, seen = 0, -1
        if table is not None:
            header = re.compile(r"^\s*\[\[?\s*" + re.escape(table) + r"\s*\]\]?\s*(#.*)?$")
            for i, ln in enumerate(self.lines):
                if header.match(ln):
                    seen += 1
                    if seen == nth:
                        start = i
                        break
        pat = re.compile(r"^\s*['\"]?" + re.escape(key) + r"['\"]?\s*=")
        first = start + 1 if table is not None else 0
        for i in range(first, len(self.lines)):
            if re.match(r"^\s*\[", self.lines[i]):
                break  # the next table: the key is not in this one
            if pat.match(self.lines[i]):
                return i + 1
        return start + 1 if table is not None else 1


def _number(value: Any, file: str, line: int, key: str, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AssignmentError(file, line, f"{key}: expected a number, got {value!r}")
    if value < minimum:
        raise AssignmentError(file, line, f"{key}: must be at least {minimum:g}, got {value!r}")
    return float(value)


def _math(value: Any, file: str, line: int, key: str) -> A.Node:
    if not isinstance(value, str) or not value.strip():
        raise AssignmentError(file, line, f"{key}: expected a LaTeX string, got {value!r}")
    try:
        return parse_math(value)
    except NotationError as exc:
        raise AssignmentError(file, line, f"{key}: cannot read '{value}': {exc.message} "
                                          f"(column {exc.column})") from None


def _unknown(keys: set[str], allowed: set[str], file: str, loc: _Locator, where: str,
             table: str | None = None, nth: int = 0) -> None:
    for key in sorted(keys - allowed):
        raise AssignmentError(file, loc.line(key, table, nth),
                              f"unknown key '{key}'{where} (expected one of "
                              f"{', '.join(sorted(allowed))})")


def parse_assignment(text: str, file: str = "<assignment>") -> Assignment:
    """Parse and validate assignment ``text``; raise :class:`AssignmentError` on any problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else 1
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise AssignmentError(file, line, f"not valid TOML: {msg}") from None
    loc = _Locator(text)
    _unknown(set(data), _TOP_KEYS, file, loc, "")
    for key in ("start", "relation", "goal", "points"):
        if key not in data:
            raise AssignmentError(file, 1, f"missing required key '{key}'")
    start = _math(data["start"], file, loc.line("start"), "start")
    goal = _math(data["goal"], file, loc.line("goal"), "goal")
    rel_text = data["relation"]
    if not isinstance(rel_text, str) or rel_text.strip() not in RELATIONS:
        raise AssignmentError(file, loc.line("relation"),
                              "relation: expected one of =, <=, >=, <, > (or \\le, \\ge, \\leq, "
                              f"\\geq, \\lt, \\gt), got {rel_text!r}")
    points = _number(data["points"], file, loc.line("points"), "points")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise AssignmentError(file, loc.line("title"), f"title: expected a string, got {title!r}")
    units = data.get("units")
    if units is not None and units not in UNITS:
        raise AssignmentError(file, loc.line("units"),
                              f"units: expected one of {', '.join(UNITS)}, got {units!r}")
    return Assignment(
        file=file, start_latex=data["start"].strip(), start=start,
        relation=RELATIONS[rel_text.strip()], goal_latex=data["goal"].strip(), goal=goal,
        points=points, title=title,
        definitions=_definitions(data.get("definitions", []), file, loc),
        givens=_givens(data.get("givens", {}), file, loc),
        results=_results(data.get("results", []), file, loc),
        checkpoints=_checkpoints(data.get("checkpoints", []), file, loc),
        policy=_policy(data.get("policy", {}), points, file, loc),
        answer_begin=_marker(data, "answer_begin", file, loc),
        answer_end=_marker(data, "answer_end", file, loc), units=units,
    )


def _marker(data: dict, key: str, file: str, loc: _Locator) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AssignmentError(file, loc.line(key), f"{key}: expected a non-empty string")
    return value.strip()


def _definitions(value: Any, file: str, loc: _Locator) -> tuple[A.Definition, ...]:
    line = loc.line("definitions")
    if not isinstance(value, list):
        raise AssignmentError(file, line, "definitions: expected a list of LaTeX definitions")
    out = []
    for item in value:
        node = _math(item, file, line, "definitions")
        if not isinstance(node, A.Definition):
            raise AssignmentError(file, line, f"definitions: '{item}' is not a definition "
                                              "(write 'name := value')")
        out.append(node)
    return tuple(out)


def _givens(value: Any, file: str, loc: _Locator) -> tuple[tuple[A.Node, float, float], ...]:
    if not isinstance(value, dict):
        raise AssignmentError(file, loc.line("givens"), "givens: expected a table "
                                                        "'symbol' = [low, high]")
    out = []
    for name, interval in value.items():
        line = loc.line(name, "givens")
        node = _math(name, file, line, "givens")
        if not isinstance(node, A.Name):
            raise AssignmentError(file, line, f"givens: '{name}' is not a symbol")
        ok = (isinstance(interval, list) and len(interval) == 2
              and all(isinstance(v, int | float) and not isinstance(v, bool) for v in interval)
              and interval[0] < interval[1])
        if not ok:
            raise AssignmentError(file, line, f"givens: '{name}' needs [low, high] with "
                                              f"low < high, got {interval!r}")
        out.append((node, float(interval[0]), float(interval[1])))
    return tuple(out)


def _tables(value: Any, key: str, file: str, loc: _Locator) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AssignmentError(file, loc.line(key), f"{key}: expected [[{key}]] tables")
    return value


def _results(value: Any, file: str, loc: _Locator) -> tuple[CitedResult, ...]:
    out = []
    for i, item in enumerate(_tables(value, "results", file, loc)):
        _unknown(set(item), _RESULT_KEYS, file, loc, " in [[results]]", "results", i)
        line = loc.line("name", "results", i)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise AssignmentError(file, line, "results: each result needs a name")
        statement = item.get("statement", "")
        if statement:
            _math(statement, file, loc.line("statement", "results", i), "results.statement")
        out.append(CitedResult(name.strip(), statement))
    return tuple(out)


def _checkpoints(value: Any, file: str, loc: _Locator) -> tuple[Checkpoint, ...]:
    out = []
    for i, item in enumerate(_tables(value, "checkpoints", file, loc)):
        _unknown(set(item), _CHECKPOINT_KEYS, file, loc, " in [[checkpoints]]", "checkpoints", i)
        if "expr" not in item:
            raise AssignmentError(file, loc.line("expr", "checkpoints", i),
                                  "checkpoints: each checkpoint needs 'expr'")
        node = _math(item["expr"], file, loc.line("expr", "checkpoints", i), "checkpoints.expr")
        pts = _number(item.get("points", 0), file, loc.line("points", "checkpoints", i),
                      "checkpoints.points")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise AssignmentError(file, loc.line("required", "checkpoints", i),
                                  f"checkpoints.required: expected true or false, got {required!r}")
        out.append(Checkpoint(item["expr"].strip(), node, pts, required))
    return tuple(out)


def _policy(value: Any, points: float, file: str, loc: _Locator) -> CreditPolicy:
    if not isinstance(value, dict):
        raise AssignmentError(file, loc.line("policy"), "policy: expected a [policy] table")
    _unknown(set(value), _POLICY_KEYS, file, loc, " in [policy]", "policy")
    partial = value.get("partial", "up_to_first_error")
    if partial not in PARTIAL_POLICIES:
        raise AssignmentError(file, loc.line("partial", "policy"),
                              f"policy.partial: expected one of {', '.join(PARTIAL_POLICIES)}, "
                              f"got {partial!r}")
    step = _number(value.get("step_points", 0), file, loc.line("step_points", "policy"),
                   "policy.step_points")
    cap = _number(value.get("max_partial", points / 2), file, loc.line("max_partial", "policy"),
                  "policy.max_partial")
    if cap > points:
        raise AssignmentError(file, loc.line("max_partial", "policy"),
                              f"policy.max_partial: {cap:g} is more than points ({points:g})")
    min_steps = value.get("min_steps", 2)
    if isinstance(min_steps, bool) or not isinstance(min_steps, int) or min_steps < 1:
        raise AssignmentError(file, loc.line("min_steps", "policy"),
                              f"policy.min_steps: expected a whole number >= 1, got {min_steps!r}")
    return CreditPolicy(partial, step, cap, min_steps)


def load_assignment(path: str | Path) -> Assignment:
    """Read and validate an assignment file (errors are ``file:line: message``)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AssignmentError(str(path), 1, f"cannot read: "
                                            f"{getattr(exc, 'strerror', None) or exc}") from None
    return parse_assignment(text, str(path))
