"""Shared helpers for the derivation-library tests (imported by the ``test_*`` modules here)."""

from __future__ import annotations

from functools import cache
from typing import Any

import sympy as sp

from derive.kernel import decide
from derive.kernel.context import Context
from derive.library import get
from derive.records import INCONCLUSIVE, REFUTED, DerivationRecord, Verdict


@cache
def record_of(name: str) -> DerivationRecord:
    """The checked record of the library derivation ``name`` (built once per session)."""
    return get(name).record()


def assert_steps(name: str, expected: list[str]) -> DerivationRecord:
    """Every step of ``name`` has the expected verdict; none is refuted or inconclusive."""
    rec = record_of(name)
    verdicts = [s.verdict for s in rec.steps]
    assert not {REFUTED, INCONCLUSIVE} & set(verdicts), verdicts
    assert verdicts == expected
    return rec


def assert_refuted(before: sp.Expr, relation: str, after: sp.Expr,
                   context: Context | None = None, **options: Any) -> Verdict:
    """The kernel refutes ``before relation after`` with a concrete counterexample."""
    v = decide(before, relation, after, context, **options)
    assert v.status == "refuted", (v.status, v.evidence)
    assert v.evidence.counterexample is not None
    return v
