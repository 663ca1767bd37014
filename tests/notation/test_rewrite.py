"""Tests for derive.notation.rewrite: macros, Unicode, wrappers and refused writings, with the
map back to the positions as written."""

from __future__ import annotations

import pytest

from derive.notation import parse_math
from derive.notation.ast import KL, Func, Name
from derive.notation.parser import NotationError
from derive.notation.rewrite import RewriteError, collect_macros, rewrite, strip_macro_defs

PREAMBLE = r"""\documentclass{article}
\newcommand{\KL}[2]{D_{\mathrm{KL}}\left(#1\,\|\,#2\right)}
\newcommand\piref{\pi_{\text{ref}}}
\renewcommand{\H}[1][P]{H(#1)}
\providecommand*{\E}{\mathbb{E}}
\DeclareMathOperator*{\argmax}{arg\,max}
\def\given#1{\mid #1}
\newcommand{\loop}{\loop x}
"""


def test_collect_macros_reads_every_form() -> None:
    m = collect_macros(PREAMBLE)
    assert m["KL"].nargs == 2 and "#1" in m["KL"].body
    assert m["piref"].body == r"\pi_{\text{ref}}"
    assert m["H"].nargs == 1 and m["H"].default == "P"
    assert m["E"].body == r"\mathbb{E}"
    assert m["argmax"].body == r"\operatorname*{arg\,max}"
    assert m["given"].nargs == 1


def test_macros_expand_into_the_grammar() -> None:
    m = collect_macros(PREAMBLE)
    assert parse_math(r"\KL{P}{Q}", macros=m) == KL(Name("P"), Name("Q"))
    assert parse_math(r"\H", macros=m) == parse_math("H(P)")  # the optional argument's default
    assert parse_math(r"\H[Q]", macros=m) == parse_math("H(Q)")
    assert parse_math(r"\piref(y\given{x})", macros=m) == parse_math(r"\pi_{ref}(y|x)")
    assert parse_math(r"\argmax_\pi \E_{y\sim\pi}[r(x,y)]", macros=m) == parse_math(
        r"\arg\max_\pi \mathbb{E}_{y\sim\pi}[r(x,y)]")


def test_macro_expansion_is_bounded() -> None:
    with pytest.raises(NotationError, match="does not terminate"):
        parse_math(r"a = \loop", macros=collect_macros(PREAMBLE))
    with pytest.raises(RewriteError, match="needs 2 argument"):
        rewrite(r"\KL", collect_macros(PREAMBLE))


def test_positions_after_a_macro_point_at_the_text_as_written() -> None:
    m = collect_macros(PREAMBLE)
    node = parse_math(r"\KL{P}{Q} = \piref", line=4, column=3, macros=m)
    assert (node.links[0].rhs.line, node.links[0].rhs.column) == (4, 15)
    with pytest.raises(NotationError) as err:
        parse_math(r"\KL{P}{Q} = = a", line=2, column=1, macros=m)
    assert (err.value.line, err.value.column) == (2, 13)


def test_macro_definitions_are_blanked_keeping_lines() -> None:
    blank = strip_macro_defs(PREAMBLE)
    assert blank.count("\n") == PREAMBLE.count("\n")
    assert "newcommand" not in blank and r"\def" not in blank and "Declare" not in blank


def test_unicode_math() -> None:
    assert parse_math("D_{KL}(π‖π_{ref}) ≥ 0") == parse_math(r"D_{KL}(\pi\|\pi_{ref}) \ge 0")
    assert parse_math("Σ_x P(x) = 1") == parse_math(r"\sum_x P(x) = 1")
    assert parse_math("β·r(x,y) ≤ 1") == parse_math(r"\beta \cdot r(x,y) \le 1")
    assert parse_math("π ≤ ∞") == parse_math(r"\pi \le \infty")  # +∞, a value (zero masses)
    with pytest.raises(NotationError) as err:
        parse_math("π ≤ ∫", line=3, column=5)
    assert (err.value.line, err.value.column) == (3, 9)  # the ∫ itself


def test_wrappers_are_dropped() -> None:
    assert parse_math(r"\boxed{a = b}") == parse_math("a = b")
    assert parse_math(r"\underbrace{a + b}_{\text{both}} = c") == parse_math("a + b = c")
    assert parse_math(r"\overbrace{a}^{x} = c") == parse_math("a = c")
    assert parse_math(r"a & {} \geq b") == parse_math(r"a \ge b")
    assert parse_math(r"\color{red}{a = b}") == parse_math("a = b")
    assert parse_math(r"\textcolor{blue}{a} = b") == parse_math("a = b")


@pytest.mark.parametrize("text,word", [
    ("a = KL", "KL"), ("Pr(A)", "Pr"), ("softmax(z)", "softmax"), ("a = LHS", "LHS"),
])
def test_letter_runs_are_refused_never_multiplied(text: str, word: str) -> None:
    with pytest.raises(NotationError, match=f"'{word}' is written as one-letter names"):
        parse_math(text)


def test_function_words_without_backslash_are_the_functions() -> None:
    assert parse_math("log x") == parse_math(r"\log x")
    assert parse_math(r"\sum_x P(x) log P(x)") == parse_math(r"\sum_x P(x) \log P(x)")
    assert parse_math("exp(a) + ln b") == parse_math(r"\exp(a) + \ln b")
    assert parse_math("H(P) ≤ log(M)") == parse_math(r"H(P) \le \log(M)")


def test_letters_in_scripts_and_text_are_names() -> None:
    assert parse_math(r"\pi_{ref}") == Name("pi", sub="ref")
    assert parse_math(r"\mathcal{L}_{DPO}") == Name("L", sub="DPO", font="mathcal")
    assert parse_math(r"\pi^{SFT}") == Name("pi", sup="SFT")
    assert parse_math(r"x^{ab}") is not None
    assert parse_math("a b") is not None  # spaced letters are a product


def test_differentials_and_evaluation_bars_are_refused() -> None:
    with pytest.raises(NotationError, match="differential"):
        parse_math(r"\int \sigma(t)\, dt = \log(1+e^{t})")
    with pytest.raises(NotationError, match="evaluation bar"):
        parse_math(r"\left. x^2 \right|_{x=0} = 0")
    with pytest.raises(NotationError, match="evaluation bar"):
        parse_math(r"\left. x \right|^{1}_{0} = 1")
    assert isinstance(parse_math(r"\left| x \right|^{2}"), object)  # an absolute value squared
    assert parse_math(r"\log x") == Func("log", (Name("x"),))


def test_an_underbrace_note_written_with_text_and_no_braces_is_dropped_whole() -> None:
    # rlhf-book: \underbrace{\log Z(x)}_\text{const}
    assert rewrite(r"a + \underbrace{\log Z(x)}_\text{const} + b").text.split() == \
        ["a", "+", r"\log", "Z(x)", "+", "b"]


def test_a_reference_over_a_relation_is_not_a_run_of_letters() -> None:
    # StatProofBook: &\overset{\eqref{eq:KL}}{=} \mathrm{KL}[P_1||Q_1] + ...
    assert parse_math(r"a \overset{\eqref{eq:KL}}{=} a") == parse_math("a = a")


def test_beamer_overlays_and_frame_titles_are_blanked_in_place() -> None:
    from derive.notation.rewrite import blank_overlays

    src = ("\\begin{frame}[t]{Dropped when optimising}{step 1}\n"
           "&\\uncover<2->{= b} \\\\ &\\qquad \\uncover<2->{\\text{by linearity}} \\pause\n"
           "\\resizebox*{!}{0.8\\textheight}{$a = b$}\n")
    out = blank_overlays(src)
    assert len(out) == len(src) and out.count("\n") == src.count("\n")
    assert "Dropped" not in out and "uncover" not in out and "pause" not in out
    assert "resizebox" not in out and "= b" in out and "\\text{by linearity}" in out
    assert "$a = b$" in out


def test_a_beamer_frame_reads_back_as_its_steps() -> None:
    from derive.checker import check_text

    frame = ("\\begin{frame}[t]{A term may be dropped when optimising}{step 1}\n"
             "\\begin{align*}\n  &\\beta + \\beta \\\\\n  &\\uncover<2->{= 2\\beta} \\\\\n"
             "  &\\qquad \\uncover<2->{\\text{\\footnotesize by algebra}}\n"
             "\\end{align*}\n\\end{frame}\n")
    report = check_text(frame, "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(4, "proved")]
    assert not report.errors


def test_underline_is_presentation() -> None:
    from derive.notation.rewrite import rewrite

    assert rewrite(r"\underline{a = b}").text.split() == ["a", "=", "b"]
