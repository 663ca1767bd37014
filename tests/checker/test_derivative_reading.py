"""Derivatives reach the kernel as sympy.Derivative only where the operand shows its dependence
on the variable; `derive check` and `derive equiv` judge them, refusing what they cannot read."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sympy as sp

from derive.checker import check_text
from derive.checker.information_reading import TranslationError
from derive.checker.translate import Translator
from derive.notation import parse_math


def equiv(a: str, b: str) -> subprocess.CompletedProcess:
    """``derive equiv -f text a b`` as a user runs it."""
    return subprocess.run([sys.executable, "-W", "ignore", "-c",
                           "from derive.cli import main; main()", "equiv", "-f", "text", a, b],
                          capture_output=True, text=True)


def read(text: str) -> sp.Expr:
    return Translator().expr(parse_math(text))


def test_softplus_derivative_is_a_sympy_derivative() -> None:
    t = sp.Symbol("t", real=True)
    assert read(r"\frac{d}{dt}\log(1+e^t)") == sp.Derivative(sp.log(1 + sp.exp(t)), t)


@pytest.mark.parametrize("text,match", [
    (r"\nabla_\theta \log\pi_\theta(y|x)", "differentiating a distribution"),
    (r"\frac{d}{dz} r(x, y)", "differentiating a distribution"),
    (r"\frac{d}{dz}\mathbb{E}_{x\sim P}[z]", "differentiating a distribution"),
    (r"\nabla_\theta \log\frac{e^{\theta_1}}{e^{\theta_1}+e^{\theta_2}}", "does not contain"),
    (r"\frac{d}{dz} \beta", "does not contain"),
])
def test_refused_operands(text: str, match: str) -> None:
    with pytest.raises(TranslationError, match=match):
        read(text)


def test_document_definitions_are_substituted_before_differentiating() -> None:
    doc = "Let $u := z^2$. Then\n$$\\frac{d}{dz} u = 2z$$\nand\n$$\\frac{d}{dz} u = z$$\n"
    report = check_text(doc, "md")
    assert [s.verdict for s in report.steps] == ["proved", "refuted"]


def test_check_judges_a_derivative_chain() -> None:
    doc = ("$$\\frac{d}{dt}\\log(1+e^t) = \\frac{e^t}{1+e^t} = \\sigma(t)$$\n\n"
           "$$\\frac{\\partial}{\\partial h}\\left(-\\log\\sigma(\\beta h)\\right) "
           "= \\beta\\sigma(-\\beta h)$$\n")
    report = check_text(doc, "md")
    assert [s.verdict for s in report.steps] == ["proved", "proved", "refuted"]


def test_equiv_reads_derivatives() -> None:
    ok = equiv(r"\frac{d}{dz}\log\sigma(z)", r"\sigma(-z)")
    assert ok.returncode == 0 and "proved" in ok.stdout
    bad = equiv(r"\frac{d}{dz}\log\sigma(z)", r"\sigma(z)")
    assert bad.returncode == 1 and "refuted" in bad.stdout
    refused = equiv(r"\nabla_\theta \pi_\theta(y|x)", "0")
    assert refused.returncode == 2 and "unsupported" in refused.stderr
    assert "Traceback" not in refused.stderr
