"""Every example on the notation reference page parses and translates."""

from __future__ import annotations

import pytest

from derive.checker.translate import Translator
from derive.notation import ast as A
from derive.notation import parse_math
from derive.notation.reference import EXAMPLES


@pytest.mark.parametrize("section,latex,reading", EXAMPLES, ids=[e[1][:40] for e in EXAMPLES])
def test_reference_example_is_read(section: str, latex: str, reading: str) -> None:
    node = parse_math(latex)
    tr = Translator()
    if isinstance(node, A.Definition):
        tr.define(node)
    else:
        tr.expr(node)
