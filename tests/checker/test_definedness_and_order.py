"""A step is judged under the definitions above it, and is never accepted where undefined."""

from __future__ import annotations

import derive


def verdicts(text: str) -> list[str]:
    return [s.verdict for s in derive.check(text).steps]


def test_a_redefinition_applies_from_where_it_stands() -> None:
    text = "Let $c := 1$.\n$$ c = 1 $$\nLet $c := 2$.\n$$ c = 2 $$\n$$ c = 1 $$\n"
    assert verdicts(text) == ["proved", "proved", "refuted"]


def test_a_redefined_table_applies_from_where_it_stands() -> None:
    text = ("Let $P := (0.5, 0.5)$.\n$$ H(P) \\approx 0.693 $$\n"
            "Let $P := (0.9, 0.1)$.\n$$ H(P) \\approx 0.325 $$\n$$ H(P) \\approx 0.693 $$\n")
    assert verdicts(text) == ["numeric_only", "numeric_only", "refuted"]


def test_division_by_what_can_vanish_is_not_accepted() -> None:
    for tex in (r"\frac{D_{KL}(P\|P)}{D_{KL}(P\|P)} = 1", r"\frac{D_{KL}(P\|Q)}{D_{KL}(P\|Q)} = 1",
                r"\frac{r(x,y)}{r(x,y)} = 1", r"\frac{H(P,P) - H(P)}{H(P,P) - H(P)} = 1"):
        rep = derive.check(f"$$ {tex} $$")
        assert rep.steps[0].verdict == "inconclusive", tex
        assert "denominator" in rep.steps[0].reason


def test_division_by_what_cannot_vanish_is_judged() -> None:
    assert verdicts(r"$$ \frac{\pi(y|x)}{\pi_{ref}(y|x)}\pi_{ref}(y|x) = \pi(y|x) $$") == ["proved"]
    assert verdicts(r"$$ \frac{1}{1+e^{-z}} = \sigma(z) $$") == ["proved"]


def test_a_false_step_with_a_vanishing_denominator_is_still_refuted() -> None:
    # log(w/rho) = log w / log rho is false where log rho != 0: refuted there
    assert verdicts(r"$$ \log\frac{w}{\rho} = \frac{\log w}{\log \rho} $$") == ["refuted"]


def test_a_one_point_table_is_a_distribution() -> None:
    # the parentheses of ``(1)`` are not kept by the reader: the name is then both the number
    # 1 and the one-point distribution, and each use reads the one its role needs
    for table in ("(1)", "(1.0)"):
        assert verdicts(f"Let $P := {table}$.\n$$ H(P) = 0 $$\n$$ P + 1 = 2 $$\n") == \
            ["proved", "proved"], table
    assert verdicts("Let $P := (1)$.\n$$ H(P) = \\log 2 $$\n") == ["refuted"]


def test_a_name_defined_as_a_number_is_not_read_as_a_distribution() -> None:
    rep = derive.check("Let $Q := 2$.\n$$ H(Q) = 0 $$\n")
    assert rep.verdict == "invalid"
    assert "Q is defined above as a number" in rep.errors[0].message
    assert (rep.errors[0].line, rep.errors[0].column) == (2, 6)


def test_a_redefinition_changes_the_role_of_a_name() -> None:
    text = ("Let $P := (0.5, 0.5)$.\n$$ H(P) \\approx 0.693 $$\n"
            "Let $P := 3$.\n$$ P = 3 $$\n$$ H(P) = 0 $$\n")
    rep = derive.check(text)
    assert [s.verdict for s in rep.steps][:2] == ["numeric_only", "proved"]
    assert any("defined above as a number" in e.message for e in rep.errors)


def test_bold_and_arrowed_names_are_vectors_and_never_read_as_numbers() -> None:
    # a least-squares derivation (hotaj_small_proofs.md) was refuted when w, X, y in bold were
    # read as scalars and X^T as a power
    text = ("$$\\mathbf{w} = (\\mathbf{X}^T\\mathbf{X})^{-1}\\mathbf{X}^T\\mathbf{y}$$\n\n"
            "$$\\vec{x} + 1 = 1 + \\vec{x}$$\n\n"
            "$$\\boldsymbol{\\theta} = \\boldsymbol{\\theta}$$\n")
    rep = derive.check(text)
    assert not rep.steps
    assert [(e.line, "vector or a matrix" in e.message) for e in rep.errors] == \
        [(1, True), (3, True), (5, True)]


def test_a_cancelled_term_that_is_undefined_is_not_accepted() -> None:
    # SymPy cancels D - D and 0·D while reading; with a zero mass in P, D(Q||P) is not a
    # finite number, so neither step may be accepted (they were "proved" before)
    tables = "Let $P := (0.5, 0.5, 0)$ and $Q := (0.25, 0.25, 0.5)$.\n"
    for tex in (r"D_{KL}(Q\|P) - D_{KL}(Q\|P) = 0", r"0 \cdot D_{KL}(Q\|P) = 0",
                r"D_{KL}(Q\|P) + 1 - D_{KL}(Q\|P) = 1"):
        rep = derive.check(f"{tables}\n$$ {tex} $$\n")
        assert rep.steps[0].verdict == "inconclusive", tex
        assert "cancels" in rep.steps[0].reason, tex


def test_a_cancelled_term_that_is_defined_keeps_the_proof() -> None:
    assert verdicts(r"$$ \beta\log Z(x) - \beta\log Z(x) + r(x,y) = r(x,y) $$") == ["proved"]
    assert verdicts(r"$$ D_{KL}(P\|Q) - D_{KL}(P\|Q) = 0 $$") == ["proved"]


def test_a_denominator_with_an_isolated_zero_no_sample_reaches_is_found() -> None:
    """x - 0.3 vanishes only at 3/10, which sampling never hits: (x-0.3)/(x-0.3) = 1 was
    proved (SymPy cancels it to 1 while reading); the zero is now looked for exactly."""
    from derive.checker import check_text

    for frac in ("\\frac{x - 0.3}{x - 0.3}", "\\frac{x - 2y - 0.37}{x - 2y - 0.37}",
                 "\\frac{x^3 - 2}{x^3 - 2}"):
        report = check_text(f"$$ {frac} = 1 $$\n", "md")
        assert [s.verdict for s in report.steps] == ["inconclusive"], frac
        assert "is zero" in report.steps[0].reason
    report = check_text("$$ \\frac{x^2 + 1}{x^2 + 1} = 1 $$\n", "md")
    assert [s.verdict for s in report.steps] == ["proved"]
