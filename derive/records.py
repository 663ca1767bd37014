"""Step records: the one data shape every view renders.

The kernel produces a :class:`Verdict` with its :class:`Evidence` for each step; a derivation turns
its checked steps into :class:`StepRecord` objects and itself into a :class:`DerivationRecord`.
The terminal view, JSON, LaTeX, Markdown, HTML and the student feedback are all renderings of
these records, so they can never disagree about what was checked.

Expressions are stored as LaTeX strings (already printed by :mod:`derive.latex`), so renderers do
not need SymPy.

>>> ev = Evidence(strategy="normal_form", samples=48, max_discrepancy=0.0)
>>> step = StepRecord(index=1, relation="=", before="a", after="a", rule="reflexivity",
...                   justification="Equal by definition.", verdict=PROVED, evidence=ev)
>>> step.to_json()["evidence"]["strategy"]
'normal_form'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PROVED = "proved"
NUMERIC_ONLY = "numeric_only"
REFUTED = "refuted"
INCONCLUSIVE = "inconclusive"
VERDICTS = (PROVED, NUMERIC_ONLY, REFUTED, INCONCLUSIVE)

#: verdicts under which a step is accepted (exit code 0)
ACCEPTED = frozenset({PROVED, NUMERIC_ONLY})

#: relation name -> LaTeX symbol.  ``argopt`` is optimizer equivalence: both sides are
#: ``\arg\min``/``\arg\max`` problems and the claim is that they have the same optimizers.
RELATION_LATEX: dict[str, str] = {
    "=": "=",
    "<=": r"\le",
    ">=": r"\ge",
    "<": "<",
    ">": ">",
    "propto": r"\propto",
    "approx": r"\approx",
    "argopt": "=",
    "!=": r"\neq",
}

#: relation name -> plain-text symbol for terminals
RELATION_TEXT: dict[str, str] = {
    "=": "=",
    "<=": "≤",
    ">=": "≥",
    "<": "<",
    ">": ">",
    "propto": "∝",
    "approx": "≈",
    "argopt": "=",
    "!=": "≠",
}


@dataclass(frozen=True)
class Counterexample:
    """A concrete instance on which a step fails.

    ``assignment`` maps the LaTeX name of each symbol (``P``, ``\\beta``, ``r(x, y)``) to its
    value: a number, or a list of numbers for a distribution or a function on a finite support.
    ``lhs`` and ``rhs`` are both sides' values on that instance (for optimizer relations, the
    objective values; ``detail`` then says where each side's optimizer is).
    """

    assignment: dict[str, Any]
    lhs: float | None
    rhs: float | None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """What was shown for a step.

    ``strategy`` names the symbolic strategy that succeeded (``None`` when none did);
    ``samples`` is how many valid random instances were evaluated and ``max_discrepancy`` the
    worst disagreement among them (0 for exact agreement); ``counterexample`` is set for a
    refuted step; ``notes`` holds anything else worth saying (time budget hit, side conditions
    checked, why a step is numeric only).
    """

    strategy: str | None = None
    samples: int = 0
    max_discrepancy: float | None = None
    counterexample: Counterexample | None = None
    notes: tuple[str, ...] = ()
    side_conditions: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["notes"] = list(self.notes)
        out["side_conditions"] = list(self.side_conditions)
        out["counterexample"] = self.counterexample.to_json() if self.counterexample else None
        return out


@dataclass(frozen=True)
class Verdict:
    """The kernel's decision on one step: one of :data:`VERDICTS` plus its evidence."""

    status: str
    evidence: Evidence = field(default_factory=Evidence)

    def __post_init__(self) -> None:
        if self.status not in VERDICTS:
            raise ValueError(f"unknown verdict {self.status!r}")

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED


@dataclass(frozen=True)
class StepRecord:
    """One checked step: ``before  relation  after`` because of ``rule``."""

    index: int
    relation: str
    before: str
    after: str
    rule: str
    justification: str
    verdict: str
    evidence: Evidence

    @property
    def relation_latex(self) -> str:
        return RELATION_LATEX[self.relation]

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "relation": self.relation,
            "before": self.before,
            "after": self.after,
            "rule": self.rule,
            "justification": self.justification,
            "verdict": self.verdict,
            "evidence": self.evidence.to_json(),
        }


def overall_verdict(verdicts: list[str]) -> str:
    """Combine step verdicts: refuted beats inconclusive beats numeric_only beats proved."""
    for status in (REFUTED, INCONCLUSIVE, NUMERIC_ONLY):
        if status in verdicts:
            return status
    return PROVED


@dataclass(frozen=True)
class DerivationRecord:
    """A checked derivation: start expression, steps, conclusion and assumptions (LaTeX)."""

    name: str
    title: str
    conclusion: str
    assumptions: tuple[str, ...]
    start: str
    steps: tuple[StepRecord, ...]
    description: str = ""

    @property
    def verdict(self) -> str:
        return overall_verdict([s.verdict for s in self.steps])

    @property
    def numeric_only_steps(self) -> list[StepRecord]:
        return [s for s in self.steps if s.verdict == NUMERIC_ONLY]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "conclusion": self.conclusion,
            "assumptions": list(self.assumptions),
            "description": self.description,
            "start": self.start,
            "verdict": self.verdict,
            "steps": [s.to_json() for s in self.steps],
        }


@dataclass(frozen=True)
class Diagnosis:
    """A named, likely mistake behind a refuted step (stable ``code``, plain-language message)."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class CheckedStep:
    """One step of a student submission as judged by ``derive check``."""

    index: int
    line: int
    relation: str
    lhs: str
    rhs: str
    verdict: str
    reason: str
    counterexample: Counterexample | None = None
    diagnosis: Diagnosis | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "line": self.line,
            "relation": self.relation,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "verdict": self.verdict,
            "reason": self.reason,
            "counterexample": self.counterexample.to_json() if self.counterexample else None,
            "diagnosis": self.diagnosis.to_json() if self.diagnosis else None,
        }


@dataclass(frozen=True)
class InputError:
    """A problem reading the input, located at 1-based ``line`` and ``column``."""

    line: int
    column: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class CheckReport:
    """The judgement of one submission file (see the checker issue for the JSON shape)."""

    file: str
    steps: tuple[CheckedStep, ...] = ()
    errors: tuple[InputError, ...] = ()
    #: not errors: e.g. a chain that does not start where the previous one ended
    warnings: tuple[InputError, ...] = ()

    @property
    def verdict(self) -> str:
        """``correct`` | ``incorrect`` | ``unverified`` | ``invalid``.

        ``invalid`` only when nothing in the document could be read; a formula the engine cannot
        read is an *unsupported* error (line:column) and leaves the rest checked, the whole
        then at best ``unverified``.
        """
        if self.errors and not self.steps:
            return "invalid"
        statuses = [s.verdict for s in self.steps]
        if REFUTED in statuses:
            return "incorrect"
        if INCONCLUSIVE in statuses or self.errors:
            return "unverified"
        return "correct"

    @property
    def first_error(self) -> CheckedStep | None:
        return next((s for s in self.steps if s.verdict == REFUTED), None)

    def to_json(self) -> dict[str, Any]:
        first = self.first_error
        return {
            "file": self.file,
            "verdict": self.verdict,
            "steps": [s.to_json() for s in self.steps],
            "first_error": {"index": first.index, "line": first.line} if first else None,
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }
