r"""Compile an annotated LaTeX document to PDF, safely and in bounded time.

``pdflatex -no-shell-escape -halt-on-error -interaction=nonstopmode`` runs twice (margin notes
and references settle on the second pass) in a private temporary directory; the folder of
the lecturer's file is on ``TEXINPUTS`` (after the working directory), so its own ``.sty``
files, ``\input`` files and images are found.  Each pass is limited to ``timeout`` seconds.
A failure is reported with the line TeX stopped at (``l.42``), which the command maps back to
the lecturer's file.

>>> tex_error_line("! Undefined control sequence.\nl.12 \\foo\n")
('Undefined control sequence.', 12)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["TexNotFound", "TexFailed", "compile_pdf", "tex_error_line"]

FLAGS = ["-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode", "-file-line-error"]


class TexNotFound(RuntimeError):
    """``pdflatex`` is not on ``PATH``."""


class TexFailed(RuntimeError):
    """TeX stopped; ``message`` is TeX's error and ``line`` the line it stopped at (or 0)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def tex_error_line(log: str) -> tuple[str, int]:
    """TeX's first error message in ``log`` and the line it names (0 if none)."""
    m = re.search(r"^(?:!|[^\s:]+:(\d+):) (.+)$", log, re.M)
    if m is None:
        return "TeX stopped without an error message", 0
    message = m.group(2).strip()
    if m.group(1):
        return message, int(m.group(1))
    at = re.search(r"^l\.(\d+)", log[m.end():], re.M)
    return message, int(at.group(1)) if at else 0


def compile_pdf(source: str, source_dir: Path, timeout: float = 60.0,
                jobname: str = "annotated") -> bytes:
    """The PDF of ``source`` (two pdflatex passes), or :class:`TexFailed`/:class:`TexNotFound`."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise TexNotFound("PDF output needs pdflatex on PATH (Debian/Ubuntu: apt-get install "
                          "texlive-latex-base texlive-latex-recommended); or write the annotated "
                          "source with -o notes.checked.tex")
    env = dict(os.environ)
    # the working directory first: the annotated copy, never the lecturer's file of that name
    env["TEXINPUTS"] = (f".{os.pathsep}{source_dir.resolve()}{os.pathsep}"
                        + env.get("TEXINPUTS", ""))
    with tempfile.TemporaryDirectory(prefix="derive-annotate-") as tmp:
        tex = Path(tmp) / f"{jobname}.tex"
        tex.write_text(source, encoding="utf-8")
        for _ in range(2):
            try:
                proc = subprocess.run([pdflatex, *FLAGS, tex.name], cwd=tmp, env=env,
                                      capture_output=True, text=True, errors="replace",
                                      timeout=timeout, stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise TexFailed(f"pdflatex did not finish within {timeout:g} s") from None
            if proc.returncode != 0:
                log_file = Path(tmp) / f"{jobname}.log"
                log = (log_file.read_text("latin-1") if log_file.exists() else proc.stdout)
                raise TexFailed(*tex_error_line(log))
        return (Path(tmp) / f"{jobname}.pdf").read_bytes()
