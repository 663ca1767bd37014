r"""The terminal view: derivation records rendered as readable text.

Expressions are stored as LaTeX; for the terminal they are shown with Unicode symbols
(``\sum_{x}`` → ``Σ_x``, ``\frac{a}{b}`` → ``a/b``, ``\pi_{\mathrm{ref}}`` → ``π_ref``).
This is a display conversion only: nothing is ever parsed back from it.

>>> latex_to_text(r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{x} P(x) \log \frac{P(x)}{Q(x)}")
'D_KL(P ‖ Q) = Σ_x P(x) log P(x)/Q(x)'
>>> latex_to_text(r"\mathbb{E}_{y \sim \pi(\cdot \mid x)}\left[\frac{r}{\beta} - \log\pi\right]")
'𝔼_{y ∼ π(· | x)}[r/β - log π]'
>>> latex_to_text(r"e^{r(x,y)/\beta}, \quad \pi \ll \pi_{\mathrm{ref}}, \frac{a + b}{2}")
'e^{r(x,y)/β}, π ≪ π_ref, (a + b)/2'
>>> latex_to_text(r"\arg\max_{\pi} \log\frac{\pi}{\pi_{\mathrm{ref}}e^{r/\beta}}")
'arg max_π log π/(π_ref e^{r/β})'
>>> latex_to_text(r"\hat{\beta} = \bar{z} + \tilde{P}(x)") == "β\u0302 = z\u0304 + P\u0303(x)"
True
"""

from __future__ import annotations

import re

from .records import RELATION_TEXT, DerivationRecord, StepRecord

__all__ = ["latex_to_text", "render_derivation", "trust_line", "STATUS_MARK"]

STATUS_MARK = {"proved": "✓", "numeric_only": "≈", "refuted": "✗", "inconclusive": "?"}

_SYMBOLS = {
    r"\mathbb{E}": "𝔼", r"\sum": "Σ", r"\prod": "Π", r"\pi": "π", r"\beta": "β",
    r"\theta": "θ", r"\sigma": "σ", r"\epsilon": "ε", r"\varepsilon": "ε", r"\rho": "ρ",
    r"\phi": "φ", r"\mid": "|", r"\sim": "∼", r"\cdot": "·", r"\le": "≤", r"\ge": "≥",
    r"\propto": "∝", r"\approx": "≈", r"\|": "‖", r"\log": "log", r"\exp": "exp",
    r"\infty": "∞", r"\succ": "≻", r"\times": "×", r"\arg\min": "arg min",
    r"\arg\max": "arg max", r"\operatorname{clip}": "clip", r"\xi": "ξ", r"\mathcal{X}": "𝒳",
    r"\mathcal{Y}": "𝒴", r"\mathcal{L}": "ℒ", r"\lambda": "λ", r"\ell": "ℓ",
    r"\ll": "≪", r"\leq": "≤", r"\geq": "≥", r"\neq": "≠", r"\to": "→", r"\in": "∈",
    r"\partial": "∂", r"\nabla": "∇", r"\quad": " ", r"\qquad": " ", r"\mu": "μ",
    r"\gamma": "γ", r"\delta": "δ", r"\alpha": "α", r"\star": "*", r"\parallel": "‖",
}
#: accents as combining marks over the letter they decorate
_ACCENTS = {"widehat": "\u0302", "widetilde": "\u0303", "hat": "\u0302", "tilde": "\u0303",
            "bar": "\u0304", "overline": "\u0305", "dot": "\u0307", "ddot": "\u0308",
            "check": "\u030c", "breve": "\u0306", "vec": "\u20d7", "underline": "\u0332"}
#: word-like commands, written with a space before what follows them
_WORDS = frozenset({"log", "exp", "arg min", "arg max"})


def _group(s: str, i: int) -> tuple[str, int]:
    """The brace group starting at ``s[i] == '{'`` and the index after it."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return s[i + 1:], len(s)


def _simple(s: str) -> bool:
    """A single token: no space or operator outside brackets (so it needs no parentheses)."""
    depth = 0
    for ch in s.strip():
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif depth == 0 and ch in " +-/":
            return False
    return True


def _paren(s: str) -> str:
    return s if _simple(s) else f"({s})"


def _fracs(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        if s.startswith(r"\frac{", i):
            num, j = _group(s, i + 5)
            den, k = _group(s, j) if j < len(s) and s[j] == "{" else ("", j)
            out.append(f"{_paren(_fracs(num).strip())}/{_paren(_fracs(den).strip())}")
            i = k
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _script(m: re.Match[str]) -> str:
    """``_{ref}`` → ``_ref`` (and a space if a letter follows); ``_{y ∼ π}`` keeps its braces."""
    body = re.sub(r"\s+", " ", m.group(2).strip())
    if not _simple(body):
        return m.group(1) + "{" + body + "}" + m.group(3)
    return m.group(1) + body + (" " if m.group(3).isalnum() else "") + m.group(3)


def latex_to_text(tex: str) -> str:
    """A Unicode rendering of ``tex`` for terminals."""
    s = tex.replace(r"\left", "").replace(r"\right", "")
    for k in sorted(_SYMBOLS, key=len, reverse=True):
        value = _SYMBOLS[k] + (" " if _SYMBOLS[k] in _WORDS else "")
        tail = r"(?![A-Za-z])" if k[-1].isalpha() else ""
        s = re.sub(re.escape(k) + tail, lambda _m, v=value: v, s)
    # an accent over one letter: the letter with a combining mark (\hat{\beta} → β̂)
    s = re.sub(r"\\(" + "|".join(_ACCENTS) + r")\s*\{\s*([^{}\s])\s*\}",
               lambda m: m.group(2) + _ACCENTS[m.group(1)], s)
    # after the symbols, so that \mathrm{a}\cdot\mathrm{b} does not glue into \cdotb
    s = re.sub(r"\\(?:mathrm|text|operatorname)\{([^{}]*)\}", r"\1", s)
    s = s.replace(r"\,", " ").replace(r"\;", " ").replace(r"\!", "")
    for _ in range(3):  # innermost groups first
        s = re.sub(r"([_^])\{([^{}]*)\}(.?)", _script, s)
    s = re.sub(r"\\frac\s*(\d)\s*(\d)", r"\1/\2", s)
    s = _fracs(s)
    s = re.sub(r"(?<![\\_^])\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"(arg (?:min|max)) (?=_)", r"\1", s)
    s = re.sub(r"\\([A-Za-z]+)", r"\1", s)  # any macro left: its name, never a raw macro
    s = re.sub(r"\\(.)", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def _evidence(step: StepRecord) -> str:
    ev = step.evidence
    parts = []
    if ev.strategy:
        parts.append(f"symbolic: {ev.strategy}")
    if ev.samples:
        worst = f", worst |Δ| {ev.max_discrepancy:.1e}" if ev.max_discrepancy else ""
        parts.append(f"numeric: {ev.samples} samples{worst}")
    if ev.counterexample:
        ce = ev.counterexample
        values = "; ".join(f"{latex_to_text(k)} = {v}" for k, v in ce.assignment.items())
        parts.append(f"counterexample: {values} → left {ce.lhs}, right {ce.rhs}"
                     + (f" ({ce.detail})" if ce.detail else ""))
    parts.extend(ev.notes)
    return "; ".join(parts)


def trust_line(records: list[DerivationRecord]) -> str:
    """One line: how many steps were proved, and which are numeric only."""
    steps = [(r.name, s) for r in records for s in r.steps]
    proved = sum(1 for _, s in steps if s.verdict == "proved")
    numeric = [f"{n} step {s.index} ({s.evidence.samples} samples)"
               for n, s in steps if s.verdict == "numeric_only"]
    bad = [f"{n} step {s.index} ({s.verdict})" for n, s in steps
           if s.verdict in ("refuted", "inconclusive")]
    line = f"Trust: {proved}/{len(steps)} steps proved symbolically"
    line += "; numeric-only steps: " + (", ".join(numeric) if numeric else "none")
    if bad:
        line += "; NOT verified: " + ", ".join(bad)
    return line


def render_derivation(rec: DerivationRecord) -> str:
    """The derivation as the paper would write it, one step per line with reason and check."""
    lines = [f"{rec.name} — {rec.title}", f"  conclusion: {latex_to_text(rec.conclusion)}"]
    for a in rec.assumptions:
        lines.append(f"  assume: {latex_to_text(a.replace('$', ''))}")
    lines.append("")
    lines.append(f"      {latex_to_text(rec.start)}")
    for s in rec.steps:
        rel = RELATION_TEXT[s.relation]
        lines.append(f"  {STATUS_MARK[s.verdict]} {rel:>2} {latex_to_text(s.after)}")
        lines.append(f"         because {latex_to_text(s.justification.replace('$', ''))}"
                     f" [{s.rule}]")
        lines.append(f"         {s.verdict}: {_evidence(s)}")
    lines.append(f"  verdict: {rec.verdict}")
    return "\n".join(lines)
