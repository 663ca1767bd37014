"""torch_kl_div_is_kl: F.kl_div(log Q, P) = D_KL(P‖Q), and its negative twins (the swapped
order, log_target confusion, a forgotten log)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import KL
from derive.definitions import STANDARD as S
from derive.definitions.training_libraries import TorchKLDiv
from derive.kernel import decide

P, Q, x, X = S.P(S.x), S.Q(S.x), S.x, S.X
FORWARD, REVERSE = KL(P, Q, (x, X)), KL(Q, P, (x, X))


def kl_div(inp, target, log_target=False, reduction="sum"):
    return TorchKLDiv(inp, target, log_target, reduction, (x, X))


def test_every_step_proved():
    assert_steps("torch_kl_div_is_kl", ["proved"] * 3)


def test_log_target_form_is_the_same_kl():
    assert decide(kl_div(sp.log(Q), sp.log(P), True), "=", FORWARD).status == "proved"


def test_swapped_order_is_refuted():
    # the argument-order pitfall: kl_div(log Q, P) is not D(Q‖P)
    assert_refuted(kl_div(sp.log(Q), P), "=", REVERSE)
    assert_refuted(kl_div(sp.log(P), Q), "=", FORWARD)


def test_swapped_arguments_give_the_reverse_kl():
    assert decide(kl_div(sp.log(P), Q), "=", REVERSE).status == "proved"


def test_log_target_confusion_is_refuted():
    # probabilities passed as target with log_target=True
    assert_refuted(kl_div(sp.log(Q), P, True), "=", FORWARD)


def test_forgotten_log_is_refuted():
    # probabilities passed as input (the oracle's -1.19)
    assert_refuted(kl_div(Q, P), "=", FORWARD)


def test_one_dimensional_batchmean_divides_by_the_support():
    from derive.definitions import SupportSize
    assert decide(kl_div(sp.log(Q), P, reduction="batchmean"), "=",
                  FORWARD / SupportSize(X)).status == "proved"
    assert_refuted(kl_div(sp.log(Q), P, reduction="batchmean"), "=", FORWARD)
