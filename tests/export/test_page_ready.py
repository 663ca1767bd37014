"""Library derivations pasted into an 11pt article and into 16:9 and 4:3 beamer decks compile
with ``-halt-on-error -no-shell-escape`` and overflow no margin (issue 13)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from test_latex import compile_tex, run_chktex
from test_library import RECORDS

from derive.export.beamer import derivation_frames
from derive.export.latex import derivation_snippet
from derive.export.proof_layout import MODES, ExportOptions

pytestmark = pytest.mark.skipif(not RECORDS, reason="derive.library not available")


def _overfull(log: str) -> list[float]:
    return [float(x) for x in re.findall(r"Overfull \\[hv]box \(([\d.]+)pt too", log)]


def _article(opts: ExportOptions) -> str:
    body = "\n".join(f"\\section*{{{n.replace('_', ' ')}}}\n" + derivation_snippet(r, opts)
                     for n, r in sorted(RECORDS.items()))
    return ("\\documentclass[11pt]{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n"
            "\\usepackage{graphicx}\n\\begin{document}\n\\typeout{BLOCK \\the\\textwidth}\n"
            + body + "\\end{document}\n")


def _words_outside(pdf: Path, right_bp: float, bottom_bp: float) -> list[str]:
    """Words whose box ends right of ``right_bp`` or below ``bottom_bp`` (pdftotext -bbox)."""
    cmd = [require_tool("pdftotext"), "-bbox", str(pdf), "-"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    bad = []
    for m in re.finditer(r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out):
        if float(m.group(1)) > right_bp or float(m.group(2)) > bottom_bp:
            bad.append(m.group(3))
    return bad


@pytest.mark.parametrize("mode", MODES)
def test_article_fits_the_text_block(mode: str, tmp_path: Path) -> None:
    source = _article(ExportOptions(justifications=mode))
    log = compile_tex(source, tmp_path, name=f"art_{mode}")
    assert [w for w in _overfull(log) if w > 1.0] == [], mode
    if mode != "margin":  # margin notes live in the margin by design
        # letter paper 612x792bp; default 11pt article text block ends ~ 1in + 1.5in from right
        width_pt = float(re.search(r"BLOCK ([\d.]+)pt", log).group(1))
        left_bp = 72 + 62  # 1in + \oddsidemargin (62pt at 11pt, one-sided) rounded up
        right_bp = left_bp + width_pt * 72 / 72.27 + 2
        assert _words_outside(tmp_path / f"art_{mode}.pdf", right_bp, 792 - 72) == []


def test_numbered_katex_safe_and_chktex(tmp_path: Path) -> None:
    opts = ExportOptions(numbered=True)
    source = _article(opts)
    assert "\\MoveEqLeft" not in source and "\\label{eq:" in source and "\\eqref{" in source
    log = compile_tex(source, tmp_path, name="numbered")
    assert [w for w in _overfull(log) if w > 1.0] == []
    assert "undefined" not in log.lower().split("latex warning: there were")[0][-200:]
    safe = _article(ExportOptions(katex_safe=True))
    for rec in RECORDS.values():
        snippet = derivation_snippet(rec, ExportOptions(katex_safe=True))
        assert "\\parbox" not in snippet and "\\resizebox" not in snippet
        assert "\\MoveEqLeft" not in snippet
    assert run_chktex(safe, tmp_path, name="safe") == ""


@pytest.mark.parametrize("aspect", ["169", "43"])
def test_beamer_frames_fit(aspect: str, tmp_path: Path) -> None:
    frames = "\n".join(derivation_frames(r) for _, r in sorted(RECORDS.items()))
    source = (f"\\documentclass[11pt,aspectratio={aspect}]{{beamer}}\n\\usepackage{{amsmath}}\n"
              "\\begin{document}\n" + frames + "\\end{document}\n")
    assert "\\uncover<2->" in frames
    log = compile_tex(source, tmp_path, name=f"deck{aspect}")
    assert [w for w in _overfull(log) if w > 1.0] == [], aspect
    assert not re.search(r"Overfull \\vbox", log)
    assert run_chktex(frames, tmp_path, name=f"frames{aspect}") == ""
