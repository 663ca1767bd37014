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
    r"\mathbb{E}_{q}\left[\log \frac{q}{p}\right] = D_{KL}(q \| p)",
    r"\mathbb{E}_{q_\theta}\left[\log \frac{q_\theta}{p}\right] = D_{KL}(q_\theta \| p)",
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
