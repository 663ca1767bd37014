"""``derive annotate`` on real course documents: the notes unchanged, a mark per checked
display in the compiled PDF, a footnote per refuted step, a summary page (issue 13)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from annotate_fixtures import ARTIFACTS, DOCUMENTS, require_tool, tex_inputs  # noqa: F401

from derive.annotate.compile_pdf import compile_pdf
from derive.annotate.displays import checked_displays
from derive.annotate.latex_marks import PREAMBLE, AnnotateInputError, annotated_latex
from derive.records import REFUTED

#: a mark as ``pdftotext -layout`` reads it: "[n]" (after its glyph) at the end of a line, its
#: verdict at the end of one of the next five (a tall display's lines come in between)
MARK = re.compile(r"\[(\d+)\][ \t]*\n(?:[^\n]*\n){0,4}?[^\n]*?"
                  r"(proved|numeric|refuted|unsupported|inconclusive)[ \t]*\n")
_MARK_CALL = re.compile(r"\\DeriveAnnotate(?:Display|Inline)?Mark\{\d+\}\{[a-z]+\}")
_NOTE = "\\DeriveAnnotateNote{"


def _without_notes(text: str) -> str:
    """``text`` without its ``\\DeriveAnnotateNote{...}`` calls (balanced braces)."""
    while (at := text.find(_NOTE)) >= 0:
        depth, i = 1, at + len(_NOTE)
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0) if text[i - 1] != "\\" else 0
            i += 1
        text = text[:at] + text[i:]
    return text


def _without_annotations(out: str) -> str:
    out = out.replace(PREAMBLE, "", 1)
    start = out.rindex("\\clearpage\n\\begingroup\\DeriveAnnotateSafeMath")
    out = out[:start] + out[out.index("\\endgroup\n", start) + len("\\endgroup\n"):]
    return _MARK_CALL.sub("", _without_notes(out))


@pytest.fixture(scope="module")
def judged() -> dict[str, tuple[str, object]]:
    return {p.name: (p.read_text(encoding="utf-8"),
                     checked_displays(p.read_text(encoding="utf-8"), "tex")) for p in DOCUMENTS}


def test_three_real_documents_with_their_source() -> None:
    assert len(DOCUMENTS) == 3
    for p in DOCUMENTS:
        first = p.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("% SOURCE: https://github.com/") and "license" in first


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_the_notes_are_unchanged_except_for_the_marks(name: str, judged: dict) -> None:
    text, doc = judged[name]
    out = annotated_latex(text, name, doc=doc)
    assert _without_annotations(out) == text
    marks = [int(n) for n in re.findall(r"\\DeriveAnnotate(?:Display|Inline)?Mark\{(\d+)\}", out)]
    assert marks == sorted(marks) and len(set(marks)) == len(marks)  # in document order
    # every display is marked; an inline claim is, unless it sits in a box or float
    assert {d.number for d in doc.displays if not d.inline} <= set(marks) <= {
        d.number for d in doc.displays}
    refuted = sum(s.verdict == REFUTED for d in doc.displays for s in d.steps
                  if d.number in marks)
    assert out.count("\\DeriveAnnotateNote{") == refuted


@pytest.mark.parametrize("name", [p.name for p in DOCUMENTS])
def test_the_pdf_has_a_mark_for_every_checked_display(name: str, judged: dict,
                                                       tex_inputs: Path) -> None:  # noqa: F811
    require_tool("pdftotext")
    text, doc = judged[name]
    assert doc.displays, "a document with nothing checked tests nothing"
    out = annotated_latex(text, name, doc=doc)
    marked = [int(n) for n in re.findall(r"\\DeriveAnnotate(?:Display|Inline)?Mark\{(\d+)\}", out)]
    pdf = compile_pdf(out, DOCUMENTS[0].parent, timeout=120)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / f"{Path(name).stem}.checked.pdf"
    pdf_path.write_bytes(pdf)
    words = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                           check=True).stdout
    layout = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True,
                            text=True, check=True).stdout
    body = layout.partition("derive annotate: summary")[0]
    summary = words.partition("derive annotate: summary")[2]
    assert summary, "the summary page is missing"
    found = {int(n): word for n, word in MARK.findall(body)}
    expected = {d.number: {"numeric_only": "numeric"}.get(d.verdict, d.verdict)
                for d in doc.displays if d.number in marked}
    assert found == expected
    # every checked display is in the summary, inline claims that got no margin note included
    assert [int(n) for n in re.findall(r"\[(\d+)\] [a-z]+ \(line \d+\)", summary)] == [
        d.number for d in doc.displays]
    # (an underscore escaped as \\_ is a rule in OT1 fonts: pdftotext reads a space)
    said = re.escape(name).replace("_", "[ _]")
    assert re.search(f"Checked displays in {said}: {len(doc.displays)} ",
                     summary.replace("\n", " "))
    refuted = sum(s.verdict == REFUTED for d in doc.displays for s in d.steps
                  if d.number in marked)
    # a footnote may break anywhere: "is" and "refuted." can land on different lines
    assert " ".join(words.split()).count("is refuted.") == refuted
    if refuted:
        assert "Counterexample:" in words
    require_tool("pdftoppm")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path),
                    str(ARTIFACTS / Path(name).stem)], check=True)


def test_a_fragment_is_refused_with_its_position() -> None:
    with pytest.raises(AnnotateInputError) as exc:
        annotated_latex("Some text $a = a$.\n")
    assert "\\begin{document}" in exc.value.message and exc.value.line == 1
    with pytest.raises(AnnotateInputError) as exc:
        annotated_latex("\\documentclass{article}\n\\begin{document}\nx\n")
    assert exc.value.line == 2


def test_marks_survive_a_minipage_and_a_footnote(tex_inputs: Path) -> None:  # noqa: F811
    """Where LaTeX allows no margin note, the mark is set inline; the document compiles."""
    require_tool("pdftotext")
    src = ("\\documentclass{article}\n\\begin{document}\nText.\n"
           "\\begin{minipage}{5cm}\n\\[ \\sigma(-z) = 1 - \\sigma(z) \\]\n\\end{minipage}\n"
           "A note.\\footnote{See \\[ H(P) \\ge 0 \\]}\n"
           "And\n\\begin{equation}\n\\log(ab) = \\log a + 2\\log b\n\\end{equation}\n"
           "\\end{document}\n")
    out = annotated_latex(src, "t.tex")
    pdf = compile_pdf(out, Path("."), timeout=60)
    path = Path(tex_inputs) / "t.pdf"
    path.write_bytes(pdf)
    words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "[1] proved" in words  # inline in the minipage
    assert "[3]\nrefuted" in words and "is refuted." in words


def test_inline_claims_in_a_heading_or_bold_text_are_marked_after_the_group(
        tex_inputs: Path) -> None:  # noqa: F811
    """The mark of a claim inside ``\\section{…}`` or ``\\textbf{…}`` goes just after the group,
    where LaTeX allows a margin note; the document compiles and shows both marks."""
    require_tool("pdftotext")
    src = ("\\documentclass{article}\n\\begin{document}\n"
           "\\section{We show that $\\log(ab) = \\log a + 2\\log b$.}\n"
           "Text. \\textbf{Hence $\\sigma(-z) = 1 - \\sigma(z)$.} Done.\n\\end{document}\n")
    out = annotated_latex(src, "t.tex")
    assert "2\\log b$.}\\DeriveAnnotateMark{1}{refuted}\\DeriveAnnotateNote{" in out
    assert "\\sigma(z)$.}\\DeriveAnnotateMark{2}{proved} Done." in out
    path = Path(tex_inputs) / "heading.pdf"
    path.write_bytes(compile_pdf(out, Path("."), timeout=60))
    words = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "[1]\nrefuted" in words and "[2]\nproved" in words and "is refuted." in words
