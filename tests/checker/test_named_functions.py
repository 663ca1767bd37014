"""The field's functions written by name (derive.checker.named_functions) and an optimizer's
result written as a policy with a placeholder, ``\\arg\\min_\\pi ... = \\pi^*(\\cdot|x)``."""

from __future__ import annotations

import pytest

from derive.checker import check_text


@pytest.mark.parametrize("k,body,holds", [
    ("k_1", r"-\log w", True),
    ("k_2", r"\frac{1}{2}(\log w)^2", True),
    ("k_3", r"w - 1 - \log w", True),
    ("k_3", r"w + 1 - \log w", False),
    ("k_1", r"\log w", False),
])
def test_schulman_estimators_by_name(k: str, body: str, holds: bool) -> None:
    report = check_text(f"$${k}(w) = {body}$$", "md")
    assert report.errors == ()
    assert [s.verdict for s in report.steps] == ["proved" if holds else "refuted"]


def test_an_unknown_k_stays_unknown() -> None:
    report = check_text(r"$$k_4(w) = w$$", "md")
    assert report.steps == () and "unknown function k" in report.errors[0].message


def test_the_dpo_loss_of_one_pair_by_name() -> None:
    right = (r"$$\mathcal{L}_{\mathrm{DPO}}(x, y_w, y_l) = -\log\sigma\left(\beta\log"
             r"\frac{\pi_\theta(y_w|x)}{\pi_{\mathrm{ref}}(y_w|x)} - \beta\log"
             r"\frac{\pi_\theta(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}\right)$$")
    assert [s.verdict for s in check_text(right, "md").steps] == ["proved"]
    swapped = right.replace("(y_w|x)}{", "(y_l|x)}{", 1)
    assert [s.verdict for s in check_text(swapped, "md").steps] == ["refuted"]


def test_an_optimizer_equal_to_a_policy_with_a_placeholder() -> None:
    text = (r"$$\arg\min_{\pi} D_{\mathrm{KL}}(\pi(\cdot \mid x) \,\|\, \pi^{*}(\cdot \mid x))"
            r" = \pi^{*}(\cdot \mid x)$$")
    report = check_text(text, "md")
    assert report.errors == () and [s.verdict for s in report.steps] == ["proved"]
    wrong = text.replace(r"= \pi^{*}(\cdot \mid x)$$", r"= \pi_{\mathrm{ref}}(\cdot \mid x)$$")
    assert [s.verdict for s in check_text(wrong, "md").steps] == ["refuted"]


def test_a_placeholder_policy_elsewhere_is_still_not_a_value() -> None:
    report = check_text(r"$$\pi^{*}(\cdot \mid x) = 1$$", "md")
    assert report.steps == () and report.errors


def test_an_estimator_of_a_sample_is_not_read_as_of_a_ratio() -> None:
    # xihuai's blog: "Let r(x) = p(x)/q(x) ... k_2(x) = (log r)^2 / 2" -- x is the sample
    report = check_text(r"$$k_2(x) = \frac{1}{2}(\log r)^2$$", "md")
    assert report.steps == ()
    assert "of a sample is not read" in report.errors[0].message


LOSS = r"""The per-example loss is:
$$\mathcal{L}(\theta) = - \log \left( \sigma \left( r_{\theta}(y_c \mid x)
- r_{\theta}(y_r \mid x) \right) \right)$$

An equivalent form:
$$\mathcal{L}(\theta) = \log \left( 1 + e^{r_{\theta}(y_r \mid x)
- r_{\theta}(y_c \mid x)} \right)$$
"""


def test_a_function_the_document_introduces_unfolds_in_later_claims() -> None:
    report = check_text(LOSS, "md")
    assert report.errors == ()
    assert [(s.line, s.verdict) for s in report.steps] == [(6, "proved")]
    assert report.steps[0].lhs == r"\mathcal{L}\left(\theta\right)"
    wrong = LOSS.replace("e^{r_{\\theta}(y_r", "e^{-r_{\\theta}(y_r")
    assert [(s.line, s.verdict) for s in check_text(wrong, "md").steps] == [(6, "refuted")]


def test_an_unspecified_function_proves_what_holds_for_every_function() -> None:
    text = (r"$$\mathbb{E}_{x \sim P}[f(x)] = \sum_x Q(x) \frac{P(x)}{Q(x)} f(x)$$" "\n\n"
            r"$$\sum_x P(x) f(x) = \sum_x Q(x) f(x)$$")
    report = check_text(text, "md")
    assert [(s.line, s.verdict) for s in report.steps] == [(1, "proved")]
    # false for some f, but the prose might say what f is: unsupported, never refuted
    assert [e.line for e in report.errors] == [3]
    assert "unsupported" in report.errors[0].message


def test_pmfs_subscripted_by_their_random_variables() -> None:
    text = (r"$$H(X|Y) = -\sum_{y}\sum_{x} P_{XY}(x,y) \log\frac{P_{XY}(x,y)}{P_Y(y)}"
            r" = H(X,Y) - H(Y) = H(X, Y) - H(X)$$")
    report = check_text(text, "md")
    assert report.errors == ()
    assert [s.verdict for s in report.steps] == ["proved", "proved", "refuted"]


def test_an_expectation_subscript_without_its_distribution_is_not_a_number() -> None:
    report = check_text(r"$$I(X, Y) = E_{x} E_{y} p(x, y)$$", "md")
    assert report.steps == () and "E_{x} is not read as a number" in report.errors[0].message
