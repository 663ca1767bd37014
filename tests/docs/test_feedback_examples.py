"""The grade a student sees, as the docs show it, is the tool's real output: every
``$ derive check --assignment ...`` command in a console block of the README, the user guide and
the autograder template's README is run and its output compared with the lines under it (a
line ``...`` stands for any lines), and the ``output`` of results.json shown in the template's
README is what ``run_autograder`` writes for that submission."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "docs" / "autograder"
#: each document, and the directory its commands are run from
DOCS = {"README.md": ROOT, "docs/guide.md": ROOT, "docs/autograder/README.md": TEMPLATE}
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def _examples(doc: str) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` for each graded ``derive check`` with output."""
    out = []
    for lang, body in _BLOCK.findall((ROOT / doc).read_text(encoding="utf-8")):
        if lang != "console":
            continue
        command, lines = None, []
        for line in body.splitlines() + ["$ "]:
            if line.startswith("$ "):
                if command and lines and command.startswith("derive check --assignment"):
                    out.append((command, lines))
                command, lines = line[2:].strip(), []
            else:
                lines.append(line)
    return out


def _matches(expected: list[str], actual: str) -> bool:
    """Does ``actual`` read as ``expected``, where a line ``...`` (any indentation) is any
    number of lines?"""
    pattern = "".join(r"(?:[^\n]*\n)*?" if ln.strip() == "..." else re.escape(ln) + r"\n"
                      for ln in expected)
    return re.fullmatch(pattern, actual if actual.endswith("\n") else actual + "\n") is not None


def test_the_elision_matcher() -> None:
    assert _matches(["a", "  ...", "d"], "a\nb\nc\nd\n") and _matches(["a", "..."], "a\n")
    assert not _matches(["a", "d"], "a\nb\nd\n") and not _matches(["a", "...", "e"], "a\nd\n")


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_every_graded_example_in_the_docs_is_the_tools_output(doc: str) -> None:
    examples = _examples(doc)
    assert examples, f"{doc} shows no graded example"
    for command, expected in examples:
        args = shlex.split(command.split("  #")[0])[1:]
        proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                               *args], capture_output=True, text=True, cwd=DOCS[doc])
        assert proc.returncode in (0, 1), proc.stderr
        assert _matches(expected, proc.stdout), (
            f"{doc}: `{command}` now prints:\n{proc.stdout}")
        assert re.search(r"^  score [\d.]+ of [\d.]+: ", proc.stdout, re.M)


def test_the_results_json_output_shown_is_what_run_autograder_writes(tmp_path: Path) -> None:
    text = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- results\.json output: submissions/(\S+) -->\n```text\n(.*?)```", text,
                  re.S)
    assert m, "the template README shows no results.json output"
    name, shown = m.group(1), m.group(2)
    root = tmp_path / "autograder"
    shutil.copytree(TEMPLATE, root / "source", ignore=shutil.ignore_patterns("submissions"))
    (root / "submission").mkdir()
    shutil.copy(TEMPLATE / "submissions" / name, root / "submission" / name)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root),
           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    if shutil.which("derive", path=env["PATH"]) is None:
        pytest.skip("the derive command is not installed next to this python")
    proc = subprocess.run(["bash", str(TEMPLATE / "run_autograder")], capture_output=True,
                          text=True, env=env, cwd=root)
    assert proc.returncode == 0, proc.stderr
    output = json.loads((root / "results" / "results.json").read_text())["output"]
    assert output.rstrip("\n") == shown.rstrip("\n"), f"run_autograder now writes:\n{output}"
    assert output.startswith("Score 4 of 10.")


def test_the_snippet_the_guide_shows_is_the_export() -> None:
    text = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    m = re.search(r"`derive export kl_cross_entropy --format snippet` gives exactly this block"
                  r".*?```text\n(.*?)```", text, re.S)
    assert m, "the guide shows no snippet"
    proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", "export",
                           "kl_cross_entropy", "--format", "snippet"], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert m.group(1).strip() == proc.stdout.strip()
