r"""Student math made inert: a whitelist of math commands, everything else escaped.

Every LaTeX string in a check report can carry text a student typed (a symbol's name, a
parser message quoting the input). Before any feedback format renders a report, it goes
through :func:`safe_report`: math keeps only the control sequences in :data:`MATH_COMMANDS`
(a whitelist: ``\input``, ``\write``, ``\catcode``, ``\csname`` and every other name not
listed are shown as text, never executed), the arguments of ``\text``, ``\mathrm``,
``\operatorname`` and friends are escaped character by character, TeX's ``^^`` character
codes, ``%``, ``#`` and ``$`` are neutralised, and unbalanced braces are escaped.

>>> safe_math(r"\frac{a}{\input{/etc/passwd}}")
'\\frac{a}{\\backslash\\mathrm{input}{/etc/passwd}}'
>>> safe_math(r"\text{\immediate\write18{rm}} + x^^5c")
'\\text{\\textbackslash{}immediate\\textbackslash{}write18\\{rm\\}} + x^{}{}^5c'
>>> safe_math(r"a < b", web=True)
'a \\lt  b'
>>> safe_math("}{")
'\\}\\{'
"""

from __future__ import annotations

import dataclasses
import re

from derive.records import CheckedStep, CheckReport, Counterexample, InputError

from ._common import MACROS, split_inline_math

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta "
    "Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
_MATH = (
    "frac dfrac tfrac sqrt log ln exp sin cos tan tanh sinh cosh min max sup inf lim arg det "
    "sum prod int left right bigl bigr Bigl Bigr biggl biggr big Big middle mid parallel Vert "
    "vert lvert rvert lVert rVert langle rangle lfloor rfloor lceil rceil cdot cdots ldots dots "
    "times div pm mp le leq ge geq lt gt ne neq approx sim simeq propto equiv succ prec infty "
    "partial nabla in notin subset subseteq cup cap setminus forall exists to mapsto rightarrow "
    "leftarrow Rightarrow Leftarrow iff implies colon quad qquad hat bar tilde vec dot ddot "
    "overline underline widehat widetilde mathcal mathbb mathbf mathit mathsf mathtt boldsymbol "
    "ell star ast circ bullet top backslash lbrace rbrace prime emptyset "
    "checkmark displaystyle textstyle scriptstyle limits nolimits binom"
)
#: the control words student math may keep (plus the names in ``MACROS``)
MATH_COMMANDS: frozenset[str] = frozenset((_GREEK + " " + _MATH).split()) | frozenset(MACROS)
#: commands whose brace argument is text: its characters are escaped one by one
TEXT_ARGUMENT: frozenset[str] = frozenset(
    "text textrm textit textbf textsf texttt mathrm operatorname mbox".split())
#: environments student math may open
ENVIRONMENTS: frozenset[str] = frozenset(
    "cases matrix pmatrix bmatrix smallmatrix array aligned".split())
#: control symbols (``\`` and one non-letter) that are harmless in math
CONTROL_SYMBOLS = frozenset(",;:! {}|_%&#$\\")

_TEXT_SAFE = re.compile(r"[A-Za-z0-9 .,;:!?'()+\-*/=\[\]@]")
_TEXT_ESCAPE = {"{": r"\{", "}": r"\}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#",
                "$": r"\$", "\\": r"\textbackslash{}", "<": r"\textless{}",
                ">": r"\textgreater{}", "^": r"\^{}", "~": r"\~{}", '"': "''", "`": "'"}


def _text_argument(content: str) -> str:
    """The characters of a ``\\text{...}`` argument, each kept only if inert, else escaped."""
    out = []
    for ch in content:
        if _TEXT_SAFE.fullmatch(ch) or (ord(ch) > 127 and ch.isprintable()):
            out.append(ch)
        else:
            out.append(_TEXT_ESCAPE.get(ch, "?"))
    return "".join(out)


def _group(tex: str, start: int) -> int:
    """The index just past the brace group opening at ``tex[start]``, or -1 if unclosed."""
    depth, i = 0, start
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "{"
        depth -= ch == "}"
        i += 1
        if depth == 0:
            return i
    return -1


def _balanced(tex: str) -> bool:
    depth, i = 0, 0
    while i < len(tex):
        if tex[i] == "\\":
            i += 2
            continue
        depth += (tex[i] == "{") - (tex[i] == "}")
        if depth < 0:
            return False
        i += 1
    return depth == 0


def safe_math(tex: str, web: bool = False) -> str:
    """``tex`` with only whitelisted commands live (see the module docstring).

    ``web`` also writes ``<``/``>`` as ``\\lt``/``\\gt`` (for Markdown, where a raw ``<``
    inside ``$...$`` can start an HTML tag).
    """
    balanced = _balanced(tex)
    out: list[str] = []
    i, n = 0, len(tex)
    while i < n:
        ch = tex[i]
        if ch == "\\":
            m = re.match(r"[A-Za-z]+", tex[i + 1:])
            if m is None:
                nxt = tex[i + 1:i + 2]
                ok = nxt in CONTROL_SYMBOLS and (balanced or nxt not in "{}")
                out.append("\\" + nxt if ok else r"\backslash ")
                i += 1 + (len(nxt) if ok else 0)
                continue
            name = m.group(0)
            i += 1 + len(name)
            star = tex[i:i + 1] == "*" and name == "operatorname"
            j = i + star
            if name in TEXT_ARGUMENT and balanced and tex[j:j + 1] == "{":
                end = _group(tex, j)
                out.append(f"\\{name}{'*' if star else ''}{{{_text_argument(tex[j + 1:end - 1])}}}")
                i = end
            elif name in ("begin", "end") and balanced and tex[i:i + 1] == "{":
                end = _group(tex, i)
                env = tex[i + 1:end - 1]
                if env in ENVIRONMENTS:
                    out.append(f"\\{name}{{{env}}}")
                else:
                    out.append(rf"\backslash\mathrm{{{name}}}\{{{_text_argument(env)}\}}")
                i = end
            elif name in MATH_COMMANDS:
                out.append("\\" + name)
            else:
                out.append(rf"\backslash\mathrm{{{name}}}")
            continue
        if ch == "^" and tex[i + 1:i + 2] == "^":
            out.append("^{}{}")  # TeX reads ^^5c as a backslash: never two carets in a row
        elif ch in "{}" and not balanced:
            out.append("\\" + ch)
        elif ch in "%#$&":
            out.append("\\" + ch)
        elif web and ch in "<>":
            out.append(r"\lt " if ch == "<" else r"\gt ")
        elif ch in "\r\n\t\f\v" or (ord(ch) < 32):
            out.append(" ")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def safe_prose(text: str, web: bool = False) -> str:
    """Prose with inline ``$...$``: the math made safe, the prose left to the format's escaping.

    >>> safe_prose(r"unknown command $\\input{x}$ here")
    'unknown command $\\\\backslash\\\\mathrm{input}{x}$ here'
    """
    return "".join(f"${safe_math(chunk, web)}$" if is_math else chunk
                   for is_math, chunk in split_inline_math(text))


def safe_report(report: CheckReport, web: bool = False) -> CheckReport:
    """A copy of ``report`` whose every LaTeX string went through the whitelist.

    >>> r = CheckReport("a.tex", errors=(InputError(1, 2, r"bad $\\write18{x}$"),))
    >>> safe_report(r).errors[0].message
    'bad $\\\\backslash\\\\mathrm{write}18{x}$'
    """

    def step(s: CheckedStep) -> CheckedStep:
        ce = s.counterexample
        if ce is not None:
            ce = Counterexample({safe_math(k, web): v for k, v in ce.assignment.items()},
                                ce.lhs, ce.rhs, safe_prose(ce.detail, web))
        diagnosis = s.diagnosis
        if diagnosis is not None:
            diagnosis = dataclasses.replace(diagnosis,
                                            message=safe_prose(diagnosis.message, web))
        return dataclasses.replace(s, lhs=safe_math(s.lhs, web), rhs=safe_math(s.rhs, web),
                                   reason=safe_prose(s.reason, web), counterexample=ce,
                                   diagnosis=diagnosis)

    return dataclasses.replace(
        report, steps=tuple(step(s) for s in report.steps),
        errors=tuple(InputError(e.line, e.column, safe_prose(e.message, web))
                     for e in report.errors))


__all__ = ["MATH_COMMANDS", "safe_math", "safe_prose", "safe_report"]
