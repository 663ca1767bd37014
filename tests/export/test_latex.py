"""LaTeX exports: golden snippet, escaping, and real pdflatex + chktex runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import DERIVATIONS, kl_cross_entropy, require_tool, student_report

from derive.export import beamer, latex
from derive.export._common import latex_escape, latex_text
from derive.export.proof_layout import DEFAULT_OPTIONS
from derive.records import NUMERIC_ONLY, RELATION_LATEX, DerivationRecord

GOLDEN = Path(__file__).parent / "golden"

#: Overfull boxes smaller than this are invisible in practice (the estimate of math widths is
#: approximate); anything larger means the wrapping logic failed.
OVERFULL_TOLERANCE_PT = 10.0


def compile_tex(source: str, tmp_path: Path, name: str = "doc") -> str:
    """Run pdflatex twice (no shell escape) and return the log; fail on a non-zero exit."""
    pdflatex = require_tool("pdflatex")
    tex = tmp_path / f"{name}.tex"
    tex.write_text(source, encoding="utf-8")
    cmd = [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name]
    for _ in range(2):
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
        log = (tmp_path / f"{name}.log").read_text(encoding="latin-1")
        assert proc.returncode == 0, log[-3000:]
    assert (tmp_path / f"{name}.pdf").read_bytes().startswith(b"%PDF")
    return log


def overfull(log: str) -> list[float]:
    return [float(x) for x in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log)]


def run_chktex(source: str, tmp_path: Path, name: str = "doc") -> str:
    chktex = require_tool("chktex")
    tex = tmp_path / f"{name}_chk.tex"
    tex.write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [chktex, "-q", "-n1", tex.name], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    return proc.stdout + proc.stderr


# ------------------------------------------------------------------------------ pure string tests


def test_golden_snippet() -> None:
    expected = (GOLDEN / "kl_cross_entropy_snippet.tex").read_text(encoding="utf-8")
    assert latex.derivation_snippet(kl_cross_entropy()) == expected


def test_snippet_structure(any_record: DerivationRecord) -> None:
    snippet = latex.derivation_snippet(any_record)
    assert snippet.count(r"\begin{align*}") == 1 == snippet.count(r"\end{align*}")
    assert r"\documentclass" not in snippet and r"\usepackage" not in snippet
    assert r"\MoveEqLeft" not in snippet and r"\parbox" not in snippet  # plain amsmath
    assert snippet.count(r"\begingroup\allowdisplaybreaks") == 1 == snippet.count(r"\endgroup")
    body = snippet.split("\\begin{align*}\n")[1].split("\\end{align*}")[0]
    rows = body.splitlines()
    # the start, then one row per step beginning "&<relation> <after>"; every other row is a
    # continuation or a reason, indented by \qquad after the alignment point
    heads = [r for r in rows if not r.startswith("  &\\qquad ")]
    assert len(heads) == len(any_record.steps) + 1
    assert heads[0].startswith("  &" + any_record.start.split()[0])
    for head, step in zip(heads[1:], any_record.steps, strict=True):
        assert head.startswith(f"  &{RELATION_LATEX[step.relation]} {step.after.split()[0]}")
    # each reason is set in small type under its step, kept on the same page (\\*)
    notes = [r for r in rows if r.startswith("  &\\qquad \\text{\\footnotesize ")]
    assert len(notes) >= sum(1 for s in any_record.steps if s.justification)
    assert all(rows[rows.index(n) - 1].endswith("\\\\*[-0.6ex]") for n in notes)


def test_escape_every_special() -> None:
    assert latex_escape(r"_%&#${}~^\\") == (
        r"\_\%\&\#\$\{\}\textasciitilde{}\textasciicircum{}\textbackslash{}\textbackslash{}"
    )
    # inline math survives untouched, text around it is escaped, \$ is a literal dollar
    assert latex_text(r"cost \$5 & $a_1^2$ 50%") == r"cost \$5 \& $a_1^2$ 50\%"
    # an unmatched dollar is literal
    assert latex_text("5$ only") == r"5\$ only"


def test_trust_line_names_numeric_steps() -> None:
    rec = DERIVATIONS["rlhf"]()
    doc = latex.derivation_document(rec)
    (step,) = [s for s in rec.steps if s.verdict == NUMERIC_ONLY]
    trust = doc.split(r"\paragraph{Trust.}")[1]
    assert f"Step {step.index}" in trust and f"{step.evidence.samples} random samples" in trust
    kl_doc = latex.derivation_document(kl_cross_entropy())
    assert "Every step was proved symbolically." in kl_doc.split(r"\paragraph{Trust.}")[1]


def test_document_packages_only_ams_and_mathtools(any_record: DerivationRecord) -> None:
    doc = latex.derivation_document(any_record)
    packages = re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", doc)
    assert set(packages) <= {"amsmath", "amssymb", "mathtools"}
    assert "physics" not in doc


def test_beamer_frames_reveal_every_step_once(any_record: DerivationRecord) -> None:
    deck = beamer.derivation_beamer(any_record)
    frames = deck.split(r"\begin{frame}")[3:]  # skip preamble, title and claim frames
    counts = []
    for frame in frames:
        # the k-th step of a frame (math row and its reason) is uncovered on slide k+1
        slides = sorted({int(k) for k in re.findall(r"\\uncover<(\d+)->", frame)})
        assert slides == list(range(2, len(slides) + 2)) and slides
        counts.append(len(slides))
    assert sum(counts) == len(any_record.steps)
    groups = beamer.frame_groups(any_record)
    assert [len(g) for g in groups] == counts
    # a frame holds several steps only when they fit its height
    for group in groups:
        if len(group) > 1:
            assert sum(beamer._step_height(s, DEFAULT_OPTIONS) for s in group) \
                <= beamer.FRAME_ROWS


def test_check_report_marks_and_counterexample() -> None:
    doc = latex.check_report_latex(student_report())
    assert r"$\checkmark$" in doc and r"$\times$" in doc and r"\mbox{?}" in doc
    assert r"$P$ & $(0.25, 0.75)$" in doc
    assert r"\texttt{sign\_flip}" in doc
    assert r"hw3\_kl\_50\%\_\#2.txt" in doc


# --------------------------------------------------------------------------- compile + chktex


@pytest.mark.parametrize("kind", ["document", "beamer"])
@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_compiles_and_fits(kind: str, name: str, tmp_path: Path) -> None:
    rec = DERIVATIONS[name]()
    source = latex.derivation_document(rec) if kind == "document" else beamer.derivation_beamer(rec)
    log = compile_tex(source, tmp_path)
    too_wide = [w for w in overfull(log) if w > OVERFULL_TOLERANCE_PT]
    assert not too_wide, f"overfull boxes {too_wide} in {kind} of {name}"


@pytest.mark.parametrize("kind", ["document", "beamer"])
@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_chktex_clean(kind: str, name: str, tmp_path: Path) -> None:
    rec = DERIVATIONS[name]()
    source = latex.derivation_document(rec) if kind == "document" else beamer.derivation_beamer(rec)
    assert run_chktex(source, tmp_path) == ""


def test_snippet_compiles_in_host_document(tmp_path: Path) -> None:
    for name, make in DERIVATIONS.items():
        host = (
            "\\documentclass{article}\n\\usepackage{amsmath,amssymb,mathtools}\n"
            "\\begin{document}\n" + latex.derivation_snippet(make()) + "\\end{document}\n"
        )
        compile_tex(host, tmp_path, name=f"snippet_{name}")


def test_check_report_compiles_and_is_chktex_clean(tmp_path: Path) -> None:
    source = latex.check_report_latex(student_report())
    log = compile_tex(source, tmp_path)
    assert not [w for w in overfull(log) if w > OVERFULL_TOLERANCE_PT]
    assert run_chktex(source, tmp_path) == ""
