"""Hostile student text cannot inject into feedback: LaTeX, Markdown, HTML, file names.

The checker's parser already refuses most hostile input; these tests feed the exporters
reports built directly with hostile strings (as a parser bug would let through), so the
exporters' own whitelist and escaping are what is tested.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.checker import check_text
from derive.export import export_check_report
from derive.export.safe_math import ENVIRONMENTS, MATH_COMMANDS, TEXT_ARGUMENT, safe_math
from derive.records import CheckedStep, CheckReport, Counterexample, InputError

#: primitives and macros that read, write or redefine: never live in feedback
DANGEROUS = ("input", "include", "openout", "write", "read", "catcode", "def", "csname",
             "immediate", "newcommand", "renewcommand", "let", "expandafter", "special",
             "usepackage", "openin", "endinput", "documentclass", "verb", "href", "url")

SECRET = "SECRET-7c1e-TOKEN"


def _payloads(secret: Path) -> list[str]:
    s = secret.as_posix()
    return [
        rf"\input{{{s}}}", rf"\text{{\input{{{s}}}}}", rf"\mathrm{{\include{{{s}}}}}",
        r"\operatorname{\immediate\openout1=pwned.tex \immediate\write1{x}}",
        r"\immediate\write18{touch pwned-shell}", r"\catcode`\^^M=13 x",
        r"\def\x{\input{" + s + r"}}\x", r"\csname input\endcsname{" + s + "}",
        r"x^^5cinput{" + s + "}", r"a } \input{" + s + r"} {", r"100% $ \end{document}",
        r"\begin{filecontents}{pwned.tex}x\end{filecontents}", r"\read16 to\x",
        "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "a & b # c",
    ]


def _hostile_report(secret: Path) -> CheckReport:
    payloads = _payloads(secret)
    steps = tuple(
        CheckedStep(index=k + 1, line=k + 1, relation="=", lhs=p, rhs=f"x_{{{p}}}",
                    verdict="refuted", reason=f"counterexample ${p}$ found {p}",
                    counterexample=Counterexample({p: 1.0, "b": [0.5, 0.5]}, 1.0, 2.0,
                                                  f"detail ${p}$"))
        for k, p in enumerate(payloads))
    errors = tuple(InputError(1, k + 1, f"unknown command ${p}$ {p}")
                   for k, p in enumerate(payloads))
    return CheckReport(file="hw`<img src=x onerror=alert(1)>$\\input{x}$.tex", steps=steps,
                       errors=errors)


def _live_commands(tex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z]+)", tex.replace(r"\backslash", "")))


def test_dangerous_commands_are_shown_never_live() -> None:
    for name in DANGEROUS:
        out = safe_math(rf"\{name}{{x}} + \text{{\{name}}} + \mathrm{{a\{name}}}")
        assert re.search(rf"\\{name}(?![A-Za-z])", out) is None, (name, out)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("\\{}^%$#&_<> aixnputwrite*018`~\n")),
               max_size=60))
def test_safe_math_keeps_only_whitelisted_commands_and_balanced_braces(tex: str) -> None:
    out = safe_math(tex)
    allowed = MATH_COMMANDS | TEXT_ARGUMENT | {"begin", "end", "textbackslash", "textless",
                                               "textgreater", "mathrm"}
    assert _live_commands(out) <= allowed, out
    assert "^^" not in out
    unescaped = re.sub(r"\\.", "", out)
    assert "%" not in unescaped and "$" not in unescaped and "#" not in unescaped
    assert unescaped.count("{") == unescaped.count("}")
    for env in re.findall(r"\\begin\{([^}]*)\}", out):
        assert env in ENVIRONMENTS


def test_markdown_feedback_has_no_live_html(tmp_path: Path) -> None:
    md = export_check_report(_hostile_report(tmp_path / "secret.txt"), "markdown")
    assert re.search(r"(?<!\\)<", md) is None, "an unescaped '<' can open an HTML tag"
    heading = md.splitlines()[0]
    assert heading.startswith("# Check of ") and "`" not in heading.replace("\\`", "")


def test_html_feedback_escapes_every_student_string(tmp_path: Path) -> None:
    page = export_check_report(_hostile_report(tmp_path / "secret.txt"), "html")
    # KaTeX, its render call and the macros as inert JSON data, nothing else
    assert page.count("<script>") == 2
    assert page.count("<script") == 3 and page.count('<script type="application/json"') == 1
    body = re.sub(r"<script[^>]*>.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    assert "<img" not in body and "<script" not in body
    assert "onerror" in body and 'onerror="' not in body  # shown as escaped text only


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_hostile_latex_feedback_compiles_without_reading_or_writing_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    # if TeX ever reads it, the secret says so in the log and writes a file of its own
    secret.write_text(f"\\message{{{SECRET}}}\\immediate\\openout9=leaked.txt "
                      "\\immediate\\write9{x}\\immediate\\closeout9\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    report = _hostile_report(secret)
    student = check_text("\n".join(f"$$ {p} = a $$" for p in _payloads(secret)), "md",
                         "student.md")
    for name, rep in (("direct", report), ("checked", student)):
        (work / f"{name}.tex").write_text(export_check_report(rep, "latex"), encoding="utf-8")
        before = {p.name for p in work.iterdir()}
        proc = subprocess.run(["pdflatex", "-no-shell-escape", "-halt-on-error",
                               "-interaction=nonstopmode", f"{name}.tex"], cwd=work,
                              capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        log = (work / f"{name}.log").read_text("latin-1")
        assert proc.returncode == 0, log[-3000:]
        assert SECRET not in log and f"({secret}" not in log  # "(file" marks a file TeX read
        opened = set(re.findall(r"\\openout\d+ = `([^']*)'", log))
        assert opened <= {f"{name}.aux", f"{name}.out"}, opened
        created = {p.name for p in work.iterdir()} - before
        assert created <= {f"{name}.aux", f"{name}.log", f"{name}.pdf", f"{name}.out"}, created
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret.txt", "work"]
    assert not list(tmp_path.rglob("pwned*"))
