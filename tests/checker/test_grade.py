"""Chain semantics and credit policies: only a connected chain from start to goal earns."""

from __future__ import annotations

import pytest

from derive import check
from derive.checker.assignment import parse_assignment
from derive.checker.chain import compose, satisfies
from derive.checker.grade import grade_text

KL = """\
start = 'D_{KL}(P\\|Q)'
relation = '='
goal = 'H(P,Q) - H(P)'
points = 10
"""
POLICY = "\n[policy]\npartial = '{partial}'\nstep_points = 2\nmax_partial = 6\n"
CORRECT = r"""
$$
\begin{aligned}
D_{KL}(P\|Q) &= \sum_x P(x) \log \frac{P(x)}{Q(x)} \\
&= \sum_x P(x) \log P(x) - \sum_x P(x) \log Q(x) \\
&= H(P,Q) - H(P)
\end{aligned}
$$
"""
WRONG_AT_2 = r"""
$$
\begin{aligned}
D_{KL}(P\|Q) &= \sum_x P(x) \log \frac{P(x)}{Q(x)} \\
&= \sum_x P(x) \log Q(x) - \sum_x P(x) \log P(x) \\
&= H(P) - H(P,Q)
\end{aligned}
$$
"""


def _hw(partial: str = "up_to_first_error", extra: str = ""):  # noqa: ANN202
    return parse_assignment(KL + extra + POLICY.format(partial=partial), "hw.toml")


def _grade(text: str, hw=None):  # noqa: ANN001, ANN202
    return grade_text(text, "md", hw or _hw()).grade


def _codes(grade) -> list[str]:  # noqa: ANN001
    return [f.code for f in grade.findings]


def test_relations_compose_along_a_chain() -> None:
    assert compose(["=", "="]) == "="
    assert compose(["=", "<=", "="]) == "<="
    assert compose(["<=", "<"]) == "<"
    assert compose(["<=", ">="]) is None
    assert compose([">=", "=", ">"]) == ">"
    assert satisfies("=", "<=") and satisfies("<", "<=")
    assert not satisfies("<=", "=") and not satisfies(">=", "<=") and not satisfies(None, "=")


def test_a_complete_chain_gets_full_points() -> None:
    g = _grade(CORRECT)
    assert (g.score, g.points, g.outcome) == (10.0, 10.0, "complete")
    assert g.chain_lines == (4, 5, 6)
    assert all(r.passed for r in g.requirements)


@pytest.mark.parametrize(("text", "code"), [
    ("$$a = a$$", "trivial"),
    (r"$$\sigma(-z) = 1 - \sigma(z)$$", "proves_something_else"),
    (r"$$D_{KL}(P\|Q) = H(P,Q) - H(P)$$", "goal_restated"),
    (r"$$H(P) = -\sum_x P(x) \log P(x)$$" "\n\n" r"$$H(P,Q) = -\sum_x P(x) \log Q(x)$$",
     "proves_something_else"),
    (r"$$\sum_x P(x) \log P(x) - \sum_x P(x) \log Q(x) = H(P,Q) - H(P)$$", "goal_restated"),
])
def test_trivial_unrelated_and_restated_answers_get_nothing(text: str, code: str) -> None:
    g = _grade(text)
    assert g.score == 0.0 and g.outcome == "no_credit"
    assert code in _codes(g)
    assert g.findings[0].code == code and g.findings[0].message in g.summary


def test_padding_never_raises_a_score() -> None:
    repeat = "\\\\\n".join([r"&= \sum_x P(x) \log \frac{P(x)}{Q(x)} "] * 150)
    padded = CORRECT.replace(r"&= \sum_x P(x) \log P(x) -",
                             repeat + "\\\\\n" + r"&= \sum_x P(x) \log P(x) -")
    g = _grade(padded)
    assert g.score == _grade(CORRECT).score == 10.0
    assert "repeated_step" in _codes(g)
    restated = r"$$D_{KL}(P\|Q) = H(P,Q) - H(P)" + r" = H(P,Q) - H(P)" * 150 + "$$"
    assert _grade(restated).score == 0.0
    trivial = "$$a" + " = a" * 150 + "$$"
    assert _grade(trivial).score == 0.0
    # partial credit counts progress, not lines: a padded incomplete chain earns what the
    # unpadded one does
    start = r"$$D_{KL}(P\|Q) = \sum_x P(x) \log \frac{P(x)}{Q(x)}"
    assert _grade(start + r" = \sum_x P(x) \log \frac{P(x)}{Q(x)}" * 150 + "$$").score == \
        _grade(start + "$$").score == 2.0


def test_a_wrong_step_2_gets_the_policys_partial_credit() -> None:
    g = _grade(WRONG_AT_2)
    assert (g.score, g.outcome) == (2.0, "partial")  # one correct step before the error
    assert _codes(g)[:2] == ["sign_error", "goal_not_reached"]
    assert g.findings[0].line == 5 and "first error at line 5" in g.summary
    assert _grade(WRONG_AT_2, _hw("none")).score == 0.0


def test_carry_forward_charges_a_wrong_step_once() -> None:
    # step 2 wrong, step 3 correct from where step 2 ended: steps 1 and 3 earn
    assert _grade(WRONG_AT_2, _hw("carry_forward")).score == 4.0
    # two compensating errors reach the goal: full points less two steps' worth
    twice = WRONG_AT_2.replace("&= H(P) - H(P,Q)", "&= H(P,Q) - H(P)")
    g = _grade(twice, _hw("carry_forward"))
    assert g.score == 6.0 and _codes(g).count("sign_error") == 2


def test_partial_credit_is_capped_below_full_points() -> None:
    long_incomplete = r"""$$
\begin{aligned}
D_{KL}(P\|Q) &= \sum_x P(x) \log \frac{P(x)}{Q(x)} \\
&= \sum_x P(x) (\log P(x) - \log Q(x)) \\
&= \sum_x P(x) \log P(x) - \sum_x P(x) \log Q(x) \\
&= -\sum_x P(x) \log Q(x) + \sum_x P(x) \log P(x) \\
&= -H(P) - \sum_x P(x) \log Q(x) \\
&= H(P, Q) - 2 H(P)
\end{aligned}
$$"""
    g = _grade(long_incomplete)
    assert g.outcome == "partial" and 0 < g.score <= 6.0


def test_lines_that_do_not_connect_are_named_and_do_not_count() -> None:
    text = CORRECT.replace(r"&= H(P,Q) - H(P)", r"&= \sum_x P(x) \log P(x) + 0") + (
        "\n\nAlso\n\n" r"$$H(P,Q) = -\sum_x P(x) \log Q(x)$$")
    g = _grade(text)
    assert "unconnected" in _codes(g) and "goal_not_reached" in _codes(g)
    assert g.score == 4.0  # two steps of progress before the chain stops
    connected = CORRECT.replace(r"&= H(P,Q) - H(P)", "") + (
        "\n\nso\n\n" r"$$-\sum_x P(x) \log Q(x) + \sum_x P(x) \log P(x) = H(P,Q) - H(P)$$")
    g2 = _grade(connected)  # a new display block that starts where the last one ended
    assert g2.outcome == "complete", g2.summary


def test_relations_compose_to_the_goals_and_a_reversed_one_breaks_the_chain() -> None:
    hw = parse_assignment("start = 'H(P)'\nrelation = '<='\ngoal = 'H(P,Q)'\npoints = 6\n"
                          "[policy]\nstep_points = 1\nmin_steps = 1\n", "hw.toml")
    ok = _grade(r"$$H(P) \le H(P) + D_{KL}(P\|Q) = H(P,Q)$$", hw)
    assert ok.outcome == "complete" and ok.score == 6.0
    broken = _grade(r"$$H(P) = H(P,Q) - D_{KL}(P\|Q) \ge H(P,Q) - 2 D_{KL}(P\|Q) "
                    r"\le H(P,Q)$$", hw)
    assert broken.outcome != "complete" and "relation_breaks" in _codes(broken)
    eq_goal = _grade(r"$$D_{KL}(P\|Q) \le D_{KL}(P\|Q) + H(P) = H(P,Q)$$" "\n",
                     parse_assignment(KL.replace("H(P,Q) - H(P)", "H(P,Q) - H(P)"), "x"))
    assert eq_goal.outcome != "complete"


def test_the_start_may_be_anything_the_kernel_proves_equal() -> None:
    text = r"""$$
\begin{aligned}
\sum_x P(x) \log \frac{P(x)}{Q(x)} &= \sum_x P(x) \log P(x) - \sum_x P(x) \log Q(x) \\
&= H(P,Q) - H(P)
\end{aligned}
$$"""
    assert _grade(text).outcome == "complete"


def test_math_outside_the_answer_is_never_scored() -> None:
    hw = _hw(extra="answer_begin = 'BEGIN ANSWER'\nanswer_end = 'END ANSWER'\n")
    statement = r"Show that $$D_{KL}(P\|Q) = H(P,Q) - H(P)$$" "\n"
    empty = statement + "BEGIN ANSWER\n\nEND ANSWER\n" + CORRECT  # the correct chain after END
    g = _grade(empty, hw)
    assert g.score == 0.0 and "no_answer" in _codes(g)
    answered = statement + "BEGIN ANSWER\n" + CORRECT + "END ANSWER\n"
    assert _grade(answered, hw).score == 10.0
    missing = _grade(CORRECT, hw)
    assert missing.score == 0.0 and any("BEGIN ANSWER" in f.message for f in missing.findings)


def test_prose_only_and_unreadable_answers_get_nothing() -> None:
    assert _grade("I think it is true because of Gibbs.").outcome == "no_credit"
    g = _grade(r"\begin{aligned} D_{KL}(P\|Q) &= \sum_x P(x \\")
    assert g.score == 0.0


def test_required_checkpoints_and_their_points() -> None:
    extra = ("\n[[checkpoints]]\nexpr = '\\sum_x P(x) \\log P(x) - \\sum_x P(x) \\log Q(x)'\n"
             "points = 1\nrequired = true\n")
    hw = parse_assignment(KL + POLICY.format(partial="up_to_first_error") + extra, "hw.toml")
    assert _grade(CORRECT, hw).outcome == "complete"
    skipped = r"""$$
\begin{aligned}
D_{KL}(P\|Q) &= \sum_x P(x) \log \frac{P(x)}{Q(x)} \\
&= \sum_x P(x) \left(\log P(x) - \log Q(x)\right) \\
&= H(P,Q) - H(P)
\end{aligned}
$$"""
    g = _grade(skipped, hw)
    assert g.outcome == "partial" and "checkpoint_missed" in _codes(g)
    assert _grade(WRONG_AT_2, hw).score == 2.0  # the checkpoint is not reached either


def test_without_an_assignment_unconnected_lines_are_a_warning() -> None:
    report = check("$$H(P) = -\\sum_x P(x) \\log P(x)$$\n\n$$a = a$$\n", "md")
    assert report.verdict == "correct"
    assert [w.line for w in report.warnings] == [3]
    assert "does not start where the previous one" in report.warnings[0].message
    assert check(CORRECT, "md").warnings == ()


def test_givens_and_definitions_of_the_assignment_are_in_force() -> None:
    base = "start = 'a^2'\nrelation = '<'\ngoal = 'a'\npoints = 2\n[policy]\nmin_steps = 1\n"
    answer = r"$$a^2 = a \cdot a < a$$"
    assert _grade(answer, parse_assignment(base, "hw.toml")).score == 0.0  # a = 2 breaks it
    given = parse_assignment(base.replace("[policy]", "[givens]\n'a' = [0, 1]\n[policy]"), "x")
    assert _grade(answer, given).outcome == "complete"
    weak = _grade(r"$$a^2 \le a$$", given)  # true under the given, but '<' was asked
    assert weak.outcome != "complete" and "relation_too_weak" in _codes(weak)
    hw = parse_assignment(
        "definitions = ['Z(x) := \\sum_y \\pi_{ref}(y|x) \\exp(r(x,y)/\\beta)']\n"
        "start = '\\sum_y \\frac{\\pi_{ref}(y|x) \\exp(r(x,y)/\\beta)}{Z(x)}'\n"
        "relation = '='\ngoal = '1'\npoints = 1\n", "hw.toml")
    g = _grade(r"$$\sum_y \frac{\pi_{ref}(y|x) \exp(r(x,y)/\beta)}{Z(x)} = "
               r"\frac{1}{Z(x)} \sum_y \pi_{ref}(y|x) \exp(r(x,y)/\beta) = 1$$", hw)
    assert g.outcome == "complete", g.summary


def test_steps_that_cite_a_listed_result_are_recorded() -> None:
    hw = parse_assignment("start = 'H(P)'\nrelation = '<='\ngoal = 'H(P,Q)'\npoints = 2\n"
                          "[[results]]\nname = \"Gibbs' inequality\"\n"
                          "statement = 'D_{KL}(P\\|Q) \\ge 0'\n[policy]\nmin_steps = 1\n", "x")
    text = ("$$\n\\begin{aligned}\nH(P) &\\le H(P) + D_{KL}(P\\|Q) && \\text{by Gibbs} \\\\\n"
            "&= H(P,Q)\n\\end{aligned}\n$$\n")
    g = _grade(text, hw)
    assert g.outcome == "complete" and g.citations == ((3, "Gibbs' inequality"),)
    assert g.to_json()["citations"] == [{"line": 3, "result": "Gibbs' inequality"}]


def test_a_submission_may_not_redefine_what_the_statement_is_made_of() -> None:
    """``Q := P`` would make every step about D(P‖Q) trivially true: it is refused."""
    text = "$$Q := P$$\n\n" + CORRECT
    g = _grade(text)
    report = check(text)  # without an assignment the definition is the document's own
    assert not any("may not be redefined" in e.message for e in report.errors)
    graded = grade_text(text, "md", _hw())
    assert any("may not be redefined" in e.message and e.line == 1
               for e in graded.report.errors)
    assert g.score == _grade(CORRECT).score  # the definition did not take effect
    cheat = "$$Q := P$$\n\n$$D_{KL}(P\\|Q) = 0 = H(P,Q) - H(P)$$\n"
    assert _grade(cheat).score < 10


CORRECT_BITS = r"""
$$
\begin{aligned}
D_{KL}(P\|Q) &= \sum_x P(x) \log_2 \frac{P(x)}{Q(x)} \\
&= \sum_x P(x) \log_2 P(x) - \sum_x P(x) \log_2 Q(x) \\
&= H(P,Q) - H(P)
\end{aligned}
$$
"""


def test_a_submission_in_bits_is_read_as_derive_check_reads_it() -> None:
    """``\\log_2`` used throughout makes H and D bits (the document's convention, as in
    ``derive check``); the start and goal are read in the same unit, so the chain is complete.
    Read in nats (a plain translator), its first step would be false."""
    assert check(CORRECT_BITS).verdict == "correct"
    for units in ("", "units = 'bits'\n"):
        g = _grade(CORRECT_BITS, _hw(extra=units))
        assert (g.outcome, g.score) == ("complete", 10.0), (units, g.summary)
    nats = _grade(CORRECT_BITS, _hw(extra="units = 'nats'\n"))
    # in nats D(P||Q) is not the base-2 sum: the first step (line 4) is the first error
    assert (nats.outcome, nats.score) == ("no_credit", 0.0)
    assert nats.findings[0].line == 4 and "first error at line 4" in nats.summary


def test_an_assignment_in_bits_reads_a_bare_log_as_base_2() -> None:
    """The problem statement (outside the answer) may say "in bits": the assignment's
    ``units = 'bits'`` carries that, so a bare ``\\log`` in the answer is base 2."""
    hw = _hw(extra="units = 'bits'\nanswer_begin = 'BEGIN'\n")
    text = "All logarithms are base 2.\n\nBEGIN\n" + CORRECT
    g = _grade(text, hw)
    assert (g.outcome, g.score) == ("complete", 10.0), g.summary
    # without the key the answer alone says nothing about bits: natural logs, and H in nats
    assert _grade(text, _hw(extra="answer_begin = 'BEGIN'\n")).outcome == "complete"
    # checkpoints written with \log_2 put the statement itself in bits
    hw2 = _hw(extra="[[checkpoints]]\nexpr = '\\sum_x P(x) \\log_2 \\frac{P(x)}{Q(x)}'\n"
                    "points = 2\n")
    assert _grade(CORRECT_BITS, hw2).outcome == "complete"


def test_units_must_be_bits_or_nats() -> None:
    with pytest.raises(ValueError, match=r"hw.toml:5: units: expected one of bits, nats"):
        _hw(extra="units = 'shannons'\n")


GIBBS_LISTED = ("start = 'H(P)'\nrelation = '<='\ngoal = 'H(P,Q)'\npoints = 4\n"
                "[[results]]\nname = \"Gibbs' inequality\"\n"
                "statement = 'D_{KL}(P\\|Q) \\ge 0'\n"
                "[policy]\nmin_steps = 1\nstep_points = 1\nmax_partial = 2\n")


def _cross_entropy_bound(why: str) -> str:
    return ("$$\n\\begin{aligned}\nH(P) &\\le H(P) + D_{KL}(P\\|Q) && \\text{" + why + "} \\\\\n"
            "&= H(P,Q) && \\text{by the definition of cross-entropy}\n\\end{aligned}\n$$\n")


def test_a_permitted_result_may_be_cited_and_one_not_listed_does_not_count() -> None:
    hw = parse_assignment(GIBBS_LISTED, "hw.toml")
    ok = _grade(_cross_entropy_bound("by Gibbs' inequality"), hw)
    assert (ok.outcome, ok.score) == ("complete", 4.0), ok.summary
    assert ok.citations == ((3, "Gibbs' inequality"),)
    # the same true step, justified by a result the assignment does not list
    barred = _grade(_cross_entropy_bound("by Jensen's inequality"), hw)
    assert barred.outcome == "no_credit" and barred.score == 0.0, barred.summary
    finding = next(f for f in barred.findings if f.code == "result_not_permitted")
    assert finding.line == 3 and "jensen's inequality" in finding.message
    assert "Gibbs' inequality" in finding.message and barred.citations == ()
    step = next(r for r in barred.requirements if r.name.startswith("step 1"))
    assert not step.passed and step.tags == ("result_not_permitted",)
    assert "first error at line 3" in barred.summary
    # the kernel still proves the step: only the citation is refused
    assert barred.requirements and all(s.verdict == "proved" for s in grade_text(
        _cross_entropy_bound("by Jensen's inequality"), "md", hw).report.steps)


def test_a_result_not_listed_costs_only_its_step_and_no_list_restricts_nothing() -> None:
    hw = parse_assignment(GIBBS_LISTED.replace("min_steps = 1",
                                               "min_steps = 1\npartial = 'carry_forward'"),
                          "hw.toml")
    text = ("$$\n\\begin{aligned}\nH(P) &\\le H(P) + D_{KL}(P\\|Q) && \\text{by Gibbs} \\\\\n"
            "&= H(P,Q) && \\text{by the data processing inequality}\n\\end{aligned}\n$$\n")
    g = _grade(text, hw)
    assert (g.outcome, g.score) == ("partial", 3.0), g.summary  # 4 less step 2's 1 point
    assert [f.line for f in g.findings if f.code == "result_not_permitted"] == [4]
    open_hw = parse_assignment(GIBBS_LISTED.split("[[results]]")[0] + "[policy]\nmin_steps = 1\n",
                               "hw.toml")
    assert _grade(_cross_entropy_bound("by Jensen's inequality"), open_hw).outcome == "complete"


def test_a_statement_the_submissions_unit_cannot_read_is_read_in_its_own() -> None:
    """A goal with a bare ``\\log`` beside H cannot be read in bits (nats or bits?): the
    statement and the submission are then read in the statement's own unit, and the
    submission's bits step is judged (refuted), never a crash or a guess."""
    hw = parse_assignment("start = 'H(P)'\nrelation = '='\n"
                          "goal = 'H(P) + \\sum_x P(x) \\log P(x) - \\sum_x P(x) \\log P(x)'\n"
                          "points = 1\n", "hw.toml")
    graded = grade_text(r"$$H(P) = -\sum_x P(x) \log_2 P(x)$$", "md", hw)
    assert [s.verdict for s in graded.report.steps] == ["refuted"]
    assert graded.grade.score == 0.0 and not graded.report.errors
