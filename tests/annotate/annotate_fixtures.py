"""Shared by the annotate tests: the real course documents and the tools they need.

(Not a ``conftest.py``: the suite's doctests collect every ``conftest`` as a module named
``conftest``, and two of them clash; test modules import what they use from here.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "annotate"
DOCUMENTS = sorted(CORPUS.glob("*.tex"))
ARTIFACTS = Path(__file__).parent / "artifacts"


def require_tool(name: str) -> str:
    """Path of an external tool; skip when missing, but fail when CI=true."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI but was not found on PATH")
    pytest.skip(f"{name} not installed")


@pytest.fixture
def tex_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``TEXINPUTS`` folder with a stand-in for ``a4wide.sty`` when TeX Live lacks it.

    The course documents load ``a4wide`` (texlive-latex-extra, which CI does not install);
    the stand-in sets the wide A4 text block that package sets, so the documents compile
    unchanged.
    """
    require_tool("pdflatex")
    found = subprocess.run(["kpsewhich", "a4wide.sty"], capture_output=True, text=True)
    folder = tmp_path / "texinputs"
    folder.mkdir()
    if not found.stdout.strip():
        (folder / "a4wide.sty").write_text(
            "\\ProvidesPackage{a4wide}[2000/01/01 stand-in for the tests]\n"
            "\\setlength{\\textwidth}{\\paperwidth}\\addtolength{\\textwidth}{-2.5in}\n"
            "\\setlength{\\oddsidemargin}{0.25in}\\setlength{\\evensidemargin}{0.25in}\n"
            "\\setlength{\\marginparwidth}{0.9in}\n", encoding="utf-8")
    monkeypatch.setenv("TEXINPUTS", f"{folder}{os.pathsep}")
    return folder
