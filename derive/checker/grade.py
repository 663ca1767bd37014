"""Grade a submission against an :class:`~derive.checker.assignment.Assignment`.

Only a connected chain that starts at the assignment's start (or something the kernel proves
equal) and ends at its goal, with relations that compose to the goal's, earns full points.
``a = a``, an unrelated true identity, the goal restated alone and lines that do not connect
earn nothing beyond what the credit policy gives, and steps that repeat an earlier expression
never earn anything, so padding cannot raise a score.

>>> from derive.checker.assignment import parse_assignment
>>> hw = parse_assignment("start = 'D_{KL}(P\\\\|Q)'\\nrelation = '='\\n"
...                       "goal = 'H(P,Q) - H(P)'\\npoints = 10\\n")
>>> g = grade_text("$$D_{KL}(P\\\\|Q) = H(P,Q) - H(P)$$", "md", hw).grade
>>> g.score, g.outcome, [f.code for f in g.findings]
(0.0, 'no_credit', ['goal_restated'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from ..notation import ast as A
from ..notation import to_latex
from ..records import CheckReport as CheckReportData
from ..records import InputError
from .assignment import Assignment, Checkpoint
from .chain import (
    Equalities,
    Link,
    Segment,
    can_reach,
    compose,
    connects,
    judge_document,
    satisfies,
)
from .check import KINDS, CheckReport
from .cited_results import cited, permitted
from .grading_conventions import grading_translator
from .translate import TranslationError, Translator

__all__ = ["Finding", "Requirement", "Grade", "GradedReport", "grade_text", "grade_file",
           "answer_region"]


@dataclass(frozen=True)
class Finding:
    """Something the feedback names: a stable ``code``, the line, and a sentence."""

    code: str
    line: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class Requirement:
    """One thing the assignment asks for, passed or not (a Gradescope/PrairieLearn test)."""

    name: str
    passed: bool
    message: str
    tags: tuple[str, ...] = ()
    line: int | None = None  # the step's line, for a step requirement

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "message": self.message,
                "tags": list(self.tags), "line": self.line}


@dataclass(frozen=True)
class Grade:
    """The score of one submission and why."""

    score: float
    points: float
    outcome: str  # complete | partial | no_credit
    summary: str
    findings: tuple[Finding, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    chain_lines: tuple[int, ...] = ()
    #: (line, result) for each chain step whose annotation cites a result the assignment lists
    citations: tuple[tuple[int, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "points": self.points, "outcome": self.outcome,
                "summary": self.summary, "findings": [f.to_json() for f in self.findings],
                "requirements": [r.to_json() for r in self.requirements],
                "chain_lines": list(self.chain_lines),
                "citations": [{"line": ln, "result": r} for ln, r in self.citations]}


@dataclass(frozen=True)
class GradedReport:
    """A check report together with its grade."""

    report: CheckReportData
    grade: Grade

    def to_json(self) -> dict[str, Any]:
        out = self.report.to_json()
        out.update({"score": self.grade.score, "points": self.grade.points,
                    "grade": self.grade.to_json()})
        return out


def answer_region(text: str, assignment: Assignment) -> tuple[str, InputError | None]:
    """The student's answer: the text between the markers, everything else blanked (lines kept).

    >>> from derive.checker.assignment import parse_assignment
    >>> hw = parse_assignment("start='a'\\nrelation='='\\ngoal='b'\\npoints=1\\n"
    ...                       "answer_begin='BEGIN'\\nanswer_end='END'\\n")
    >>> answer_region("$a=b$\\nBEGIN\\n$a=c$\\nEND\\n$x=y$", hw)[0].split(chr(10))
    ['', '', '$a=c$', '', '']
    """
    begin, end = assignment.answer_begin, assignment.answer_end
    if not begin:
        return text, None
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if begin in ln), None)
    if start is None:
        return "", InputError(1, 1, f"no answer found: expected a line containing '{begin}' "
                                    "before the answer")
    stop = len(lines)
    if end:
        stop = next((i for i in range(start + 1, len(lines)) if end in lines[i]), len(lines))
    kept = ["" if i <= start or i >= stop else ln for i, ln in enumerate(lines)]
    return "\n".join(kept), None


def statement_names(assignment: Assignment) -> frozenset:
    """The ``(base, sub)`` names the assignment's start, goal and checkpoints are made of: a
    submission may not redefine them (``Q := P`` would make ``D(P‖Q) = 0`` "derivable")."""
    nodes = [assignment.start, assignment.goal] + [c.node for c in assignment.checkpoints]
    return frozenset((m.base, m.sub) for n in nodes for m in n.walk() if isinstance(m, A.Name))


def grade_text(text: str, kind: str, assignment: Assignment, filename: str = "<stdin>",
               budget: float = 2.0) -> GradedReport:
    """Check ``text`` step by step and grade it against ``assignment``; the text is read as
    ``derive check`` reads it (its log base and bits, ``p``/``P``), and so is the statement
    (:func:`~derive.checker.grading_conventions.grading_translator`)."""
    answer, missing = answer_region(text, assignment)
    targets: dict[str, Any] = {}

    def conventions(doc: Any) -> Translator:
        tr, found = grading_translator(assignment, doc)
        targets.update(found)
        return tr

    try:
        # a student's own "assume x > 0" neither restricts nor excuses: the assignment's
        # [givens] say what may be assumed
        judged = judge_document(answer, kind, budget, protected=statement_names(assignment),
                                conventions=conventions, apply_hypotheses=False)
    except TranslationError as exc:
        raise ValueError(f"{assignment.file}: cannot use the assignment: {exc.message}") from None
    errors = judged.errors + ((missing,) if missing else ())
    report = CheckReport(file=filename, steps=judged.steps, errors=errors)
    grader = _Grader(assignment, targets, Equalities(judged.translator))
    grade = grader.grade(judged.segments, errors)
    return GradedReport(report, grade)


def grade_file(path: str | Path, assignment: Assignment, budget: float = 2.0) -> GradedReport:
    """Grade one file; the kind follows the extension (``.tex``, ``.md``, ``.txt``)."""
    p = Path(path)
    kind = KINDS.get(p.suffix.lower(), "tex")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = getattr(exc, "strerror", None) or str(exc)
        text, err = "", InputError(1, 1, f"cannot read: {msg}")
        graded = grade_text(text, kind, assignment, str(path), budget)
        report = CheckReport(file=str(path), steps=(), errors=(err,))
        return GradedReport(report, graded.grade)
    if p.suffix.lower() == ".ipynb":  # the Markdown cells
        from .notebook_submission import NotANotebook, notebook_markdown
        try:
            text = notebook_markdown(text)
        except NotANotebook as exc:
            graded = grade_text("", kind, assignment, str(path), budget)
            return GradedReport(CheckReport(file=str(path), errors=(InputError(1, 1, str(exc)),)),
                                graded.grade)
        kind = "md"  # the answer markers are looked for in the cells' text
    return grade_text(text, kind, assignment, str(path), budget)


@dataclass
class _Chain:
    links: list[Link]
    segments: list[Segment]
    stray: list[Segment] = field(default_factory=list)  # after the chain, not connected


def _same(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    """The same expression as written, up to notation (``\\ln``/``\\log``, the order of terms):
    the goal and checkpoints are forms to reach, and kernel equality would accept every
    expression of a correct ``=`` chain."""
    return a is not None and b is not None and (a == b or sp.srepr(a) == sp.srepr(b))


def _tex(node: object) -> str:
    return to_latex(node)  # type: ignore[arg-type]


class _Grader:
    def __init__(self, assignment: Assignment, targets: dict[str, Any], eq: Equalities) -> None:
        self.a = assignment
        self.start: sp.Expr = targets["start"]
        self.goal: sp.Expr = targets["goal"]
        self.checkpoints: list[tuple[Checkpoint, sp.Expr]] = list(
            zip(assignment.checkpoints, targets["checkpoints"], strict=True))
        self.eq = eq

    # ------------------------------------------------------------------ chains
    def _chains(self, segments: list[Segment]) -> list[_Chain]:
        """Connected chains that begin at the assignment's start (at most five candidates)."""
        out = []
        for i, seg in enumerate(segments):
            if len(out) >= 5:
                break
            if not self.eq.equal(self.start, seg.first.before):
                continue
            chain = _Chain(list(seg.links), [seg])
            for nxt in segments[i + 1:]:
                if chain.stray or not connects(self.eq, chain.segments[-1], nxt):
                    chain.stray.append(nxt)
                else:
                    chain.segments.append(nxt)
                    chain.links.extend(nxt.links)
            out.append(chain)
        return out

    def grade(self, segments: list[Segment], errors: tuple[InputError, ...]) -> Grade:
        segments = [s for s in segments if any(ln.before is not None for ln in s.links)]
        unreadable = tuple(Finding("unreadable", e.line, e.message) for e in errors)
        if not segments:
            msg = "no derivation found in the answer"
            return Grade(0.0, self.a.points, "no_credit", f"no credit: {msg}",
                         (Finding("no_answer", 1, msg),) + unreadable, self._requirements())
        graded = [self._grade_chain(c, segments) for c in self._chains(segments)]
        if not graded:
            g = self._no_chain(segments)
        else:
            # the best chain; among equals the one with the fewest problems named
            g = max(graded, key=lambda x: (x.score, -len(x.findings)))
        chain = {ln.line: ln for s in segments for ln in s.links if ln.line in g.chain_lines}
        return Grade(g.score, g.points, g.outcome, g.summary, g.findings + unreadable,
                     g.requirements, g.chain_lines, self._citations(list(chain.values())))

    def _citations(self, links: list[Link]) -> tuple[tuple[int, str], ...]:
        """Steps whose annotation (``\\text{by Gibbs' inequality}``) names a listed result."""
        out = []
        for ln in links:
            for c in cited(ln.step.note):
                out += [(ln.line, r.name) for r in self.a.results if permitted(c, [r.name])]
        return tuple(dict.fromkeys(out))

    def _not_permitted(self, ln: Link) -> list[str]:
        """The results a step cites that the assignment's ``[[results]]`` do not list (none
        when it lists none: citations are then not restricted)."""
        names = [r.name for r in self.a.results]
        return [c for c in cited(ln.step.note) if names and not permitted(c, names)]

    def _no_chain(self, segments: list[Segment]) -> Grade:
        """Nothing starts at the start: say what the submission proves instead."""
        ends_at_goal = [s for s in segments if _same(s.last.after, self.goal)]
        trivial = all(ln.before is not None and ln.after is not None
                      and sp.srepr(ln.before) == sp.srepr(ln.after)
                      for s in segments for ln in s.links)
        first = segments[0].first
        if trivial:
            code, msg = "trivial", ("every step states that an expression equals itself; "
                                    "nothing is derived")
        elif ends_at_goal:
            s = ends_at_goal[0]
            code, msg = "wrong_start", (
                f"the chain ending at the goal (line {s.last.line}) starts at "
                f"${_tex(s.first.step.lhs)}$, not at the assignment's start "
                f"${self.a.start_latex}$")
        else:
            code, msg = "proves_something_else", (
                f"no chain starts at ${self.a.start_latex}$ or ends at ${self.a.goal_latex}$: "
                f"the steps (from line {first.line}) prove something else")
        return Grade(0.0, self.a.points, "no_credit", f"no credit: {msg}",
                     (Finding(code, first.step.lhs.line, msg),),
                     self._requirements(starts=False, ends=bool(ends_at_goal), tags=(code,)))

    # ------------------------------------------------------------------ one chain
    def _grade_chain(self, chain: _Chain, segments: list[Segment]) -> Grade:
        a, policy = self.a, self.a.policy
        links = chain.links
        # the goal is a form, not a value: in a correct '=' chain every expression equals it
        hits = [k for k, ln in enumerate(links) if _same(ln.after, self.goal)]
        goal_at = hits[-1] if hits else None
        body = links if goal_at is None else links[:goal_at + 1]
        findings: list[Finding] = []
        seen = {sp.srepr(body[0].before)} if body[0].before is not None else set()
        written = {_tex(body[0].step.lhs)}
        repeats: list[int] = []  # lines that write out an earlier expression again
        progress: list[bool] = []
        step_ok: list[bool] = []
        relations: list[str] = []
        for ln in body:
            novel = ln.after is not None and sp.srepr(ln.after) not in seen
            if ln.after is not None:
                seen.add(sp.srepr(ln.after))
            progress.append(novel)
            text = _tex(ln.step.rhs)
            if text in written:
                repeats.append(ln.line)
            written.add(text)
            relations.append(ln.relation)
            rel_ok = can_reach(compose(relations), a.relation)
            barred = self._not_permitted(ln)
            step_ok.append(ln.accepted and rel_ok and not barred)
            if not ln.accepted:
                findings.append(self._step_finding(ln))
            elif barred:
                allowed = "; ".join(r.name for r in a.results)
                findings.append(Finding("result_not_permitted", ln.line, (
                    f"this step cites {', '.join(barred)}, which the assignment does not list "
                    f"among the results you may cite ({allowed}), so it does not count")))
            elif not rel_ok and not any(f.code == "relation_breaks" for f in findings):
                findings.append(Finding("relation_breaks", ln.line, (
                    f"this step's relation does not lead to the goal's '{a.relation}': "
                    f"the chain so far proves {compose(relations) or 'nothing'}")))
        if repeats:
            findings.append(Finding("repeated_step", repeats[0], (
                f"{len(repeats)} step(s) repeat an earlier expression and earn nothing "
                f"(line {', '.join(map(str, repeats[:5]))}{', …' if len(repeats) > 5 else ''})")))
        for seg in chain.stray:
            findings.append(Finding("unconnected", seg.first.step.lhs.line, (
                f"not connected: this line starts at ${_tex(seg.first.step.lhs)}$, not where "
                f"the chain ended (${_tex(chain.segments[-1].last.step.rhs)}$), "
                "so it does not count")))
        all_ok = all(step_ok) and satisfies(compose(relations), a.relation)
        if all(step_ok) and not all_ok and goal_at is not None:
            findings.append(Finding("relation_too_weak", body[-1].line, (
                f"the chain proves '{compose(relations)}' between the start and the goal; "
                f"the assignment asks for '{a.relation}'")))
        n_progress = sum(progress)
        reached = self._checkpoints_reached(body)
        missing = [c for c, _ in self.checkpoints if c.required and c not in reached]
        for c in missing:
            findings.append(Finding("checkpoint_missed", body[-1].line,
                                    f"the chain does not pass through ${c.latex}$"))
        lines = tuple(ln.line for ln in body)
        req = self._requirements(starts=True, ends=goal_at is not None, body=body,
                                 step_ok=step_ok, reached=reached, stray=chain.stray)
        if goal_at is None:
            end = body[-1]
            findings.append(Finding("goal_not_reached", end.line, (
                f"the chain ends at ${_tex(end.step.rhs)}$, not at the goal ${a.goal_latex}$")))
        elif all_ok and n_progress < policy.min_steps:
            msg = (f"the goal restated without a derivation: {n_progress} step(s) make progress, "
                   f"the assignment asks for at least {policy.min_steps}")
            findings.insert(0, Finding("goal_restated", body[0].line, msg))
            return Grade(0.0, a.points, "no_credit", f"no credit: {msg}", tuple(findings), req,
                         lines)
        elif all_ok and not missing:
            summary = (f"complete: a connected chain from the start to the goal "
                       f"({len(body)} steps, {n_progress} making progress)")
            return Grade(a.points, a.points, "complete", summary, tuple(findings), req, lines)
        score = self._partial(body, step_ok, progress, reached, goal_at is not None)
        first_bad = next((ln for ln, ok in zip(body, step_ok, strict=True) if not ok), None)
        where = f"; first error at line {first_bad.line}" if first_bad else ""
        outcome = "partial" if score > 0 else "no_credit"
        head = "partial credit" if score > 0 else "no credit"
        reason = findings[0].message if findings else "incomplete"
        return Grade(score, a.points, outcome, f"{head}{where}: {reason}", tuple(findings), req,
                     lines)

    def _partial(self, body: list[Link], step_ok: list[bool], progress: list[bool],
                 reached: dict[Checkpoint, int], complete_shape: bool) -> float:
        policy = self.a.policy
        if policy.partial == "none":
            return 0.0
        if policy.partial == "up_to_first_error":
            cut = next((k for k, ok in enumerate(step_ok) if not ok), len(body))
            earned = policy.step_points * sum(progress[:cut])
            # a checkpoint counts when a step that counts reached it
            earned += sum(c.points for c, k in reached.items() if k < cut)
            return round(min(earned, policy.max_partial), 6)
        # carry_forward: a wrong step costs its own points once; the next step is judged from
        # where the wrong one ended
        wrong = sum(not ok for ok in step_ok)
        if complete_shape and sum(progress) >= policy.min_steps:
            cost = policy.step_points or self.a.points / max(len(body), 1)
            return round(max(self.a.points - cost * wrong, 0.0), 6)
        earned = policy.step_points * sum(p and ok for p, ok in zip(progress, step_ok,
                                                                     strict=True))
        earned += sum(c.points for c in reached)
        return round(min(earned, policy.max_partial), 6)

    def _checkpoints_reached(self, body: list[Link]) -> dict[Checkpoint, int]:
        """Checkpoint -> index of the first step whose result is it."""
        out: dict[Checkpoint, int] = {}
        for c, expr in self.checkpoints:
            for k, ln in enumerate(body):
                if _same(ln.after, expr):
                    out[c] = k
                    break
        return out

    @staticmethod
    def _step_finding(ln: Link) -> Finding:
        s = ln.checked
        if s is None:
            return Finding("unreadable", ln.line, "this step could not be read")
        if s.diagnosis is not None:
            return Finding(s.diagnosis.code, ln.line, s.diagnosis.message)
        if s.verdict == "refuted":
            return Finding("refuted", ln.line, f"this step is false ({s.reason})")
        return Finding("unverified", ln.line, f"this step could not be verified ({s.reason})")

    def _requirements(self, starts: bool = False, ends: bool = False,
                      body: list[Link] | None = None, step_ok: list[bool] | None = None,
                      reached: dict[Checkpoint, int] | None = None,
                      stray: list[Segment] | None = None,
                      tags: tuple[str, ...] = ()) -> tuple[Requirement, ...]:
        a = self.a
        body, step_ok, reached, stray = body or [], step_ok or [], reached or {}, stray or []
        out = [
            Requirement("starts at the assignment's start", starts,
                        f"the chain starts at ${a.start_latex}$" if starts else
                        f"no chain starts at ${a.start_latex}$", () if starts else tags),
            Requirement("connected", bool(body) and not stray,
                        "every line continues the chain" if body and not stray else
                        "some lines do not connect to the chain" if stray else "no chain",
                        ("unconnected",) if stray else ()),
            Requirement("reaches the goal", ends and bool(body),
                        f"the chain reaches ${a.goal_latex}$" if ends and body else
                        f"the chain does not reach ${a.goal_latex}$",
                        () if ends and body else ("goal_not_reached",)),
        ]
        for c in a.checkpoints:
            hit = c in reached
            out.append(Requirement(f"passes through ${c.latex}$", hit,
                                   "reached" if hit else "not reached",
                                   () if hit else ("checkpoint_missed",)))
        for k, (ln, ok) in enumerate(zip(body, step_ok, strict=False), start=1):
            s = ln.checked
            if s is None:
                code = "unreadable"
            elif s.diagnosis is not None:
                code = s.diagnosis.code
            elif ok:
                code = "correct"
            elif ln.accepted and self._not_permitted(ln):
                code = "result_not_permitted"
            else:
                code = "relation_breaks" if ln.accepted else s.verdict
            why = s.reason if s else "could not be read"
            if code == "result_not_permitted":
                why = f"cites {', '.join(self._not_permitted(ln))}, not a result you may cite"
            out.append(Requirement(f"step {k} (line {ln.line})", ok, why, (code,), ln.line))
        return tuple(out)
