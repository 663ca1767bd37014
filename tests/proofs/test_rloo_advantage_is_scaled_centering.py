"""rloo_advantage_is_scaled_centering: r_i − b_i = G/(G−1)(r_i − mean), and negative twins."""

from proof_checks import assert_refuted, assert_steps

from derive.definitions import SupportSize
from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import group_mean, index_range, indexed, leave_one_out_baseline


def test_every_step_proved():
    assert_steps("rloo_advantage_is_scaled_centering", ["proved"] * 3)


def test_inverted_scale_is_refuted():
    i, I, r = GR.i, GR.I2, GR.r2
    G = SupportSize(I)
    assert_refuted(r(i) - GR.b(i), "=", (G - 1) / G * (r(i) - group_mean(r, I)))


def test_unscaled_centering_is_refuted():
    i, I, r = GR.i, GR.I2, GR.r2
    assert_refuted(r(i) - GR.b(i), "=", r(i) - group_mean(r, I))


def test_baseline_needs_two_answers():
    import pytest
    one = index_range("I", "G")
    with pytest.raises(ValueError, match="at least 2"):
        leave_one_out_baseline(indexed("r", (one,)), one)
