"""Rewrite one math segment before it is parsed, keeping a map back to where each character
came from: document macros (``\\newcommand``, ``\\def``, ``\\DeclareMathOperator``) are expanded,
Unicode math (``‖ π β Σ ≤``) becomes its LaTeX command, presentation wrappers (``\\boxed``,
``\\underbrace{..}_{note}``, ``\\left.``) are removed, and writings the grammar would misread are
refused (a run of letters such as ``log x`` written without a backslash, an evaluation bar
``\\right|_{x=0}``).

>>> macros = collect_macros(r"\\newcommand{\\KL}[2]{D_{KL}(#1\\|#2)}")
>>> rw = rewrite(r"\\KL{P}{Q} ≤ β", macros)
>>> rw.text
'D_{KL}(P\\\\|Q) \\\\le  \\\\beta '
>>> rw.origin[rw.text.index("\\\\beta")]
12
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .derivatives import DerivativeError, rewrite_derivatives

__all__ = ["Macro", "Rewritten", "RewriteError", "collect_macros", "rewrite", "strip_macro_defs"]


class RewriteError(ValueError):
    """A segment that cannot be rewritten; ``offset`` is in the segment as written."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message, self.offset = message, offset


@dataclass(frozen=True)
class Macro:
    """A user macro: ``nargs`` arguments, the first optional when ``default`` is not None."""

    nargs: int
    body: str
    default: str | None = None


@dataclass(frozen=True)
class Rewritten:
    """The rewritten text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]


#: Unicode characters people paste into math, and the LaTeX the grammar reads
UNICODE: dict[str, str] = {
    "‖": r"\|", "∥": r"\|", "∑": r"\sum ", "Σ": r"\sum ", "∏": r"\prod ", "π": r"\pi ",
    "β": r"\beta ", "θ": r"\theta ", "σ": r"\sigma ", "α": r"\alpha ", "γ": r"\gamma ",
    "δ": r"\delta ", "ε": r"\epsilon ", "ϵ": r"\epsilon ", "λ": r"\lambda ", "μ": r"\mu ",
    "φ": r"\phi ", "ϕ": r"\phi ", "ρ": r"\rho ", "τ": r"\tau ", "ω": r"\omega ", "η": r"\eta ",
    "ψ": r"\psi ", "χ": r"\chi ", "∞": r"\infty ", "≤": r"\le ", "≥": r"\ge ", "≠": r"\ne ",
    "≈": r"\approx ", "∝": r"\propto ", "·": r"\cdot ", "⋅": r"\cdot ", "×": r"\times ",
    "−": "-", "∈": r"\in ", "∼": r"\sim ", "⋆": r"\star ", "∗": "*", "′": "'", "ℓ": r"\ell ",
    "𝔼": r"\mathbb{E}", "∣": r"\mid ", "≔": ":=", "≡": r"\equiv ", "⇒": r"\implies ",
    "⟹": r"\implies ", "⇔": r"\iff ", "∂": r"\partial ", "∫": r"\int ", "≻": r"\succ ",
    "𝒳": r"\mathcal{X}", "𝒴": r"\mathcal{Y}", "𝒟": r"\mathcal{D}", "ℒ": r"\mathcal{L}",
    "\u2009": " ", "\u00a0": " ", "\u202f": " ",
}  # fmt: skip

_NEWCOMMAND = re.compile(
    r"\\(?:(?:re)?newcommand|providecommand)\*?\s*(?:\{\s*\\([a-zA-Z]+)\s*\}|\\([a-zA-Z]+))"
    r"\s*(?:\[\s*(\d)\s*\])?\s*(?:\[([^\]]*)\])?\s*\{")
_DEF = re.compile(r"\\def\s*\\([a-zA-Z]+)((?:\s*#\d)*)\s*\{")
_OPERATOR = re.compile(r"\\DeclareMathOperator(\*?)\s*\{\s*\\([a-zA-Z]+)\s*\}\s*\{")

#: expansions allowed per segment, and how much a segment may grow
_MAX_EXPANSIONS = 200
_MAX_GROWTH = 40


def _group_end(text: str, open_at: int) -> int:
    """Offset just past the ``}`` matching the ``{`` at ``open_at`` (or -1)."""
    depth = 0
    i = open_at
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _definitions(text: str):  # type: ignore[no-untyped-def]
    """Yield ``(start, end, name, Macro)`` for every macro definition in ``text``."""
    for m in _NEWCOMMAND.finditer(text):
        end = _group_end(text, m.end() - 1)
        if end > 0:
            n = int(m.group(3) or 0)
            yield m.start(), end, m.group(1) or m.group(2), Macro(
                n, text[m.end():end - 1], m.group(4))
    for m in _DEF.finditer(text):
        end = _group_end(text, m.end() - 1)
        if end > 0:
            n = len(re.findall(r"#\d", m.group(2)))
            yield m.start(), end, m.group(1), Macro(n, text[m.end():end - 1])
    for m in _OPERATOR.finditer(text):
        end = _group_end(text, m.end() - 1)
        if end > 0:
            op = r"\operatorname" + m.group(1)
            yield m.start(), end, m.group(2), Macro(0, op + "{" + text[m.end():end - 1] + "}")


def collect_macros(text: str) -> dict[str, Macro]:
    """Every ``\\newcommand``/``\\renewcommand``/``\\def``/``\\DeclareMathOperator`` in ``text``.

    >>> m = collect_macros(r"\\DeclareMathOperator*{\\argmax}{arg\\,max} \\def\\b{\\beta}")
    >>> m["argmax"].body, m["b"].body
    ('\\\\operatorname*{arg\\\\,max}', '\\\\beta')
    """
    found = sorted(_definitions(text), key=lambda d: d[0])
    return {name: macro for _, _, name, macro in found}


def strip_macro_defs(text: str) -> str:
    """``text`` with every macro definition blanked (newlines kept, so positions stay put)."""
    out = list(text)
    for start, end, _, _ in _definitions(text):
        out[start:end] = [c if c == "\n" else " " for c in text[start:end]]
    return "".join(out)


def _read_arg(text: str, i: int) -> tuple[str, int] | None:
    """One macro argument at ``i`` (a brace group or one token): (content, end)."""
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i >= len(text):
        return None
    if text[i] == "{":
        end = _group_end(text, i)
        return (text[i + 1:end - 1], end) if end > 0 else None
    m = re.match(r"\\[a-zA-Z]+|\\.|.", text[i:], re.S)
    assert m is not None
    return m.group(0), i + len(m.group(0))


def _substitute(body: str, args: list[str]) -> str:
    """``body`` with ``#1``... replaced by ``args`` (an unknown ``#n`` stays as written)."""
    def arg(g: re.Match[str]) -> str:
        k = int(g.group(1))
        return args[k - 1] if 0 < k <= len(args) else g.group(0)
    return re.sub(r"#(\d)", arg, body)


def _expand(text: str, origin: list[int], macros: dict[str, Macro]) -> tuple[str, list[int]]:
    count, limit = 0, _MAX_GROWTH * len(text) + 2000
    pat = re.compile(r"\\([a-zA-Z]+)|\\.")
    i = 0
    while True:
        m = pat.search(text, i)
        if m is None:
            return text, origin
        name = m.group(1)
        if name not in macros:
            i = m.end()
            continue
        macro, j, args = macros[name], m.end(), []
        if macro.default is not None:
            k = j
            while k < len(text) and text[k] in " \t":
                k += 1
            if k < len(text) and text[k] == "[":
                close = text.find("]", k)
                if close < 0:
                    raise RewriteError(f"unclosed optional argument of \\{name}", origin[m.start()])
                args.append(text[k + 1:close])
                j = close + 1
            else:
                args.append(macro.default)
        while len(args) < macro.nargs:
            got = _read_arg(text, j)
            if got is None:
                raise RewriteError(f"\\{name} needs {macro.nargs} argument(s)", origin[m.start()])
            args.append(got[0])
            j = got[1]
        body = _substitute(macro.body, args)
        if body and re.match(r"[a-zA-Z]", text[j:j + 1]) and re.search(r"\\[a-zA-Z]+\Z", body):
            body += " "
        count += 1
        if count > _MAX_EXPANSIONS or len(text) > limit:
            raise RewriteError(f"the expansion of \\{name} does not terminate", origin[m.start()])
        at = origin[m.start()]
        text = text[:m.start()] + body + text[j:]
        origin = origin[:m.start()] + [at] * len(body) + origin[j:]
        i = m.start()


def _replace(text: str, origin: list[int], pattern: str,
             repl) -> tuple[str, list[int]]:  # type: ignore[no-untyped-def]
    """Regex replacement that keeps ``origin`` aligned (new characters take the match start)."""
    out, org, last = [], [], 0
    for m in re.finditer(pattern, text):
        new = repl(m) if callable(repl) else repl
        out.append(text[last:m.start()])
        org.extend(origin[last:m.start()])
        out.append(new)
        org.extend([origin[m.start()] if m.start() < len(origin) else len(origin)] * len(new))
        last = m.end()
    out.append(text[last:])
    org.extend(origin[last:])
    return "".join(out), org


#: one name, possibly with sub- and superscripts (``z``, ``\beta_1``): ``\underline`` over it
#: is an accent (``\underline{z}`` is not ``z``), over a longer expression an emphasis
_LONE_NAME = re.compile(r"\s*(?:\\[A-Za-z]+\s*(?:\{\s*\\?[A-Za-z]+\s*\})?|[A-Za-z])\s*"
                        r"(?:[_^]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9*'])\s*)*")


def _unwrap(text: str, origin: list[int]) -> tuple[str, list[int]]:
    r"""Drop ``\boxed{X}``, ``\underline{X}``, ``\ensuremath{X}`` -> ``X``,
    ``\underbrace{X}_{note}`` -> ``X``, ``{}`` -> nothing; ``\underline`` over one name is
    kept (an accent: ``\underline{z}`` is another quantity than ``z``)."""
    pat = re.compile(r"\\(boxed|underbrace|overbrace|displaylimits|cancelto|underline"
                     r"|ensuremath)\s*\{"
                     r"|\{\s*\}")
    i = 0
    while True:
        m = pat.search(text, i)
        if m is None:
            return text, origin
        if m.group(1) is None:  # an empty group {} (as in & {} \geq)
            text, origin = text[:m.start()] + text[m.end():], origin[:m.start()] + origin[m.end():]
            i = m.start()
            continue
        close = _group_end(text, m.end() - 1)
        if close < 0:
            raise RewriteError(f"unclosed \\{m.group(1)}", origin[m.start()])
        if m.group(1) == "underline" and _LONE_NAME.fullmatch(text, m.end(), close - 1):
            i = close  # \underline{z}: an accent on a name (another quantity), not emphasis
            continue
        end = close
        if m.group(1) in ("underbrace", "overbrace"):
            note = re.match(r"\s*[_^]\s*", text[close:])
            if note:
                got = _read_arg(text, close + note.end())
                if got and re.fullmatch(r"\\(?:text|mathrm|textrm|mbox|textit|mathit|rm)", got[0]):
                    got = _read_arg(text, got[1])  # _\text{const}: the command's argument too
                end = got[1] if got else close
        inner = text[m.end():close - 1]
        inner_org = origin[m.end():close - 1]
        text = text[:m.start()] + " " + inner + " " + text[end:]
        origin = (origin[:m.start()] + [origin[m.start()]] + inner_org + [origin[close - 1]]
                  + origin[end:])
        i = m.start()


#: ``\uncover<2->{X}``, ``\only<3>{X}``, ``\visible<2->{X}``, ``\resizebox*{!}{h}{X}``,
#: ``\scalebox{0.8}{X}``: the command and its options, before the group that is kept
_OVERLAY_WRAPPER = (r"\\(?:uncover|only|onslide|visible|invisible)\s*<[^<>{}]*>(?=\s*\{)"
                    r"|\\resizebox\*?\s*\{[^{}]*\}\s*\{[^{}]*\}(?=\s*\{)"
                    r"|\\scalebox\s*\{[^{}]*\}(?:\s*\[[^\]]*\])?(?=\s*\{)")
#: ``\pause`` and ``\onslide<2->`` without a group: slide switches, nothing to read
_OVERLAY_SWITCH = r"\\pause\b|\\onslide\s*<[^<>{}]*>(?!\s*\{)"

def blank_overlays(text: str) -> str:
    r"""``text`` with beamer's overlay and scaling wrappers blanked out, the wrapped material
    kept in place, and frame titles blanked (the same length, so every line:column still
    points into the source).

    >>> blank_overlays(r"&\qquad \uncover<2->{\text{by linearity}} \pause")
    '&\\qquad              \\text{by linearity}        '
    """
    out = list(text)
    for m in re.finditer(_OVERLAY_WRAPPER, text):
        brace = text.index("{", m.end())
        close = _group_end(text, brace)
        if close < 0:
            continue  # an unclosed group: left for the reader to report
        out[m.start():brace + 1] = " " * (brace + 1 - m.start())
        out[close - 1] = " "
    for m in re.finditer(_OVERLAY_SWITCH, text):
        out[m.start():m.end()] = " " * (m.end() - m.start())
    # a frame's title is a heading, not the start of the sentence its first display ends
    for m in re.finditer(r"\\begin\s*\{frame\}(?:\s*\[[^\]]*\])?|\\frame(?:sub)?title\b", text):
        i = m.end()
        for _ in range(2 if m.group(0).startswith("\\begin") else 1):
            j = i + len(text[i:]) - len(text[i:].lstrip(" \t"))
            if j >= len(text) or text[j] != "{" or (close := _group_end(text, j)) < 0:
                break
            out[j:close] = " " * (close - j)
            i = close
    return "".join(out)


_EVALUATION_BAR = re.compile(r"(?:\\right\s*(?:\||\\vert|\\rvert)|\\[Bb]igg?r?\s*\|)\s*_")
_LEFT_DOT_BAR = re.compile(r"\\left\s*\.(?:.|\n)*\\right\s*(?:\||\\vert|\\rvert)\s*\^")


def _letter_runs(text: str) -> tuple[int, str] | None:
    """The first run of letters written together outside sub/superscripts (``log``, ``KL``,
    ``dx``) that the grammar would read as a product of one-letter names."""
    exempt_depth: list[bool] = []  # one entry per open brace: is it a sub/superscript group?
    pending_script = False
    run_start, run = -1, ""
    i = 0
    found: tuple[int, str] | None = None

    def close_run() -> None:
        nonlocal found, run, run_start
        if found is None and run and (len(run) >= 3 or run in _TWO_LETTER_WORDS or (
                len(run) == 2 and run[0] == "d")):
            found = (run_start, run)
        run, run_start = "", -1

    while i < len(text) and found is None:
        ch = text[i]
        m = re.match(r"\\(?:text|mathrm|textrm|rm|mathit|textit|mathsf|textsf|operatorname\*?|"
                     r"texttt|mathtt|textbf|mbox|label|tag\*?|eqref|ref|begin|end)\s*\{[^{}]*\}"
                     r"|\\[a-zA-Z]+|\\.", text[i:])
        if m:
            close_run()
            i += len(m.group(0))
            continue
        in_script = any(exempt_depth)
        if ch.isalpha() and ch.isascii():
            if pending_script or in_script:
                pending_script = False
                close_run()
            else:
                if not run:
                    run_start = i
                run += ch
            i += 1
            continue
        close_run()
        if ch == "{":
            exempt_depth.append(pending_script or in_script)
            pending_script = False
        elif ch == "}":
            if exempt_depth:
                exempt_depth.pop()
        elif ch in "_^":
            pending_script = True
        elif not ch.isspace():
            pending_script = False
        i += 1
    close_run()
    return found


#: function names written as plain letters (``log x``): read as the function, never l·o·g·x
_FUNCTION_WORDS = frozenset({"log", "ln", "exp", "sin", "cos", "tan", "tanh", "max", "min"})

#: two-letter words that are never a product of two one-letter names in this field
_TWO_LETTER_WORDS = frozenset({"KL", "ln", "lg", "Pr", "tr", "Tr", "JS", "TV"})


def rewrite(src: str, macros: dict[str, Macro] | None = None) -> Rewritten:
    """Expand macros, map Unicode, drop wrappers; refuse writings that would be misread.

    >>> rewrite(r"\\boxed{a = b}").text
    ' a = b '
    >>> rewrite(r"a \\uncover<2->{= b}").text
    'a              = b '
    >>> rewrite("log x").text
    '\\\\log  x'
    >>> rewrite("softmax z")
    Traceback (most recent call last):
    ...
    derive.notation.rewrite.RewriteError: 'softmax' is written as one-letter names side by \
side; write \\text{softmax} or separate the factors
    """
    text, origin = src, list(range(len(src)))
    if macros:
        text, origin = _expand(text, origin, macros)
    if any(ch in UNICODE for ch in text):
        text, origin = _replace(text, origin, "[" + "".join(map(re.escape, UNICODE)) + "]",
                                lambda m: UNICODE[m.group(0)])
    text, origin = _replace(text, origin, r"\\color\s*\{[^{}]*\}(?=\s*\{)", r"\boxed")
    text, origin = _replace(text, origin, r"\\color\s*\{[^{}]*\}", " ")
    text, origin = _replace(text, origin, r"\\textcolor\s*\{[^{}]*\}", r"\boxed")
    # beamer's overlays and scaling only decide when and how large the math is shown (blanked
    # in place: the positions stay those of the source)
    text = blank_overlays(text)
    text, origin = _unwrap(text, origin)
    try:
        text, origin = rewrite_derivatives(text, origin)
    except DerivativeError as exc:
        raise RewriteError(exc.message, exc.offset) from None
    bar = _EVALUATION_BAR.search(text) or _LEFT_DOT_BAR.search(text)
    if bar:
        raise RewriteError("an evaluation bar (\\left. ... \\right|_{...}) is not supported",
                           origin[bar.start()])
    while (run := _letter_runs(text)) is not None:
        at, word = run
        if word in _FUNCTION_WORDS:  # log x written without its backslash: the function
            new = "\\" + word + " "
            text = text[:at] + new + text[at + len(word):]
            origin = origin[:at] + [origin[at]] * len(new) + origin[at + len(word):]
            continue
        if word[0] == "d" and len(word) == 2:
            msg = (f"'{word}' reads as a differential; a derivative is read as "
                   "\\frac{d}{dz} and integrals are not supported")
        else:
            cmd = f"\\{word}, " if word in ("log", "ln", "exp", "Pr", "min", "max") else ""
            msg = (f"'{word}' is written as one-letter names side by side; write {cmd}"
                   f"\\text{{{word}}} or separate the factors")
        raise RewriteError(msg, origin[at])
    return Rewritten(text, tuple(origin))
