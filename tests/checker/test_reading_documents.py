"""Reading documents as people write them: what is a claim, unsupported versus invalid, the
shapes of real derivations (Markdown one display per step, align variants, macros, Unicode,
notebooks), log bases, and notation that must never be misread."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from derive.checker import check_file, check_text
from derive.checker.translate import TranslationError, Translator
from derive.notation import parse_math

warnings.filterwarnings("ignore", category=RuntimeWarning)

READING = Path(__file__).parent / "reading"


def _summary(report) -> list[tuple[int, str]]:
    return [(s.line, s.verdict) for s in report.steps]


def _tr(latex: str, **kw):
    return Translator(**kw).expr(parse_math(latex))


# ----------------------------------------------------------------- what is a claim
def test_hypotheses_and_examples_are_never_refuted() -> None:
    text = r"""If $H(X|Y) = 0$ then $X$ is a function of $Y$. For example $X = x$ and $m > 1$.
Suppose $\beta = 2$. Let $u = \log\pi(y|x)$, where $\sigma(z) = 3$.
We have $\sigma(-z) = 1 - \sigma(z)$.
"""
    report = check_text(text, "md")
    assert report.verdict == "correct"
    assert _summary(report) == [(3, "proved")]


def test_unsupported_display_leaves_the_rest_checked() -> None:
    text = r"""\begin{align*}
\sigma(-z) &= \frac{1}{1+e^{z}} \\
&= \frac{d^2}{dz^2} \log(1+e^z) \\
&= 1 - \sigma(z)
\end{align*}
\[ \sigma(z) + \sigma(-z) = 1 \]
"""
    report = check_text(text, "tex")
    assert _summary(report) == [(2, "proved"), (6, "proved")]
    assert [(e.line, e.column) for e in report.errors] == [(3, 4), (4, 4)]
    assert "higher derivative" in report.errors[0].message
    assert report.verdict == "unverified"  # not invalid: most of it was read


def test_invalid_only_when_nothing_can_be_read() -> None:
    report = check_text(r"$$ a = \frac{1}{ $$" + "\n" + r"$$ Z(x) < \forall $$", "md")
    assert report.verdict == "invalid"
    assert [e.line for e in report.errors] == [1, 2]


def test_one_unreadable_expression_costs_only_its_own_steps() -> None:
    """``0 < Z(x) < \\forall``: ``\\forall`` is unsupported at its column, ``0 < Z(x)`` is
    still judged; a chain none of whose neighbours can be read is not judged at all (``\\infty``
    is a value now: ``0 < Z(x) < \\infty`` is two proved steps)."""
    report = check_text(r"$$ 0 < Z(x) < \forall $$", "md")
    assert [(s.lhs, s.relation, s.verdict) for s in report.steps] == [("0", "<", "proved")]
    assert [(e.line, e.column) for e in report.errors] == [(1, 15)]
    swapped = check_text(r"$$P(i > j) = \frac{e^{r_i}}{e^{r_i} + e^{r_j}} = \sigma(r_j-r_i)$$",
                         "md")
    assert [(s.verdict, s.line) for s in swapped.steps] == [("refuted", 1)]


def test_a_planted_error_is_still_refuted_beside_unsupported_lines() -> None:
    text = "$$\\int_0^1 x = 1$$\n\n$$\\sigma(-z) = 1 + \\sigma(z)$$\n"
    report = check_text(text, "md")
    assert report.verdict == "incorrect" and report.first_error.line == 3


# ----------------------------------------------------------------- equations as givens
def test_an_equation_that_introduces_a_symbol_is_a_given() -> None:
    text = r"""Let $u = \log \pi(y|x)$. Then
$$e^{u} = \pi(y|x)$$
and the loss is
$$L = -\log\sigma(z)$$
so that
$$L = \log(1 + e^{-z})$$
$$L = \log(1 + e^{z})$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(2, "proved"), (6, "proved"), (7, "refuted")]
    assert report.first_error.line == 7


def test_a_name_reintroduced_in_new_terms_is_redefined_not_refuted() -> None:
    text = r"""$$L = -\log\sigma(z)$$

Now for a different loss:

$$L = a \cdot f$$

$$L = f \cdot a$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(7, "proved")]


# ----------------------------------------------------------------- document shapes
MD_ONE_DISPLAY_PER_STEP = r"""The sigmoid:

$$\sigma(-z) = \frac{1}{1+e^{z}}$$

multiply top and bottom by $e^{-z}$:

$$= \frac{e^{-z}}{e^{-z}+1}$$ {#eq:two}

$$
= 1 - \sigma(z).
$$
"""


def test_markdown_displays_that_begin_with_a_relation_continue_the_chain() -> None:
    report = check_text(MD_ONE_DISPLAY_PER_STEP, "md")
    assert _summary(report) == [(3, "proved"), (7, "proved"), (10, "proved")]
    assert report.steps[1].lhs == report.steps[0].rhs


def test_a_leading_relation_with_nothing_before_is_reported() -> None:
    report = check_text("$$= a + b$$\n", "md")
    assert report.verdict == "invalid"
    assert "no chain before it" in report.errors[0].message


ALIGN_SHAPES = r"""\newcommand{\KL}[2]{D_{\mathrm{KL}}\left(#1\,\|\,#2\right)}
\DeclareMathOperator*{\argmax}{arg\,max}
\def\piref{\pi_{\text{ref}}}
\begin{document}
\begin{theorem} For all distributions, $\KL{P}{Q} \geq 0$. \end{theorem}
\begin{proof}
\[
\begin{aligned}
\KL{P}{Q} & {} = \sum_x P(x) \log\frac{P(x)}{Q(x)}, \label{eq:kl} \\
\intertext{and splitting the logarithm}
&\quad= \sum_x P(x)\log P(x) - \sum_x P(x) \log Q(x) \nonumber \\
& \geq 0. \tag{Gibbs}
\end{aligned}
\]
\end{proof}
\end{document}
"""


def test_align_shapes_and_preamble_macros() -> None:
    report = check_text(ALIGN_SHAPES, "tex")
    assert report.errors == ()
    assert [(s.line, s.relation) for s in report.steps] == [(9, "="), (11, "="), (12, ">=")]
    assert report.verdict == "correct"


def test_align_inside_dollars_and_text_notes() -> None:
    text = r"""$$\begin{align}
\sigma(-z) &= 1 - \sigma(z) && \text{(symmetry)} \\
&= \frac{1}{1+e^{z}} \quad \text{by definition}
\end{align}$$"""
    report = check_text(text, "md")
    assert _summary(report) == [(2, "proved"), (3, "proved")]


def test_unicode_math() -> None:
    report = check_text("$$D_{KL}(π‖π_{ref}) ≥ 0$$\n\n$$σ(−z) = 1 − σ(z)$$", "md")
    assert _summary(report) == [(1, "proved"), (3, "proved")]


def test_notebook_markdown_cells_keep_file_lines(tmp_path: Path) -> None:
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": ["The sigmoid:\n", "\n", "$$\\sigma(-z) = 1 - \\sigma(z)$$\n",
                    "and $$\\sigma(z) = 2$$"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": ["x = 1  # $$a = b$$"]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "derivation.ipynb"
    path.write_text(json.dumps(nb, indent=1))
    lines = path.read_text().splitlines()
    report = check_file(path)
    want = [i + 1 for i, ln in enumerate(lines) if "sigma(z)" in ln]
    assert [s.line for s in report.steps] == want
    assert [s.verdict for s in report.steps] == ["proved", "refuted"]
    bad = tmp_path / "broken.ipynb"
    bad.write_text('{"cells": [')
    report = check_file(bad)
    assert report.verdict == "invalid" and "not a Jupyter notebook" in report.errors[0].message


def test_not_utf8_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tex"
    path.write_bytes("$$a = a$$ caf\u00e9".encode("latin-1"))
    report = check_file(path)
    assert report.verdict == "invalid" and len(report.errors) == 1


# ----------------------------------------------------------------- log bases
def test_log_bases_are_exact() -> None:
    import sympy as sp
    x = sp.Symbol("x")
    b = 1 + sp.Symbol("b-1", positive=True)  # a log base is above 1, the same b everywhere
    assert _tr(r"\log_2 x") == sp.log(x) / sp.log(2)
    assert _tr(r"\log_{10} x") == sp.log(x) / sp.log(10)
    assert _tr(r"\log_b x") == sp.log(x) / sp.log(b)
    tr = Translator()
    assert tr.expr(parse_math(r"\log_b x - \frac{\log x}{\log b}")) == 0
    assert _tr(r"\ln x") == sp.log(x)
    assert _tr(r"\log x", log_base=2) == sp.log(x) / sp.log(2)


def test_entropy_in_bits_where_the_document_uses_log2() -> None:
    text = r"""$$H(P) = -\sum_x P(x) \log_2 P(x)$$

$$D_{KL}(P\|Q) = \sum_x P(x)\log_2\frac{P(x)}{Q(x)}$$
"""
    assert _summary(check_text(text, "md")) == [(1, "proved"), (3, "proved")]


def test_declared_base_two_makes_a_bare_log_bits() -> None:
    text = "All logarithms are base 2.\n$$H(P) = -\\sum_x P(x)\\log P(x)$$\n"
    assert _summary(check_text(text, "md")) == [(2, "proved")]


def test_bare_log_beside_log2_is_never_guessed() -> None:
    text = r"""$$\log_2 4 = 2$$

$$H(P) = -\sum_x P(x)\log P(x)$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(1, "proved")]
    assert "has no base" in report.errors[0].message and report.errors[0].line == 3


# ----------------------------------------------------------------- never misread
@pytest.mark.parametrize("latex,match", [
    (r"-\sum_i a_i\log a_i", "indexed quantity"),
    (r"\sum_i r_i", "names no size"),
    (r"\sum_a 1", "which support"),
    (r"E(-\log P(x))", "unknown function E"),
    (r"P(-\log P(x))", "applied to an expression"),
    (r"H(X) - \sum_x P(x)\log P(x)", "random variables of the joint"),
    (r"\log\left|\mathcal{X}\right|", "size of a support"),
    (r"\log_{x} 2", "base x"),
    (r"-\log(E Y)", "E alone is not read"),
    (r"\mathbb{E}_{x\sim P}[\log Q(X)]", "of a random variable"),
])
def test_never_a_free_symbol_standing_in(latex: str, match: str) -> None:
    with pytest.raises(TranslationError, match=match):
        _tr(latex)


def test_distinct_subscripts_stay_distinct() -> None:
    assert _tr(r"x_{i+1} - x_{i-1}") != 0
    tr = Translator()
    tr.expr(parse_math(r"r_\phi(x,y)"))
    with pytest.raises(TranslationError, match="different reward"):
        tr.expr(parse_math(r"r(x,y)"))


def test_notation_variants_read_onto_the_vocabulary() -> None:
    kl = _tr(r"D_{KL}(P\|Q)")
    for variant in (r"D(P\|Q)", r"D(P||Q)", r"\mathcal{D}_{\text{KL}}(P\|Q)",
                    r"\mathrm{KL}[P, Q]"):
        assert _tr(variant) == kl, variant
    assert _tr(r"\pi_\star(y|x)") == _tr(r"\pi^\star(y|x)") == _tr(r"\pi^*(y|x)")
    assert _tr(r"\pi^{\text{SFT}}(y|x)") == _tr(r"\pi_{\text{ref}}(y|x)")
    assert _tr(r"\sqrt3") == _tr(r"\sqrt{3}")
    assert _tr(r"\mathrm{KL}[q, p]") == _tr(r"D(q\|p)")


def test_pmf_letters_follow_the_document() -> None:
    text = r"""The distributions $P$, $Q$ have pmfs $p$, $q$:
$$D_{KL}(P\|Q) = \sum_x p(x)\log\frac{p(x)}{q(x)}$$
We define the ratio \(r = p(x)/q(x)\), so
$$k = -\log r = \log\frac{q(x)}{p(x)}$$
$$k = -\log\frac{p}{q}$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(2, "proved"), (4, "proved")]
    assert "alone it is not read as a number" in report.errors[0].message
    assert report.errors[0].line == 5


def test_joint_marginals_conditionals_and_comma_information() -> None:
    text = r"""$$H(Y|X) = -\sum_x\sum_y p(x,y)\log p(y|x)$$

$$I(X, Y) = H(X) - H(X|Y)$$

$$H(X) - H(X|Y) = \sum_{x,y} P(x,y)\log\frac{P(x,y)}{P(x)P(y)}$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(1, "proved"), (3, "proved"), (5, "proved")]


def test_a_conditional_without_a_joint_is_a_distribution_of_its_own() -> None:
    assert _summary(check_text(r"$$\sum_y p(y|x) = 1$$", "md")) == [(1, "proved")]


def test_tables_keep_their_support_beside_pmf_letters() -> None:
    text = r"""Let $P := (0.9, 0.1)$ and $Q := (0.5, 0.5)$.
$$D_{KL}(P\|Q) = 0.9\log\frac{0.9}{0.5} + 0.1\log\frac{0.1}{0.5}$$
"""
    assert _summary(check_text(text, "md")) == [(2, "proved")]


def test_hypothesis_carries_over_a_display_in_the_same_sentence() -> None:
    text = r"""Further, for independent $X, Y$,
$$H(X,Y) = H(X) + H(Y),$$
and so
$$I(X;Y) = 0.$$
We have
$$I(X;Y) \ge 0$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(6, "proved")]


def test_continuation_after_a_given_display() -> None:
    text = r"""Let $y_w$ be the preferred answer:

$$r(x,y_w) = \beta\log\frac{\pi^*(y_w|x)}{\pi_{ref}(y_w|x)} + \beta\log Z(x)$$

Using log subtraction:

$$= \beta\log\pi^*(y_w|x) - \beta\log\pi_{ref}(y_w|x) + \beta\log Z(x)$$
"""
    report = check_text(text, "md")
    assert _summary(report) == [(7, "proved")]


def test_kl_of_lowercase_distributions_unfolds() -> None:
    report = check_text(r"$$D(p\|q) = \sum_x p(x)\log\frac{p(x)}{q(x)}$$", "md")
    assert _summary(report) == [(1, "proved")]


# ----------------------------------------------------------------- real documents
@pytest.mark.parametrize("name,proved_lines", [
    ("entropy_amshenoy.md", {43, 112, 113, 114, 115}),
    ("dpo_gspeter.md", {111, 112, 113}),
])
def test_real_documents_are_never_falsely_refuted(name: str, proved_lines: set[int]) -> None:
    """Verbatim public notes (SOURCE on their first line): nothing is refuted, the chains that
    map onto the vocabulary are judged, and what cannot be read is reported at its line."""
    report = check_file(READING / name)
    assert report.first_error is None, report.first_error
    assert {s.line for s in report.steps if s.verdict in ("proved", "numeric_only")} >= \
        proved_lines
    assert report.verdict == "unverified"
    assert all(e.line > 1 for e in report.errors)


def test_real_document_with_a_planted_typo_is_refuted_on_its_line(tmp_path: Path) -> None:
    text = (READING / "entropy_amshenoy.md").read_text()
    typo = text.replace("&= H(Y) - H(Y|X) \\\\", "&= H(Y) + H(Y|X) \\\\")
    assert typo != text
    path = tmp_path / "typo.md"
    path.write_text(typo)
    report = check_file(path)
    assert report.first_error is not None and report.first_error.line == 114


def test_a_reward_written_given_the_prompt_is_the_reward_of_the_pair() -> None:
    text = (r"$$P(y_1 > y_2 \mid x) = \frac{\exp(r_\theta(y_1 \mid x))}{\exp(r_\theta(y_1 \mid x))"
            r" + \exp(r_\theta(y_2 \mid x))}"
            r" = \sigma(r_\theta(y_1 \mid x) - r_\theta(y_2 \mid x))$$")
    report = check_text(text, "md")
    assert report.errors == ()
    assert [s.verdict for s in report.steps] == ["proved", "proved"]
    wrong = text.replace(r"\sigma(r_\theta(y_1 \mid x) - r_\theta(y_2 \mid x))",
                         r"\sigma(r_\theta(y_2 \mid x) - r_\theta(y_1 \mid x))")
    assert [s.verdict for s in check_text(wrong, "md").steps] == ["proved", "refuted"]


def test_letting_introduces_a_name() -> None:
    text = (r"These agree by letting $\Delta = r(x, y_c) - r(x, y_r)$. We get"
            "\n\n"
            r"$$-\log\sigma(\Delta) = \log(1 + e^{r(x, y_r) - r(x, y_c)})$$")
    report = check_text(text, "md")
    assert report.errors == () and [s.verdict for s in report.steps] == ["proved"]


def test_an_html_comment_and_a_full_stop_inside_math_end_the_prose_before_a_display() -> None:
    # the comment's "for testing" must not make the display a given ("for" is a naming cue),
    # and "$... = 1.$ Hence" ends the sentence with its example
    text = ("<!-- quoted for testing -->\nWe want\n\n$$a + a = 3a$$\n\n"
            "For example $b = 1.$\nHence\n\n$$b + b = 3b$$\n")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(4, "refuted"), (9, "refuted")]


def test_a_display_after_consider_is_the_start_the_next_display_continues() -> None:
    # rlhf-book: "consider the internal part ...: $$E$$ Then, add ...: $$= E + \log Z - \log Z$$"
    text = ("To see this, consider the inner part:\n\n$$ a + b $$\n\nThen add and subtract:\n\n"
            "$$ = a + b + c - c $$\n\nregroup:\n\n$$ = b + 2a $$\n")
    report = check_text(text, "md")
    assert report.errors == ()
    assert [(s.line, s.verdict) for s in report.steps] == [(7, "proved"), (11, "refuted")]


def test_kramdown_double_dollars_within_a_line_are_inline_math() -> None:
    # a blog post in kramdown (hotaj_grpo_from_first_principles.md) writes all math with $$:
    # values a paper "sets" and the cells of a table of cases are context, not claims
    text = ("The paper sets $$\\varepsilon = 0.2$$ and later $$\\varepsilon = 10$$.\n\n"
            "$$A > 0$$ | $$\\beta < 1$$ | $$ \\beta A > A $$\n\n"
            "$$\n\\beta + \\beta = 2\\beta\n$$\n\n$$\\beta \\cdot 1 = \\beta$$.\n")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(6, "proved"), (9, "proved")]
    assert not report.errors


def test_optimal_values_equal_objectives_are_equal_values() -> None:
    """``\\max_\\pi F = \\max_\\pi G`` with F = G for every policy is accepted; ``\\max_\\pi F =
    \\min_\\pi (-F)`` is the same optimizer, diagnosed as such, never refuted nor accepted."""
    text = (r"$$\max_\pi \mathbb{E}_{y\sim\pi(\cdot|x)}\left[r(x,y) - \beta\log"
            r"\frac{\pi(y|x)}{\pi_{ref}(y|x)}\right] = \max_\pi \left("
            r"\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] - "
            r"\beta D_{KL}(\pi(\cdot|x)\|\pi_{ref}(\cdot|x))\right)"
            r" = \min_\pi \left(\beta D_{KL}(\pi(\cdot|x)\|\pi_{ref}(\cdot|x)) - "
            r"\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)]\right)$$")
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] == ["proved", "inconclusive"]
    assert report.steps[1].diagnosis.code == "same_optimizer_not_same_value"
    assert report.errors == ()


def test_optimal_values_are_never_refuted() -> None:
    """Different objectives do not show different optimal values (they are not computed)."""
    text = (r"$$\max_\pi \mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] = "
            r"\max_\pi \left(\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] + \beta D_{KL}(\pi(\cdot|x)"
            r"\|\pi_{ref}(\cdot|x))\right)$$")
    report = check_text(text, "md")
    assert [s.verdict for s in report.steps] == ["inconclusive"]
    lone = check_text(r"$$\max_\pi \mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)] \ge 0$$", "md")
    assert lone.steps == () and "optimal value" in lone.errors[0].message


def test_not_equal_is_judged_under_its_strongest_reading() -> None:
    """``\\neq`` is accepted only when the sides differ everywhere, refuted only when they are
    identical; 'different somewhere' is not enough for 'different everywhere'."""
    verdicts = {
        r"\sigma(z) \neq 0": "proved",
        r"\sigma(-z) \neq 1 - \sigma(z)": "refuted",
        r"D_{KL}(P\|Q) \neq D_{KL}(Q\|P)": "inconclusive",
        r"e^{z} - 1 \neq 0": "inconclusive",
    }
    for text, verdict in verdicts.items():
        steps = check_text(f"$${text}$$", "md").steps
        assert [(s.relation, s.verdict) for s in steps] == [("!=", verdict)], text


def test_conditionals_beside_joint_information_are_the_joint_s() -> None:
    """``p(y|x)`` beside ``H(X, Y)`` or ``H(Y|X)`` (no P or Q named) is the joint's conditional:
    reading it as a distribution of its own refuted the chain rule as textbooks write it."""
    for text in (r"$$H(X, Y) = - \sum_{x, y} p(x) p(y | x) \log \left( p(x) p(y | x) \right)$$",
                 r"$$H(Y|X) = - \sum_{x} p(x) \sum_{y} p(y | x) \log p(y | x)$$"):
        assert [s.verdict for s in check_text(text, "md").steps] == ["proved"], text
    wrong = r"$$H(Y|X) = - \sum_{x} p(x) \sum_{y} p(y | x) \log p(x | y)$$"
    assert [s.verdict for s in check_text(wrong, "md").steps] == ["refuted"]
    given = ("Where:\nThe joint entropy is\n$$ H(X, Y) = - \\sum_{x, y} p(x, y) \\log p(x, y) $$\n"
             "so\n$$ H(X, Y) = - \\sum_{x, y} p(x) p(y | x) \\log p(y | x) - \\sum_{x, y} p(x, y)"
             " \\log p(x) $$\n")
    assert [s.verdict for s in check_text(given, "md").steps] == ["proved"]
