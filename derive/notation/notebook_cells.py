"""The Markdown cells of a Jupyter notebook, placed on the lines of the ``.ipynb`` file."""

from __future__ import annotations

import json

__all__ = ["notebook_markdown"]


def notebook_markdown(text: str) -> str:
    """The Markdown cells of a Jupyter notebook, each source line placed on the line of the
    ``.ipynb`` file where it is stored (so positions point into the notebook file); other lines
    are blank.  A notebook whose sources are not one JSON string per line falls back to the
    cells one after the other.

    >>> nb = '{"cells": [\\n {"cell_type": "markdown",\\n  "source": [\\n   "$$a = a$$"\\n  ]}]}'
    >>> notebook_markdown(nb).splitlines()[3].strip()
    '$$a = a$$'
    """
    data = json.loads(text)
    cells = data.get("cells", []) if isinstance(data, dict) else []
    lines = text.split("\n")
    out = [""] * len(lines)
    row, placed, fallback = 0, True, []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", [])
        parts = source if isinstance(source, list) else source.splitlines(keepends=True)
        fallback.append("".join(parts))
        for part in parts:
            encoded = json.dumps(part, ensure_ascii=False)[1:-1]
            at = next((i for i in range(row, len(lines)) if encoded and encoded in lines[i]),
                      None)
            if at is None and part.strip():
                placed = False
                continue
            if at is not None:
                col = lines[at].index(encoded)
                out[at] = " " * col + part.rstrip("\n")
                row = at + 1
    if placed:
        return "\n".join(out)
    return "\n\n".join(fallback)
