"""Markdown and notebook representations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DERIVATIONS, kl_cross_entropy, student_report
from test_latex import compile_tex

from derive.export import markdown, notebook
from derive.export._common import readable_name
from derive.records import DerivationRecord


@pytest.mark.parametrize("name", ["kl", "rlhf"])
def test_markdown_has_every_after_and_justification(name: str) -> None:
    rec = DERIVATIONS[name]()
    md = markdown.derivation_markdown(rec)
    for step in rec.steps:
        assert f"$$\n= {step.after}\n$$" in md or f"$$\n\\le {step.after}\n$$" in md
        assert step.justification in md
        # the rule is named in words (an id such as `unfold_kl` is not prose)
        assert f"**Step {step.index}** · *{readable_name(step.rule)}* · " in md
        assert f"`{step.rule}`" not in md
    assert md.count("$$") % 2 == 0
    assert "> **Trust.**" in md


def test_markdown_escapes_prose_but_not_math() -> None:
    rec = DERIVATIONS["dpo"]()
    md = markdown.derivation_markdown(rec)
    assert "sure_thing" in md and r"a\<b\>c\|d" in md
    assert r"$D_{\mathrm{KL}}(p \,\|\, q) = 0$" in md  # math untouched
    # every $$ block is balanced and every block is one formula line
    blocks = re.findall(r"\$\$\n(.*?)\n\$\$", md, flags=re.S)
    assert len(blocks) == len(rec.steps) + 2 and all("\n" not in b for b in blocks)


def test_markdown_no_custom_macros() -> None:
    rec = kl_cross_entropy()
    md = markdown.derivation_markdown(
        DerivationRecord(rec.name, rec.title, r"\KL(P \,\|\, Q) \ge 0", (), r"\argmax_{x} f", ())
    )
    assert r"\KL" not in md and r"\argmax" not in md and r"\operatorname*{arg\,max}" in md


def test_check_report_markdown() -> None:
    md = markdown.check_report_markdown(student_report())
    assert "✗ refuted" in md and "(`sign_flip`)" in md
    assert "| $P$ | $(0.25, 0.75)$ |" in md
    assert "| left-hand side | $0.130812$ |" in md
    assert "first error is step 2 (line 4)" in md


def _balanced(tex: str) -> bool:
    stack: list[str] = []
    for kind, env in re.findall(r"\\(begin|end)\{([^}]*)\}", tex):
        if kind == "begin":
            stack.append(env)
        elif not stack or stack.pop() != env:
            return False
    depth = 0
    for ch in re.sub(r"\\[{}]", "", tex):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return not stack and depth == 0


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_latex_repr_balanced_and_compiles(name: str, tmp_path: Path) -> None:
    rec = DERIVATIONS[name]()
    rep = notebook.latex_repr(rec)
    assert rep.startswith("$\\begin{aligned}") and rep.endswith("\\end{aligned}$")
    assert _balanced(rep)
    assert rep.count(r"\text{") >= sum(1 for s in rec.steps if s.justification)
    doc = (
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
        f"{rep}\n\\end{{document}}\n"
    )
    compile_tex(doc, tmp_path)


def test_mimebundle() -> None:
    rec = DERIVATIONS["rlhf"]()
    bundle = notebook.mimebundle(rec)
    assert set(bundle) == {"text/latex", "text/plain", "application/json", "text/html",
                           "text/markdown"}
    assert bundle["application/json"]["verdict"] == "numeric_only"
    assert "numeric only" in bundle["text/plain"] and "numeric only" in bundle["text/latex"]


def test_prose_assumptions_are_not_wrapped_in_math() -> None:
    rec = DERIVATIONS["rlhf"]()
    md = markdown.derivation_markdown(rec)
    assert "- $y$ ranges over a finite support, so $Z(x)$ is a finite sum\n" in md
    assert "- $\\beta > 0$\n" in md


def test_check_report_repr_compiles(tmp_path: Path) -> None:
    """A real student report's notebook LaTeX is valid: balanced, and pdflatex accepts it."""
    import derive

    text = (Path(__file__).resolve().parents[1] / "checker" / "corpus"
            / "wrong_sign_error_1.tex").read_text()
    report = derive.check(text)
    rep = report._repr_latex_()
    assert rep.startswith("$\\begin{aligned}") and _balanced(rep)
    assert "sign" in rep and report.verdict == "incorrect"
    assert set(report._repr_mimebundle_()) == {"text/latex", "text/plain", "application/json",
                                                "text/html", "text/markdown"}
    doc = (
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
        f"{rep}\n\\end{{document}}\n"
    )
    compile_tex(doc, tmp_path)


def test_library_derivation_repr_compiles(tmp_path: Path) -> None:
    """Derivation objects display in Jupyter through the same records."""
    from derive.library import get

    d = get("optimal_policy")
    rep = d._repr_latex_()
    assert _balanced(rep) and rep.count(r"\text{") >= len(d.steps)
    assert set(d._repr_mimebundle_()) == {"text/latex", "text/plain", "application/json",
                                          "text/html", "text/markdown"}
    doc = (
        "\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
        f"{rep}\n\\end{{document}}\n"
    )
    compile_tex(doc, tmp_path)
