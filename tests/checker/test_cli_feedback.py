"""derive check: feedback documents, output files, parallel batches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
WRONG = CORPUS / "wrong_sign_error_1.tex"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=cwd)


def test_html_feedback_is_written_and_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "feedback.html"
    first = _cli("check", str(WRONG), "--format", "html", "-o", str(out))
    assert first.returncode == 1
    page = out.read_text()
    assert "sign_error" in page and "<html" in page.lower()
    out.write_text("the student's own notes")
    again = _cli("check", str(WRONG), "--format", "html", "-o", str(out))
    assert again.returncode == 2
    assert "not overwriting" in again.stderr and again.stderr.count("\n") == 1
    assert out.read_text() == "the student's own notes"


def test_latex_and_markdown_feedback_on_stdout() -> None:
    tex = _cli("check", str(WRONG), "--format", "latex")
    assert tex.returncode == 1 and r"\begin{document}" in tex.stdout
    md = _cli("check", str(WRONG), "--format", "markdown")
    assert md.returncode == 1 and "$$" in md.stdout and "sign_error" in md.stdout


def test_feedback_for_several_files_goes_to_a_directory(tmp_path: Path) -> None:
    files = [str(CORPUS / "correct_1.tex"), str(WRONG)]
    result = _cli("check", *files, "--format", "markdown", "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "correct_1.md", "wrong_sign_error_1.md"]


def test_jobs_gives_the_same_results_as_one_process() -> None:
    files = sorted(str(p) for p in CORPUS.iterdir())[:8]
    serial = json.loads(_cli("check", *files, "--format", "json").stdout)
    parallel = json.loads(_cli("check", *files, "--format", "json", "--jobs", "2").stdout)
    assert serial["summary"] == parallel["summary"]
    assert [r["verdict"] for r in serial["results"]] == [
        r["verdict"] for r in parallel["results"]]


def test_input_errors_are_reported_once_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tex"
    bad.write_text("ok text\n$$ D_{KL}(P\\| $$\n")
    result = _cli("check", str(bad))
    assert result.returncode == 2
    assert result.stderr.count(f"{bad}:2:") == 1
    assert f"{bad}:2:" not in result.stdout
    assert "Traceback" not in result.stderr


def test_unsupported_formulas_beside_read_steps(tmp_path: Path) -> None:
    doc = tmp_path / "partly.md"
    doc.write_text("$$\\sigma(-z) = 1 - \\sigma(z)$$\n\n$$Z(x) < \\forall$$\n")
    result = _cli("check", str(doc))
    assert result.returncode == 1  # unverified, not invalid: the rest was checked
    assert result.stderr.strip() == \
        f"{doc}:3:10: unsupported: \\forall: quantified statements are not supported"

