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


# ----------------------------------------------------------------- a fresh install of the wheel
@pytest.fixture(scope="module")
def fresh_derive(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ``derive`` script of the built wheel installed alone in a new virtualenv.

    Only the wheel's declared dependencies are installed (from the package index), so an
    undeclared import (``click``, which current typer no longer installs) fails here.
    """
    root = tmp_path_factory.mktemp("fresh")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(root / "dist"), str(REPO)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.fail(f"building the wheel failed: {built.stderr[-2000:]}")
    (wheel,) = (root / "dist").glob("derive-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
                               capture_output=True, text=True)
    if installed.returncode != 0:
        if "Could not find a version" in installed.stderr or "Network" in installed.stderr:
            pytest.skip(f"the package index is not reachable: {installed.stderr[-300:]}")
        pytest.fail(f"installing the wheel failed: {installed.stderr[-2000:]}")
    return str(venv / "bin" / "derive")


def _run_fresh(script: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([script, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.slow
def test_fresh_install_reports_usage_errors_in_one_line(fresh_derive: str,
                                                        tmp_path: Path) -> None:
    line = _one_line_error(_run_fresh(fresh_derive, tmp_path, "--no-such-option"), 2)
    assert "--no-such-option" in line
    line = _one_line_error(_run_fresh(fresh_derive, tmp_path, "check"), 2)
    assert "derive check" in line and "files" in line.lower()
    line = _one_line_error(_run_fresh(fresh_derive, tmp_path, "check", "--jobs", "abc", "x.tex"),
                           2)
    assert "--jobs" in line


@pytest.mark.slow
def test_fresh_install_locates_a_bad_file_in_one_line(fresh_derive: str, tmp_path: Path) -> None:
    (tmp_path / "unbalanced.tex").write_text("Intro.\n\\[ a = {b + c \\]\n", encoding="utf-8")
    line = _one_line_error(_run_fresh(fresh_derive, tmp_path, "check", "unbalanced.tex"), 2)
    assert line.startswith("unbalanced.tex:2:"), line
    (tmp_path / "latin1.tex").write_bytes("\\[ \xe9 = a \\]\n".encode("latin-1"))
    line = _one_line_error(_run_fresh(fresh_derive, tmp_path, "check", "latin1.tex"), 2)
    assert line.startswith("latin1.tex:1:") and "UTF-8" in line, line


@pytest.mark.slow
def test_fresh_install_reads_a_leading_minus_as_an_expression(fresh_derive: str,
                                                              tmp_path: Path) -> None:
    proc = _run_fresh(fresh_derive, tmp_path, "equiv", r"-\log\sigma(z)", r"\log(1+e^{-z})",
                      "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["equivalent"] is True
    proc = _run_fresh(fresh_derive, tmp_path, "eval", r"-\log 2", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    assert float(proc.stdout.split()[0]) == -0.6931471805599453
