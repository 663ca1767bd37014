"""bradley_terry_sigmoid and its negative twins (§4 S4, §8.7)."""

import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.definitions import STANDARD, Sigmoid

S = STANDARD
x, yw, yl = S.x, S.y_w, S.y_l
rw, rl = S.r(x, yw), S.r(x, yl)


def test_every_step_proved():
    assert_steps("bradley_terry_sigmoid", ["proved"] * 3)


def test_swapped_order_is_refuted():
    assert_refuted(S.BT(x, yw, yl), "=", Sigmoid(rl - rw))


def test_log_sigmoid_of_a_difference_does_not_split():
    assert_refuted(sp.log(Sigmoid(rw - rl)), "=", sp.log(Sigmoid(rw)) - sp.log(Sigmoid(rl)))


def test_sigmoid_of_the_ratio_is_refuted():
    assert_refuted(S.BT(x, yw, yl), "=", Sigmoid(rw / rl))
