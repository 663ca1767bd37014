"""The snippet of the library's own kl_cross_entropy, exactly (reviewed once, then locked)."""

from __future__ import annotations

from pathlib import Path

from derive.export import export_derivation
from derive.library import get

GOLDEN = Path(__file__).parent / "golden" / "kl_cross_entropy_library_snippet.tex"


def test_kl_cross_entropy_snippet_matches_golden() -> None:
    snippet = export_derivation(get("kl_cross_entropy").record(), "snippet")
    assert snippet.rstrip("\n") == GOLDEN.read_text().rstrip("\n")
