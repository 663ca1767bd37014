"""Hostile sizes: every case ends quickly with a located one-line error, never an exception."""

from __future__ import annotations

import time

import pytest

from derive.checker import check_file, check_text

CASES = {
    "exact power 10^{10^{10}}": (r"$$10^{10^{10}} = \beta$$", "exact power"),
    "exact power 9^{9^{9}}": (r"$$9^{9^{9}} = \beta$$", "exact power"),
    "160 nested fractions": ("$$" + r"\frac{1}{" * 160 + "x" + "}" * 160 + " = x$$", "nested"),
    "245 nested parentheses": ("$$" + "(" * 245 + "x" + ")" * 245 + " = x$$", "nested"),
    "200 nested logs": ("$$" + r"\log(" * 200 + "x" + ")" * 200 + " = x$$", "nested"),
    "200 bare nested logs": ("$$" + r"\log " * 200 + "x = x$$", "nested"),
    "a sum of 490 terms": ("$$" + " + ".join(f"a_{{{i}}}" for i in range(490)) + " = b$$",
                           "too many terms"),
    # found by the 10,000-input fuzz soak: a rational factor raised to 9^9 inside a product,
    # and a sum to a huge power (expanded later)
    "fraction to 9^{9^{9}}": (r"$$\frac{\pi_\theta(y|x)}9^{9^{9}} = \beta$$", "exact power"),
    "sum to 10^{10^{10}}": (r"$$(a + b)^{10^{6}} = \beta$$", "exponent over 1000"),
    "1e5000": (r"$$1e5000 = \beta$$", "out of range"),
    "a approx 1e400": (r"$$a \approx 1e400$$", "out of range"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_sizes_give_one_located_unsupported_line(name: str) -> None:
    text, words = CASES[name]
    start = time.perf_counter()
    report = check_text(text, "md", "hw.md")
    assert time.perf_counter() - start < 10
    assert report.verdict == "invalid" and not report.steps
    (error,) = report.errors
    assert error.line == 1 and error.column >= 1
    assert "unsupported" in error.message and words in error.message, error.message
    assert "\n" not in error.message


def test_long_runs_of_spaces_are_read_in_linear_time() -> None:
    start = time.perf_counter()
    assert check_text("$$a = " + " " * 20_000 + "a$$", "md").verdict == "correct"
    assert check_text(" " * 1_000_000 + "\n$$a = a$$\n", "md").verdict == "correct"
    assert time.perf_counter() - start < 15


def test_moderate_nesting_is_still_checked() -> None:
    report = check_text("$$" + "(" * 40 + "a + a" + ")" * 40 + " = 2a$$", "md")
    assert report.verdict == "correct", report.errors


def test_a_non_utf8_file_is_one_located_line(tmp_path) -> None:
    path = tmp_path / "hw.tex"
    path.write_bytes(b"Intro.\n\\[ a = \xe9 \\]\n")
    (error,) = check_file(path).errors
    assert (error.line, error.column) == (2, 8) and "UTF-8" in error.message


def test_constants_sympy_cannot_compare_inside_min_are_read() -> None:
    # found by the fuzz soak: min(σ(3/2), 1) made SymPy raise while the formula was read
    report = check_text(r"$$ e = \min(\sigma(\frac{1}{2} + 1), 1) $$", "md")
    assert report.verdict == "incorrect"
    assert check_text(r"$$ \min(\sigma(\frac{1}{2} + 1), 1) = \sigma(3/2) $$",
                      "md").verdict == "correct"
