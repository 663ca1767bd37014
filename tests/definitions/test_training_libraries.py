"""torch's kl_div as a definition: printed form, unfolding, and its values against the oracle
(shared/data/kl_oracle_cases.json: torch 2.13 and scipy), computed here by substituting the
oracle's tables into the unfolded definition, independently of the kernel's evaluator."""

import itertools
import json
from pathlib import Path

import pytest
import sympy as sp

from derive.definitions import (
    KL,
    Domain,
    Probability,
    SupportSize,
    SupportSum,
    distribution,
    unfold_all,
)
from derive.definitions.training_libraries import TorchKLDiv
from derive.latex import latex

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "kl_oracle_cases.json"
if not ORACLE.exists():  # a checkout inside the workspace keeps shared/ beside it
    ORACLE = Path("/work/shared/data/kl_oracle_cases.json")
CASES = json.loads(ORACLE.read_text())
EDGE = {c["id"]: c for c in CASES["support_edge_cases"]}

X, Y = Domain("X"), Domain("Y")
x, y = sp.Symbol("x"), sp.Symbol("y")
P, Q = distribution("P", X), distribution("Q", X)
ROW_P, ROW_Q = distribution("Prow", Y, given=(X,)), distribution("Qrow", Y, given=(X,))


def value_on_tables(expr, tables, sizes):
    """The value of ``expr`` (definitions unfolded) where each distribution family is the nested
    list ``tables[family]`` (indexed by its arguments in order: ``Prow(y, x)`` is
    ``rows[x][y]``) and each domain has ``sizes[domain]`` elements."""
    def expand(e):
        if isinstance(e, SupportSum):
            ranges = [range(sizes[dom]) for _, dom in e.bindings]
            return sp.Add(*(
                expand(e.body.xreplace(dict(zip(e.variables, map(sp.Integer, idx), strict=True))))
                for idx in itertools.product(*ranges)))
        if isinstance(e, SupportSize):
            return sp.Integer(sizes[e.domain])
        if isinstance(e, Probability):
            table = tables[type(e)]
            args = [int(a) for a in e.args]
            if len(args) == 2:  # conditional: rows indexed by the given slot
                return sp.nsimplify(table[args[1]][args[0]], rational=True)
            return sp.nsimplify(table[args[0]], rational=True)
        if not e.args:
            return e
        return e.func(*(expand(a) for a in e.args))
    return float(expand(unfold_all(expr)).evalf(30))


def test_latex_shows_dimensions_inputs_and_reduction():
    d = TorchKLDiv(sp.log(Q(x)), sp.log(P(x)), True, "batchmean", (x, X))
    assert latex(d) == (r"\operatorname{kl\_div}_{x}\left(\log Q(x),\, \log P(x);\ "
                        r"\mathrm{batchmean},\ \mathrm{log\_target}\right)")


def test_unfolds_to_torchs_elementwise_formulas():
    plain = unfold_all(TorchKLDiv(sp.log(Q(x)), P(x), False, "sum", (x, X)))
    (v,) = plain.variables
    assert plain.body == P(v) * sp.log(P(v)) - P(v) * sp.log(Q(v))
    logt = unfold_all(TorchKLDiv(sp.log(Q(x)), sp.log(P(x)), True, "sum", (x, X)))
    (v,) = logt.variables
    assert logt.body == sp.exp(sp.log(P(v))) * (sp.log(P(v)) - sp.log(Q(v)))


def test_reductions_divide_by_the_right_count():
    args = (sp.log(ROW_Q(y, x)), ROW_P(y, x), False)
    total = unfold_all(TorchKLDiv(*args, "sum", (x, X), (y, Y)))
    assert unfold_all(TorchKLDiv(*args, "batchmean", (x, X), (y, Y))) == total / SupportSize(X)
    assert unfold_all(TorchKLDiv(*args, "mean", (x, X), (y, Y))) == \
        total / (SupportSize(X) * SupportSize(Y))


def test_unknown_reduction_and_flag_are_refused():
    with pytest.raises(ValueError, match="reduction"):
        TorchKLDiv(sp.log(Q(x)), P(x), False, "none", (x, X))
    with pytest.raises(TypeError, match="log_target"):
        TorchKLDiv(sp.log(Q(x)), P(x), "yes", "sum", (x, X))


@pytest.mark.parametrize("case", CASES["pair_cases"], ids=lambda c: c["id"])
def test_kl_div_matches_torch_on_every_oracle_pair(case):
    tables = {P: case["p_rational"], Q: case["q_rational"]}
    sizes = {X: case["n"]}
    plain = TorchKLDiv(sp.log(Q(x)), P(x), False, "sum", (x, X))
    logt = TorchKLDiv(sp.log(Q(x)), sp.log(P(x)), True, "sum", (x, X))
    swapped = TorchKLDiv(sp.log(P(x)), Q(x), False, "sum", (x, X))
    assert abs(value_on_tables(plain, tables, sizes) - case["torch"]["kl_pq"]) < 1e-12
    assert abs(value_on_tables(logt, tables, sizes) - case["torch"]["kl_pq_log_target"]) < 1e-12
    assert abs(value_on_tables(swapped, tables, sizes) - case["torch"]["kl_qp"]) < 1e-12
    # and the definition agrees with D_KL(target ‖ exp(input)) to 50 digits
    ref = float(sp.Float(case["mpmath_50digit"]["kl_pq"], 50))
    assert abs(value_on_tables(KL(P(x), Q(x), (x, X)), tables, sizes) - ref) < 1e-14


def test_argument_order_trap_matches_torch():
    case = EDGE["torch_argument_order_trap"]
    tables, sizes = {P: case["p"], Q: case["q"]}, {X: 2}
    assert abs(value_on_tables(TorchKLDiv(sp.log(Q(x)), P(x), False, "sum", (x, X)), tables,
                               sizes) - case["F.kl_div(q.log(), p)"]) < 1e-12
    assert abs(value_on_tables(TorchKLDiv(sp.log(P(x)), Q(x), False, "sum", (x, X)), tables,
                               sizes) - case["F.kl_div(p.log(), q)"]) < 1e-12
    forgot_log = TorchKLDiv(P(x), Q(x), False, "sum", (x, X))
    assert abs(value_on_tables(forgot_log, tables, sizes)
               - case["F.kl_div(p, q) (forgot log!)"]) < 1e-12


def test_reduction_trap_matches_torch():
    case = EDGE["torch_reduction_trap"]
    tables = {ROW_P: case["P_rows"], ROW_Q: case["Q_rows"]}
    sizes = {X: len(case["P_rows"]), Y: len(case["P_rows"][0])}
    args = (sp.log(ROW_Q(y, x)), ROW_P(y, x), False)
    for reduction in ("sum", "mean", "batchmean"):
        got = value_on_tables(TorchKLDiv(*args, reduction, (x, X), (y, Y)), tables, sizes)
        assert abs(got - case[f"torch_{reduction}"]) < 1e-12, reduction
    mean_kl = SupportSum(KL(ROW_P(y, x), ROW_Q(y, x), (y, Y)), (x, X)) / SupportSize(X)
    assert abs(value_on_tables(mean_kl, tables, sizes) - case["mean_of_row_kls"]) < 1e-12
