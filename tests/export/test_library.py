"""Render the real library derivations (skipped until ``derive.library`` is importable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_latex import OVERFULL_TOLERANCE_PT, compile_tex, overfull, run_chktex

from derive.export import FORMATS, export_derivation
from derive.export.beamer import derivation_beamer
from derive.export.latex import derivation_document


def _records() -> list:
    try:
        from derive.library import all_derivations

        return [d.record() for d in all_derivations()]
    except ImportError:
        return []


RECORDS = {rec.name: rec for rec in _records()}

#: derivations with a single fraction wider than the page: no line break can fix that (the
#: expression printer would have to simplify it first); overfull boxes are tolerated for these.
KNOWN_TOO_WIDE: set[str] = set()


@pytest.mark.skipif(not RECORDS, reason="derive.library not available")
@pytest.mark.parametrize("name", sorted(RECORDS) or ["none"])
def test_library_derivation_exports(name: str, tmp_path: Path) -> None:
    rec = RECORDS[name]
    for fmt in FORMATS:
        assert export_derivation(rec, fmt)
    for kind, source in (("doc", derivation_document(rec)), ("beamer", derivation_beamer(rec))):
        log = compile_tex(source, tmp_path, name=kind)
        if name not in KNOWN_TOO_WIDE:
            assert not [w for w in overfull(log) if w > OVERFULL_TOLERANCE_PT], (name, kind)
        assert run_chktex(source, tmp_path, name=kind) == "", (name, kind)
