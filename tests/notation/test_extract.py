"""Tests for derive.notation.extract: math out of .tex/.md/.txt submissions, into steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from derive.notation import parse_math, read_document
from derive.notation.ast import KL, Name, Number, Opt, Tuple

EXAMPLES = Path("/work/shared/examples")
EXPECTED_STEPS = {
    # file: (number of steps, RHS lines, number of definitions)
    "correct_asymmetry_numbers.tex": (2, [3, 3], 2),
    "correct_kl_expectation_form.tex": (3, [2, 3, 4], 0),
    "correct_objective_as_kl_to_optimal_policy.tex": (3, [5, 6, 7], 2),
    "correct_sigmoid_symmetry.md": (4, [3, 3, 3, 3], 0),
    "wrong_dropped_entropy_term.tex": (1, [3], 0),
    "wrong_partition_without_reference.tex": (1, [2], 0),
}


def _read(name: str):
    path = EXAMPLES / name
    return read_document(path.read_text(encoding="utf-8"), path.suffix.lstrip("."))


@pytest.mark.skipif(not EXAMPLES.exists(), reason="shared examples not available")
@pytest.mark.parametrize("name", sorted(EXPECTED_STEPS))
def test_examples(name: str) -> None:
    doc = _read(name)
    n, lines, n_defs = EXPECTED_STEPS[name]
    assert doc.errors == []
    assert len(doc.steps) == n
    assert [s.line for s in doc.steps] == lines
    assert [s.index for s in doc.steps] == list(range(1, n + 1))
    assert len(doc.definitions) == n_defs
    expected = json.loads((EXAMPLES / "expected.json").read_text())[name]
    if "first_error_line" in expected:
        assert expected["first_error_line"] in {s.line for s in doc.steps}


@pytest.mark.skipif(not EXAMPLES.exists(), reason="shared examples not available")
def test_example_details() -> None:
    doc = _read("correct_asymmetry_numbers.tex")
    P, Q = doc.definitions
    assert P.target == Name("P") and P.value == Tuple((Number("0.9"), Number("0.1")))
    assert Q.target == Name("Q")
    assert doc.steps[0].lhs == KL(Name("P"), Name("Q"))
    assert [s.relation for s in doc.steps] == ["=", "approx"]
    assert doc.steps[1].lhs == doc.steps[0].rhs
    assert (doc.steps[0].line, doc.steps[0].column) == (3, 17)

    doc = _read("wrong_dropped_entropy_term.tex")
    step = doc.steps[0]
    assert isinstance(step.lhs, Opt) and isinstance(step.rhs, Opt)
    assert (step.line, step.column) == (3, 4)

    doc = _read("correct_objective_as_kl_to_optimal_policy.tex")
    z, pistar = doc.definitions
    assert (z.line, z.column) == (1, 6)
    assert (pistar.line, pistar.column) == (2, 2)
    assert pistar.target.func == Name("pi", sup="*")


TEX_WITH_ERROR = r"""Some prose with 50\% of the text; % a comment with $a = b$
\begin{align}
D_{KL}(P\|Q) &= \sum_x P(x)\log\frac{P(x)}{Q(x)} \label{eq:kl} \\
&= \sum_x P(x) \frac{P(x)}{ \nonumber \\
&\ge 0
\end{align}
"""


def test_error_reported_in_document_coordinates() -> None:
    doc = read_document(TEX_WITH_ERROR, "tex")
    err = doc.errors[0]
    assert err.line == 4
    assert err.column == 27  # the '{' that is never closed
    # one bad line costs only its own steps: line 3 is still read, line 5 is reported
    assert [s.line for s in doc.steps] == [3]
    assert [(e.line, "could not be read" in e.message) for e in doc.errors[1:]] == [(5, True)]


def test_align_rules_notes_and_new_chains() -> None:
    text = r"""\begin{align*}
x &= b && \text{by definition} \\
  &\le c \quad\text{(Gibbs)} \\
d &= d \nonumber \\
  &\quad + f \\
g + h \\
  &\approx 1 \tag{3}
\end{align*}"""
    doc = read_document(text, "tex")
    assert doc.errors == []
    got = [(s.relation, s.line) for s in doc.steps]
    assert got == [("=", 2), ("<=", 3), ("=", 4), ("approx", 7)]
    assert doc.steps[0].note == "by definition"
    assert doc.steps[1].note == "(Gibbs)"
    assert doc.steps[2].rhs == parse_math("d + f")
    assert doc.steps[3].lhs == parse_math("g + h")
    # a new name equated to something is introduced (a definition); the chain goes on from it
    doc = read_document(r"\[ u = b \le c \]", "tex")
    assert [d.target for d in doc.definitions] == [Name("u")]
    assert [(s.lhs, s.relation, s.rhs) for s in doc.steps] == [(Name("b"), "<=", Name("c"))]
    # A = B <= C on one line is two steps
    doc = read_document(r"\[ A = B \le C \]", "tex")
    assert [(s.lhs, s.relation, s.rhs) for s in doc.steps] == [
        (Name("A"), "=", Name("B")), (Name("B"), "<=", Name("C"))]


def test_tex_environments_and_inline() -> None:
    text = r"""We have $x = y$ and inline name $P$ and def $Z := 1$.
$$ a = a + 0 $$
\begin{equation} c = c \end{equation}
\begin{gather*} f = f \end{gather*}
\begin{multline} g = 1 \cdot g \end{multline}
% $ i = j $ commented out
"""
    doc = read_document(text, "tex")
    assert [s.line for s in doc.steps] == [1, 2, 3, 4, 5]
    assert len(doc.definitions) == 1


def test_md_ignores_code_and_spans_lines() -> None:
    text = """Text $P := (1, 0)$.

```
$$ not = math $$
```

$$
x = x
  = x + 0
$$
and `$x = y$` in code.
"""
    doc = read_document(text, "md")
    assert [(s.relation, s.line) for s in doc.steps] == [("=", 8), ("=", 9)]
    assert len(doc.definitions) == 1


def test_txt_lines_and_blank_separated_derivations() -> None:
    text = r"""P := (0.5, 0.5)
D_{KL}(P\|Q)
= \sum_x P(x)\log\frac{P(x)}{Q(x)}
\ge 0

a + b
= b + a
"""
    doc = read_document(text, "txt")
    assert doc.errors == []
    assert [(s.relation, s.line) for s in doc.steps] == [("=", 3), (">=", 4), ("=", 7)]
    assert doc.steps[2].lhs == parse_math("a + b")
    assert len(doc.definitions) == 1


def test_errors_are_collected_not_fatal() -> None:
    doc = read_document("$$ a = = b $$\n$$ x + y = y + x $$\n$$ \\frac{x}{ = 1 $$", "md")
    assert [e.line for e in doc.errors] == [1, 3]
    assert len(doc.steps) == 1 and doc.steps[0].line == 2


def test_unknown_kind() -> None:
    with pytest.raises(ValueError):
        read_document("", "docx")
