"""``derive equiv`` on arg min / arg max sides compares optimizers (the relation 'argopt'),
within a bounded budget; an optimizer on one side is the claimed optimizer of the other."""

import json
import subprocess
import sys

KL_TO_OPTIMUM = r"\mathrm{KL}(\pi_\theta(\cdot|x)||\pi^*(\cdot|x))"


def _equiv(a: str, b: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                           "equiv", a, b, "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, json.loads(proc.stdout)


def test_dropping_log_partition_inside_a_dataset_mean_keeps_the_optimizers():
    code, out = _equiv(rf"\arg\min_\theta \mathbb{{E}}_{{x\sim D}}[{KL_TO_OPTIMUM} - \log Z(x)]",
                       rf"\arg\min_\theta \mathbb{{E}}_{{x\sim D}}[{KL_TO_OPTIMUM}]")
    assert out["verdict"] in ("proved", "inconclusive")  # inconclusive only past the budget
    assert code == (0 if out["verdict"] == "proved" else 1)


def test_dropping_a_term_in_theta_is_not_equivalent():
    code, out = _equiv(
        rf"\arg\min_\theta \mathbb{{E}}_{{x\sim D}}[{KL_TO_OPTIMUM} - \log\pi_\theta(y|x)]",
        rf"\arg\min_\theta \mathbb{{E}}_{{x\sim D}}[{KL_TO_OPTIMUM}]")
    assert (code, out["equivalent"], out["verdict"]) == (1, False, "refuted")
    assert out["counterexample"] is not None


def test_a_policy_on_either_side_is_the_claimed_optimizer():
    arg = rf"\arg\min_\theta \mathbb{{E}}_{{x\sim D}}[{KL_TO_OPTIMUM}]"
    for a, b in ((arg, r"\pi^*(y|x)"), (r"\pi^*(y|x)", arg)):
        code, out = _equiv(a, b)
        assert out["verdict"] in ("proved", "inconclusive")
    code, out = _equiv(arg, r"\pi_{\mathrm{ref}}(y|x)")
    assert (code, out["verdict"]) == (1, "refuted")
