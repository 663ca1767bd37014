"""HTML-ish Markdown as blogs wrote it for MathJax 2: ``<script type="math/tex">`` math.

MathJax 2 pages (Jekyll blogs, exported notebooks) keep their math in script elements:
``<script type="math/tex; mode=display">...</script>`` is a display and
``<script type="math/tex">...</script>`` inline math.  :func:`script_math_as_tex` rewrites the
tags into ``\\[``/``\\]`` and ``\\(``/``\\)`` padded with spaces to the same length, so every
position in the document is unchanged and the Markdown reader reads them as any other math.
``<pre>`` and ``<code>`` elements are code, neither math nor prose: they are blanked.

>>> text = ('<script type="math/tex; mode=display">a = b</script> and '
...         '<script type="math/tex">c</script>')
>>> out = script_math_as_tex(text)
>>> len(out) == len(text), out.split()
(True, ['\\\\[', 'a', '=', 'b\\\\]', 'and', '\\\\(', 'c\\\\)'])
"""

from __future__ import annotations

import re

__all__ = ["script_math_as_tex"]

_SCRIPT = re.compile(
    r"<script\s+type\s*=\s*[\"']math/tex(?P<display>\s*;\s*mode\s*=\s*display)?[\"']\s*>"
    r"(?P<body>.*?)</script\s*>", re.S | re.I)
_CODE = re.compile(r"<(pre|code)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def _pad(token: str, width: int) -> str:
    return token + " " * (width - len(token))


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def script_math_as_tex(text: str) -> str:
    """``text`` with MathJax 2 script elements as TeX delimiters and HTML code blanked (the
    same length, newlines kept)."""
    if "<" not in text:
        return text
    text = _CODE.sub(lambda m: _blank(m.group(0)), text)

    def tex(m: re.Match) -> str:
        opening, closing = (r"\[", r"\]") if m.group("display") else (r"\(", r"\)")
        head = m.group(0)[:m.start("body") - m.start()]
        tail = m.group(0)[m.end("body") - m.start():]
        return _pad(opening, len(head)) + m.group("body") + _pad(closing, len(tail))

    return _SCRIPT.sub(tex, text)
