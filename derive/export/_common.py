r"""Helpers shared by every export format.

Nothing here knows about a particular output format beyond small escaping tables: the trust
summary, verdict labels, number formatting, splitting ``$...$`` math out of plain text,
and our optional macros (widths and line breaking live in :mod:`derive.export._wrap`).

>>> split_inline_math(r"Log: $\log(a/b)$ for $a>0$.")
[(False, 'Log: '), (True, '\\log(a/b)'), (False, ' for '), (True, 'a>0'), (False, '.')]
>>> latex_text("50% of x_1 & y")
'50\\% of x\\_1 \\& y'
>>> format_number(3.0e-13)
'3e-13'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from derive.records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    PROVED,
    REFUTED,
    CheckReport,
    DerivationRecord,
    StepRecord,
)

#: verdict -> short human label
VERDICT_LABEL: dict[str, str] = {
    PROVED: "proved",
    NUMERIC_ONLY: "numeric only",
    REFUTED: "refuted",
    INCONCLUSIVE: "inconclusive",
}

#: check-report verdict -> short human label
REPORT_LABEL: dict[str, str] = {
    "correct": "correct",
    "incorrect": "incorrect",
    "unverified": "unverified",
    "invalid": "invalid input",
}

# --------------------------------------------------------------------------------------------
# optional macros: only emitted when an expression uses them (renderers never need them for the
# strings derive.latex prints, but hand-written records may use these short forms)
# --------------------------------------------------------------------------------------------

#: macro name (without backslash) -> its expansion, valid in amsmath, KaTeX and MathJax
MACROS: dict[str, str] = {
    "KL": r"D_{\mathrm{KL}}",
    "E": r"\mathbb{E}",
    "argmax": r"\operatorname*{arg\,max}",
    "argmin": r"\operatorname*{arg\,min}",
    "Var": r"\operatorname{Var}",
    "softmax": r"\operatorname{softmax}",
    "logit": r"\operatorname{logit}",
    "sign": r"\operatorname{sign}",
}


def _macro_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\\" + re.escape(name) + r"(?![A-Za-z])")


def used_macros(texts: Iterable[str]) -> list[str]:
    r"""Names from :data:`MACROS` that occur in any of ``texts``, in :data:`MACROS` order.

    >>> used_macros([r"\argmax_{\pi} f", r"\Exp"])
    ['argmax']
    """
    joined = "\n".join(texts)
    return [name for name in MACROS if _macro_pattern(name).search(joined)]


def expand_macros(tex: str) -> str:
    r"""Replace our optional macros by their definitions (for renderers without ``\newcommand``).

    >>> expand_macros(r"\KL(P \,\|\, Q)")
    'D_{\\mathrm{KL}}(P \\,\\|\\, Q)'
    """
    for name, body in MACROS.items():
        tex = _macro_pattern(name).sub(lambda _m, b=body: b, tex)
    return tex


def record_texts(rec: DerivationRecord) -> list[str]:
    r"""Every LaTeX string in a derivation (for macro detection)."""
    out = [rec.start, rec.conclusion, *rec.assumptions]
    for step in rec.steps:
        out += [step.after, step.justification]
    return out


def report_texts(report: CheckReport) -> list[str]:
    r"""Every LaTeX string in a check report (for macro detection)."""
    out: list[str] = []
    for step in report.steps:
        out += [step.lhs, step.rhs, step.reason]
        if step.counterexample:
            out += list(step.counterexample.assignment)
    return out


# --------------------------------------------------------------------------------------------
# plain text with inline math
# --------------------------------------------------------------------------------------------


def split_inline_math(text: str) -> list[tuple[bool, str]]:
    r"""Split ``text`` into ``(is_math, chunk)`` pieces on unescaped ``$...$`` pairs.

    ``\$`` is a literal dollar sign; a ``$`` without a partner is literal too.
    """
    pieces: list[tuple[bool, str]] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] == "$":
            buf.append("$")
            i += 2
            continue
        if ch == "$":
            delim = "$$" if text.startswith("$$", i) else "$"
            j = i + len(delim)
            end = -1
            while j < n:
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(delim, j):
                    end = j
                    break
                j += 1
            if end > i + len(delim):
                if buf:
                    pieces.append((False, "".join(buf)))
                    buf = []
                pieces.append((True, text[i + len(delim) : end].strip()))
                i = end + len(delim)
                continue
            buf.append(ch)
            i += 1
            continue
        buf.append(ch)
        i += 1
    if buf:
        pieces.append((False, "".join(buf)))
    return pieces


def is_prose(text: str) -> bool:
    r"""Whether ``text`` is prose with inline ``$...$`` math rather than a bare LaTeX formula.

    Assumptions may be either (``\beta > 0`` or ``$Q(x) > 0$ wherever $P(x) > 0$``).

    >>> is_prose(r"\beta > 0"), is_prose("$P$ is a distribution")
    (False, True)
    """
    return any(is_math for is_math, _ in split_inline_math(text))


_LATEX_TEXT_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "_": r"\_",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: non-ASCII characters pdflatex cannot typeset in text mode -> math replacement
_UNICODE_MATH: dict[str, str] = {
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\ne",
    "≈": r"\approx",
    "∝": r"\propto",
    "→": r"\to",
    "←": r"\leftarrow",
    "⇒": r"\Rightarrow",
    "⇔": r"\Leftrightarrow",
    "×": r"\times",
    "·": r"\cdot",
    "∞": r"\infty",
    "∑": r"\sum",
    "∏": r"\prod",
    "∫": r"\int",
    "∈": r"\in",
    "∉": r"\notin",
    "⊆": r"\subseteq",
    "∀": r"\forall",
    "∃": r"\exists",
    "−": "-",
    "±": r"\pm",
    "√": r"\surd",
    "∂": r"\partial",
    "∇": r"\nabla",
    "‖": r"\|",
    "∣": r"\mid",
    "°": r"^{\circ}",
}

_GREEK_MACRO = {
    "ALPHA": "alpha", "BETA": "beta", "GAMMA": "gamma", "DELTA": "delta",
    "EPSILON": "epsilon", "ZETA": "zeta", "ETA": "eta", "THETA": "theta", "IOTA": "iota",
    "KAPPA": "kappa", "LAMDA": "lambda", "MU": "mu", "NU": "nu", "XI": "xi", "PI": "pi",
    "RHO": "rho", "SIGMA": "sigma", "FINAL SIGMA": "varsigma", "TAU": "tau",
    "UPSILON": "upsilon", "PHI": "phi", "CHI": "chi", "PSI": "psi", "OMEGA": "omega",
}  # fmt: skip


def _unicode_to_latex(ch: str) -> str | None:
    if ch in _UNICODE_MATH:
        return "$" + _UNICODE_MATH[ch] + "$"
    name = unicodedata.name(ch, "")
    for prefix, upper in (("GREEK SMALL LETTER ", False), ("GREEK CAPITAL LETTER ", True)):
        if name.startswith(prefix):
            macro = _GREEK_MACRO.get(name[len(prefix) :])
            if macro is None:
                return None
            if upper:
                if macro in {"gamma", "delta", "theta", "lambda", "xi", "pi", "sigma",
                             "upsilon", "phi", "psi", "omega"}:  # fmt: skip
                    return "$\\" + macro.capitalize() + "$"
                return unicodedata.lookup("LATIN CAPITAL LETTER " + macro[0].upper())
            return "$\\" + macro + "$"
    return None


def latex_escape(text: str) -> str:
    r"""Escape plain text for LaTeX text mode (``_ % & # $ { } ~ ^ \`` and a few more).

    >>> latex_escape(r"a\b~c^d")
    'a\\textbackslash{}b\\textasciitilde{}c\\textasciicircum{}d'
    """
    out: list[str] = []
    for ch in text:
        if ch in _LATEX_TEXT_ESCAPES:
            out.append(_LATEX_TEXT_ESCAPES[ch])
        elif ord(ch) > 127:
            out.append(_unicode_to_latex(ch) or ch)
        elif ch in "\n\t\r":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[A-Z])(?=[.:!?](?:\s|$))")
#: a one-letter function applied to short arguments written in prose, e.g. ``Z(x)``
_PROSE_CALL = re.compile(r"(?<![A-Za-z\\])([A-Za-z]\([A-Za-z0-9, ]{1,12}\))")


#: abbreviations whose period does not end a sentence: the space after them is interword
_ABBREVIATION = re.compile(r"\b(i\.e|e\.g|cf|vs|etc|Eqs?|Fig|resp|approx)\. ")


#: ``*emphasis*`` as authors write it in justifications and descriptions
EMPHASIS = re.compile(r"(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])")
#: ``**strong**`` (Markdown bold), set as emphasis in LaTeX and HTML
STRONG = re.compile(r"(?<![\w*])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?![\w*])")
#: a snake_case identifier in prose, e.g. a library derivation's name
_IDENT = re.compile(r"\(?(?:see )?\b([a-z][a-z0-9]+(?:_[a-z0-9]+)+)\b\)?")
#: words kept in capitals when an identifier is read out
_ACRONYMS = {"kl": "KL", "dpo": "DPO", "ppo": "PPO", "grpo": "GRPO", "rlhf": "RLHF",
             "argopt": "arg min/max", "gibbs": "Gibbs", "jensen": "Jensen",
             "k1": "k1", "k2": "k2", "k3": "k3"}


def readable_name(ident: str) -> str:
    """A rule or derivation id as words: ``unfold_kl`` -> ``unfold KL``.

    >>> readable_name("bradley_terry_sigmoid"), readable_name("drop_constant_in_argopt")
    ('Bradley–Terry sigmoid', 'drop constant in arg min/max')
    """
    words = " ".join(_ACRONYMS.get(w, w) for w in ident.split("_"))
    return words.replace("bradley terry", "Bradley–Terry")


def _library_titles() -> dict[str, str]:
    """Titles of the library's derivations by name (empty when the library cannot load)."""
    global _TITLES
    if _TITLES is None:
        try:
            from derive.library import get, names

            _TITLES = {n: get(n).title for n in names()}
        except Exception:  # noqa: BLE001 - prose still renders without titles
            _TITLES = {}
    return _TITLES


def _rule_names() -> frozenset[str]:
    """Names of the registered rewrite rules (empty when the rules cannot load)."""
    global _RULES
    if _RULES is None:
        try:
            from derive.rules import all_rules

            _RULES = frozenset(r.name for r in all_rules())
        except Exception:  # noqa: BLE001 - prose still renders without rule names
            _RULES = frozenset()
    return _RULES


_TITLES: dict[str, str] | None = None
_RULES: frozenset[str] | None = None


def name_references(text: str) -> str:
    r"""Prose with internal ids read out: a library derivation's name becomes a reference to
    its title, a rule's name becomes words; any other ``snake_case`` word is the author's own
    (a variable, a config option) and stays as written.

    Only prose outside ``$...$`` changes (a literal dollar stays escaped):
    ``(bradley_terry_sigmoid)`` becomes ``— see “Bradley–Terry is a sigmoid…”``.

    >>> name_references("as shown (combine_sums), $a_b$, not sure_thing, cost \\$5")
    'as shown — combine sums, $a_b$, not sure_thing, cost \\$5'
    """
    titles = _library_titles()
    rules = _rule_names()

    def one(m: re.Match[str]) -> str:
        ident = m.group(1)
        whole = m.group(0)
        opened, closed = whole.startswith("("), whole.endswith(")")
        if ident in titles:
            ref = f"see “{titles[ident]}”"
        elif ident in rules:
            ref = ("see " if "see " in whole else "") + readable_name(ident)
        else:
            return whole
        if opened and closed:  # a parenthesis may not survive line breaking: a clause instead
            return "— " + ref
        return ("(" if opened else "") + ref + (")" if closed else "")

    return "".join(
        f"${chunk}$" if is_math else _IDENT.sub(one, chunk).replace("$", "\\$")
        for is_math, chunk in split_inline_math(text)
    )


def short_reason(rule: str, justification: str) -> str:
    """A few words for a step's justification: the rule's name, or the reason's first clause.

    >>> short_reason("linearity_of_sum", "Linearity of the sum: ...")
    'linearity of sum'
    >>> short_reason("claim", "By definition of the DPO loss, with pi* in the slot")
    'by definition of the DPO loss'
    """
    if rule and rule != "claim":
        return readable_name(rule)
    first = re.split(r"[:;,.(]| \$", justification.strip(), maxsplit=1)[0].strip()
    words = first.split()
    text = " ".join(words[:7])
    return (text[:1].lower() + text[1:]) if text else ""


def _quotes(text: str) -> str:
    """Typewriter quotes to TeX quotes: 'a' -> `a', "a" -> ``a''."""
    text = re.sub(r'(^|[\s(\[])"', r"\1``", text)
    text = text.replace('"', "''")
    return re.sub(r"(^|[\s(\[])'", r"\1`", text)


def _prose_latex(chunk: str) -> str:
    chunk = _quotes(chunk)
    pieces = _PROSE_CALL.split(chunk)
    return "".join(
        f"${p}$"
        if k % 2
        else EMPHASIS.sub(
            r"\\emph{\1}",
            STRONG.sub(
                r"\\emph{\1}",
                _ABBREVIATION.sub(r"\1.\\ ", _SENTENCE_END.sub(r"\\@", latex_escape(p))),
            ),
        )
        for k, p in enumerate(pieces)
    )


def latex_text(text: str) -> str:
    r"""Plain text that may contain inline ``$...$`` math -> LaTeX text-mode source.

    Text is escaped, math is kept as ``$...$`` (so it works inside ``\text{...}``).  An
    upper-case letter before ``.:!?`` gets ``\@`` so the space after it is a sentence space,
    and a one-letter call written in prose (``log Z(x)``) is set as math.

    >>> latex_text("See DPO: it is $\\sigma$-based.")
    'See DPO\\@: it is $\\sigma$-based.'
    >>> latex_text("the *same* optimiser")
    'the \\emph{same} optimiser'
    >>> latex_text("log Z(x) is finite, i.e. bounded")
    'log $Z(x)$ is finite, i.e.\\ bounded'
    """
    return "".join(
        f"${expand_macros(chunk)}$" if is_math else _prose_latex(chunk)
        for is_math, chunk in split_inline_math(name_references(text))
    )


# --------------------------------------------------------------------------------------------
# numbers, counterexamples, trust summary
# --------------------------------------------------------------------------------------------


def format_number(x: Any) -> str:
    r"""A short plain-text rendering of a number, list of numbers or ``None``.

    >>> format_number([0.25, 0.75]), format_number(None), format_number(2)
    ('(0.25, 0.75)', 'n/a', '2')
    """
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.6g}"
    if isinstance(x, list | tuple):
        return "(" + ", ".join(format_number(v) for v in x) + ")"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k}: {format_number(v)}" for k, v in x.items()) + "}"
    return str(x)


def number_latex(x: Any) -> str:
    r"""A number (or list) as LaTeX math source: ``3e-13`` becomes ``3 \times 10^{-13}``.

    >>> number_latex(3e-13), number_latex([1, 0.5])
    ('3 \\times 10^{-13}', '(1, 0.5)')
    """
    if isinstance(x, list | tuple):
        return "(" + ", ".join(number_latex(v) for v in x) + ")"
    text = format_number(x)
    if x is None:
        return r"\text{n/a}"
    m = re.fullmatch(r"(-?[\d.]+)e([+-])0*(\d+)", text)
    if m:
        mant, sign, exp = m.groups()
        exp = ("-" if sign == "-" else "") + exp
        return f"{mant} \\times 10^{{{exp}}}" if mant != "1" else f"10^{{{exp}}}"
    if text in {"inf", "-inf"}:
        return text.replace("inf", r"\infty")
    if text == "nan":
        return r"\mathrm{NaN}"
    return text


def _step_list(steps: list[StepRecord]) -> str:
    words = [f"{s.index} ({readable_name(s.rule)})" if s.rule else str(s.index) for s in steps]
    if len(words) == 1:
        return "Step " + words[0]
    return "Steps " + ", ".join(words[:-1]) + " and " + words[-1]


def _numeric_detail(step: StepRecord) -> str:
    ev = step.evidence
    detail = f"{ev.samples} random sample{'s' if ev.samples != 1 else ''}"
    if ev.max_discrepancy is not None:
        detail += f", worst discrepancy {format_number(ev.max_discrepancy)}"
    return detail


def trust_summary(rec: DerivationRecord) -> str:
    r"""One plain-text paragraph saying how far to trust the derivation.

    >>> from derive.records import DerivationRecord
    >>> trust_summary(DerivationRecord("n", "t", "c", (), "a", ()))
    'The derivation has no steps.'
    """
    steps = rec.steps
    if not steps:
        return "The derivation has no steps."
    by = {v: [s for s in steps if s.verdict == v] for v in (PROVED, NUMERIC_ONLY, REFUTED,
                                                             INCONCLUSIVE)}  # fmt: skip
    if len(by[PROVED]) == len(steps):
        n = len(steps)
        return (
            "Every step was proved symbolically."
            if n > 1
            else "The single step was proved symbolically."
        )
    sentences: list[str] = []
    numeric = by[NUMERIC_ONLY]
    if numeric:
        verb = "was" if len(numeric) == 1 else "were"
        details = "; ".join(
            (f"step {s.index}: " if len(numeric) > 1 else "") + _numeric_detail(s) for s in numeric
        )
        sentences.append(
            f"{_step_list(numeric)} {verb} checked numerically only, not proved ({details})."
        )
    if by[REFUTED]:
        verb = "was" if len(by[REFUTED]) == 1 else "were"
        sentences.append(f"{_step_list(by[REFUTED])} {verb} refuted.")
    if by[INCONCLUSIVE]:
        verb = "is" if len(by[INCONCLUSIVE]) == 1 else "are"
        sentences.append(
            f"{_step_list(by[INCONCLUSIVE])} {verb} inconclusive (neither proved nor refuted)."
        )
    proved = len(by[PROVED])
    if proved:
        sentences.append(
            f"The other {proved} step{'s' if proved != 1 else ''} "
            f"{'were' if proved != 1 else 'was'} proved symbolically."
        )
    else:
        sentences.append("No step was proved symbolically.")
    return " ".join(sentences)


def evidence_summary(step: StepRecord) -> str:
    r"""Plain-text one-liner of a step's evidence (strategy, samples, worst discrepancy).

    >>> from derive.records import Evidence, StepRecord
    >>> s = StepRecord(1, "=", "a", "a", "r", "j", "proved", Evidence("normal_form", 64, 0.0))
    >>> evidence_summary(s)
    'strategy normal_form; 64 samples; worst discrepancy 0'
    """
    ev = step.evidence
    parts = [f"strategy {ev.strategy}" if ev.strategy else "no symbolic strategy succeeded"]
    parts.append(f"{ev.samples} sample{'s' if ev.samples != 1 else ''}")
    if ev.max_discrepancy is not None:
        parts.append(f"worst discrepancy {format_number(ev.max_discrepancy)}")
    return "; ".join(parts)


def text_words(text: str, width: int) -> list[str]:
    r"""Prose with inline math broken into lines of about ``width`` characters, never inside
    ``$...$`` (math counts by its rendered width, not its source length).

    >>> text_words("Log of a quotient: $\\log\\frac{a}{b}=\\log a-\\log b$ for all", 24)
    ['Log of a quotient:', '$\\log\\frac{a}{b}=\\log a-\\log b$ for', 'all']
    """
    from derive.export._wrap import latex_width

    tokens: list[tuple[str, float]] = []
    for is_math, chunk in split_inline_math(text):
        if is_math:
            glued = bool(tokens) and not text_before_space(tokens)
            token = (f"${chunk}$", latex_width(chunk) * 1.2)
            tokens.append(token)
            if glued:
                tokens[-2:] = [(tokens[-2][0] + token[0], tokens[-2][1] + token[1])]
        else:
            for k, word in enumerate(re.split(r"(\s+)", chunk)):
                if not word:
                    continue
                if word.isspace():
                    tokens.append((" ", 0.0))
                elif k == 0 and tokens and tokens[-1][0] != " ":
                    tokens[-1] = (tokens[-1][0] + word, tokens[-1][1] + len(word))
                else:
                    tokens.append((word, float(len(word))))
    tokens = _keep_parentheses(tokens, width)
    lines: list[str] = []
    current, used = "", 0.0
    for word, w in tokens:
        if word == " ":
            if current:
                current += " "
                used += 1
            continue
        if current.strip() and used + w > width:
            lines.append(current.strip())
            current, used = "", 0.0
        current += word
        used += w
    if current.strip():
        lines.append(current.strip())
    return lines


def _keep_parentheses(tokens: list[tuple[str, float]], width: int) -> list[tuple[str, float]]:
    """Join the words of a parenthesis into one token when it fits a line, so no line break
    falls inside ``( ... )``."""
    out: list[tuple[str, float]] = []
    i = 0
    while i < len(tokens):
        word, w = tokens[i]
        depth = word.count("(") - word.count(")")
        j, total, text = i + 1, w, word
        while depth > 0 and j < len(tokens):
            text += tokens[j][0]
            total += tokens[j][1] + (1 if tokens[j][0] == " " else 0)
            depth += tokens[j][0].count("(") - tokens[j][0].count(")")
            j += 1
        if j > i + 1 and depth == 0 and total <= width:
            out.append((text, total))
            i = j
        else:
            out.append((word, w))
            i += 1
    return out


def text_before_space(tokens: list[tuple[str, float]]) -> bool:
    """Whether the last token is a space (so the next one starts a new word)."""
    return tokens[-1][0] == " "
