"""Which results a justification cites, and the assignment's list deciding which may be."""

from __future__ import annotations

import pytest

from derive.checker.cited_results import cited, permitted, result_key


@pytest.mark.parametrize(("note", "expected"), [
    ("by Gibbs' inequality", ["gibbs' inequality"]),
    ("by Gibbs", ["gibbs"]),
    ("since log is concave, by Jensen’s inequality", ["jensen's inequality"]),
    ("since log is concave by Jensen's inequality", ["jensen's inequality"]),
    ("using the log-sum inequality", ["log-sum inequality"]),
    ("by the data processing inequality", ["data processing inequality"]),
    ("by the union bound", ["union bound"]),
    ("by Gibbs and Pinsker", ["gibbs", "pinsker"]),
    ("Bayes' theorem", ["bayes' theorem"]),
    # not a named result: definitions, algebra, the student's own lemma, a bound in words
    ("by the definition of the KL divergence", []),
    ("by linearity of the sum", []),
    ("log of a quotient", []),
    ("by the previous lemma", []),
    ("an upper bound", []),
    ("", []),
    (None, []),
])
def test_what_an_annotation_cites(note: str | None, expected: list[str]) -> None:
    assert cited(note) == expected


def test_a_citation_matches_a_listed_result_by_its_distinctive_word() -> None:
    listed = ["Gibbs' inequality", "the log-sum inequality"]
    assert permitted("gibbs", listed) and permitted("gibbs' inequality", listed)
    assert permitted("log sum inequality", listed)
    assert not permitted("jensen's inequality", listed)
    assert not permitted("data processing inequality", listed)
    assert not permitted("gibbs", [])
    assert result_key("Pinsker’s inequality") == "pinsker" and result_key("the lemma") is None
