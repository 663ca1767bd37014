"""The referee on dataset means: its own semantics (the plain average over a list of records)
and the kernel's agreement with it on the dataset templates."""

import pytest

from referee.compare import run_one, summarise
from referee.dataset_templates import DATASET_TEMPLATES
from referee.generate import generate
from referee.nodes import DataMean, Partition, Reward, Stmt, Var, c, log, mul, sub
from referee.referee import Instance, evaluate, judge

x, y_w, y_l = Var("x", "X"), Var("y_w", "Y"), Var("y_l", "Y")


def test_a_dataset_mean_is_the_plain_average_of_its_records() -> None:
    gap = DataMean((x, y_w, y_l), sub(Reward(x, y_w), Reward(x, y_l)))
    inst = Instance({"X": 2, "Y": 2}, reward=((c(1).value, c(0).value), (c(3).value, c(5).value)),
                    data=((0, 0, 1), (1, 1, 0), (1, 1, 0)))
    lhs, _, _, _ = evaluate(Stmt(gap, "=", c(0)), inst, 30)
    assert abs(lhs * 3 - 5) < 1e-25  # r(0,0) - r(0,1), then r(1,1) - r(1,0) twice


def test_a_term_of_the_prompt_cannot_leave_the_mean() -> None:
    mean = DataMean((x,), log(Partition(x)))
    assert judge(Stmt(mean, "=", log(Partition(x))))[0] == "false"
    assert judge(Stmt(DataMean((x,), mul(c(2), log(Partition(x)))), "=",
                      mul(c(2), mean)))[0] == "no_counterexample"


@pytest.mark.slow
def test_kernel_agrees_with_referee_on_dataset_means() -> None:
    items = generate(120, seed=2026, cap=120, templates=DATASET_TEMPLATES)
    outcomes = [run_one(item, budget=2.0) for item in items]
    summary = summarise(outcomes)
    bad = [f"{o.kind}: {o.status}: {o.text}" for o in outcomes
           if o.kind in ("false_accept", "false_refute") or o.status == "exception"]
    assert summary.labels["broken"] == 0
    assert summary.labels["true"] >= 20 and summary.labels["false"] >= 40
    assert not bad, "\n".join(["\n".join(summary.lines())] + bad[:25])
