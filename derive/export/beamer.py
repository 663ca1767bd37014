r"""Beamer: frames to paste into a deck (4:3 or 16:9), and a standalone deck.

Each frame holds as many steps as fit (estimated heights), repeats the expression its steps
start from, and reveals the steps one by one with overlays (``\uncover<k->``); a long step is
broken into rows or, when it cannot be broken, scaled to the frame.  Sizes are estimated for
the narrower 4:3 frame, so the same frames fit 16:9.

>>> from derive.records import DerivationRecord, Evidence, StepRecord
>>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
...                   Evidence("normal_form", 8, 0.0))
>>> frames = derivation_frames(DerivationRecord("d", "Doubling", "a + a = 2 a", (), "a + a",
...                                             (step,)))
>>> frames.count("\\begin{frame}"), "\\uncover<2->" in frames
(1, True)
"""

from __future__ import annotations

from derive.export._common import (
    latex_escape,
    latex_text,
    record_texts,
    trust_summary,
)
from derive.export._wrap import break_lines
from derive.export.latex import display_math, macro_definitions
from derive.export.proof_layout import (
    BEAMER,
    DEFAULT_OPTIONS,
    ExportOptions,
    mark_broken_pairs,
    proof_rows,
    step_reason,
)
from derive.records import DerivationRecord, StepRecord

__all__ = ["FRAME_ROWS", "derivation_beamer", "derivation_frames", "frame_groups"]

#: scale a box down (never up: a box scaled up would run past the right edge) to the room
#: a frame has under its title; ``\totalheight`` is the box's natural height plus depth
_SHRINK_TO_FRAME = ("\\resizebox*{!}{\\ifdim\\totalheight>0.6\\paperheight 0.6\\paperheight"
                    "\\else\\totalheight\\fi}")

#: the height of a frame's body, in rows of ``\small`` math (a row with a fraction counts 1.5)
FRAME_ROWS = 8.5


def _rows_height(tex: str) -> float:
    lines = break_lines(tex, BEAMER.math_units - 2)
    return sum(2.2 if ln.count("\\frac") > 2 else 1.5 if "\\frac" in ln or "\\sum" in ln
               else 1.0 for ln in lines)


def _step_height(step: StepRecord, opts: ExportOptions) -> float:
    h = _rows_height(step.after)
    if opts.justifications == "full":
        chars = len(step_reason(step))
        h += 0.75 * max(1, -(-chars // BEAMER.note_chars))
    elif opts.justifications == "short":
        h += 0.2
    return h


def frame_groups(rec: DerivationRecord,
                 opts: ExportOptions = DEFAULT_OPTIONS) -> list[tuple[StepRecord, ...]]:
    """The steps split into frames whose estimated height fits :data:`FRAME_ROWS`."""
    groups: list[tuple[StepRecord, ...]] = []
    current: list[StepRecord] = []
    used = _rows_height(rec.start)
    for step in rec.steps:
        h = _step_height(step, opts)
        if current and used + h > FRAME_ROWS:
            groups.append(tuple(current))
            current = []
            used = _rows_height(groups[-1][-1].after)
        current.append(step)
        used += h
    if current:
        groups.append(tuple(current))
    return groups


def derivation_frames(rec: DerivationRecord, opts: ExportOptions = DEFAULT_OPTIONS) -> str:
    r"""The derivation as ``frame`` environments to paste into a deck (amsmath; beamer's own
    graphicx for scaled steps).  Footnote and margin reasons become short notes beside the
    step: a frame has no room for either."""
    if opts.justifications in ("footnote", "margin"):
        opts = ExportOptions("short", opts.numbered, opts.katex_safe, opts.notation)
    title = latex_text(rec.title)
    groups = frame_groups(rec, opts)
    start = rec.start
    frames = []
    env = "align" if opts.numbered else "align*"
    for group in groups:
        first, last = group[0].index, group[-1].index
        span = f"step {first}" if first == last else f"steps {first}--{last}"
        rows, _ = proof_rows(rec, opts, BEAMER, group, start, overlays=True)
        body = "\n  ".join(r + " \\\\" for r in rows[:-1]) + ("\n  " if len(rows) > 1 else "")
        block = mark_broken_pairs(f"\\begin{{{env}}}\n  {body}{rows[-1]}\n\\end{{{env}}}\n")
        height = _rows_height(start) + sum(_step_height(s, opts) for s in group)
        if len(group) == 1 and height > FRAME_ROWS:  # a step taller than a frame: shrink it
            block = (f"{_SHRINK_TO_FRAME}{{\\begin{{minipage}}{{\\linewidth}}\n"
                     f"{block}\\end{{minipage}}}}\n")
        frames.append(
            f"\\begin{{frame}}[t]{{{title}}}{{{span}}}\n\\small\n{block}\\end{{frame}}\n")
        start = group[-1].after
    return "\n".join(frames)


def derivation_beamer(rec: DerivationRecord, opts: ExportOptions = DEFAULT_OPTIONS,
                      aspect: str = "169") -> str:
    r"""A standalone deck (``aspectratio`` 169 or 43): title, claim and trust, then the
    frames of :func:`derivation_frames`.

    >>> from derive.records import DerivationRecord
    >>> "\\begin{frame}" in derivation_beamer(DerivationRecord("n", "T", "a", (), "a", ()))
    True
    """
    title = latex_text(rec.title)
    parts = [
        f"\\documentclass[11pt,aspectratio={aspect}]{{beamer}}\n",
        "\\usepackage{amsmath}\n",
        macro_definitions(record_texts(rec)),
        "\\setbeamertemplate{navigation symbols}{}\n",
        f"\\title{{{title}}}\n\\subtitle{{Checked with \\texttt{{derive}}}}\n\\date{{}}\n",
        "\\begin{document}\n\n",
        "\\begin{frame}[t]\n\\titlepage\n\\end{frame}\n\n",
        f"\\begin{{frame}}[t]{{{title}}}{{Claim}}\n\\small\n",
        # a long claim is broken into rows; rows taller than the frame are shrunk to it
        f"{_SHRINK_TO_FRAME}{{\\begin{{minipage}}{{\\linewidth}}\n"
        f"{display_math(rec.conclusion, BEAMER.math_units)}\\end{{minipage}}}}\\par\n",
        f"\\medskip\n{{\\footnotesize {latex_escape(trust_summary(rec))}\\par}}\n"
        "\\end{frame}\n\n",
    ]
    if rec.steps:
        parts.append(derivation_frames(rec, opts) + "\n")
    parts.append("\\end{document}\n")
    return "".join(parts)
