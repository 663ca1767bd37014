"""LaTeX in: read this field's notation into a neutral AST (no SymPy here).

>>> from derive.notation import parse_math, to_latex
>>> to_latex(parse_math(r"D_{KL}(P\\|Q)"))
'D_{\\\\mathrm{KL}}(P \\\\,\\\\|\\\\, Q)'
"""

from . import ast
from .ast import *  # noqa: F403
from .document_kinds import read_document
from .extract import Document, Step
from .parser import NotationError, parse_math
from .render import to_latex, to_tree

__all__ = [
    *ast.__all__,
    "Document",
    "NotationError",
    "Step",
    "parse_math",
    "read_document",
    "to_latex",
    "to_tree",
]
