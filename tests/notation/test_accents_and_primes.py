"""Accents, primes and superscripts on names are never erased: ``\\bar{z}`` is not ``z``,
``\\hat{\\sigma}(z)`` is not ``\\sigma(z)``, ``\\sigma'(z)`` is not ``\\sigma(z)`` and
``\\sigma^2(z)`` is not ``\\sigma^2 \\cdot z``.  An accented plain scalar is a number of its own
(so a false step is refuted); an accented name with a standard meaning (σ, π, r, D_KL, H, Z, e)
is unsupported at its position unless the document defines it; a prime or a superscript between
a function and its argument is unsupported.  Each false case was proved before."""

from __future__ import annotations

import pytest

from derive.checker import check_text
from derive.checker.information_reading import TranslationError
from derive.checker.translate import Translator
from derive.kernel import decide
from derive.notation import NotationError, parse_math


def judge(lhs: str, rhs: str) -> tuple[str, int, int, str]:
    """The verdict of the one step ``lhs = rhs`` (in a Markdown display on line 3), or
    ``unsupported`` with the position and message of the error that stopped it."""
    report = check_text(f"We show\n$$\n{lhs} = {rhs}\n$$\n", "md")
    if report.steps:
        assert len(report.steps) == 1 and not report.errors, (report.steps, report.errors)
        step = report.steps[0]
        return step.verdict, step.line, 0, ""
    assert len(report.errors) == 1, report.errors
    error = report.errors[0]
    return "unsupported", error.line, error.column, error.message


def equiv(lhs: str, rhs: str) -> str:
    """What ``derive equiv lhs rhs`` decides, or ``unsupported``."""
    tr = Translator()
    try:
        a = tr.expr(parse_math(lhs))
        b = tr.expr(parse_math(rhs))
    except (NotationError, TranslationError):
        return "unsupported"
    return decide(a, "=", b, budget=2.0).status


#: the attacker's false equivalences, each proved before: now refuted or unsupported
ATTACKS = [
    (r"\hat{D}_{KL}(P\|Q)", r"D_{KL}(P\|Q)", "unsupported"),
    (r"\hat{\beta}", r"\beta", "refuted"),
    (r"\hat{\sigma}(z)", r"\sigma(z)", "unsupported"),
    (r"\bar{z}", "z", "refuted"),
    (r"\dot{z}", "z", "refuted"),
    (r"\hat\beta", r"\tilde\beta", "refuted"),
    (r"\overline{z}", "z", "refuted"),
    (r"\check{z}", "z", "refuted"),
    (r"\breve{z}", "z", "refuted"),
    (r"\underline{z}", "z", "refuted"),
    (r"\widehat{\beta}", r"\beta", "refuted"),
    (r"\hat{z}_1", "z_1", "refuted"),
    (r"\hat{\pi}(y|x)", r"\pi(y|x)", "unsupported"),
    (r"\tilde{\pi}(y|x)", r"\pi(y|x)", "unsupported"),
    (r"\hat{r}(x,y)", r"r_\phi(x,y)", "unsupported"),
    (r"\hat{Z}(x)", "Z(x)", "unsupported"),
    (r"\sigma'(z)", r"\sigma(z)", "unsupported"),
    (r"\sigma''(0)", r"\tfrac12", "unsupported"),
    (r"\sigma^2(0)", "0", "unsupported"),
    (r"\sigma^{-1}(z)", "z", "unsupported"),
    (r"{\sigma}^2(0)", "0", "unsupported"),
    (r"{\sigma}(0)", "0", "unsupported"),
    (r"\pi_{\hat\theta}(y|x)", r"\pi_\theta(y|x)", "unsupported"),
    (r"z_{\bar i}", "z_i", "unsupported"),
    (r"\underline{\mathcal{L}}", r"\mathcal{L}", "refuted"),
    # whose preference probability: only p, p^*, P, \mathbb{P} are the Bradley-Terry one
    (r"\hat{p}(y_w \succ y_l | x)", r"p(y_w \succ y_l | x)", "unsupported"),
    (r"q(y_w \succ y_l | x)", r"p(y_w \succ y_l | x)", "unsupported"),
    (r"p_\theta(y_w \succ y_l | x)", r"p(y_w \succ y_l | x)", "unsupported"),
    (r"\sigma(y_w \succ y_l | x)", r"p(y_w \succ y_l | x)", "unsupported"),
    (r"p^\star(y_w \succ y_l | x)", r"P(y_w > y_l | x)", "proved"),
    (r"\mathbf{r}(x,y)", "r(x,y)", "unsupported"),
]


@pytest.mark.parametrize("lhs,rhs,expected", ATTACKS)
def test_the_attacks_are_no_longer_proved(lhs: str, rhs: str, expected: str) -> None:
    assert equiv(lhs, rhs) == expected


#: accented plain scalars: numbers of their own, so the false steps are refuted
REFUTED = [
    (r"\hat{\beta}", r"\beta"),
    (r"\bar{z}", "z"),
    (r"\dot{z}", "z"),
    (r"\hat\beta", r"\tilde\beta"),
    (r"\overline{z}", "z"),
    (r"\check{z}", "z"),
    (r"\breve{z}", "z"),
    (r"\underline{z}", "z"),
    (r"\underline{z}", r"\bar{z}"),
    (r"\widehat{\beta}", r"\beta"),
    (r"\bar{z}", r"\hat{z}"),
    (r"\ddot{z}", r"\dot{z}"),
    (r"\hat{A}", "A"),
    (r"\hat{y}", "y"),
    (r"\hat{x} + 1", "x + 1"),
    (r"\tilde{P}(x)", "P(x)"),
    ("z'", "z"),
    ("P'(x)", "P(x)"),
    # a font is a decoration too: \mathcal{P} is not P, \mathfrak{z} is not z
    (r"\mathcal{P}(x)", "P(x)"),
    (r"\mathbb{P}(x)", "P(x)"),
    (r"\mathfrak{z}", "z"),
    (r"\mathcal{z}", "z"),
    (r"\hat{\mathcal{z}}", r"\mathcal{z}"),
]


@pytest.mark.parametrize("lhs,rhs", REFUTED)
def test_an_accented_scalar_is_a_number_of_its_own(lhs: str, rhs: str) -> None:
    assert judge(lhs, rhs)[:2] == ("refuted", 3)


#: (lhs, rhs, a fragment of the message): unsupported at line 3, column 1
UNSUPPORTED = [
    (r"\hat{D}_{KL}(P\|Q)", r"D_{KL}(P\|Q)", "accented divergence"),
    (r"\hat{\sigma}(z)", r"\sigma(z)", r"$\hat{\sigma}$ is not $\sigma$"),
    (r"\hat{\pi}(y|x)", r"\pi(y|x)", r"$\hat{\pi}$ is not $\pi$"),
    (r"\tilde{\pi}(y|x)", r"\pi(y|x)", r"$\tilde{\pi}$ is not $\pi$"),
    (r"\hat{r}(x,y)", r"r_\phi(x,y)", r"$\hat{r}$ is not $r$"),
    (r"\bar{e}", "e", r"$\bar{e}$ is not $e$"),
    (r"\hat{Z}(x)", "Z(x)", r"$\hat{Z}$ is not $Z$"),
    (r"\hat{\sigma}", r"\sigma", r"$\hat{\sigma}$ is not $\sigma$"),
    (r"D_{KL}(\hat{\pi}\|\pi_{ref})", r"D_{KL}(\pi\|\pi_{ref})", r"$\hat{\pi}$ is not $\pi$"),
    (r"\sigma'(z)", r"\sigma(z)", "a derivative written with a prime"),
    (r"\sigma''(0)", r"\tfrac12", "a derivative written with a prime"),
    (r"\sigma^{\prime}(z)", r"\sigma(z)", "a derivative written with a prime"),
    ("f'(x)", "1", "a derivative written with a prime"),
    ("Z'(x)", "Z(x)", "a derivative written with a prime"),
    (r"\sigma^2(0)", "0", "a superscript between the function"),
    (r"\sigma^2(z)", r"\sigma(z)^2", "a superscript between the function"),
    (r"\sigma^{-1}(z)", "z", "a superscript between the function"),
    (r"\sigma^*(z)", r"\sigma(z)", "unknown function sigma"),
    (r"\sigma_1(z)", r"\sigma(z)", "unknown function sigma"),
]


@pytest.mark.parametrize("lhs,rhs,fragment", UNSUPPORTED)
def test_what_an_accent_or_a_prime_makes_unknown_is_unsupported(lhs: str, rhs: str,
                                                                fragment: str) -> None:
    verdict, line, column, message = judge(lhs, rhs)
    assert (verdict, line) == ("unsupported", 3)
    assert column >= 1 and fragment in message


PROVED = [
    (r"\bar{z}", r"\bar{z}"),
    (r"\hat\beta + 1", r"1 + \hat\beta"),
    (r"\widehat{\beta}", r"\hat{\beta}"),
    (r"\overline{z}", r"\bar{z}"),
    (r"\underline{z}_1 + 1", r"1 + \underline{z}_1"),
    (r"\tilde{P}(x) + 1", r"1 + \tilde{P}(x)"),
    ("z' + 1", "1 + z'"),
    (r"\sigma(z)^2", r"\sigma(z)\sigma(z)"),
    (r"\frac{d}{dz}\sigma(z)", r"\sigma(z)(1-\sigma(z))"),
    ("x^2(a+b)", "x^2 a + x^2 b"),
    (r"\beta^2(a+b)", r"\beta^2 a + \beta^2 b"),
    (r"\underline{\sum_x P(x)}", "1"),  # \underline over an expression: emphasis
    (r"\mathcal{z} + 1", r"1 + \mathcal{z}"),
    (r"D_{KL}(\mathcal{P}\|\mathcal{P})", "0"),
]


@pytest.mark.parametrize("lhs,rhs", PROVED)
def test_true_twins_are_still_proved(lhs: str, rhs: str) -> None:
    assert judge(lhs, rhs)[:2] == ("proved", 3)


def test_a_document_may_define_an_accented_function() -> None:
    doc = ("Let $\\hat{r}(x,y) := \\beta\\log\\frac{\\pi(y|x)}{\\pi_{ref}(y|x)}$. Then\n"
           "$$\n\\hat{r}(x,y) = \\beta\\log\\pi(y|x) - \\beta\\log\\pi_{ref}(y|x)\n$$\n"
           "and\n$$\n\\hat{r}(x,y) = \\beta\\log\\pi(y|x)\n$$\n")
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved"), (7, "refuted")]
    assert not report.errors


def test_a_defined_accented_function_is_not_the_unaccented_one() -> None:
    doc = ("Let $\\hat{r}(x,y) := 2$. Then\n$$\n\\hat{r}(x,y) = 2\n$$\nand\n"
           "$$\n\\hat{r}(x,y) = r(x,y)\n$$\n")
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved"), (7, "refuted")]


def test_a_defined_accented_scalar_is_its_value() -> None:
    doc = "Let $\\hat\\beta := 2$. Then\n$$\n\\hat\\beta + \\beta = 2 + \\beta\n$$\n"
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved")]


def test_an_accented_distribution_defined_is_not_the_unaccented_one() -> None:
    doc = ("Let $\\tilde{P}(x) := Q(x)$. Then\n$$\n\\tilde{P}(x) = Q(x)\n$$\nand\n"
           "$$\nP(x) = Q(x)\n$$\n")
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved"), (7, "refuted")]


def test_an_accented_policy_is_never_a_dropped_given() -> None:
    """``\\hat{\\pi}(y|x) = \\pi(y|x)`` was taken for a statement of which policy is meant and
    dropped without a word; it is a claim, unsupported at its position."""
    doc = ("We show\n$$\n\\hat{\\pi}(y|x) = \\pi(y|x)\n$$\nand\n$$\n"
           "\\tilde{\\pi}(y|x) = \\pi(y|x)\n$$\n")
    report = check_text(doc, "md")
    assert report.verdict != "correct" and not report.steps
    assert [(e.line, e.column, "unsupported" in e.message) for e in report.errors[:2]] == [
        (3, 1, True), (7, 1, True)]


def test_the_prime_of_the_dpo_gradient_is_not_the_sigmoid() -> None:
    report = check_text("$$\n\\frac{\\sigma'(u)}{\\sigma(u)} = 1\n$$\n", "md")
    assert not report.steps
    assert report.errors[0].line == 2 and "prime" in report.errors[0].message


def test_let_defines_an_accented_function_and_a_claim_does_not() -> None:
    given = ("Let $\\hat{r}(x,y) = \\beta\\log\\frac{\\pi(y|x)}{\\pi_{ref}(y|x)}$. Then\n"
             "$$\n\\hat{r}(x,y) = \\beta\\log\\pi(y|x) - \\beta\\log\\pi_{ref}(y|x)\n$$\n")
    report = check_text(given, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(3, "proved")]
    claimed = "We have\n$$\n\\hat{r}(x,y) = r_\\phi(x,y)\n$$\n"
    report = check_text(claimed, "md")
    assert not report.steps
    assert [(e.line, e.column) for e in report.errors] == [(3, 1)]
    assert "unsupported" in report.errors[0].message


def test_derive_equiv_reads_both_sides_as_one_document() -> None:
    """Two rewards were read as the one reward S.r because each side had its own translator:
    ``derive equiv 'r_\\phi(x,y)' 'r_\\theta(x,y)'`` said proved."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-W", "ignore", "-c",
                          "from derive.cli import main; main()", "equiv", "-f", "text",
                          r"r_\phi(x,y)", r"r_\theta(x,y)"], capture_output=True, text=True)
    assert run.returncode != 0 and "proved" not in run.stdout
    assert "different reward" in run.stdout + run.stderr


def test_a_decorated_partition_function_defined_is_not_z() -> None:
    """``\\mathcal{Z}(x) := 3`` defined the partition function Z itself, so ``Z(x) = 3`` was
    proved; ``\\hat{Z}(x) := 2`` was defined and then refused."""
    doc = ("Let $\\hat{Z}(x) := 2$ and $\\mathcal{Z}(x) := 3$. Then\n$$\n\\hat{Z}(x) = 2\n$$\n"
           "and\n$$\nZ(x) = 3\n$$\nand\n$$\n\\mathcal{Z}(x) = 3\n$$\n")
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [
        (3, "proved"), (7, "refuted"), (11, "proved")]


@pytest.mark.parametrize("policy", [r"\boldsymbol{\pi}", r"\mathcal{\pi}"])
def test_a_policy_in_another_font_is_not_the_policy(policy: str) -> None:
    assert equiv(policy + "(y|x)", r"\pi(y|x)") == "unsupported"


def test_a_subscripted_name_defined_is_not_the_plain_one() -> None:
    """``P_1(x) := Q(x)`` defined P itself and ``Z_1(x) := 3`` the partition function Z, so
    ``P(x) = Q(x)`` and ``Z(x) = 3`` were proved."""
    doc = ("Let $P_1(x) := Q(x)$ and $Z_1(x) := 3$. Then\n$$\nP(x) = Q(x)\n$$\nand\n"
           "$$\nZ(x) = 3\n$$\nand\n$$\nP_1(x) = Q(x)\n$$\nand\n$$\nZ_1(x) = 3\n$$\n")
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [
        (3, "refuted"), (7, "refuted"), (11, "proved"), (15, "proved")]


def test_a_reward_defined_under_one_name_is_not_another() -> None:
    doc = "Let $r_1(x,y) := 5$. Then\n$$\nr(x,y) = 5\n$$\nand\n$$\nr_1(x,y) = 5\n$$\n"
    report = check_text(doc, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(7, "proved")]
    assert [(e.line, e.column) for e in report.errors] == [(3, 1)]
