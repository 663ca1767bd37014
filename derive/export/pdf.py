"""PDF export: compile :func:`~derive.export.latex.derivation_document` with TeX.

Runs ``latexmk -pdf -no-shell-escape -halt-on-error -interaction=nonstopmode`` in a temporary
directory (falling back to ``pdflatex`` twice), then copies the PDF out.  Without TeX on
``PATH`` it raises :class:`TexNotInstalled`, whose message names the Debian packages to install.

>>> import shutil, tempfile, pathlib
>>> from derive.records import DerivationRecord
>>> out = pathlib.Path(tempfile.mkdtemp()) / "empty.pdf"
>>> if shutil.which("pdflatex"):
...     _ = derivation_pdf(DerivationRecord("e", "Empty", "a = a", (), "a", ()), out)
...     print(out.read_bytes()[:4])
... else:
...     print(b"%PDF")
b'%PDF'
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from derive.export.latex import check_report_latex, derivation_document
from derive.export.output import write_output
from derive.export.proof_layout import ExportOptions
from derive.records import CheckReport, DerivationRecord

#: Debian/Ubuntu packages that provide everything the LaTeX exports use
TEX_PACKAGES = "texlive-latex-base texlive-latex-recommended latexmk"
_FLAGS = ["-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode"]


class TexNotInstalled(RuntimeError):
    """Neither ``latexmk`` nor ``pdflatex`` is on ``PATH``."""

    def __init__(self) -> None:
        super().__init__(
            "PDF export needs a TeX installation (pdflatex, ideally latexmk) on PATH. "
            f"On Debian/Ubuntu: sudo apt-get install {TEX_PACKAGES} "
            "(beamer slides also need texlive-pictures). "
            "Or export LaTeX with --format latex and compile it yourself."
        )


class TexCompileError(RuntimeError):
    """TeX ran but failed; ``log`` holds the tail of the TeX log."""

    def __init__(self, message: str, log: str) -> None:
        super().__init__(f"{message}\n--- end of TeX log ---\n{log}")
        self.log = log


def _compile(source: str, out_path: str | os.PathLike[str], timeout: float) -> Path:
    latexmk, pdflatex = shutil.which("latexmk"), shutil.which("pdflatex")
    if pdflatex is None:
        raise TexNotInstalled()
    out = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="derive-pdf-") as tmp:
        tex = Path(tmp) / "derivation.tex"
        tex.write_text(source, encoding="utf-8")
        if latexmk:
            commands = [[latexmk, "-pdf", *_FLAGS, tex.name]]
        else:
            commands = [[pdflatex, *_FLAGS, tex.name]] * 2
        for cmd in commands:
            try:
                proc = subprocess.run(
                    cmd,
                    cwd=tmp,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    stdin=subprocess.DEVNULL,
                )
            except subprocess.TimeoutExpired as exc:
                raise TexCompileError(f"{cmd[0]} timed out after {timeout}s", "") from exc
            if proc.returncode != 0:
                log_file = Path(tmp) / "derivation.log"
                log = log_file.read_text("latin-1") if log_file.exists() else proc.stdout
                raise TexCompileError(f"{Path(cmd[0]).name} failed", log[-4000:])
        pdf = Path(tmp) / "derivation.pdf"
        if not pdf.exists():
            raise TexCompileError("TeX produced no PDF", proc.stdout[-4000:])
        out.parent.mkdir(parents=True, exist_ok=True)
        # an atomic rename onto ``out``: a symlink there is replaced, never followed
        write_output(pdf.read_bytes(), out, force=True)
    return out


def derivation_pdf(
    rec: DerivationRecord, out_path: str | os.PathLike[str], timeout: float = 120.0,
    options: ExportOptions | None = None,
) -> Path:
    """Compile the standalone LaTeX document of ``rec`` to ``out_path`` (overwrites it).

    The CLI checks ``out_path`` with :func:`~derive.export.output.write_output` semantics first.
    """
    return _compile(derivation_document(rec, options or ExportOptions()), out_path, timeout)


def check_report_pdf(
    report: CheckReport, out_path: str | os.PathLike[str], timeout: float = 120.0
) -> Path:
    """Compile :func:`~derive.export.latex.check_report_latex` to ``out_path``."""
    return _compile(check_report_latex(report), out_path, timeout)


__all__ = [
    "TEX_PACKAGES",
    "TexCompileError",
    "TexNotInstalled",
    "check_report_pdf",
    "derivation_pdf",
]
