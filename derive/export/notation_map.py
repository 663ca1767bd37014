r"""A lecturer's notation: rewrite exported math so it uses the notes' own macros.

Two sources, both read as data (nothing is executed or expanded):

* a ``.sty``/``.tex`` file: zero-argument ``\newcommand``, ``\renewcommand``,
  ``\providecommand`` and ``\def`` lines; wherever the exported math contains a macro's body,
  the macro is written instead (``D_{\mathrm{KL}}`` becomes ``\KL``);
* a small TOML file: ``"<what derive prints>" = "<what the notes write>"`` pairs, at the top
  level or under ``[notation]``.

``\mathrm{..}``, ``\text{..}`` and ``\textrm{..}`` match each other, and white space is
insignificant, so ``\pi_{\text{ref}}`` in the notes matches derive's ``\pi_{\mathrm{ref}}``.
A replacement is user text that reaches LaTeX, so it must pass :func:`safe_replacement`
(balanced braces, no TeX primitive that reads, writes or redefines).

>>> m = NotationMap.from_sty(r"\newcommand{\KL}{D_{\mathrm{KL}}}" "\n"
...                          r"\newcommand{\piref}{\pi_{\text{ref}}}")
>>> m.apply(r"D_{\mathrm{KL}}(\pi \,\|\, \pi_{\mathrm{ref}})")
'\\KL(\\pi \\,\\|\\, \\piref)'
>>> m.macro_names
('KL', 'piref')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NotationError", "NotationMap", "load_notation", "safe_replacement"]


class NotationError(ValueError):
    """A notation file that cannot be used; the message names the file and line."""


#: control words a replacement may never contain: they read or write files, run code or
#: redefine things
_FORBIDDEN = frozenset({
    "input", "include", "includeonly", "write", "immediate", "openout", "openin", "read",
    "readline", "closeout", "closein", "special", "directlua", "latelua", "catcode", "def",
    "edef", "gdef", "xdef", "let", "futurelet", "csname", "endcsname", "expandafter",
    "newcommand", "renewcommand", "providecommand", "usepackage", "RequirePackage",
    "documentclass", "begin", "end", "makeatletter", "makeatother", "shipout", "output",
    "everypar", "everymath", "everydisplay", "jobname", "endinput", "newwrite", "newread",
    "pdfprimitive", "primitive", "scantokens", "detokenize", "write18", "ShellEscape",
    "outer", "global", "afterassignment", "aftergroup", "uppercase", "lowercase",
})  # fmt: skip
_CONTROL = re.compile(r"\\([A-Za-z@]+)")
_ROMAN = r"\\(?:mathrm|text|textrm|operatorname|mathrm)\s*"


def safe_replacement(tex: str) -> bool:
    r"""Whether ``tex`` may be written into exported math.

    >>> safe_replacement(r"\pi_{\text{ref}}"), safe_replacement(r"\input{/etc/passwd}")
    (True, False)
    >>> safe_replacement("{"), safe_replacement("a % b")
    (False, False)
    """
    if any(ch in tex for ch in "%#$&\n\r") or "^^" in tex:
        return False
    depth = 0
    for i, ch in enumerate(tex):
        if ch == "{" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or tex[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return False
    if depth:
        return False
    return not any(m.group(1) in _FORBIDDEN or "@" in m.group(1) for m in _CONTROL.finditer(tex))


def _pattern(body: str) -> str:
    r"""A regex matching ``body`` up to white space and the choice of upright-text macro."""
    out: list[str] = []
    i = 0
    while i < len(body):
        m = re.match(r"\\(?:mathrm|text|textrm)\s*(?=\{)", body[i:])
        if m:
            out.append(_ROMAN)
            i += len(m.group(0))
            continue
        m = re.match(r"\\[A-Za-z]+", body[i:])
        if m:
            out.append(re.escape(m.group(0)) + r"(?![A-Za-z])\s*")
            i += len(m.group(0))
            continue
        ch = body[i]
        i += 1
        if ch.isspace():
            continue
        out.append(re.escape(ch) + r"\s*")
    return "".join(out)


@dataclass(frozen=True)
class NotationMap:
    """Ordered ``(derive's form, the notes' form)`` pairs; longest pattern applied first."""

    pairs: tuple[tuple[str, str], ...] = ()
    macro_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for _, new in self.pairs:
            if not safe_replacement(new):
                raise NotationError(f"unsafe replacement {new!r}")

    def apply(self, tex: str) -> str:
        """``tex`` with every mapped form replaced (left to right, longest first)."""
        for old, new in sorted(self.pairs, key=lambda p: -len(p[0])):
            rx = re.compile(_pattern(old).removesuffix(r"\s*"))

            tex = rx.sub(lambda m, new=new, src=tex: new + _glue(new, src, m.end()), tex)
        return tex

    @classmethod
    def from_sty(cls, text: str, source: str = "<sty>") -> NotationMap:
        r"""Zero-argument macro definitions of a ``.sty``/``.tex`` file, read as data."""
        pairs: list[tuple[str, str]] = []
        names: list[str] = []
        define = re.compile(
            r"\\(?:(?:re|provide)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?"
            r"|def\s*\\([A-Za-z]+))\s*(\[\d\])?\s*\{")
        for lineno, line in enumerate(text.splitlines(), start=1):
            line = re.sub(r"(?<!\\)%.*", "", line)
            for m in define.finditer(line):
                name = m.group(1) or m.group(2)
                body, depth, i = [], 1, m.end()
                while i < len(line) and depth:
                    ch = line[i]
                    depth += (ch == "{") - (ch == "}") if line[i - 1] != "\\" else 0
                    if depth:
                        body.append(ch)
                    i += 1
                if depth or m.group(3):  # multi-line body or arguments: not a notation macro
                    continue
                if not re.fullmatch(r"[A-Za-z]+", name) or name in _FORBIDDEN:
                    raise NotationError(f"{source}:{lineno}:{m.start() + 1}: cannot use "
                                        f"\\{name} as a notation macro")
                text_body = "".join(body).strip()
                if text_body and safe_replacement(text_body):
                    pairs.append((text_body, "\\" + name))
                    names.append(name)
        return cls(tuple(pairs), tuple(names))

    @classmethod
    def from_toml(cls, text: str, source: str = "<toml>") -> NotationMap:
        r"""``"derive's form" = "the notes' form"`` pairs (top level or ``[notation]``).

        >>> m = NotationMap.from_toml('"\\\\pi_{\\\\mathrm{ref}}" = "\\\\pi_0"')
        >>> m.apply(r"\pi_{\mathrm{ref}}")
        '\\pi_0'
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise NotationError(f"{source}: {exc}") from None
        table = data.get("notation", data)
        pairs = []
        for old, new in table.items():
            if not isinstance(new, str) or not old.strip():
                raise NotationError(f"{source}: {old!r} must map to a string")
            if not safe_replacement(new):
                raise NotationError(f"{source}: unsafe replacement for {old!r}: {new!r}")
            pairs.append((old, new))
        return cls(tuple(pairs))


def _glue(new: str, src: str, end: int) -> str:
    """A space after a replacement ending in a control word when a letter follows it."""
    return " " if re.search(r"\\[A-Za-z]+$", new) and src[end : end + 1].isalpha() else ""


def load_notation(path: str | Path) -> NotationMap:
    """Read a notation map from a ``.toml`` file or a ``.sty``/``.tex`` macro file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotationError(f"{p}: cannot read ({exc.strerror})") from None
    if p.suffix == ".toml":
        return NotationMap.from_toml(text, str(p))
    return NotationMap.from_sty(text, str(p))
