"""``derive annotate`` on the command line: outputs, refusals and exit codes (issue 13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from derive.cli import _register_checker, app

_register_checker()
NOTES = ("\\documentclass{article}\n\\begin{document}\nWe have\n"
         "\\begin{equation}\n\\sigma(-z) = 1 - \\sigma(z)\n\\end{equation}\n"
         "and\n\\[ \\log(ab) = \\log a + 2\\log b \\]\n\\end{document}\n")


def _run(*args: str):  # noqa: ANN202 - a click Result
    return CliRunner().invoke(app, ["annotate", *args])


def test_the_annotated_source_and_its_exit_code(tmp_path: Path) -> None:
    src = tmp_path / "notes.tex"
    src.write_text(NOTES, encoding="utf-8")
    out = tmp_path / "notes.checked.tex"
    r = _run(str(src), "-o", str(out))
    assert r.exit_code == 1, r.output  # the second display is refuted
    text = out.read_text(encoding="utf-8")
    assert "\\DeriveAnnotateDisplayMark{1}{proved}" in text
    assert "\\DeriveAnnotateDisplayMark{2}{refuted}" in text
    assert src.read_text(encoding="utf-8") == NOTES  # the notes are untouched


def test_the_input_is_never_overwritten(tmp_path: Path) -> None:
    src = tmp_path / "notes.tex"
    src.write_text(NOTES, encoding="utf-8")
    r = _run(str(src), "-o", str(src))
    assert r.exit_code == 2 and "is the input file" in r.output
    r = _run(str(src), "-o", str(tmp_path / "." / "notes.tex"))
    assert r.exit_code == 2
    assert src.read_text(encoding="utf-8") == NOTES
    existing = tmp_path / "x.tex"
    existing.write_text("mine", encoding="utf-8")
    r = _run(str(src), "-o", str(existing))
    assert r.exit_code == 2 and "exists" in r.output and existing.read_text() == "mine"


def test_bad_input_is_one_line_with_its_position(tmp_path: Path) -> None:
    frag = tmp_path / "frag.tex"
    frag.write_text("Just $a = a$.\n", encoding="utf-8")
    r = _run(str(frag), "-o", str(tmp_path / "f.tex"))
    assert r.exit_code == 2 and r.output.startswith(f"{frag}:1:1: no \\begin{{document}}")
    assert len(r.output.strip().splitlines()) == 1
    binary = tmp_path / "bin.tex"
    binary.write_bytes(b"\\documentclass{article}\n\xff\n")
    r = _run(str(binary), "-o", str(tmp_path / "b.tex"))
    assert r.exit_code == 2 and f"{binary}:2:1: not UTF-8" in r.output
    r = _run(str(tmp_path / "missing.tex"), "-o", str(tmp_path / "m.tex"))
    assert r.exit_code == 2 and "missing.tex:1:1: cannot read" in r.output
    r = _run(str(frag), "--format", "html", "-o", str(tmp_path / "f.html"))
    assert r.exit_code == 2


def test_a_document_tex_cannot_compile_names_its_line(tmp_path: Path) -> None:
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not installed")
    src = tmp_path / "broken.tex"
    src.write_text(NOTES.replace("and\n", "and \\undefinedmacro\n"), encoding="utf-8")
    r = _run(str(src), "-o", str(tmp_path / "broken.pdf"))
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if "LaTeX stopped" in ln]
    assert lines == [f"{src}:7:1: LaTeX stopped: Undefined control sequence. (the annotated "
                     "document did not compile; check that the notes compile on their own)"]
    assert not (tmp_path / "broken.pdf").exists()


def test_a_pdf_with_marks(tmp_path: Path) -> None:
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdflatex or pdftotext not installed")
    import subprocess

    src = tmp_path / "notes.tex"
    src.write_text(NOTES, encoding="utf-8")
    r = _run(str(src), "-o", str(tmp_path / "notes.checked.pdf"))
    assert r.exit_code == 1, r.output
    words = subprocess.run(["pdftotext", str(tmp_path / "notes.checked.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "[1]\nproved" in words and "[2]\nrefuted" in words
    assert "derive annotate: summary" in words and "Counterexample:" in words


def test_markdown_notes_as_html(tmp_path: Path) -> None:
    src = tmp_path / "notes.md"
    src.write_text("# Notes\n\n$$\n\\sigma(-z) = 1 - \\sigma(z)\n$$\n", encoding="utf-8")
    r = _run(str(src), "-o", str(tmp_path / "notes.html"))
    assert r.exit_code == 0, r.output
    page = (tmp_path / "notes.html").read_text(encoding="utf-8")
    assert "✓ [1] proved" in page and page.startswith("<!DOCTYPE html>")
