"""The whole derivation library: every derivation checks, enough of them, mostly proved.

(Named ``test_proof_library`` because ``tests/export/test_library.py`` exists and these test
directories are not packages, so basenames must be unique.)
"""

import pytest
import sympy as sp
from proof_checks import record_of

from derive.definitions import STANDARD
from derive.derivation import Derivation
from derive.kernel import RelationError
from derive.library import names
from derive.records import INCONCLUSIVE, PROVED, REFUTED

REQUIRED = {"kl_cross_entropy", "optimal_policy", "drop_log_partition", "dpo_from_rlhf"}


def test_enough_derivations_and_the_required_ones():
    assert len(names()) >= 12
    assert REQUIRED <= set(names())


@pytest.mark.slow
def test_every_derivation_verifies_and_mostly_proved():
    total = proved = 0
    for name in names():
        rec = record_of(name)
        verdicts = [s.verdict for s in rec.steps]
        assert verdicts, name
        assert not {REFUTED, INCONCLUSIVE} & set(verdicts), (name, verdicts)
        assert rec.verdict in ("proved", "numeric_only"), name
        total += len(verdicts)
        proved += verdicts.count(PROVED)
    assert proved / total >= 0.9, (proved, total)


@pytest.mark.slow
def test_numeric_only_steps_say_why():
    for name in names():
        for step in record_of(name).steps:
            if step.verdict == "numeric_only":
                assert "numeric" in step.justification.lower() or "kernel" in \
                    step.justification.lower(), (name, step.index)


def test_every_derivation_has_a_description_and_assumptions():
    from derive.library import get
    for name in names():
        d = get(name)
        assert d.description, name
        assert d.context.assumptions, name
        assert d.steps, name


def test_broken_chain_raises_relation_error():
    S = STANDARD
    d = Derivation("broken", "≤ then ≥", S.w)
    d.claim("<=", S.w + 1, "add one")
    with pytest.raises(RelationError):
        d.claim(">=", sp.Integer(0), "the other direction")


def test_argopt_cannot_chain_with_an_inequality():
    from derive.definitions import KL
    from derive.definitions.optimization import ArgMin
    S = STANDARD
    pi = S.pi(S.y, S.x)
    start = ArgMin(KL(pi, S.pi_ref(S.y, S.x), (S.y, S.Y)), pi)
    d = Derivation("broken_opt", "argopt then ≤", start)
    d.claim("argopt", S.pi_ref(S.y, S.x), "Gibbs")
    with pytest.raises(RelationError):
        d.claim("<=", sp.Integer(0), "nonsense")
