"""A policy written without its prompt is never silently read at one prompt beside an average
over prompts (the RLHF book's KL(π_θ‖π_⋆) = E_{x∼D, y∼π_θ}[…] means the averaged KL)."""

from derive.checker import check_text


def test_bare_policy_beside_an_expectation_over_prompts_is_unsupported():
    text = (r"$$D_{KL}(\pi_\theta \| \pi_{ref}) = \mathbb{E}_{x\sim\mathcal{D}}"
            r"[D_{KL}(\pi_\theta(\cdot|x) \| \pi_{ref}(\cdot|x))]$$")
    report = check_text(text, "md")
    assert not report.steps
    assert any("without its prompt" in e.message and e.line == 1 for e in report.errors)


def test_bare_policy_alone_is_read_at_the_prompt():
    report = check_text(r"$$D_{KL}(\pi_\theta \| \pi_{ref}) \ge 0$$", "md")
    assert [s.verdict for s in report.steps] == ["proved"]
    written_out = check_text(r"$$\mathbb{E}_{x\sim\mathcal{D}}[D_{KL}(\pi_\theta(\cdot|x) \| "
                             r"\pi_{ref}(\cdot|x))] \ge 0$$", "md")
    assert [s.verdict for s in written_out.steps][0] in ("proved", "numeric_only")


def test_the_optimization_variable_is_not_a_bare_policy_in_a_kl():
    text = (r"$$\arg\max_\pi \mathbb{E}_{x\sim D}\left[\mathbb{E}_{y\sim\pi(\cdot|x)}[r(x,y)]"
            r" - \beta D_{KL}(\pi(\cdot|x)\|\pi_{ref}(\cdot|x))\right] = \pi^*(y|x)$$")
    report = check_text(text, "md")
    assert not report.errors
    assert [s.verdict for s in report.steps][0] in ("proved", "numeric_only")
