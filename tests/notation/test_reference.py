"""Every example on the notation reference page parses and translates."""

from __future__ import annotations

import pytest

from derive.checker.translate import TranslationError, Translator
from derive.notation import ast as A
from derive.notation import parse_math, read_document
from derive.notation.parser import NotationError
from derive.notation.reference import DOCUMENTS, EXAMPLES, UNSUPPORTED


@pytest.mark.parametrize("section,latex,reading", EXAMPLES, ids=[e[1][:40] for e in EXAMPLES])
def test_reference_example_is_read(section: str, latex: str, reading: str) -> None:
    node = parse_math(latex)
    tr = Translator()
    if isinstance(node, A.Definition):
        tr.define(node)
    else:
        tr.expr(node)


@pytest.mark.parametrize("section,latex,why", UNSUPPORTED, ids=[e[1][:40] for e in UNSUPPORTED])
def test_unsupported_example_is_refused(section: str, latex: str, why: str) -> None:
    """Every construction the page lists as unsupported is refused with a position, never
    given a guessed meaning."""
    with pytest.raises((NotationError, TranslationError)) as err:
        node = parse_math(latex, line=3, column=2)
        Translator().expr(node)
    assert err.value.line == 3 and err.value.column >= 2


@pytest.mark.parametrize("shape,kind,text,n_steps", DOCUMENTS, ids=[d[0][:40] for d in DOCUMENTS])
def test_document_example_is_read(shape: str, kind: str, text: str, n_steps: int) -> None:
    doc = read_document(text, kind)
    assert doc.errors == []
    assert len(doc.steps) == n_steps


def test_generated_page_lists_everything(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    gen = Path(__file__).resolve().parents[2] / "docs" / "generate.py"
    spec = importlib.util.spec_from_file_location("docs_generate", gen)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    module.write_notation(tmp_path)
    page = (tmp_path / "notation.md").read_text(encoding="utf-8")
    for _, latex, _ in EXAMPLES + UNSUPPORTED:
        assert f"`{latex}`" in page
    for shape, *_ in DOCUMENTS:
        assert shape in page
    assert "## Not read" in page
