"""Lowercase distributions with a parameter subscript (``q_\\theta``, ``p_1``,
``p_{\\text{data}}``) are distributions of their own, and a name the document uses as a
distribution is never read as a free number elsewhere (``\\mathbb{E}_q[\\log \\frac{q}{p}]``
was refuted with ``q`` and ``p`` as numbers)."""

from __future__ import annotations

import pytest

from derive.checker import check_text


def _verdicts(math: str) -> list[str]:
    return [s.verdict for s in check_text(f"$${math}$$\n", "md").steps]


@pytest.mark.parametrize("math,verdict", [
    (r"D_{KL}(q_\theta \| p) = \mathbb{E}_{x \sim q_\theta}\left[\log "
     r"\frac{q_\theta(x)}{p(x)}\right]", "proved"),
    (r"D_{KL}(q_\theta \| p) = \mathbb{E}_{x \sim q_\theta}\left[\log "
     r"\frac{p(x)}{q_\theta(x)}\right]", "refuted"),
    (r"D_{KL}(q_1 \| q_1) = 0", "proved"),
    (r"H(q_1) = H(q_2)", "refuted"),
    (r"\sum_x p_{\text{data}}(x) = 1", "proved"),
    (r"\sum_x p_\theta(x)^2 = 1", "refuted"),
])
def test_a_subscripted_lowercase_distribution_is_read(math: str, verdict: str) -> None:
    assert _verdicts(math) == [verdict]


@pytest.mark.parametrize("math", [
    r"D_{KL}(q \| p) = \log \frac{q}{p}",
    r"D_{KL}(q_\theta \| p) = \log \frac{q_\theta}{p}",
])
def test_a_distribution_alone_is_not_a_number(math: str) -> None:
    report = check_text(f"$${math}$$\n", "md")
    assert not report.steps
    assert "is a distribution in this document" in report.errors[0].message


def test_a_product_written_like_a_call_is_not_a_distribution() -> None:
    """``p_1 \\, (1 - p_2)`` beside ``p(x)``: p_1 stays the Bernoulli parameter it is."""
    text = "$$\\sum_x p(x) = 1$$\n\n$$p_1 (1 - p_2) = p_1 - p_1 p_2$$\n"
    report = check_text(text, "md")
    assert all("is a distribution in this document" not in e.message for e in report.errors)


@pytest.mark.parametrize("math,verdict", [
    # a distribution written alone inside an expectation over one outcome is its mass there
    (r"\mathbb{E}_{q}\left[\log \frac{q}{p}\right] = D_{KL}(q \| p)", "proved"),
    (r"\mathbb{E}_{q}\left[\log \frac{p}{q}\right] = D_{KL}(q \| p)", "refuted"),
    (r"\mathbb{E}_{x \sim Q}\left[\log \frac{Q}{P}\right] = D_{KL}(Q \| P)", "proved"),
    (r"\mathbb{E}_{x \sim Q}\left[\log \frac{P}{Q}\right] = D_{KL}(Q \| P)", "refuted"),
    (r"\mathbb{E}_{y\sim\pi(\cdot|x)}\left[\log\frac{\pi}{\pi_{ref}}\right] = "
     r"D_{KL}(\pi(\cdot|x) \| \pi_{ref}(\cdot|x))", "proved"),
    (r"\mathbb{E}_{y\sim\pi(\cdot|x)}\left[\log\frac{\pi_{ref}}{\pi}\right] = "
     r"D_{KL}(\pi(\cdot|x) \| \pi_{ref}(\cdot|x))", "refuted"),
    (r"\mathbb{E}_{q_\theta}\left[\frac{p}{q_\theta} - 1 - \log\frac{p}{q_\theta}\right] = "
     r"D_{KL}(q_\theta \| p)", "numeric_only"),
])
def test_the_shorthand_inside_an_expectation_is_read(math: str, verdict: str) -> None:
    assert _verdicts(math) == [verdict]


def test_a_distribution_alone_outside_an_expectation_is_still_not_a_number() -> None:
    report = check_text("$$Q + \\mathbb{E}_{x \\sim Q}[1] = 2$$\n", "md")
    assert not report.steps and "needs an argument" in report.errors[0].message


@pytest.mark.parametrize("math", [
    r"\mathbb{E}_{x \sim q}[k_1] = \mathbb{E}_{x \sim q}\left[\log \frac{q(x)}{p(x)}\right]",
    r"\mathbb{E}_{x \sim q}[k] = D_{KL}(q \| p)",
])
def test_a_bare_name_under_an_expectation_is_not_refuted_as_a_constant(math: str) -> None:
    """``k_1`` means a quantity of the outcome the text defined elsewhere; as a constant the
    step is false, so it is withheld (unsupported), never refuted."""
    report = check_text(f"$${math}$$\n", "md")
    assert not report.steps
    assert "over an outcome it does not mention" in report.errors[0].message


def test_a_constant_under_an_expectation_that_holds_is_still_proved() -> None:
    assert _verdicts(r"\mathbb{E}_{x \sim q}[c] = c") in (["proved"], ["numeric_only"])
