"""Sections of a document: where a hypothesis stops holding, where names are new again.

A hypothesis stated in a section ("If $Y = X$, ...") holds to the end of that section, not of
the document; a constant named by a property under a new heading is a new constant.
"""

from __future__ import annotations

import re

__all__ = ["SECTION", "section_end"]

#: a heading: Markdown ``#``, LaTeX ``\\section``..., a theorem or proof environment
SECTION = re.compile(r"^#+ |\\(?:sub)*section\*?\s*\{|\\begin\s*\{(?:theorem|lemma|proof|claim"
                      r"|proposition|corollary)\}", re.M)

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$|\\(sub){0,2}section\*?\s*\{([^{}]*)\}", re.M)


def section_end(text: str, line: int) -> int | None:
    """The last line of the section that ``line`` is in: the line before the next heading of
    the same level or above (a heading named "Proof" does not end it); ``None`` when the
    section runs to the end, or ``line`` is before any heading.

    >>> section_end("# A\\nif Y = X\\n## B\\n# C\\nend", 2), section_end("x\\n# A", 1)
    (3, None)
    """
    level, found = None, None
    for m in _HEADING.finditer(text):
        at = text.count("\n", 0, m.start()) + 1
        depth = len(m.group(1)) if m.group(1) else 1 + len(m.group(3) or "") // 3
        title = m.group(2) if m.group(1) else m.group(4)
        if at <= line:
            level = depth
        elif level is not None and depth <= level and not re.match(r"\W*proof", title, re.I):
            found = at - 1
            break
    return found
