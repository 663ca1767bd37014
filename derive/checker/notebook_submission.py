"""``.ipynb`` submissions: the Markdown cells, read as one Markdown document.

Code and output cells are not the student's derivation and are left out.  Lines in the
feedback count the Markdown cells joined in order, one blank line between cells.

>>> import json
>>> nb = {"cells": [{"cell_type": "markdown", "source": ["# HW\\n", "$$a = a$$"]},
...                 {"cell_type": "code", "source": "print(1)"},
...                 {"cell_type": "markdown", "source": "$$b = b$$"}], "nbformat": 4}
>>> print(notebook_markdown(json.dumps(nb)))
# HW
$$a = a$$
<BLANKLINE>
$$b = b$$
"""

from __future__ import annotations

import json

__all__ = ["NotANotebook", "notebook_markdown"]


class NotANotebook(ValueError):
    """The file is not a Jupyter notebook (JSON with a list of cells)."""


def notebook_markdown(raw: str) -> str:
    """The Markdown cells of notebook JSON ``raw``, joined with a blank line."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise NotANotebook(f"not a Jupyter notebook: {exc.msg} at line {exc.lineno}") from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        raise NotANotebook("not a Jupyter notebook: no list of cells")
    parts = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        parts.append(text.rstrip("\n"))
    return "\n\n".join(parts)
