"""The derive command: formats, exit codes, one-line errors."""

import json

from typer.testing import CliRunner

from derive.cli import app

runner = CliRunner()


def test_verify_kl_cross_entropy_json_has_three_or_more_proved_steps():
    result = runner.invoke(app, ["verify", "kl_cross_entropy", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (d,) = data["derivations"]
    assert {"name", "title", "conclusion", "verdict", "steps"} <= set(d)
    assert len(d["steps"]) >= 3
    for step in d["steps"]:
        assert {"index", "relation", "before", "after", "rule", "verdict", "evidence"} <= set(step)
        assert step["verdict"] == "proved"


def test_list_json_names_every_derivation():
    result = runner.invoke(app, ["list", "--format", "json"])
    assert result.exit_code == 0
    names = [d["name"] for d in json.loads(result.output)["derivations"]]
    assert "kl_cross_entropy" in names


def test_show_text_ends_with_a_trust_line():
    result = runner.invoke(app, ["show", "kl_cross_entropy"])
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].startswith("Trust: ")
    assert "unfold_kl" in result.output and "log_of_quotient" in result.output


def test_unknown_derivation_is_a_one_line_usage_error(capfd):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                           "verify", "no_such_thing"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "no derivation named 'no_such_thing'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_verify_exits_1_and_names_the_refuted_step(monkeypatch):
    from derive import library
    from derive.definitions import KL
    from derive.definitions import STANDARD as S
    from derive.derivation import Derivation

    def fake(name):
        d = Derivation("wrong_kl", "KL assumed symmetric", KL(S.P(S.x), S.Q(S.x), (S.x, S.X)))
        return d.claim("=", KL(S.Q(S.x), S.P(S.x), (S.x, S.X)), "KL is symmetric (it is not)")

    monkeypatch.setattr(library, "names", lambda: ["wrong_kl"])
    monkeypatch.setattr(library, "get", fake)
    result = runner.invoke(app, ["verify"])
    assert result.exit_code == 1
    assert "✗" in result.output and "counterexample" in result.output
    assert "NOT verified: wrong_kl step 1 (refuted)" in result.output


def test_entry_point_propagates_exit_code_1(tmp_path):
    """Through main() (what the console script runs), not only through the test runner."""
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text(
        "import sys\n"
        "from derive import library\n"
        "from derive.definitions import KL, STANDARD as S\n"
        "from derive.derivation import Derivation\n"
        "def fake(name):\n"
        "    d = Derivation('w', 'w', KL(S.P(S.x), S.Q(S.x), (S.x, S.X)))\n"
        "    return d.claim('=', KL(S.Q(S.x), S.P(S.x), (S.x, S.X)), 'wrong')\n"
        "library.names = lambda: ['w']\n"
        "library.get = fake\n"
        "from derive.cli import main\n"
        "sys.argv = ['derive', 'verify']\n"
        "main()\n")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr


def _derive(*args, env=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", *args],
                          capture_output=True, text=True, env=env)


def test_export_never_overwrites_without_force(tmp_path):
    out = tmp_path / "kl.md"
    md = ("export", "kl_cross_entropy", "--format", "markdown", "-o", str(out))
    assert _derive(*md).returncode == 0
    assert "H(P, Q) - H(P)" in out.read_text()
    out.write_text("my lecture notes")
    again = _derive(*md)
    assert again.returncode == 2 and "not overwriting" in again.stderr
    assert out.read_text() == "my lecture notes"
    forced = _derive(*md, "--force")
    assert forced.returncode == 0 and "H(P, Q) - H(P)" in out.read_text()


def test_pdf_without_tex_exits_3_naming_the_packages(tmp_path):
    import os

    env = dict(os.environ, PATH=str(tmp_path))  # no pdflatex or latexmk on this PATH
    result = _derive("export", "kl_cross_entropy", "--format", "pdf", "-o",
                     str(tmp_path / "kl.pdf"), env=env)
    assert result.returncode == 3
    assert "texlive-latex-base" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "kl.pdf").exists()


# ------------------------------------------------------------------ conventions (issue 9)
def _main(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", "from derive.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=300)


def test_a_leading_minus_is_an_expression_and_equiv_takes_format_text():
    proc = _main("equiv", r"-\log\sigma(z)", r"\log(1+e^{-z})", "--format", "text")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("equivalent")
    proc = _main("equiv", "-z", "z", "-f", "json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["equivalent"] is False


def test_usage_errors_are_one_line_exit_2_internal_errors_exit_3_with_a_debug_hint(tmp_path):
    for args in (["--no-such-option"], ["check"], ["equiv", "a"], ["parse", "x", "-f", "xml"]):
        proc = _main(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    from derive.cli_entry import internal_error_line

    line = internal_error_line(RuntimeError("boom\nmore"), debug=False)
    assert "\n" not in line and line.endswith("(re-run with --debug for the traceback)")


def test_eval_full_precision_digits_renormalised_tables_and_valid_json():
    import math

    proc = _main("eval", r"\log 3")
    assert json.loads(proc.stdout)["value"] == math.log(3)
    proc = _main("eval", r"\log 3", "--digits", "30")
    assert json.loads(proc.stdout)["value"] == "1.09861228866810969139524523692"
    proc = _main("eval", "H(P)", "--set", "P=[0.1, 0.2, 0.7000000000000001]")
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and "renormalised" in out["notes"][0]
    assert abs(out["value"] - -sum(p * math.log(p) for p in (0.1, 0.2, 0.7))) < 1e-12
    proc = _main("eval", "H(P)", "--set", "P=[0.1, 0.2, 0.6]")
    assert proc.returncode == 2 and "sum to 0.9" in proc.stderr
    for text in (r"\log 0", "10^{400} \\cdot 10^{400}"):
        proc = _main("eval", text)
        out = json.loads(proc.stdout)  # strict JSON: no NaN / Infinity tokens
        assert "Infinity" not in proc.stdout and "NaN" not in proc.stdout
        assert out["value"] is None and out["message"] and proc.returncode == 1


def test_batch_feedback_keeps_one_report_per_input_with_the_same_name(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "hw.md").write_text("$$a + a = 2a$$\n", encoding="utf-8")
    out = tmp_path / "fb"
    proc = _main("check", str(tmp_path / "a" / "hw.md"), str(tmp_path / "b" / "hw.md"),
                 "--format", "markdown", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.iterdir())) == 2


def test_pdf_export_replaces_a_symlink_never_writes_through_it(tmp_path):
    import os
    import shutil

    import pytest

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    target = tmp_path / "dir"
    target.mkdir()
    link = target / "kl.pdf"
    os.symlink(outside, link)
    proc = _main("export", "kl_cross_entropy", "--format", "pdf", "-o", str(link))
    assert proc.returncode == 2 and "exists" in proc.stderr
    proc = _main("export", "kl_cross_entropy", "--format", "pdf", "-o", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink() and link.read_bytes()[:4] == b"%PDF"


def test_eval_prints_the_table_of_a_distribution_valued_expression():
    import math

    proc = _main("eval", r"\pi^*(\cdot|x)", "--set", r"\pi_{ref}=[0.5,0.3,0.2]",
                 "--set", "r=[1,0,-1]", "--set", r"\beta=0.5")
    assert proc.returncode == 0, proc.stderr
    values = json.loads(proc.stdout)["values"]
    weights = [0.5 * math.exp(2), 0.3, 0.2 * math.exp(-2)]
    expected = [w / sum(weights) for w in weights]
    assert list(values) == ["y_1", "y_2", "y_3"]
    assert all(abs(v - e) < 1e-15 for v, e in zip(values.values(), expected, strict=True))
    proc = _main("eval", r"\pi^*(\cdot|x)", "--set", r"\pi_{ref}=[0.5,0.3,0.2]",
                 "--set", "r=[1,0,-1]")
    assert proc.returncode == 2 and "beta" in proc.stderr
    proc = _main("eval", r"\pi^*(\cdot|x)", "--set", r"\pi_{ref}=[0.5,0.5]",
                 "--set", "r=[1,0,-1]", "--set", r"\beta=1")
    assert proc.returncode == 2 and "same number of entries" in proc.stderr


def test_an_internal_error_while_checking_exits_3_with_the_debug_hint(monkeypatch, tmp_path):
    from derive import checker
    from derive.cli import _register_checker

    _register_checker()
    (tmp_path / "hw.md").write_text("$$a = a$$\n", encoding="utf-8")

    def broken(path):
        raise RuntimeError("kernel exploded")

    monkeypatch.setattr(checker, "check_file", broken)
    result = runner.invoke(app, ["check", str(tmp_path / "hw.md")])
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "RuntimeError: kernel exploded" in lines[0]
    assert "--debug" in lines[0] and "Traceback" not in result.output


def test_verify_in_worker_processes_reports_the_same_verdicts_in_library_order():
    names = ["kl_cross_entropy", "softplus_derivative", "k3_nonnegative"]
    verdicts = {}
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["verify", *names, "--jobs", jobs, "--format", "json"])
        assert result.exit_code == 0, result.output
        verdicts[jobs] = [(d["name"], [s["verdict"] for s in d["steps"]])
                          for d in json.loads(result.output)["derivations"]]
    assert verdicts["1"] == verdicts["2"]
    assert [name for name, _ in verdicts["2"]] == names


def test_verify_refuses_a_negative_job_count_and_an_unknown_name_before_working():
    proc = _main("verify", "--jobs", "-1")
    assert proc.returncode == 2 and "--jobs" in proc.stderr and not proc.stdout
    proc = _main("verify", "kl_cross_entropy", "no_such_proof", "--jobs", "2")
    assert proc.returncode == 2 and "no derivation named 'no_such_proof'" in proc.stderr
    assert not proc.stdout
