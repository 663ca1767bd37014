"""Hand-built records shared by the export tests (no kernel needed)."""

from __future__ import annotations

import os
import shutil

import pytest

from derive.records import (
    INCONCLUSIVE,
    NUMERIC_ONLY,
    PROVED,
    REFUTED,
    CheckedStep,
    CheckReport,
    Counterexample,
    DerivationRecord,
    Diagnosis,
    Evidence,
    InputError,
    StepRecord,
)

NF = Evidence(strategy="normal_form", samples=64, max_discrepancy=0.0)


def kl_cross_entropy() -> DerivationRecord:
    """KL divergence = cross-entropy - entropy; every step proved."""
    start = r"D_{\mathrm{KL}}(P \,\|\, Q)"
    a1 = r"\sum_{x} P(x) \log{\left(\frac{P(x)}{Q(x)} \right)}"
    a2 = r"\sum_{x} P(x) \left(\log{\left(P(x) \right)} - \log{\left(Q(x) \right)}\right)"
    a3 = r"\sum_{x} P(x) \log{\left(P(x) \right)} - \sum_{x} P(x) \log{\left(Q(x) \right)}"
    a4 = r"H(P, Q) - H(P)"
    steps = (
        StepRecord(
            1, "=", start, a1, "unfold_kl", "By definition of the KL divergence.", PROVED, NF
        ),
        StepRecord(
            2,
            "=",
            a1,
            a2,
            "log_of_quotient",
            r"Log of a quotient: $\log(a/b)=\log a-\log b$ for $a,b>0$.",
            PROVED,
            NF,
        ),
        StepRecord(3, "=", a2, a3, "linearity_of_sum", "Linearity of the sum.", PROVED, NF),
        StepRecord(
            4,
            "=",
            a3,
            a4,
            "fold_entropy",
            "Fold the definitions of cross-entropy and entropy.",
            PROVED,
            NF,
        ),
    )
    return DerivationRecord(
        name="kl_cross_entropy",
        title="KL divergence is cross-entropy minus entropy",
        conclusion=r"D_{\mathrm{KL}}(P \,\|\, Q) = H(P, Q) - H(P)",
        assumptions=(r"P(x) > 0", r"Q(x) > 0", r"\sum_{x} P(x) = 1"),
        start=start,
        steps=steps,
    )


def rlhf_gibbs() -> DerivationRecord:
    """The KL-regularised RLHF objective is bounded by beta log Z; one numeric-only step."""
    pi = r"\pi(y \mid x)"
    ref = r"\pi_{\mathrm{ref}}(y \mid x)"
    start = (
        r"\mathbb{E}_{y \sim \pi(\cdot \mid x)}\left[r(x, y)\right] - \beta "
        r"D_{\mathrm{KL}}\left(\pi(\cdot \mid x) \,\|\, \pi_{\mathrm{ref}}(\cdot \mid x)\right)"
    )
    a1 = (
        rf"\sum_{{y}} {pi} r(x, y) - \beta \sum_{{y}} {pi} "
        rf"\log{{\left(\frac{{{pi}}}{{{ref}}} \right)}}"
    )
    a2 = (
        rf"- \beta \sum_{{y}} {pi} \log{{\left(\frac{{{pi}}}{{\frac{{1}}{{Z(x)}} {ref} "
        rf"e^{{\frac{{r(x, y)}}{{\beta}}}}}} \right)}} + \beta \log{{\left(Z(x) \right)}}"
    )
    a3 = r"\beta \log{\left(Z(x) \right)}"
    numeric = Evidence(
        strategy=None,
        samples=200,
        max_discrepancy=3.2e-15,
        notes=("no symbolic strategy closed the step within the time budget",),
    )
    steps = (
        StepRecord(
            1,
            "=",
            start,
            a1,
            "unfold_expectation",
            r"Expectation over a finite support; definition of $D_{\mathrm{KL}}$.",
            PROVED,
            Evidence("normal_form", 64, 0.0, side_conditions=(r"\beta > 0",)),
        ),
        StepRecord(
            2,
            "=",
            a1,
            a2,
            "complete_gibbs",
            r"Multiply and divide by $Z(x)=\sum_{y} \pi_{\mathrm{ref}}(y \mid x) "
            r"e^{r(x,y)/\beta}$ and collect the logarithms.",
            NUMERIC_ONLY,
            numeric,
        ),
        StepRecord(
            3,
            "<=",
            a2,
            a3,
            "kl_nonnegative",
            r"Gibbs' inequality: the first term is $-\beta D_{\mathrm{KL}}(\pi \,\|\, "
            r"\pi^{*}) \le 0$.",
            PROVED,
            Evidence("kl_nonnegativity", 64, 0.0),
        ),
    )
    return DerivationRecord(
        name="rlhf_gibbs_bound",
        title="The RLHF objective is at most $\\beta \\log Z(x)$",
        conclusion=start + r" \le \beta \log{\left(Z(x) \right)}",
        assumptions=(
            r"\beta > 0",
            ref + " > 0",
            r"Z(x) = \sum_{y} \pi_{\mathrm{ref}}(y \mid x) e^{r(x, y) / \beta}",
            r"$y$ ranges over a finite support, so $Z(x)$ is a finite sum",
        ),
        start=start,
        steps=steps,
        description="The optimum of the KL-regularised objective is the Gibbs policy.",
    )


def dpo_argmax() -> DerivationRecord:
    """Optimizer equivalence with arg max, sigma, clip and a step of nasty text; 6 steps."""
    obj = (
        r"\arg\max_{\pi} \mathbb{E}_{y \sim \pi(\cdot \mid x)}\left[r(x, y)\right] - \beta "
        r"D_{\mathrm{KL}}\left(\pi(\cdot \mid x) \,\|\, \pi_{\mathrm{ref}}(\cdot \mid x)\right)"
    )
    a1 = (
        r"\arg\max_{\pi} - D_{\mathrm{KL}}\left(\pi(\cdot \mid x) \,\|\, "
        r"\frac{1}{Z(x)} \pi_{\mathrm{ref}}(\cdot \mid x) e^{r(x, \cdot) / \beta}\right)"
    )
    a2 = r"\frac{\pi_{\mathrm{ref}}(y \mid x) e^{r(x, y) / \beta}}{Z(x)}"
    a3 = (
        r"\sigma\left(\beta \log{\left(\frac{\pi^{*}(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)}"
        r" \right)} - \beta \log{\left(\frac{\pi^{*}(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}"
        r" \right)}\right)"
    )
    a4 = r"\sigma\left(r(x, y_w) - r(x, y_l)\right)"
    a5 = r"\operatorname{clip}\left(\sigma\left(r(x, y_w) - r(x, y_l)\right), 0, 1\right)"
    a6 = a5
    ev = Evidence("argopt_gibbs", 32, 0.0)
    steps = (
        StepRecord(
            1,
            "argopt",
            obj,
            a1,
            "gibbs_variational",
            r"Divide by $\beta > 0$ and add $\log Z(x)$, which does not depend on $\pi$.",
            PROVED,
            ev,
        ),
        StepRecord(
            2,
            "=",
            a1,
            a2,
            "kl_zero_iff_equal",
            r"$D_{\mathrm{KL}}(p \,\|\, q) = 0$ iff $p = q$.",
            PROVED,
            ev,
        ),
        StepRecord(
            3,
            "=",
            a2,
            a3,
            "bradley_terry",
            "Bradley-Terry: substitute the reward implied by the optimal policy.",
            INCONCLUSIVE,
            Evidence(None, 0, None, notes=("time budget hit",)),
        ),
        StepRecord(
            4,
            "=",
            a3,
            a4,
            "cancel_log_partition",
            "The $\\beta \\log Z(x)$ terms cancel.",
            PROVED,
            ev,
        ),
        StepRecord(
            5,
            "=",
            a4,
            a5,
            "clip_identity",
            r"Specials in prose: 100% sure_thing & #1 ~ ^ {braces} \backslash, "
            r"cost \$5, a<b>c|d, unicode β ≤ 1 — fine.",
            PROVED,
            ev,
        ),
        StepRecord(6, "approx", a5, a6, "reflexivity", "", PROVED, ev),
    )
    return DerivationRecord(
        name="dpo_argmax",
        title="DPO: from the RLHF objective to a preference likelihood",
        conclusion=obj + " = " + a2,
        assumptions=(r"\beta > 0",),
        start=obj,
        steps=steps,
    )


def student_report() -> CheckReport:
    """A student's KL expansion with a sign error on line 4."""
    cx = Counterexample(
        assignment={"P": [0.25, 0.75], "Q": [0.5, 0.5], r"\beta": 0.5},
        lhs=0.130812035941137,
        rhs=-0.130812035941137,
        detail="Both sides evaluated with natural logarithms.",
    )
    steps = (
        CheckedStep(
            1,
            2,
            "=",
            r"D_{\mathrm{KL}}(P \,\|\, Q)",
            r"\sum_{x} P(x) \log{\left(\frac{P(x)}{Q(x)} \right)}",
            PROVED,
            "Definition of the KL divergence.",
        ),
        CheckedStep(
            2,
            4,
            "=",
            r"\sum_{x} P(x) \log{\left(\frac{P(x)}{Q(x)} \right)}",
            r"\sum_{x} P(x) \log{\left(Q(x) \right)} - \sum_{x} P(x) "
            r"\log{\left(P(x) \right)}",
            REFUTED,
            "The two sides differ on a concrete instance.",
            cx,
            Diagnosis(
                "sign_flip",
                r"The terms are swapped: $\log(a/b) = \log a - \log b$, "
                r"not $\log b - \log a$.",
            ),
        ),
        CheckedStep(
            3,
            6,
            ">=",
            r"\sum_{x} P(x) \log{\left(Q(x) \right)} - \sum_{x} P(x) "
            r"\log{\left(P(x) \right)}",
            "0",
            INCONCLUSIVE,
            "Not checked: an earlier step is wrong.",
        ),
        CheckedStep(
            4,
            7,
            "=",
            r"H(P, Q) - H(P)",
            r"- \sum_{x} P(x) \log{\left(Q(x) \right)} "
            r"+ \sum_{x} P(x) \log{\left(P(x) \right)}",
            NUMERIC_ONLY,
            "Agrees on 200 random instances; not proved symbolically.",
        ),
    )
    return CheckReport(
        file="hw3_kl_50%_#2.txt",
        steps=steps,
        errors=(InputError(9, 3, "unexpected token '}' after \\log"),),
    )


DERIVATIONS = {
    "kl": kl_cross_entropy,
    "rlhf": rlhf_gibbs,
    "dpo": dpo_argmax,
}


@pytest.fixture
def kl_record() -> DerivationRecord:
    return kl_cross_entropy()


@pytest.fixture
def rlhf_record() -> DerivationRecord:
    return rlhf_gibbs()


@pytest.fixture(params=sorted(DERIVATIONS))
def any_record(request: pytest.FixtureRequest) -> DerivationRecord:
    return DERIVATIONS[request.param]()


@pytest.fixture
def report() -> CheckReport:
    return student_report()


def require_tool(name: str) -> str:
    """Path of an external tool; skip when missing, but fail when CI=true."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is required in CI but was not found on PATH")
    pytest.skip(f"{name} not installed")
