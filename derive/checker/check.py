"""Check a student submission step by step: ``check_text`` and ``check_file``.

>>> r = check_text(r"$$\\sigma(-z) = 1 - \\sigma(z)$$", "md")
>>> r.verdict
'correct'
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import sympy as sp

from ..definitions import Probability
from ..kernel import RelationError, decide
from ..latex import latex
from ..notation import ast as A
from ..records import INCONCLUSIVE, NUMERIC_ONLY, PROVED, REFUTED, CheckedStep, InputError
from ..records import CheckReport as CheckReportData
from .function_hypotheses import within_fixed_functions
from .stated_ranges import StatedRange, excluded_by
from .translate import TranslationError, Translator
from .withheld_refutations import (
    ambiguous_prompt,
    rests_on_a_condition,
    rests_on_a_hypothesis,
    rests_on_a_name_under_an_expectation,
    rests_on_an_unspecified_function,
)


class CheckReport(CheckReportData):
    """A check report that also displays itself in Jupyter (records stay free of views)."""

    def _repr_latex_(self) -> str:
        from ..export.notebook import report_latex_repr

        return report_latex_repr(self)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict:
        from ..export.notebook import report_mimebundle

        return report_mimebundle(self)

__all__ = ["check_text", "check_file", "KINDS"]

KINDS = {".tex": "tex", ".md": "md", ".markdown": "md", ".txt": "txt", ".ipynb": "ipynb"}


def _tolerance(lhs: A.Node, rhs: A.Node) -> float:
    """Half a unit in the last written place of the number on either side (else 5e-4).

    Raises :class:`TranslationError` when that is not a finite positive double.
    """
    for side in (rhs, lhs):
        negated = isinstance(side, A.Neg) and isinstance(side.operand, A.Number)
        if isinstance(side, A.Number) or negated:
            number = side if isinstance(side, A.Number) else side.operand
            exp = Decimal(number.text).as_tuple().exponent
            tol = float(Decimal(5).scaleb(int(exp) - 1)) if isinstance(exp, int) else 0.0
            if not (0.0 < tol < 1e300):
                raise TranslationError(f"unsupported: the tolerance of {number.text[:20]} is "
                                       "out of range", number.line, number.column)
            return tol
    return 5e-4


def _relation(step: object) -> str:
    """The kernel's relation: ``=`` between an arg max/arg min and anything is ``argopt``."""
    rel = step.relation
    return "argopt" if rel == "=" and isinstance(step.lhs, A.Opt) else rel


#: weakest verdict first: a step proportional in several variables is as good as its worst
_RANK = {REFUTED: 0, INCONCLUSIVE: 1, NUMERIC_ONLY: 2, PROVED: 3}


def propto_variables(before: sp.Expr, after: sp.Expr) -> list[sp.Symbol]:
    """The variables a ``\\propto`` step is proportional in: the free outcome variables of the
    distributions on either side (``π(y_l|x)`` gives ``y_l``, ``P(x)`` gives ``x``); the
    notation has no way to name the variable explicitly.

    >>> from derive.definitions import STANDARD as S
    >>> propto_variables(S.pi_ref(S.y_l, S.x), S.pi_ref(S.y_l, S.x) * S.r(S.x, S.y_l))
    [y_l]
    """
    found: set[sp.Symbol] = set()
    for side in (before, after):
        free = side.free_symbols
        for node in sp.preorder_traversal(side):
            if isinstance(node, Probability):
                found |= {a for a in node.random_args if isinstance(a, sp.Symbol) and a in free}
    return sorted(found, key=str)


def judge(tr: Translator, step, budget: float = 2.0) -> CheckedStep:
    """Judge one :class:`~derive.notation.Step` under the document's translator."""
    from .diagnose import diagnose
    from .optimal_values import judge_optimal_values

    values = judge_optimal_values(tr, step, budget)  # \max_\pi F = \min_\pi G
    if values is not None:
        return values
    rel = _relation(step)
    tr.begin_step()
    tr.note_index_ranges(step.lhs, step.rhs)
    if rel == "argopt":  # ``= \pi^*(\cdot|x)``: the optimizer as a policy, read at y
        tr.optimizer_results[id(step.rhs)] = step.rhs
    before = tr.expr(step.lhs)
    after = tr.expr(step.rhs)
    contradicted = sorted((before.free_symbols | after.free_symbols) & set(tr.contradicted),
                          key=str)
    if contradicted:
        sym = contradicted[0]
        raise TranslationError(f"unsupported: line {tr.contradicted[sym]} assumes a sign of "
                               f"${sp.latex(sym)}$ this notation excludes", step.line,
                               step.column)
    ambiguous_prompt(tr, before, after)
    if rel == "argopt" and not isinstance(step.rhs, A.Opt) and not tr.policy_value(step.rhs):
        raise TranslationError("the right side of an arg max/arg min must be a policy",
                               step.line, step.column)
    lhs_tex, rhs_tex = latex(before), latex(after)
    if rel == "!=":
        from .inequation import judge_not_equal

        return judge_not_equal(tr, step, before, after, lhs_tex, rhs_tex, budget)
    kwargs: dict = {}
    if rel == "approx":
        kwargs["tolerance"] = _tolerance(step.lhs, step.rhs)
    variables = propto_variables(before, after) if rel == "propto" else [None]
    if not variables:
        return CheckedStep(index=step.index, line=step.line, relation=rel, lhs=lhs_tex,
                           rhs=rhs_tex, verdict=INCONCLUSIVE,
                           reason="no variable to be proportional in: neither side is a "
                                  "distribution evaluated at a free outcome variable")
    try:
        v = None
        for var in variables:  # proportional in every outcome variable, one at a time
            if var is not None:
                kwargs["var"] = var
            v_var = decide(before, rel, after, tr.context, budget=budget, **kwargs)
            if v is None or _RANK[v_var.status] < _RANK[v.status]:
                v = v_var
            if v.status == REFUTED:
                break
    except RelationError as exc:
        raise TranslationError(str(exc), step.line, step.column) from None
    except Exception as exc:  # the kernel could not evaluate: say so, never crash the batch
        return CheckedStep(index=step.index, line=step.line, relation=rel, lhs=lhs_tex,
                           rhs=rhs_tex, verdict="inconclusive",
                           reason=f"could not evaluate ({type(exc).__name__})")
    fixed = None
    if v.status == REFUTED:
        v, fixed = within_fixed_functions(tr, step, v, lambda a, b, ctx: decide(
            a, rel, b, ctx, budget=budget, **kwargs), before, after, TranslationError)
    if v.status == REFUTED:
        rests_on_a_condition(tr, step)
        rests_on_a_hypothesis(tr, step)
        rests_on_an_unspecified_function(tr, step, before, after)
        rests_on_a_name_under_an_expectation(step, before, after)
        v, closed = _within_stated_ranges(tr, step, v, lambda a, b, ctx: decide(
            a, rel, b, ctx, budget=budget, **kwargs), before, after)
        _violates_a_stated_condition(tr, step, v.evidence.counterexample)
    else:
        closed = None
    ev = v.evidence
    # an accepted step must also be defined: a refutation was found where everything is
    vanishing = undefined_reason(tr, budget) if v.accepted else None
    if vanishing is not None:
        return CheckedStep(index=step.index, line=step.line, relation=rel, lhs=lhs_tex,
                           rhs=rhs_tex, verdict=INCONCLUSIVE, reason=vanishing)
    if v.status == REFUTED:
        reason = "counterexample found"
    elif v.status == INCONCLUSIVE and ev.strategy:  # proved, not confirmed in the budget
        reason = (f"a symbolic proof ({ev.strategy}), but only {ev.samples} numeric samples "
                  "were decided in the time budget, too few to confirm it")
    elif ev.strategy:
        reason = f"proved ({ev.strategy}); {ev.samples} numeric samples agree"
    elif v.status == "numeric_only":
        reason = f"no symbolic proof; {ev.samples} numeric samples agree"
    else:
        reason = "; ".join(ev.notes) or "could not decide"
    if v.status != INCONCLUSIVE:
        reason += _under_stated_ranges(tr, before, after, closed)
        if fixed is not None:
            reason += f"; under the hypothesis ${fixed.latex}$ (line {fixed.line})"
    diag = diagnose(before, rel, after, tr.context, kwargs) if v.status == REFUTED else None
    return CheckedStep(index=step.index, line=step.line, relation=rel, lhs=lhs_tex, rhs=rhs_tex,
                       verdict=v.status, reason=reason, counterexample=ev.counterexample,
                       diagnosis=diag)


def _under_stated_ranges(tr: Translator, before: sp.Expr, after: sp.Expr,
                         closed: StatedRange | None = None) -> str:
    """``; under the hypothesis A > 0 (line 1)`` for the applied ranges the step's symbols
    have (the kernel's instances were drawn inside them), and ``closed``, a non-strict range
    the step was judged on (interior and ends)."""
    free = before.free_symbols | after.free_symbols
    said = [f"${r.latex}$ (line {r.line})" for r in tr.stated_ranges
            if r.strict and r.symbol in free and r.symbol in tr.context.intervals]
    if closed is not None:
        said.append(f"${closed.latex}$ (line {closed.line})")
    return f"; under the hypothesis {', '.join(said)}" if said else ""


def _violates_a_stated_condition(tr: Translator, step, counterexample) -> None:  # noqa: ANN001
    """A refutation on a counterexample that a condition the document assumes (``x^2 < 1``,
    not applied) does not hold at is unsupported: the step may rest on it."""
    if counterexample is None:
        return
    groups: dict[int, list] = {}
    for c in tr.stated_conditions:
        if c.group is not None:  # one side of an "or": the hypothesis fails where all do
            groups.setdefault(c.group, []).append(c)
        elif c.holds_at(counterexample.assignment) is False:
            _unsupported_by(c.latex, c.line, step)
    for members in groups.values():
        if all(c.holds_at(counterexample.assignment) is False for c in members):
            _unsupported_by(" \\text{ or } ".join(c.latex for c in members), members[0].line,
                            step)


def _unsupported_by(condition: str, line: int, step) -> None:  # noqa: ANN001
    raise TranslationError(
        f"unsupported: the counterexample found does not satisfy ${condition}$, which "
        f"line {line} assumes and the checker cannot apply; this step is neither "
        "confirmed nor refuted", step.line, step.column)


def _within_stated_ranges(tr: Translator, step, verdict, redecide,  # noqa: ANN001, ANN202
                          before: sp.Expr, after: sp.Expr):
    r"""A refutation whose counterexample a range the document states excludes (one the
    checker does not apply: ``x \ge 0``) is decided again on that range: on its open interior
    (the kernel's intervals are open) and, with the symbol replaced by it, at each closed end.
    A refutation on either stands; agreement on all is the weakest of their verdicts, and the
    range is returned to be named in the reason.  A step refuted only outside the range, where
    that cannot be done, is unsupported, never refuted on an instance the document excludes.
    Returns ``(verdict, range or None)``."""
    counterexample = verdict.evidence.counterexample
    excluded = excluded_by(tr.stated_ranges, counterexample.assignment) \
        if counterexample is not None else None
    if excluded is None:
        return verdict, None
    sym = excluded.symbol
    lo, hi = tr.context.intervals.get(sym, (-math.inf, math.inf))
    lo, hi = max(lo, excluded.low), min(hi, excluded.high)
    if lo < hi:
        verdicts = [redecide(before, after, tr.context.within(sym, lo, hi))]
        ends = [e for e, closed in ((excluded.low, excluded.low_closed),
                                    (excluded.high, excluded.high_closed))
                if closed and lo <= e <= hi]
        a, b = tr.context.expand(before), tr.context.expand(after)
        for end in ends:
            value = sp.nsimplify(end)
            at = redecide(a.subs(sym, value), b.subs(sym, value), tr.context)
            if at.evidence.counterexample is not None:
                ce = at.evidence.counterexample
                at = replace(at, evidence=replace(at.evidence, counterexample=replace(
                    ce, assignment={sp.latex(sym): float(end), **ce.assignment})))
            verdicts.append(at)
        for v in verdicts:
            inside = v.evidence.counterexample
            if v.status == REFUTED and inside is not None and excluded_by(
                    tr.stated_ranges, inside.assignment) is None:
                return v, None
        if all(v.accepted for v in verdicts):
            return min(verdicts, key=lambda v: _RANK[v.status]), excluded
    if excluded is not None:
        raise TranslationError(
            f"unsupported: the only counterexample found lies outside ${excluded.latex}$, "
            f"which line {excluded.line} assumes; the checker applies only strict ranges "
            "(such as x > 0), so this step is neither confirmed nor refuted",
            step.line, step.column)


def undefined_reason(tr: Translator, budget: float) -> str | None:
    """Why the step just read is undefined somewhere, if it may be: a denominator that can
    vanish, or a term SymPy cancelled while reading that is not shown finite.  An accepted step
    with a reason here is inconclusive."""
    return _vanishing_denominator(tr, budget) or _undefined_cancelled(tr, budget)


def _vanishing_denominator(tr: Translator, budget: float) -> str | None:
    """Why the step is undefined somewhere, if a denominator it divides by can vanish."""
    for d in tr.denominators:
        root = _real_root(d, tr.context)
        if root is not None:
            return (f"undefined where the denominator ${latex(d)}$ is zero ({root}); the step "
                    "is not checked")
        try:
            v = decide(d ** 2, ">", 0, tr.context, budget=min(budget, 1.0))
        except Exception:  # noqa: BLE001 - a denominator we cannot judge is not shown to vanish
            continue
        if v.status == REFUTED:
            return (f"undefined where the denominator ${latex(d)}$ is zero, which it is on "
                    "an instance of the quantified space; the step is not checked")
        if not v.accepted:
            return (f"the denominator ${latex(d)}$ could not be shown nonzero, so the step "
                    "may be undefined; it is not checked")
    return None


def _real_root(d: sp.Expr, ctx) -> str | None:  # noqa: ANN001 - a kernel Context
    """Where a denominator polynomial in one real scalar vanishes, said in words; ``None``
    when no such zero is found.  Sampling never lands on an isolated zero (``x - 0.3``), so
    it is looked for: exact real roots (checked by substitution) inside the symbol's range,
    or, for odd degree with the other scalars free, a root for each value of them.

    >>> x = sp.Symbol("x", real=True)
    >>> _real_root(x - sp.Rational(3, 10), None)
    'at x = 3/10'
    >>> _real_root(x**2 + 1, None) is None
    True
    """
    free = d.free_symbols
    if not free or not all(isinstance(s, sp.Symbol) and s.is_real is not False for s in free):
        return None
    intervals = ctx.intervals if ctx is not None else {}
    for sym in sorted(free, key=str):
        try:
            if not d.is_polynomial(sym):
                continue
            poly = sp.Poly(d, sym)
        except (sp.PolynomialError, sp.GeneratorsNeeded):
            continue
        degree = poly.degree()
        if not 1 <= degree <= 8:
            continue
        lo, hi = intervals.get(sym, (0.0 if sym.is_positive else -math.inf, math.inf))
        if free == {sym}:
            if not all(c.is_Rational for c in poly.all_coeffs()):
                continue
            for root in sp.real_roots(poly):
                if lo < float(root) < hi and sp.simplify(d.subs(sym, root)) == 0:
                    return f"at {sp.latex(sym)} = {root}"
        elif degree % 2 == 1 and math.isinf(lo) and math.isinf(hi):
            return f"for every value of the other symbols, at some real {sp.latex(sym)}"
    return None


def _undefined_cancelled(tr: Translator, budget: float) -> str | None:
    """Why the step is undefined, if a term SymPy cancelled while reading it (``D - D``,
    ``0·D``) is undefined on the instances the kernel samples: the kernel never saw the
    term, so a proof of what remained says nothing about it."""
    for term in tr.cancelled:
        try:
            # defined *and finite*: ∞ = ∞ holds, but D − D is undefined where D = ∞
            v = decide(sp.Abs(term), "<", sp.oo, tr.context, budget=min(budget, 1.0))
        except Exception:  # noqa: BLE001 - a term the kernel cannot evaluate is not shown defined
            v = None
        if v is None or not v.accepted:
            return (f"the term ${latex(term)}$ cancels in the step as written, but it could not "
                    "be shown defined (it may be undefined or infinite), so the step is not "
                    "checked")
    return None


def check_text(text: str, kind: str = "tex", filename: str = "<stdin>",
               budget: float = 2.0) -> CheckReport:
    """Read ``text`` (``tex``/``md``/``txt``), judge every step, return the report.

    A chain that does not start where the previous one ended is reported as a warning.
    """
    from .chain import judge_document, unconnected_warnings

    judged = judge_document(text, kind, budget)
    errors = list(judged.errors)
    if not judged.segments and not errors:
        errors.append(InputError(1, 1, "no derivation steps found"))
    warnings = tuple(unconnected_warnings(judged, min(budget, 0.5))) + tuple(
        InputError(line, column, "not checked: this display is read as a given (a hypothesis "
                   "or a definition, from the words around it), not as a claim")
        for line, column in judged.given_displays)
    return CheckReport(file=filename, steps=judged.steps, errors=tuple(errors),
                       warnings=warnings)


def check_file(path: str | Path) -> CheckReport:
    """Check one file; the kind follows the extension (``.tex``, ``.md``, ``.txt``, ``.ipynb``)."""
    p = Path(path)
    kind = KINDS.get(p.suffix.lower(), "tex")
    try:
        data = p.read_bytes()
    except OSError as exc:
        msg = exc.strerror or str(exc)
        return CheckReport(file=str(path), errors=(InputError(1, 1, f"cannot read: {msg}"),))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        return CheckReport(file=str(path), errors=(InputError(
            line, column, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as "
                          "UTF-8"),))
    return check_text(text, kind, str(path))  # .ipynb: the reader takes the Markdown cells


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of byte ``offset`` (columns count characters before it).

    >>> byte_position(b"ab\\ncd\\xff", 5)
    (2, 3)
    """
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1
