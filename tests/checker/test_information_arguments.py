"""Class F: the random-variable arguments of H and I are read, never dropped or guessed."""

import pytest

from derive.checker.check import check_text


def _report(tex: str):
    return check_text(f"$${tex}$$", "md")


@pytest.mark.parametrize("tex", [
    "I(Y;Y) = H(Y)", "I(X;X) = H(X)", "H(Y|Y) = 0", "H(X|X) = 0", "I(X;Y) = I(Y;X)",
    "H(X,Y) = H(Y,X)", "H(X,X) = H(X)", "I(X;Y) = H(X) - H(X|Y)", "I(X;Y) = H(Y) - H(Y|X)",
    "H(X,Y) = H(X) + H(Y|X)", "H(X|Y) = H(X,Y) - H(Y)", "H(X,Y|X) = H(Y|X)", "H(X|X,Y) = 0",
])
def test_true_information_identities_are_proved(tex):
    r = _report(tex)
    assert not r.errors and r.steps[0].verdict == "proved", (tex, r)


@pytest.mark.parametrize("tex", [
    "H(Y|X) = H(X|Y)", "I(X;Y) = H(X)", "I(Y;Y) = 0", "H(X|Y) = H(X)", "H(X,Y) = H(X)",
])
def test_false_information_identities_are_refuted(tex):
    r = _report(tex)
    assert not r.errors and r.steps[0].verdict == "refuted", (tex, r)


@pytest.mark.parametrize("tex", ["I(X;Z) = 0", "H(X, Q) = 0", "I(X;Y|Y) = 0", "I(A;B) = 0"])
def test_arguments_without_a_meaning_are_errors(tex):
    r = _report(tex)
    assert not r.steps and r.errors and r.errors[0].column >= 1
