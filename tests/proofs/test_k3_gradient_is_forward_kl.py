"""k3_gradient_is_forward_kl: the k3 loss has the forward-KL gradient (§6, §8.1)."""

import pytest
import sympy as sp
from proof_checks import assert_refuted, assert_steps

from derive.kernel import decide
from proofs.k3_gradient_is_forward_kl import T1, N, k3, policy, reverse_kl

EXPECTED_GRAD = sp.Add(*(policy(i) * sp.Derivative(k3(i), T1) for i in range(N)))


def test_every_step_proved():
    assert_steps("k3_gradient_is_forward_kl", ["proved"] * 4)


def test_claiming_the_reverse_kl_gradient_is_refuted():
    assert_refuted(EXPECTED_GRAD, "=", sp.Derivative(reverse_kl(), T1), budget=10.0)


@pytest.mark.slow
def test_importance_weighted_k3_gives_the_reverse_kl_gradient():
    # ∇[(π_θ/sg(π_old)) k3] at π_old = π_θ: π_θ (∇log π_θ · k3 + ∇k3), averaged under π_old = π_θ
    weighted = sp.Add(*(policy(i) * (sp.Derivative(sp.log(policy(i)), T1) * k3(i)
                                     + sp.Derivative(k3(i), T1)) for i in range(N)))
    v = decide(weighted, "=", sp.Derivative(reverse_kl(), T1), budget=10.0)
    assert v.status in ("proved", "numeric_only")
