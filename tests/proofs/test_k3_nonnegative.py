"""k3_nonnegative and negative twins (§6 S3, §7)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import K1, K3, STANDARD

w = STANDARD.w


def test_every_step_proved():
    assert_steps("k3_nonnegative", ["proved"] * 2)


def test_k1_can_be_negative():
    assert_refuted(K1(w), ">=", sp.Integer(0))


def test_wrong_sign_of_the_log_is_refuted():
    assert_refuted(w - 1 + sp.log(w), ">=", sp.Integer(0))


def test_k3_is_not_strictly_positive():
    # "guaranteed to be positive" is only non-negative: k3(1) = 0
    assert_refuted(K3(w), ">", sp.Integer(0))
