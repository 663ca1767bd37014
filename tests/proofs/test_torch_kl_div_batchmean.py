"""torch_kl_div_batchmean: batchmean is the batch's mean KL; 'mean' and 'sum' are not."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL, SupportSize, SupportSum
from derive.definitions import STANDARD as S
from derive.definitions.training_libraries import TorchKLDiv
from derive.kernel import decide

x, y, X, Y = S.x, S.y, S.X, S.Y
TH, REF = S.pi_theta(y, x), S.pi_ref(y, x)
MEAN_KL = SupportSum(KL(TH, REF, (y, Y)), (x, X)) / SupportSize(X)


LOG_REF = sp.log(REF)


def kl_div(reduction, inp=LOG_REF, target=TH):
    return TorchKLDiv(inp, target, False, reduction, (x, X), (y, Y))


def test_every_step_proved():
    assert_steps("torch_kl_div_batchmean", ["proved"] * 3)


def test_mean_reduction_is_not_the_mean_kl():
    assert_refuted(kl_div("mean"), "=", MEAN_KL)


def test_mean_reduction_divides_by_every_element():
    assert decide(kl_div("mean"), "=", MEAN_KL / SupportSize(Y)).status == "proved"


def test_sum_reduction_is_not_the_mean_kl():
    assert_refuted(kl_div("sum"), "=", MEAN_KL)


def test_batchmean_with_swapped_rows_is_refuted():
    # kl_div(log π_θ, π_ref) is the forward KL D(π_ref‖π_θ), not RLHF's reverse KL
    assert_refuted(kl_div("batchmean", sp.log(TH), REF), "=", MEAN_KL)
