"""The layer contracts in ``pyproject.toml`` hold: the kernel imports no proposer or view."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_kept() -> None:
    """``lint-imports`` (import-linter) reports every contract kept."""
    script = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(script), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_kernel_module_imports_nothing_outside_trust() -> None:
    """A second, independent look: no kernel source file names a proposer or a view module."""
    banned = ("rules", "checker", "notation", "export", "cli", "textview", "latex",
              "derivation", "library")
    for path in (ROOT / "derive" / "kernel").glob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            if stripped.startswith(("from ..", "import derive", "from derive")):
                module = stripped.split()[1].lstrip(".").split(".")
                assert module[0] != "derive" or module[1] not in banned, (path, line)
                assert module[0] not in banned, (path, line)
