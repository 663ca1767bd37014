"""The installed package (not the source tree): the console script finds every proof.

CI installs with a plain, non-editable ``pip install '.[test]'``; this runs the installed
``derive`` from a directory outside the repository, so nothing is imported from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _installed_script() -> str | None:
    candidate = Path(sys.executable).parent / "derive"
    return str(candidate) if candidate.exists() else shutil.which("derive")


def test_installed_derive_lists_and_verifies_from_outside_the_repo(tmp_path: Path) -> None:
    script = _installed_script()
    if script is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the derive console script is not installed")
        pytest.skip("derive is not installed in this environment")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    listed = subprocess.run([script, "list", "--format", "json"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    names = {d["name"] for d in json.loads(listed.stdout)["derivations"]}
    in_repo = {p.stem for p in (REPO / "proofs").glob("*.py") if not p.stem.startswith("_")}
    assert names == in_repo
    verified = subprocess.run([script, "verify", "kl_cross_entropy", "--format", "json"],
                              cwd=tmp_path, env=env, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr
    steps = json.loads(verified.stdout)["derivations"][0]["steps"]
    assert len(steps) >= 3 and all(s["verdict"] == "proved" for s in steps)
