"""``derive annotate``: a lecturer's notes, every checked display marked in place.

``derive annotate notes.tex -o notes.checked.pdf`` compiles the document with a margin mark
beside each checked display and a summary page; ``-o notes.checked.tex`` writes the
annotated source instead; ``derive annotate notes.md --format html -o notes.html`` marks
Markdown notes.  The input is never overwritten.  Notes split over files are followed as LaTeX
follows them (``\\input``, ``\\include`` beside the main file): their displays are marked too,
and notes, footnotes and errors name the file and line where each was written; the annotated
``.tex`` is one self-contained file.

Exit codes: 0 every checked display proved or numeric-only (formulas the checker does not read
are listed as unsupported, on stderr and in the summary, and do not change the code); 1 some
display refuted or inconclusive; 2 usage or input error (one line, ``file:line:column``; a
document TeX cannot compile is an input error); 3 internal error.

>>> from typer.testing import CliRunner
>>> from derive.cli import app, _register_checker
>>> _register_checker()
>>> r = CliRunner().invoke(app, ["annotate", "no-such.tex", "-o", "x.tex"])
>>> r.exit_code, "no-such.tex:1:1:" in r.output
(2, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import cli
from .cli import app
from .cli_entry import internal_error_line, one_line
from .records import INCONCLUSIVE, REFUTED

#: output formats and the file suffix that selects each
FORMATS = {".pdf": "pdf", ".tex": "tex", ".html": "html", ".htm": "html"}
#: input kinds by suffix
KINDS = {".tex": "tex", ".md": "md", ".markdown": "md"}


def _fail(message: str, code: int = 2) -> None:
    typer.echo(message, err=True)
    raise SystemExit(code)


def _read(path: Path) -> str:
    from .checker.check import byte_position

    try:
        data = path.read_bytes()
    except OSError as exc:
        _fail(f"{path}:1:1: cannot read: {exc.strerror or exc}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        _fail(f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save "
              "the file as UTF-8")
    return ""  # unreachable


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


@app.command("annotate")
def annotate_cmd(
    file: Annotated[Path, typer.Argument(help="the lecturer's notes: .tex (whole document) or "
                                              ".md")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="where to write: .pdf (compiled), .tex (annotated source) or "
                               ".html; never the input itself")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="pdf, tex or html (default: from the -o suffix; html for .md)")]
    = None,
    force: Annotated[bool, typer.Option(help="overwrite an existing output file")] = False,
    timeout: Annotated[float, typer.Option(help="seconds each pdflatex pass may take")] = 60.0,
    budget: Annotated[float, typer.Option(help="seconds the kernel may spend per step")] = 2.0,
) -> None:
    """Check a lecturer's notes and mark every checked display in place (PDF, LaTeX, HTML)."""
    kind = KINDS.get(file.suffix.lower())
    if kind is None:
        _fail(f"{file}:1:1: annotate reads .tex documents and .md notes, not '{file.suffix}'")
    if fmt is None:
        fmt = FORMATS.get(output.suffix.lower()) if output is not None else None
        fmt = fmt or ("html" if kind == "md" else "tex")
    if fmt not in ("pdf", "tex", "html"):
        _fail(f"derive annotate: unknown format '{fmt}' (pdf, tex, html)")
    if kind == "md" and fmt != "html":
        _fail(f"{file}:1:1: Markdown notes are annotated as HTML (--format html)")
    if kind == "tex" and fmt == "html":
        _fail(f"{file}:1:1: LaTeX documents are annotated as PDF or LaTeX (-o x.pdf, -o x.tex)")
    if fmt == "pdf" and output is None:
        _fail("derive annotate: PDF output needs -o FILE.pdf")
    if output is not None and _same_file(file, output):
        _fail(f"{output}: is the input file; annotate never overwrites the notes (choose another "
              "-o)")
    if output is not None and output.exists() and not force:
        _fail(f"{output}: exists; not overwriting (use --force)")
    text = _read(file)
    flat = _flattened(file, text) if kind == "tex" else None
    try:
        content, doc = _annotate(file, text, kind, fmt, timeout, budget, flat)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - ours: exit 3, one line
        _fail(internal_error_line(exc, cli.DEBUG), 3)
    _write(content, output, force)
    for d in doc.displays:
        for e in d.errors:
            name, line, column = (flat.origin(e.line, e.column) if flat is not None
                                  else (file.name, e.line, e.column))
            typer.echo(f"{file.with_name(name)}:{line}:{column}: unsupported: "
                       f"{one_line(e.message)}", err=True)
    worst = {d.verdict for d in doc.displays}
    raise SystemExit(1 if worst & {REFUTED, INCONCLUSIVE} else 0)


def _flattened(file: Path, text: str):  # noqa: ANN202 - a FlattenedDocument
    """The notes with the files they ``\\input`` inlined (positions kept), or exit 2."""
    from .annotate.included_files import flatten_inputs
    from .annotate.latex_marks import AnnotateInputError

    try:
        return flatten_inputs(text, file.parent, file.name)
    except AnnotateInputError as exc:
        _fail(f"{file}:{exc.line}:{exc.column}: {exc.message}")
    return None  # unreachable


def _annotate(file: Path, text: str, kind: str, fmt: str, timeout: float, budget: float,  # noqa: ANN202
              flat=None):  # noqa: ANN001 - a FlattenedDocument for LaTeX notes
    from .annotate.compile_pdf import TexFailed, TexNotFound, compile_pdf
    from .annotate.displays import checked_displays
    from .annotate.html_marks import annotated_html
    from .annotate.latex_marks import AnnotateInputError, annotated_latex

    if kind == "md":
        doc = checked_displays(text, kind, budget)
        return annotated_html(text, file.name, budget, doc), doc
    text = flat.text
    doc = checked_displays(text, kind, budget)
    try:
        source = annotated_latex(text, file.name, budget, doc, flat.where)
    except AnnotateInputError as exc:
        name, line, column = flat.origin(exc.line, exc.column)
        _fail(f"{file.with_name(name)}:{line}:{column}: {exc.message}")
    if fmt == "tex":
        return source, doc
    try:
        return compile_pdf(source, file.parent, timeout, jobname=file.stem), doc
    except TexNotFound as exc:
        _fail(f"derive annotate: {exc}")
    except TexFailed as exc:
        name, line, _ = flat.origin(_source_line(text, source, exc.line), 1)
        _fail(f"{file.with_name(name)}:{line}:1: LaTeX stopped: {one_line(exc.message)} (the "
              "annotated document did not compile; check that the notes compile on their own)")
    return b"", doc  # unreachable


def _source_line(original: str, annotated: str, line: int) -> int:
    """The line of ``original`` that line ``line`` of ``annotated`` comes from (1 if unknown).

    >>> _source_line("a\\nb\\nc\\n", "a\\nX\\nY\\nb\\nc\\n", 5)
    3
    """
    if line <= 0:
        return 1
    import difflib

    a, b = original.splitlines(), annotated.splitlines()
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        if block.b <= line - 1 < block.b + block.size:
            return block.a + (line - 1 - block.b) + 1
    return 1


def _write(content: str | bytes, output: Path | None, force: bool) -> None:
    from .export import write_output

    if output is None:
        typer.echo(content if isinstance(content, str) else "")
        return
    try:
        write_output(content, output, force=force)
    except FileExistsError:
        _fail(f"{output}: exists; not overwriting (use --force)")
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")
