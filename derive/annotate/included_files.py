r"""A lecturer's notes split over files: ``\input`` and ``\include`` followed, positions kept.

Course notes are often one main file that pulls in chapters (``\input{sec1}``) and a macro file
(``\input{macros}`` in the preamble, where ``\KL`` and friends are defined).  Annotating only
the main file would leave every chapter unchecked and every macro unknown.
:func:`flatten_inputs` builds the single document LaTeX itself reads, the way ``latexpand``
does, and remembers for every character which file and line it came from, so a mark, a footnote
and an error still name the lecturer's own file and line.

What is followed: ``\input{name}``, ``\input name`` and ``\include{name}`` (as LaTeX looks
them up: ``name.tex`` first, then ``name``) when the file exists relative to the main file's
folder.  Anything else stays as written, and LaTeX finds it as before: a file only TeX's
search path knows (``\input{glyphtounicode}``), an absolute path, a file the lecturer
commented out.  ``\include`` is followed only without ``\includeonly`` (which would select
among them) and becomes the ``\clearpage`` … ``\clearpage`` it stands for.  An included file
ends at ``\endinput``.  Bounded: at most :data:`MAX_DEPTH` levels, :data:`MAX_FILES` files and
:data:`MAX_BYTES` of text; a file that includes itself is an error with its position.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "sec1.tex").write_text("\\[ H(P) \\ge 0 \\]\n", encoding="utf-8")
>>> flat = flatten_inputs("A\n\\input{sec1}\nB\n", d, "notes.tex")
>>> flat.text
'A\n\\[ H(P) \\ge 0 \\]\n\nB\n'
>>> flat.origin(2, 4), flat.where(2), flat.where(4)
(('sec1.tex', 1, 4), 'sec1.tex, line 1', 'line 3')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from .latex_marks import AnnotateInputError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_FILES", "FlattenedDocument", "flatten_inputs"]

#: how deep ``\input`` may nest
MAX_DEPTH = 8
#: how many files one document may pull in
MAX_FILES = 200
#: the largest flattened document read
MAX_BYTES = 5_000_000

_INCLUSION = re.compile(r"\\(input|include)(?![a-zA-Z@])\s*(?:\{([^{}\n]*)\}|([^\s{}\\%]+))")
_INCLUDEONLY = re.compile(r"\\includeonly(?![a-zA-Z@])")
_ENDINPUT = re.compile(r"\\endinput(?![a-zA-Z@])")


def _without_comments(text: str) -> str:
    """``text`` with every ``%`` comment blanked (same length, newlines kept)."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group(0)), text)


@dataclass
class _Piece:
    flat_start: int
    file: str
    file_start: int


@dataclass
class FlattenedDocument:
    """The document LaTeX reads, and where each of its characters was written."""

    text: str
    main: str
    #: the text of every file read, by its name relative to the main file's folder
    sources: dict[str, str] = field(default_factory=dict)
    pieces: list[_Piece] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        """The included files, in the order they were first read (the main file excluded)."""
        return [f for f in self.sources if f != self.main]

    def origin(self, line: int, column: int) -> tuple[str, int, int]:
        """(file, line, column) of line ``line``, column ``column`` of :attr:`text`."""
        offset = _offset(self.text, line, column)
        starts = [p.flat_start for p in self.pieces]
        piece = self.pieces[max(bisect.bisect_right(starts, offset) - 1, 0)]
        source = self.sources[piece.file]
        at = min(piece.file_start + offset - piece.flat_start, len(source))
        file_line = source.count("\n", 0, at) + 1
        return piece.file, file_line, at - (source.rfind("\n", 0, at) + 1) + 1

    def where(self, line: int) -> str:
        """``line N`` in the main file, ``sec1.tex, line N`` in an included one."""
        file, file_line, _ = self.origin(line, 1)
        return f"line {file_line}" if file == self.main else f"{file}, line {file_line}"


def _offset(text: str, line: int, column: int) -> int:
    at = 0
    for _ in range(max(line, 1) - 1):
        nxt = text.find("\n", at)
        if nxt < 0:
            return len(text)
        at = nxt + 1
    return min(at + max(column, 1) - 1, len(text))


def _position(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _lookup(base: Path, name: str) -> Path | None:
    """The file LaTeX would read for ``name`` beside the main file (``.tex`` first)."""
    name = name.strip()
    if not name or Path(name).is_absolute() or name.startswith("~"):
        return None
    for candidate in (name + ".tex", name) if not name.endswith(".tex") else (name,):
        path = base / candidate
        if path.is_file():
            return path
    return None


def flatten_inputs(text: str, base: Path, main: str) -> FlattenedDocument:
    """The document ``text`` (the file ``main`` in folder ``base``) with its inclusions inlined.

    Raises :class:`~derive.annotate.latex_marks.AnnotateInputError` (with the position of the
    ``\\input``) for a file that includes itself, one that cannot be read as UTF-8, or a
    document past the bounds.
    """
    flat = FlattenedDocument("", main, {main: text})
    follow_include = _INCLUDEONLY.search(_without_comments(text)) is None
    out: list[str] = []
    size = 0

    def emit(file: str, start: int, end: int, literal: str | None = None) -> None:
        """Append ``file[start:end]`` (or ``literal``, attributed to ``file`` at ``start``)."""
        nonlocal size
        piece = flat.sources[file][start:end] if literal is None else literal
        if not piece:
            return
        flat.pieces.append(_Piece(size, file, start))
        out.append(piece)
        size += len(piece)
        if size > MAX_BYTES:
            raise AnnotateInputError(f"the notes with their included files pass "
                                     f"{MAX_BYTES // 1_000_000} MB; annotate them in parts")

    def read(file: str, chain: tuple[str, ...]) -> None:
        source = flat.sources[file]
        code = _without_comments(source)
        stop = _ENDINPUT.search(code) if file != main else None
        end = source.find("\n", stop.end()) + 1 if stop else len(source)
        end = end if end > 0 else len(source)
        done = 0
        for m in _INCLUSION.finditer(code, 0, end):
            command, name = m.group(1), m.group(2) if m.group(2) is not None else m.group(3)
            path = _lookup(base, name)
            if path is None or (command == "include" and not follow_include):
                continue
            key = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
            line, column = _position(source, m.start())
            where = "" if file == main else f" (in {file})"
            if key in chain:
                raise AnnotateInputError(f"{key} includes itself{where}", line, column)
            if len(chain) > MAX_DEPTH:
                raise AnnotateInputError(f"\\{command} nested more than {MAX_DEPTH} deep{where}",
                                         line, column)
            if key not in flat.sources:
                if len(flat.sources) > MAX_FILES:
                    raise AnnotateInputError(f"more than {MAX_FILES} included files{where}",
                                             line, column)
                try:
                    flat.sources[key] = path.read_bytes().decode("utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise AnnotateInputError(f"{key}: cannot be read as UTF-8 text ({exc})"
                                             f"{where}", line, column) from None
            emit(file, done, m.start())
            if command == "include":
                emit(file, m.start(), m.start(), "\\clearpage\n")
            read(key, (*chain, key))
            if command == "include":
                emit(file, m.start(), m.start(), "\n\\clearpage ")
            done = m.end()
        emit(file, done, end)

    read(main, (main,))
    flat.text = "".join(out)
    if not flat.pieces:
        flat.pieces.append(_Piece(0, main, 0))
    return flat
