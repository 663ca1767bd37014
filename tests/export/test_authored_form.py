"""The library prints in the author's form (issue 13): term order, optimizers as functions,
and a terminal view without raw macros."""

from __future__ import annotations

import pytest
from test_library import RECORDS

from derive.textview import render_derivation

pytestmark = pytest.mark.skipif(not RECORDS, reason="derive.library not available")


def test_optimal_policy_reads_like_the_paper() -> None:
    rec = RECORDS["optimal_policy"]
    assert rec.start == (r"\arg\max_{\pi} \mathbb{E}_{y \sim \pi(\cdot \mid x)}\left[r(x, y)\right]"
                         r" - \beta D_{\mathrm{KL}}(\pi(\cdot \mid x) \,\|\, "
                         r"\pi_{\mathrm{ref}}(\cdot \mid x))")
    assert rec.steps[3].after == (
        r"\arg\min_{\pi} \mathbb{E}_{y \sim \pi(\cdot \mid x)}\left[\log \frac{\pi(y \mid x)}"
        r"{\frac{1}{Z(x)} \pi_{\mathrm{ref}}(y \mid x) e^{r(x, y)/\beta}} - \log Z(x)\right]")
    assert rec.steps[-1].after == r"\pi^{*}(\cdot \mid x)"
    assert rec.conclusion.endswith(r"= \pi^{*}(\cdot \mid x)")


def test_dpo_from_rlhf_reads_like_the_paper() -> None:
    rec = RECORDS["dpo_from_rlhf"]
    assert rec.steps[0].after == r"\sigma\left(r(x, y_{w}) - r(x, y_{l})\right)"
    assert rec.steps[2].after.startswith(
        r"\sigma\left(\beta \log \frac{\pi^{*}(y_{w} \mid x)}{\pi_{\mathrm{ref}}(y_{w} \mid x)}"
        r" - \beta")


def test_kl_cross_entropy_reads_like_the_paper() -> None:
    rec = RECORDS["kl_cross_entropy"]
    assert [s.after for s in rec.steps][-1] == "H(P, Q) - H(P)"
    assert rec.steps[2].after == (r"\sum_{x} P(x) \log P(x) - \sum_{x} P(x) \log Q(x)")


@pytest.mark.parametrize("name", sorted(RECORDS) or ["none"])
def test_terminal_view_has_no_raw_macros(name: str) -> None:
    text = render_derivation(RECORDS[name])
    assert "\\" not in text, [ln for ln in text.splitlines() if "\\" in ln][:3]


def test_the_terminal_view_keeps_a_macro_apart_from_upright_text() -> None:
    from derive.textview import latex_to_text

    # \mathrm{b} right after \cdot once glued into the unknown macro \cdotb ("acdotb")
    assert latex_to_text(r"\mathrm{a}\cdot\mathrm{b}") == "a·b"
    assert latex_to_text(r"\operatorname{clip}(r, 1-\epsilon, 1+\epsilon)") == \
        "clip(r, 1-ε, 1+ε)"
