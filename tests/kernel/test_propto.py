"""Class B (kernel): ``propto`` is never proved in a variable that occurs on neither side."""

import sympy as sp

from derive.kernel import decide


def test_propto_in_an_absent_variable_is_not_proved(S):
    y_l, x = S.y_l, S.x
    # false in y_l, vacuous in y: the old kernel proved it (ratio free of y)
    v = decide(S.pi_ref(y_l, x) * sp.exp(S.r(x, y_l) / S.beta), "propto", S.pi_ref(y_l, x),
               var=S.y)
    assert v.status != "proved" and v.evidence.strategy is None
    v = decide(S.P(x) * S.r(x, S.y), "propto", S.P(x), var=S.y_w)
    assert v.status != "proved" and v.evidence.strategy is None


def test_propto_in_the_variable_that_occurs(S):
    y_l, x = S.y_l, S.x
    v = decide(S.pi_ref(y_l, x) * sp.exp(S.r(x, y_l) / S.beta), "propto", S.pi_ref(y_l, x),
               var=y_l)
    assert v.status == "refuted"
    v = decide(S.pi_star(y_l, x), "propto", S.pi_ref(y_l, x) * sp.exp(S.r(x, y_l) / S.beta),
               var=y_l)
    assert v.status == "proved"
    # the ratio may depend on x (another variable): proportional in y only
    v = decide(S.P(x) * S.pi_ref(S.y, x), "propto", S.pi_ref(S.y, x), var=S.y)
    assert v.status == "proved"
