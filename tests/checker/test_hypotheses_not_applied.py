"""A step false in general but true under a hypothesis of the document that the checker does
not apply (``P: X \\sim \\mathrm{Bern}(p_1)``, ``p(x,y) = p_1(x) p_2(y)``) is never refuted: it
is reported unsupported at its line, and steps the hypothesis does not touch are still judged."""

from __future__ import annotations

from derive.checker import check_text
from derive.checker.withheld_refutations import hypothesis_behind
from derive.notation import parse_math

BERNOULLI = r"""Assume two Bernoulli laws $P$ and $Q$ of $X$ as

$$
\begin{split}
P: \; X &\sim \mathrm{Bern}(p_1) \\
Q: \; X &\sim \mathrm{Bern}(p_2) \; .
\end{split}
$$

Then

$$
\begin{split}
\mathrm{KL}[P\,||\,Q] &= (1-p_1) \cdot \ln \frac{1-p_1}{1-p_2} + p_1 \cdot \ln \frac{p_1}{p_2} \\
&= \ln \frac{1-p_1}{1-p_2} + p_1 \cdot \ln \frac{p_1}{p_2} + p_1 \cdot \ln \frac{1-p_1}{1-p_2}
\end{split}
$$
"""


def test_a_step_about_a_hypothesised_law_is_unsupported_not_refuted() -> None:
    report = check_text(BERNOULLI, "md")
    assert [e.line for e in report.errors] == [14]
    assert "line 5 says what P is" in report.errors[0].message
    assert "unsupported" in report.errors[0].message
    # the next step is algebra in p_1, p_2 alone (with a flipped sign): still refuted
    assert [(s.line, s.verdict) for s in report.steps] == [(15, "refuted")]


def test_without_the_hypothesis_the_same_step_is_refuted() -> None:
    text = BERNOULLI.replace(r"P: \; X &\sim \mathrm{Bern}(p_1) \\", "").replace(
        r"Q: \; X &\sim \mathrm{Bern}(p_2) \; .", "")
    report = check_text(text, "md")
    assert (14, "refuted") in [(s.line, s.verdict) for s in report.steps]


def test_hypothesis_behind_matches_a_law_and_its_pmf_only() -> None:
    kl = parse_math(r"D_{KL}(P \| Q)")
    assert hypothesis_behind({"p": 4}, kl) == ("P", 4)
    assert hypothesis_behind({"X": 4}, kl) is None
    assert hypothesis_behind({"p": 4}, parse_math(r"p_1 \log p_1")) is None  # p_1 is not p


def test_a_claim_about_a_table_given_below_it_is_not_refuted() -> None:
    text = ("**Claim.** $$D_{KL}(P \\| Q) < D_{KL}(Q \\| P)$$\n\n"
            "Assume $P=(0.9,\\,0.1)$ and $Q=(0.5,\\,0.5)$.\n\n"
            "$$D_{KL}(P \\| Q) < D_{KL}(Q \\| P)$$\n\n$$D_{KL}(P \\| Q) > D_{KL}(Q \\| P)$$\n")
    report = check_text(text, "md")
    assert [(e.line, "line 3 says what P is" in e.message) for e in report.errors] == [(1, True)]
    assert [(s.line, s.verdict) for s in report.steps] == [(5, "proved"), (7, "refuted")]


def test_a_random_variable_tied_to_another_makes_their_steps_unsupported_not_refuted() -> None:
    # Houghton's tutorial 3 (tests/corpus/annotate): Y = 2^X, so H(X, Y) = H(X); in the
    # vocabulary X and Y have any joint law, and the step was refuted
    text = ("First, because $Y=2^X$ we have\n\\begin{equation}\nH(X,Y)=H(X)+H(Y|X)=H(X)\n"
            "\\end{equation}\nand in general\n\\begin{equation}\nH(X,Y) = H(Y) + H(X|Y)\n"
            "\\end{equation}\n")
    report = check_text(text, "tex")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved"), (7, "proved")]
    (error,) = report.errors
    assert error.line == 3 and "unsupported" in error.message and "line 1 says what X is" in \
        error.message
    # without the hypothesis the same step is refuted
    alone = check_text("\\begin{equation}\nH(X,Y)=H(X)+H(Y|X)=H(X)\n\\end{equation}\n", "tex")
    assert [s.verdict for s in alone.steps] == ["proved", "refuted"]
