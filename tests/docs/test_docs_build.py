"""The docs site builds offline from the README's command, from verified output."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.slow
def test_docs_build_offline_with_generated_pages(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build", "derivations",
                                                               "rules.md", "notation.md"))
    gen = subprocess.run([sys.executable, str(DOCS / "generate.py"), "--docs", str(docs)],
                         capture_output=True, text=True)
    assert gen.returncode == 0, gen.stderr
    build = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
                            "-q", str(docs), str(tmp_path / "html")],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "html" / "derivations" / "optimal_policy.html").read_text()
    assert "katex" in page.lower()
    assert "Gibbs" in page or "gibbs" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    for name in ("notation.html", "rules.html", "guide.html", "architecture.html"):
        assert (tmp_path / "html" / name).exists()
    assert "drop_constant_in_argopt" in (tmp_path / "html" / "rules.html").read_text()
