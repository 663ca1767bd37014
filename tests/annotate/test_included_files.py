r"""Notes split over files: ``\input``/``\include`` followed for annotate, positions kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from derive.annotate.included_files import MAX_DEPTH, flatten_inputs
from derive.annotate.latex_marks import AnnotateInputError
from derive.cli import _register_checker, app

_register_checker()


def _files(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name.replace("__", "/")).write_text(text, encoding="utf-8")
    return tmp_path


def test_input_and_include_are_inlined_with_their_origins(tmp_path: Path) -> None:
    _files(tmp_path, **{"a.tex": "A1\nA2\n", "b.tex": "B1\n", "ch__c.tex": "C1\n"})
    flat = flatten_inputs("x\n\\input{a}\ny \\input b.tex\n\\include{ch/c}\nz\n", tmp_path,
                          "main.tex")
    assert flat.text == "x\nA1\nA2\n\ny B1\n\n\\clearpage\nC1\n\n\\clearpage \nz\n"
    lines = flat.text.split("\n")
    assert flat.origin(lines.index("A2") + 1, 2) == ("a.tex", 2, 2)
    assert flat.origin(lines.index("C1") + 1, 1) == ("ch/c.tex", 1, 1)
    assert flat.origin(lines.index("z") + 1, 1) == ("main.tex", 5, 1)
    assert flat.where(1) == "line 1" and flat.where(2) == "a.tex, line 1"
    assert flat.files == ["a.tex", "b.tex", "ch/c.tex"]


def test_what_latex_would_not_read_here_stays_as_written(tmp_path: Path) -> None:
    _files(tmp_path, **{"a.tex": "A\n"})
    text = ("% \\input{a}\n\\input{glyphtounicode}\n\\input{/etc/hostname}\n"
            "\\includeonly{a}\n\\include{a}\n\\inputfoo{a}\n")
    assert flatten_inputs(text, tmp_path, "main.tex").text == text


def test_an_included_file_ends_at_endinput(tmp_path: Path) -> None:
    _files(tmp_path, **{"a.tex": "A\n\\endinput\nnever read\n"})
    assert flatten_inputs("\\input{a}\nz", tmp_path, "m.tex").text == "A\n\\endinput\n\nz"


def test_a_file_that_includes_itself_is_an_error_at_its_position(tmp_path: Path) -> None:
    _files(tmp_path, **{"a.tex": "x\n  \\input{b}\n", "b.tex": "\\input{a}\n"})
    with pytest.raises(AnnotateInputError) as err:
        flatten_inputs("\\input{a}", tmp_path, "m.tex")
    assert "a.tex includes itself" in err.value.message
    assert (err.value.line, err.value.column) == (1, 1)


def test_inclusion_depth_is_bounded(tmp_path: Path) -> None:
    for k in range(MAX_DEPTH + 3):
        _files(tmp_path, **{f"f{k}.tex": f"\\input{{f{k + 1}}}\n"})
    with pytest.raises(AnnotateInputError, match="nested more than"):
        flatten_inputs("\\input{f0}", tmp_path, "m.tex")


def test_annotate_marks_displays_of_included_files_and_names_them(tmp_path: Path) -> None:
    _files(tmp_path, **{
        "macros.tex": "\\newcommand{\\KL}[2]{D_{\\mathrm{KL}}(#1\\,\\|\\,#2)}\n",
        "sec1.tex": "\\section{One}\n\\begin{equation}\n\\KL{P}{Q} \\ge 0\n\\end{equation}\n"
                    "A slip:\n\\[ \\log(ab) = \\log a + 2\\log b \\]\n"
                    "and\n\\[ \\frac{1}{0}_{ \\]\n",
        "notes.tex": "\\documentclass{article}\n\\input{macros}\n\\begin{document}\n"
                     "\\input{sec1}\n\\end{document}\n",
    })
    out = tmp_path / "out.tex"
    r = CliRunner().invoke(app, ["annotate", str(tmp_path / "notes.tex"), "-o", str(out)])
    assert r.exit_code == 1, r.output  # a refuted display
    text = out.read_text(encoding="utf-8")
    assert "\\DeriveAnnotateDisplayMark{1}{proved}\\begin{equation}" in text  # the macro read
    assert "\\DeriveAnnotateDisplayMark{2}{refuted}" in text
    assert "sec1.tex, line 6: $\\log" in text  # the footnote names the chapter's file and line
    assert f"{tmp_path / 'sec1.tex'}:8:" in r.output  # the unread formula, where it is written
    assert (tmp_path / "notes.tex").read_text(encoding="utf-8").count("\\input") == 2
