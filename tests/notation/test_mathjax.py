"""MathJax 2 script math in HTML-ish Markdown (derive/notation/mathjax.py)."""

from __future__ import annotations

import doctest

from derive.checker import check_text
from derive.notation import mathjax


def test_doctests() -> None:
    assert doctest.testmod(mathjax).failed == 0


def test_script_math_is_read_at_its_position() -> None:
    text = ("Softmax is invariant:\n\n<script type=\"math/tex; mode=display\"> \\begin{aligned}\n"
            "\\sigma(-z) &= 1 - \\sigma(z) \\\\\n&= 1 + \\sigma(z)\n\\end{aligned} </script>\n")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(4, "proved"), (5, "refuted")]


def test_inline_script_math_and_code_blocks() -> None:
    text = ("We have <script type=\"math/tex\">\\sigma(-z) = 1 - \\sigma(z)</script>.\n"
            "<pre class=\"prettyprint\">\nx = 1 = 2\n</pre>\n")
    out = mathjax.script_math_as_tex(text)
    assert len(out) == len(text) and "x = 1" not in out
    assert [s.verdict for s in check_text(text, "md").steps] == ["proved"]
