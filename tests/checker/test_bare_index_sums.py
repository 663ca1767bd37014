"""Sums written without limits, as notes write them: ``\\sum_i p_i \\log p_i``, ``H(p)`` beside.

A bare ``\\sum_i`` over ``p_i`` ranges over an index range of any size (1 included), the same
range for every such sum of a document and for ``H(p)``, ``D(p\\|q)`` written beside it; over
``r_i`` it needs the document's one size letter. Every case is checked through the public API
with its exact verdict, and each accepted reading has a false twin that must be refuted.
"""

import pytest

from derive.checker import check_text


def _report(text: str):  # noqa: ANN202 - a CheckReport
    return check_text(text, kind="md")


def _one(math: str) -> tuple[list[str], list[str]]:
    report = _report(f"$$\n{math}\n$$\n")
    return [s.verdict for s in report.steps], [e.message for e in report.errors]


def _displays(*maths: str) -> tuple[list[str], list[str]]:
    text = "\n\nand\n\n".join(f"$$\n{m}\n$$" for m in maths) + "\n"
    report = _report(text)
    return [s.verdict for s in report.steps], [e.message for e in report.errors]


@pytest.mark.parametrize("math", [
    "-\\sum_i p_i \\log p_i = H(p)",
    "-\\sum_{i} p_i \\log p_i = H(p)",
    "H(p) = -\\sum_j p_j \\log p_j",
    "\\sum_i p_i = 1",
    "\\sum_k p_k = 1",
    "\\sum_i p_i \\log\\frac{p_i}{q_i} = D_{KL}(p\\|q)",
    "D(p\\|q) = \\sum_i p_i \\log\\frac{p_i}{q_i}",
    "\\sum_i p_i \\log\\frac{p_i}{q_i} = H(p,q) - H(p)",
    "-\\sum_i p_i \\log q_i = H(p, q)",
    "\\sum_i P_i \\log P_i = -H(P)",
    "\\sum_i \\sum_j p_i q_j = 1",
    "-\\sum_i q_i\\log p_i = H(q,p)",
    "\\mathbb{E}_{j \\sim p}\\left[\\log\\frac{p_j}{q_j}\\right] = D(p\\|q)",
])
def test_textbook_sums_without_limits_are_proved(math: str):
    assert _one(math) == (["proved"], [])


@pytest.mark.parametrize("math", [
    "-\\sum_i p_i \\log p_i = H(q)",
    "\\sum_i p_i = 2",
    "-\\sum_i p_i\\log p_i \\le 0",
    "\\sum_i p_i\\log\\frac{p_i}{q_i} = D_{KL}(q\\|p)",
    "\\sum_i p_i \\log\\frac{p_i}{q_i} = H(p,q) + H(p)",
    "\\sum_i P_i \\log P_i = H(P)",
    "-\\sum_i q_i\\log p_i = H(p,q)",
    "\\sum_i p_i q_i = 1",
    "\\sum_i p_i^2 \\ge \\frac{1}{2}",
    "\\sum_i \\left(r_i - \\frac{1}{G}\\sum_j r_j\\right) = 1",
    "\\mathbb{E}_{j \\sim p}\\left[\\log\\frac{p_j}{q_j}\\right] = D(q\\|p)",
])
def test_false_twins_are_refuted(math: str):
    assert _one(math) == (["refuted"], [])


def test_the_support_size_is_arbitrary():
    """``H(p) \\le \\log 2`` holds on two points only: p is on a support of any size."""
    assert _displays("\\sum_i p_i = 1", "H(p) \\le \\log 2") == (["proved", "refuted"], [])


def test_a_single_point_is_an_instance():
    """p_1 = 1 on one point: entropy 0 is allowed, never refuted, and a strict bound fails."""
    verdicts, errors = _one("-\\sum_i p_i \\log p_i \\ge 0")
    assert verdicts in (["proved"], ["numeric_only"]) and not errors
    report = _report("$$\n-\\sum_i p_i \\log p_i > 0\n$$\n")
    assert [s.verdict for s in report.steps] == ["refuted"]


def test_every_bare_sum_of_a_document_ranges_over_one_support():
    assert _displays("\\sum_i p_i = 1", "-\\sum_j p_j \\log p_j = H(p)",
                     "\\sum_k p_k \\log\\frac{p_k}{q_k} = D(p\\|q)") == (
        ["proved", "proved", "proved"], [])


def test_a_bare_sum_beside_limits_is_the_same_range():
    assert _one("\\sum_j p_j = \\sum_{i=1}^{n} p_i") == (["proved"], [])
    assert _one("-\\sum_i p_i \\log p_i \\le \\log n") in (
        (["numeric_only"], []), (["proved"], []))
    assert _one("-\\sum_i p_i \\log p_i \\ge \\log n") == (["refuted"], [])


def test_limits_beside_h_of_p_are_one_distribution():
    """``H(p)`` was read on the support X, apart from the p_i: a false refutation."""
    assert _one("-\\sum_{i=1}^{n} p_i \\log p_i = H(p)") == (["proved"], [])
    assert _one("-\\sum_{i=1}^{n} p_i \\log p_i = H(q)") == (["refuted"], [])


def test_a_real_sum_takes_the_documents_size_letter():
    assert _one("\\frac{1}{G}\\sum_i r_i = \\frac{1}{G}\\sum_{j=1}^{G} r_j") == (["proved"], [])
    assert _one("\\frac{1}{G}\\sum_i r_i - \\frac{1}{G}\\sum_j r_j = 0") == (["proved"], [])
    assert _one("\\frac{1}{G}\\sum_i r_i = \\frac{1}{G+1}\\sum_{j=1}^{G} r_j") == (
        ["refuted"], [])


@pytest.mark.parametrize("maths,fragment", [
    (("\\sum_i r_i = 0",), "names no size"),
    (("\\sum_i r_i = N(x)",), "names no size"),  # a function N is no size
    (("\\frac{1}{G}\\sum_i r_i = \\frac{1}{N}\\sum_{j=1}^{N} r_j",), "names G and N"),
    (("\\sum_{i=1}^{n} p_i + \\sum_{j=1}^{m} p_j = 2", "\\sum_i p_i = 1"), "sizes m and n"),
    (("-\\sum_i p_i \\log p_i = H(p) = -\\sum_x p(x) \\log p(x)",), "p alone is not read"),
    (("\\sum_n p_n = 1", "H(p) \\le \\log n"), "an index or a number"),
    (("-\\sum_i p_i \\log q_i = -\\sum_x P(x) \\log Q(x)",), "also writes P(x)"),
    (("\\sum_i p_i\\log\\frac{p_i}{q_i} = D(P\\|Q)",), "whether P is the distribution"),
    (("\\sum_{i=1}^{n} p_i\\log\\frac{p_i}{q_i} = D(P\\|Q)",), "whether P is the distribution"),
    (("-\\sum_i p_i \\log p_i + 1 = H(X) + 1",), "random variables of the joint"),
    (("\\sum_i q_i = 1", "\\mathbb{E}_{y \\sim q}[\\log q_y] = -H(q)"), "indexed values"),
    (("\\sum_i p_i = 1", "\\mathbb{E}_{x \\sim p}[f(x)] = 0"), "not an index of its range"),
])
def test_what_cannot_be_told_is_unsupported_never_judged(maths: tuple[str, ...],
                                                         fragment: str):
    verdicts, errors = _displays(*maths)
    assert "refuted" not in verdicts[len(maths) - 1:], verdicts
    assert any(fragment in e for e in errors), errors


# A real derivation: Gibbs' inequality by Jensen's inequality, as written (bare \sum_n) in
# https://rylanschaeffer.github.io/content/learning/information_theory/gibbs_inequality.html
# The displays are the page's formulas as written (the align split over two lines to fit);
# the prose between them is ours.
GIBBS_BY_JENSEN = r"""
For a discrete distribution $P$ over $N$ elements, with entropy
$H(P) := - \sum_n p_n \log p_n$, we want to show that

\[- \sum_n p_n \log p_n \leq - \sum_n p_n \log q_n\]

Rearranging, this is equivalent to

\[- \sum_n p_n \log p_n + \sum_n p_n \log q_n \leq 0\]

or more specifically

\[\sum_n p_n \log \frac{q_n}{p_n} \leq 0\]

By Jensen's inequality:

\[\begin{align*} \sum_n p_n \log \frac{q_n}{p_n} &\leq \log \sum_n p_n \frac{q_n}{p_n}\\
&= \log \sum_n q_n\\ &= \log 1\\ &= 0 \end{align*}\]
"""


def test_a_real_gibbs_derivation_reads_without_refutation():
    report = check_text(GIBBS_BY_JENSEN, kind="md")
    verdicts = [s.verdict for s in report.steps]
    assert len(verdicts) == 7, (verdicts, [e.message for e in report.errors])
    assert "refuted" not in verdicts and "inconclusive" not in verdicts
    assert verdicts[-3:] == ["proved", "proved", "proved"]


def test_equiv_reads_both_sides_with_the_same_p():
    """``derive equiv`` reads each side apart: H(p) must still be the other side's p_i."""
    import json
    import subprocess
    import sys

    def equiv(a: str, b: str) -> str:
        proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                               "equiv", a, b], capture_output=True, text=True, timeout=300)
        return json.loads(proc.stdout)["verdict"]

    assert equiv("-\\sum_i p_i \\log p_i", "H(p)") == "proved"
    assert equiv("-\\sum_i p_i \\log p_i", "H(q)") == "refuted"
