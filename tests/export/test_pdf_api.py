"""PDF export, the format dispatch, safe writing, and the modules' doctests."""

from __future__ import annotations

import doctest
import importlib
import shutil
from pathlib import Path

import pytest
from conftest import DERIVATIONS, kl_cross_entropy, require_tool, student_report

import derive.export as export
from derive.export import pdf
from derive.export.pdf import TexNotInstalled, derivation_pdf


def test_pdf_written(tmp_path: Path) -> None:
    require_tool("pdflatex")
    out = derivation_pdf(kl_cross_entropy(), tmp_path / "sub" / "kl.pdf")
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_falls_back_to_pdflatex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = require_tool("pdflatex")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: real if name == "pdflatex" else None)
    out = pdf.check_report_pdf(student_report(), tmp_path / "report.pdf")
    assert out.read_bytes().startswith(b"%PDF")


def test_no_tex_raises_with_package_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(TexNotInstalled) as info:
        derivation_pdf(kl_cross_entropy(), tmp_path / "kl.pdf")
    message = str(info.value)
    for package in ("texlive-latex-base", "texlive-latex-recommended", "latexmk"):
        assert package in message
    assert not (tmp_path / "kl.pdf").exists()


def test_tex_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("pdflatex")
    monkeypatch.setattr(pdf, "derivation_document",
                        lambda rec, options=None: "\\documentclass{article}\\bad")
    with pytest.raises(pdf.TexCompileError):
        derivation_pdf(kl_cross_entropy(), tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_derivation_dispatch(fmt: str) -> None:
    out = export.export_derivation(DERIVATIONS["kl"](), fmt)
    assert isinstance(out, str) and "H(P, Q) - H(P)" in out


def test_export_unknown_formats() -> None:
    with pytest.raises(ValueError, match="derivation_pdf"):
        export.export_derivation(kl_cross_entropy(), "pdf")
    with pytest.raises(ValueError, match="unknown format"):
        export.export_check_report(student_report(), "beamer")


@pytest.mark.parametrize("fmt", export.REPORT_FORMATS)
def test_export_check_report_dispatch(fmt: str) -> None:
    assert "sign_flip" in export.export_check_report(student_report(), fmt).replace("\\_", "_")


def test_write_output_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "kl.md"
    export.write_output("first", target)
    with pytest.raises(FileExistsError):
        export.write_output("second", target)
    assert target.read_text() == "first"
    export.write_output(b"third", target, force=True)
    assert target.read_bytes() == b"third"
    assert [p.name for p in tmp_path.iterdir()] == ["kl.md"]  # no temp files left


MODULES = [
    "derive.export",
    "derive.export._common",
    "derive.export._wrap",
    "derive.export.latex",
    "derive.export.markdown",
    "derive.export.html",
    "derive.export.notebook",
    "derive.export.output",
    "derive.export.pdf",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    if name.endswith(".pdf") and not shutil.which("pdflatex"):
        pytest.skip("pdflatex not installed")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
