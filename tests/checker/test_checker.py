"""The student checker: shared examples, the diagnosis corpus, and the CLI."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import derive
from derive.checker import CODES, check_file

warnings.filterwarnings("ignore", category=RuntimeWarning)

_SHARED = Path(__file__).resolve().parents[3] / "shared" / "examples"
EXAMPLES = _SHARED if _SHARED.exists() else Path("/work/shared/examples")
EXPECTED = json.loads((EXAMPLES / "expected.json").read_text()) if EXAMPLES.exists() else {}
CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_example(name: str) -> None:
    report = check_file(EXAMPLES / name)
    want = EXPECTED[name]
    assert report.verdict == want["verdict"]
    if "first_error_line" in want:
        assert report.first_error.line == want["first_error_line"]


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_corpus(path: Path) -> None:
    head = path.read_text().splitlines()[0]
    report = check_file(path)
    m = re.match(r"% expect: (\w+)(?: line=(\d+) code=(\w+))?", head)
    assert m, head
    assert report.verdict == m.group(1), report.to_json()
    if m.group(1) == "incorrect":
        first = report.first_error
        assert first.line == int(m.group(2))
        assert first.diagnosis.code == m.group(3)
        assert first.counterexample is not None


def test_corpus_covers_every_code() -> None:
    names = [p.name for p in CORPUS.iterdir()]
    for code in CODES:
        if code != "unknown":
            assert any(n.startswith(f"wrong_{code}_") for n in names), code
    assert len(names) >= 40


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "ignore", "-c",
                           "from derive.cli import main; main()", *args],
                          capture_output=True, text=True, cwd=ROOT, input=stdin,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_eval_kl() -> None:
    out = _cli("eval", r"D_{KL}(P\|Q)", "--set", "P=[0.9,0.1]", "--set", "Q=[0.5,0.5]")
    assert out.returncode == 0
    exact = 0.9 * math.log(0.9 / 0.5) + 0.1 * math.log(0.1 / 0.5)
    value = json.loads(out.stdout)["value"]
    assert abs(value - exact) <= 4e-16 and value != round(value, 6)  # full double precision


def test_malformed_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tex"
    bad.write_text("$$ a = \\frac{1}{ $$\n")
    out = _cli("check", str(bad))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(r":\d+:\d+:", lines[0])


def test_parse_cli() -> None:
    out = _cli("parse", r"D_{KL}(\pi_\theta\|\pi_{ref})")
    assert out.returncode == 0 and "KL" in out.stdout
    bad = _cli("parse", r"D_{KL}(P\|")
    assert bad.returncode == 2 and re.match(r"\d+:\d+:", bad.stderr)


def test_equiv_cli() -> None:
    out = _cli("equiv", r"D_{KL}(P\|Q)", r"D_{KL}(Q\|P)")
    assert out.returncode == 1
    assert json.loads(out.stdout)["equivalent"] is False


def test_check_json_schema() -> None:
    out = _cli("check", str(CORPUS / "wrong_sign_error_1.tex"), "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert set(data) == {"file", "verdict", "steps", "first_error", "errors", "warnings"}
    step = data["steps"][0]
    assert set(step) == {"index", "line", "relation", "lhs", "rhs", "verdict", "reason",
                         "counterexample", "diagnosis"}


def test_check_batch_and_gradescope() -> None:
    files = [str(CORPUS / "correct_1.tex"), str(CORPUS / "wrong_sign_error_1.tex")]
    out = _cli("check", *files, "--format", "json")
    data = json.loads(out.stdout)
    assert data["summary"]["files"] == 2 and data["summary"]["incorrect"] == 1
    gs = json.loads(_cli("check", *files, "--format", "gradescope").stdout)
    assert all(t["status"] in ("passed", "failed") for t in gs["tests"])
    assert any("sign_error" in t["output"] for t in gs["tests"])


def test_python_api() -> None:
    assert derive.check(r"\[ \sigma(-z) = 1 - \sigma(z) \]").verdict == "correct"


def test_a_proof_the_budget_could_not_confirm_says_so(monkeypatch) -> None:  # noqa: ANN001
    """A symbolic proof with too few numeric samples decided in the budget is inconclusive,
    and its reason never reads as "proved"."""
    from derive.checker import check as check_module
    from derive.checker import check_text
    from derive.records import Evidence, Verdict

    monkeypatch.setattr(check_module, "decide", lambda *a, **k: Verdict(
        "inconclusive", Evidence(strategy="unfolding", samples=3)))
    step = check_text("$$D_{KL}(P\\|Q) = \\sum_x P(x)\\log\\frac{P(x)}{Q(x)}$$", "md").steps[0]
    assert step.verdict == "inconclusive"
    assert not step.reason.startswith("proved")
    assert "only 3 numeric samples" in step.reason
