r"""Renderings of derivation and check records: LaTeX, beamer, Markdown, HTML, PDF, notebook.

Every format renders the same :mod:`derive.records`, so they cannot disagree about what was
checked.  The CLI picks a format by name::

    >>> from derive.records import DerivationRecord, Evidence, StepRecord
    >>> step = StepRecord(1, "=", "a + a", "2 a", "collect", "Collect terms.", "proved",
    ...                   Evidence("normal_form", 8, 0.0))
    >>> rec = DerivationRecord("double", "Doubling", "a + a = 2 a", (), "a + a", (step,))
    >>> FORMATS
    ('latex', 'snippet', 'beamer', 'frames', 'markdown', 'html')
    >>> export_derivation(rec, "snippet").splitlines()[2:4]
    ['\\begingroup\\allowdisplaybreaks', '\\begin{align*}']

PDF goes through :func:`derive.export.pdf.derivation_pdf` (it needs TeX and a path); writing
files goes through :func:`write_output`, which never overwrites without ``force``.
"""

from __future__ import annotations

from collections.abc import Callable

from derive.export.beamer import derivation_beamer, derivation_frames
from derive.export.html import check_report_html, derivation_html
from derive.export.latex import (
    check_report_latex,
    derivation_document,
    derivation_snippet,
)
from derive.export.markdown import check_report_markdown, derivation_markdown
from derive.export.notebook import latex_repr, mimebundle
from derive.export.output import write_output
from derive.export.proof_layout import MODES, ExportOptions
from derive.records import CheckReport, DerivationRecord

_DERIVATION: dict[str, Callable[[DerivationRecord, ExportOptions], str]] = {
    "latex": derivation_document,
    "snippet": derivation_snippet,
    "beamer": derivation_beamer,
    "frames": derivation_frames,
    "markdown": derivation_markdown,
    "html": derivation_html,
}
_REPORT: dict[str, Callable[[CheckReport], str]] = {
    "html": check_report_html,
    "latex": check_report_latex,
    "markdown": check_report_markdown,
}

#: text formats of :func:`export_derivation` (``pdf`` is separate: see :mod:`derive.export.pdf`)
FORMATS: tuple[str, ...] = tuple(_DERIVATION)
#: formats of :func:`export_check_report`
REPORT_FORMATS: tuple[str, ...] = tuple(_REPORT)
#: conventional file suffix per format
SUFFIX: dict[str, str] = {
    "latex": ".tex",
    "snippet": ".tex",
    "beamer": ".tex",
    "frames": ".tex",
    "markdown": ".md",
    "html": ".html",
    "pdf": ".pdf",
}


def export_derivation(rec: DerivationRecord, fmt: str,
                      options: ExportOptions | None = None) -> str | bytes:
    """Render ``rec`` in ``fmt`` (one of :data:`FORMATS`) with ``options`` (justifications,
    numbering, KaTeX-safe, notation map); ``ValueError`` otherwise."""
    try:
        render = _DERIVATION[fmt]
    except KeyError:
        hint = " (use derive.export.pdf.derivation_pdf for PDF)" if fmt == "pdf" else ""
        raise ValueError(
            f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}{hint}"
        ) from None
    return render(rec, options or ExportOptions())


def export_check_report(report: CheckReport, fmt: str) -> str:
    """Render a check report in ``fmt`` (one of :data:`REPORT_FORMATS`)."""
    try:
        render = _REPORT[fmt]
    except KeyError:
        raise ValueError(
            f"unknown format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}"
        ) from None
    return render(report)


__all__ = [
    "MODES",
    "ExportOptions",
    "derivation_frames",
    "FORMATS",
    "REPORT_FORMATS",
    "SUFFIX",
    "check_report_html",
    "check_report_latex",
    "check_report_markdown",
    "derivation_beamer",
    "derivation_document",
    "derivation_html",
    "derivation_markdown",
    "derivation_snippet",
    "export_check_report",
    "export_derivation",
    "latex_repr",
    "mimebundle",
    "write_output",
]
