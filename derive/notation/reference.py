"""The notation reference: what the grammar reads, with examples (the docs page is generated
from this list, and a test parses and translates every example, so the page cannot drift).

>>> all(len(row) == 3 for row in EXAMPLES)
True
"""

from __future__ import annotations

__all__ = ["EXAMPLES", "SECTIONS"]

#: (section, LaTeX as a student writes it, how derive reads it)
EXAMPLES: list[tuple[str, str, str]] = [
    ("Information theory", r"D_{KL}(P\|Q)", "KL divergence of P from Q; the direction is kept"),
    ("Information theory", r"D_{\mathrm{KL}}(P \parallel Q)", "the same KL divergence"),
    ("Information theory", r"\mathrm{KL}(P||Q)", "the same KL divergence"),
    ("Information theory", r"H(P)", "entropy of the distribution P"),
    ("Information theory", r"H(P,Q)", "cross-entropy of Q relative to P (P, Q distributions)"),
    ("Information theory", r"H(X,Y)", "joint entropy of the random variables X, Y"),
    ("Information theory", r"H(X|Y)", "conditional entropy"),
    ("Information theory", r"I(X;Y)", "mutual information of X and Y under the joint p(x, y)"),
    ("Information theory", r"\sum_x P(x)\log\frac{P(x)}{Q(x)}",
     "a sum over the support of x; paren-less \\log takes one factor"),
    ("Information theory", r"\sum_{x\in\mathcal{X}} P(x)\log P(x)", "a sum over a named support"),
    ("Information theory", r"\mathbb{E}_{x\sim P}\left[\log\frac{P(x)}{Q(x)}\right]",
     "expectation under P"),
    ("Information theory", r"\log_2 P(x)", "base-2 logarithm (\\log and \\ln are natural)"),
    ("Policies and rewards", r"\pi_\theta(y|x)", "the trained policy at answer y given prompt x"),
    ("Policies and rewards", r"\pi_{\text{ref}}(y \mid x)", "the reference policy"),
    ("Policies and rewards", r"\pi^*(y|x)",
     "the optimal policy π_ref(y|x) exp(r(x,y)/β) / Z(x) unless defined otherwise"),
    ("Policies and rewards", r"\mathbb{E}_{y\sim\pi_\theta(\cdot|x)}[r(x,y)]",
     "expected reward under the policy"),
    ("Policies and rewards", r"D_{KL}(\pi\|\pi_{ref})",
     "per-prompt KL of the policy from the reference (the prompt x is implicit)"),
    ("Policies and rewards", r"Z(x)", "the partition function Σ_y π_ref(y|x) exp(r(x,y)/β)"),
    ("Policies and rewards", r"\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)}",
     "an implicit reward (β > 0)"),
    ("Policies and rewards", r"r_\phi(x,y)", "the reward"),
    ("Preferences and losses", r"\sigma(z)", "the logistic sigmoid 1/(1 + e^{-z})"),
    ("Preferences and losses", r"p(y_w \succ y_l | x)",
     "the Bradley–Terry probability that y_w is preferred"),
    ("Preferences and losses",
     r"-\log\sigma\left(\beta\log\frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - "
     r"\beta\log\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)}\right)",
     "the DPO loss on one preference pair"),
    ("Preferences and losses", r"\frac{\pi_{ref}(y|x)}{\pi_\theta(y|x)} - "
     r"\log\frac{\pi_{ref}(y|x)}{\pi_\theta(y|x)} - 1", "Schulman's k3 estimator"),
    ("Optimization", r"\arg\max_\pi \mathbb{E}_{y\sim\pi}[r(x,y)] - \beta D_{KL}(\pi\|\pi_{ref})",
     "arg max / arg min apply to the rest of their side of the relation"),
    ("Optimization", r"\arg\min_{\pi} D_{KL}(\pi\|\pi^*)", "optimizer over the policy π"),
    ("Definitions and numbers", r"Z(x) := \sum_y \pi_{ref}(y|x)\exp(r(x,y)/\beta)",
     "a local definition (also \\coloneqq, \\triangleq); not a step"),
    ("Definitions and numbers", r"P := (0.9, 0.1)", "a concrete distribution on two points"),
    ("Definitions and numbers", r"e^{-z}", "the exponential"),
    ("Definitions and numbers", r"\frac{1}{1+e^{z}}", "fractions: \\frac, \\tfrac, \\dfrac"),
]

SECTIONS: list[str] = list(dict.fromkeys(section for section, _, _ in EXAMPLES))
