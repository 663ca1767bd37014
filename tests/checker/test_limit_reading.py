"""Limits in documents: `derive check` on a Markdown limit chain and `derive equiv` read and
judge them; what the reader cannot read is `unsupported` at its line:column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sympy as sp

from derive.checker import check_text
from derive.checker.information_reading import TranslationError
from derive.checker.translate import Translator
from derive.definitions import STANDARD as S
from derive.definitions.limits import LimitOf
from derive.notation import parse_math

DOC = Path(__file__).with_name("limit_chain.md")


def equiv(a: str, b: str) -> subprocess.CompletedProcess:
    """``derive equiv -f text a b`` as a user runs it."""
    return subprocess.run([sys.executable, "-W", "ignore", "-c",
                           "from derive.cli import main; main()", "equiv", "-f", "text", a, b],
                          capture_output=True, text=True)


def read(text: str) -> sp.Expr:
    return Translator().expr(parse_math(text))


def test_limit_is_read_as_limit_of() -> None:
    assert read(r"\lim_{\beta\to\infty} \pi^*(y|x)") == LimitOf(S.pi_star(S.y, S.x), S.beta,
                                                                sp.oo)
    assert read(r"\lim_{\epsilon \rightarrow 0^+} \epsilon") == LimitOf(S.eps, S.eps, 0, "+")


@pytest.mark.parametrize("text,match", [
    (r"\lim_{\pi \to \infty} \pi(y|x)", "a limit's variable"),
])
def test_refused_limits(text: str, match: str) -> None:
    with pytest.raises(TranslationError, match=match):
        read(text)


def test_check_judges_a_limit_chain() -> None:
    report = check_text(DOC.read_text(), "md")
    assert [s.verdict for s in report.steps] == [
        "proved", "proved", "proved", "proved", "refuted", "inconclusive"]
    assert [(e.line, e.column) for e in report.errors] == [(27, 1)]
    assert "unsupported" in report.errors[0].message
    refuted = report.steps[4]
    assert refuted.line == 21


def test_a_document_defining_the_variable_is_refused() -> None:
    report = check_text("Let $\\beta := 2$.\n\n$$\\lim_{\\beta\\to\\infty} \\beta = 2$$\n", "md")
    assert report.steps == () or all(s.verdict != "proved" for s in report.steps)
    assert any("defines" in e.message for e in report.errors)


def test_equiv_reads_limits() -> None:
    ok = equiv(r"\lim_{\beta\to\infty} \pi^*(y|x)", r"\pi_{ref}(y|x)")
    assert ok.returncode == 0 and "proved" in ok.stdout
    bad = equiv(r"\lim_{\epsilon\to 0^+} \min(\rho A, \mathrm{clip}(\rho, 1-\epsilon, "
                r"1+\epsilon) A)", r"\rho A")
    assert bad.returncode == 1 and "refuted" in bad.stdout
    unknown = equiv(r"\lim_{\beta \to 0^{+}} \pi^*(y|x)", r"\pi_{ref}(y|x)")
    assert unknown.returncode == 1 and "inconclusive" in unknown.stdout
    refused = equiv(r"\lim_{x\to-\infty} e^{x}", "0")
    assert refused.returncode == 2 and "unsupported" in refused.stderr
    assert "Traceback" not in refused.stderr
