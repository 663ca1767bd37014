"""The rational-function zero test: true identities are seen, near misses never pass."""

import mpmath
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive.definitions import Sigmoid
from derive.kernel.rational_zero import rational_zero

z, w = sp.symbols("z w", real=True)
q1, q2, eps, rho = sp.symbols("q1 q2 epsilon rho", positive=True)


def test_identities_of_the_field_are_seen():
    assert rational_zero(sp.log(1 + sp.exp(z)) - sp.log(1 + sp.exp(-z)) - z)
    assert rational_zero(sp.diff(sp.log(Sigmoid(z).unfold()), z) - (1 - Sigmoid(z).unfold()))
    assert rational_zero(sp.log(q1 * q2) - sp.log(q1) - sp.log(q2))
    assert rational_zero(sp.log(6 * q1) - sp.log(2) - sp.log(3) - sp.log(q1))
    assert rational_zero(sp.log(3) - sp.log(sp.Rational(3, 2)) - sp.log(2))
    assert rational_zero(sp.exp(z + w) - sp.exp(z) * sp.exp(w))
    assert rational_zero(sp.log(q1 / (q1 + q2)) + sp.log((q1 + q2) / q1))
    assert rational_zero(sp.Max(rho, sp.Min(1 - eps, 1 + eps)) - sp.Max(rho, 1 - eps))


def test_near_misses_are_not_zero():
    assert not rational_zero(sp.log(q1 + q2) - sp.log(q1) - sp.log(q2))
    assert not rational_zero(sp.exp(z) ** 2 - sp.exp(z ** 2))
    assert not rational_zero(Sigmoid(z).unfold() - (1 - Sigmoid(z).unfold()))
    assert not rational_zero(sp.log(1 + sp.exp(z)) - z)
    assert not rational_zero(sp.Max(rho, 1 - eps) - sp.Max(rho, 1 + eps))
    tiny = sp.Rational(1, 10 ** 40)
    assert not rational_zero(sp.log(2) - sp.log(3) + sp.log(sp.Rational(3, 2)) + tiny)
    assert not rational_zero(sp.exp(z) - sp.exp(z) * (1 + sp.exp(-200)))


def test_infinities_are_never_zero():
    assert not rational_zero(sp.zoo * z - sp.zoo * z + sp.oo)


# ---------------------------------------------------------------- an independent numeric check

_ATOMS = [z, w, q1, q2, sp.exp(z), sp.exp(-z), sp.log(q1), sp.log(1 + sp.exp(z)),
          sp.Rational(1, 2), sp.Integer(3)]


def _build(ops, leaves):
    stack = list(leaves)
    for op in ops:
        if len(stack) < 2:
            break
        a, b = stack.pop(), stack.pop()
        stack.append({0: a + b, 1: a * b, 2: a - b, 3: a / b if b != 0 else a,
                      4: sp.log(a * a + 1), 5: sp.exp(a / 4)}[op])
    return stack[-1]


def _value(e, point):
    with mpmath.workdps(40):
        try:
            return sp.N(e.subs(point), 30)
        except (ZeroDivisionError, ValueError):
            return None


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=6),
       st.lists(st.sampled_from(_ATOMS), min_size=2, max_size=6),
       st.lists(st.integers(0, 5), min_size=1, max_size=6),
       st.lists(st.sampled_from(_ATOMS), min_size=2, max_size=6))
def test_zero_only_when_the_values_agree(ops1, leaves1, ops2, leaves2):
    """Whenever two random expressions are declared equal, they agree at random points."""
    a, b = _build(ops1, leaves1), _build(ops2, leaves2)
    for candidate in (b, a * 1, sp.expand(a)):
        if not rational_zero(a - candidate):
            continue
        R = sp.Rational
        for point in ({z: R(7, 10), w: R(-13, 10), q1: R(2, 5), q2: R(5, 2)},
                      {z: R(-21, 10), w: R(1, 5), q1: R(3), q2: R(1, 10)}):
            va, vb = _value(a, point), _value(candidate, point)
            if va is None or vb is None or not (va.is_finite and vb.is_finite):
                continue
            assert abs(va - vb) <= 1e-20 * max(1, abs(va)), (a, candidate, point)


def test_root_of_one_generator_squares_back():
    """sqrt(G)·sqrt(G) = G for a generator G (R = G^(1/2) atom, G written R^2)."""
    g = sp.Symbol("g", positive=True)
    y = sp.Symbol("y", positive=True)
    e = sp.Symbol("e", positive=True)
    lhs = -g / (e * g + sp.sqrt(y) * sp.sqrt(g))
    rhs = -1 / (e + sp.sqrt(y) / sp.sqrt(g))
    assert rational_zero(lhs - rhs)
    assert not rational_zero(lhs - rhs + sp.sqrt(g) - g)


def test_exponentials_with_rational_coefficients_share_an_atom() -> None:
    """σ(a) + σ(−a) = 1 at a = z − 1/2: e^{1/2} and e^{−1/2} are one atom's powers; a float's
    coefficient (a 2⁻⁵⁵ denominator) keeps its exponential an atom of its own."""
    import sympy as sp

    from derive.kernel.rational_zero import rational_zero

    z = sp.Symbol("z", real=True)
    half = sp.Rational(1, 2)
    assert rational_zero(1 / (sp.exp(z - half) + 1) + 1 / (sp.exp(half - z) + 1) - 1)
    assert rational_zero(sp.exp(z / 3) * sp.exp(-z / 3) - 1)
    assert not rational_zero(sp.exp(z / 2) - sp.exp(z))
    assert not rational_zero(sp.exp(sp.Float(0.1) * z) - 1)
