"""A seeded slice of fuzzing: the reader and the checker on generated and mutated input.

Whatever the input, ``read_document`` and ``check_text`` return (never raise), every input
error is one line located at line >= 1, column >= 1, and the verdict is one of the four.
``benchmarks/fuzz.py`` runs the same idea over 10,000 inputs in killable workers.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derive.checker import check_text
from derive.notation import read_document

ATOMS = ["P(x)", "Q(x)", r"\pi(y|x)", r"\pi_{ref}(y|x)", "r(x,y)", r"\beta", "Z(x)", "a", "b",
         "2", "0.5", r"\frac{1}{2}", r"D_{KL}(P\|Q)", "H(P)", r"\sigma(z)", r"\log Z(x)"]
HOSTILE = ["{", "}", "\\", "$", "%", "&", "^^", "(" * 150, r"\frac{1}{" * 120, r"\log " * 150,
           "10^{10^{10}}", "1e5000", r"\approx 1e400", " " * 3000, "\u00e9\u2211", "\x00",
           r"\input{x}", r"\text{\write18{ls}}", "\\[", "\\]", "$$", "\n\n"]


@st.composite
def expressions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth >= 2 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    a = draw(expressions(depth + 1))
    b = draw(expressions(depth + 1))
    template = draw(st.sampled_from(["{} + {}", r"\log({})", r"\frac{{{}}}{{{}}}", "{}^{{{}}}",
                                     r"{} \cdot {}", "-{}", r"\sum_x {}", r"\exp({})"]))
    return template.format(a, b) if template.count("{}") == 2 else template.format(a)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    chain = [draw(expressions())]
    for _ in range(draw(st.integers(1, 2))):
        chain += [draw(st.sampled_from(["=", r"\le", r"\ge", r"\propto", r"\approx", "<"])),
                  draw(expressions())]
    text = "Let $\\beta > 0$.\n\n$$ " + " ".join(chain) + " $$\n"
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):  # mutations: delete, duplicate, splice
        i = draw(st.integers(0, len(chars)))
        op = draw(st.sampled_from(["delete", "duplicate", "splice"]))
        if op == "delete":
            del chars[i:i + draw(st.integers(1, 4))]
        elif op == "duplicate":
            chars[i:i] = chars[i:i + draw(st.integers(1, 6))]
        else:
            chars[i:i] = list(draw(st.sampled_from(HOSTILE)))
    return "".join(chars), draw(st.sampled_from(["md", "tex", "txt"]))


@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_reader_and_checker_survive_generated_and_mutated_input(doc: tuple[str, str]) -> None:
    text, kind = doc
    read = read_document(text, kind)
    for e in read.errors:
        assert e.line >= 1 and e.column >= 1
    report = check_text(text, kind, "fuzz", budget=0.5)
    assert report.verdict in ("correct", "incorrect", "unverified", "invalid")
    for e in report.errors:
        assert e.line >= 1 and e.column >= 1
        assert "\n" not in e.message and e.message.strip()
