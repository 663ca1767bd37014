"""The notation reference: what the grammar reads, with examples (the docs page is generated
from these lists, and tests parse and translate every example, check that every unsupported one
is refused, and read every document example, so the page cannot drift).

>>> all(len(row) == 3 for row in EXAMPLES + UNSUPPORTED)
True
"""

from __future__ import annotations

__all__ = ["DOCUMENTS", "EXAMPLES", "SECTIONS", "UNSUPPORTED"]

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
    ("Definitions and numbers", r"P := (0.5, 0.5, 0)",
     "a distribution with a zero mass: H and KL follow 0 log 0 = 0 (xlogy)"),
    ("Definitions and numbers", r"\infty",
     "+∞ as a whole side of a step: D_{KL}(Q\\|P) = \\infty where Q(x) > 0 = P(x)"),
    ("Definitions and numbers", r"e^{-z}", "the exponential"),
    ("Definitions and numbers", r"\frac{1}{1+e^{z}}", "fractions: \\frac, \\tfrac, \\dfrac"),
]

EXAMPLES += [
    ("Information theory", r"D(P\|Q)", "KL divergence written with a bare D (also D(P||Q))"),
    ("Information theory", r"\mathcal{D}_{\text{KL}}(P\|Q)", "the same KL divergence"),
    ("Information theory", r"\mathrm{KL}[q, p]",
     "KL of q from p; lowercase p is the marginal p(x) of the joint, q its own distribution"),
    ("Information theory", r"\log_b x",
     "logarithm to base b: log x / log b exactly (also \\log_{10})"),
    ("Information theory", r"\log\sum_x P(x)", "a paren-less \\log of a sum takes the sum"),
    ("Policies and rewards", r"\pi_\star(y|x)", "the optimal policy (also \\pi^\\star, \\pi^*)"),
    ("Policies and rewards", r"\pi^{\text{SFT}}(y|x)",
     "the reference policy (a word in a superscript is a label, not a power)"),
    ("Policies and rewards", r"r_\theta(x,y)",
     "the document's reward; a second reward name in the same document is refused"),
    ("Definitions and numbers", r"\sqrt3", "square root of one digit (\\sqrt{34} needs braces)"),
    ("Definitions and numbers", r"\sin z + \cos z + \tan z", "trigonometric functions"),
    ("Definitions and numbers", r"\vert z \vert", "absolute value (also |z|, \\left| z \\right|)"),
    ("Definitions and numbers", r"\boxed{\underbrace{a + b}_{\text{sum}}}",
     "presentation wrappers are dropped: \\boxed, \\underbrace, \\overbrace, \\color"),
    ("Definitions and numbers", "σ(−z) + β·z", "Unicode math: ‖ Σ π β σ ≤ ≥ · − and others"),
    ("Definitions and numbers", r"u \equiv \log z", "\\equiv introduces a definition, like :="),
    ("Definitions and numbers", "log z + exp(z)",
     "log, ln, exp, sin, cos, tan, tanh, max, min written without a backslash are the functions"),
    ("Information theory", r"I(X, Y)", "mutual information written with a comma"),
    ("Information theory", r"p(y|x)",
     "the conditional p(x, y)/p(x) where the document writes the joint p(x, y), otherwise a "
     "conditional distribution of its own; P(x, y) makes P the joint the same way"),
]

EXAMPLES += [
    ("Information theory", r"H(X \mid Y = y)",
     "the entropy of X under p(x|y) at the value y (an event Y = y behind the bar); p(X = x) "
     "is the pmf at x"),
    ("Information theory", r"D_{KL}(q_\theta \| p)",
     "p and q with a parameter subscript (q_θ, p_1, p_{data}) are distributions of their own"),
    ("Information theory", r"\mathbb{E}_{q}\left[\log \frac{q}{p}\right]",
     "inside an expectation over one outcome a distribution written alone is its mass there: "
     "D_KL(q‖p)"),
]

EXAMPLES += [
    ("Preferences and losses", r"P(y_1 > y_2 \mid x)",
     "the Bradley–Terry probability written with > between two responses"),
    ("Policies and rewards", r"r_\theta(y \mid x)", "the reward r(x, y) written given the prompt"),
    ("Preferences and losses", r"k_3(w)",
     "Schulman's estimators k_1, k_2, k_3 of a ratio w, by name"),
    ("Preferences and losses", r"\mathcal{L}_{\mathrm{DPO}}(x, y_w, y_l)",
     "the DPO loss of the policy π_θ on one preference pair, by name"),
    ("Preferences and losses", r"\mathcal{L}_{\text{DPO}}(\pi_\theta;\pi_{\text{ref}})",
     "DPO's loss over the preference dataset \\mathcal{D}, with its policies as arguments"),
    ("Preferences and losses",
     r"\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[r(x,y_w) - r(x,y_l)]",
     "a mean over a dataset of records (x, y_w, y_l): a dataset is a distribution over records"),
    ("Information theory", r"E_{x \sim P} [\log p(x)]",
     "an expectation written with a plain E and a sampling subscript"),
    ("Information theory", r"\mathrm{CE}(P, Q)", "the cross-entropy H(P, Q), by name"),
    ("Information theory", r"P_{XY}(x, y) + P_X(x) + p_Y(y)",
     "the joint and its marginals with the random variables as subscript (also p_{X,Y})"),
    ("Indexed families", r"\frac{1}{G}\sum_{i=1}^{G} r_i",
     "a sum over the index range {1, ..., G} (G >= 1, its size wherever G is written); r_i "
     "any real at each index"),
    ("Indexed families", r"-\sum_{i=1}^{n} p_i \log p_i",
     "p_i (also q_i, P_i, Q_i) a distribution on {1, ..., n}: the entropy of p"),
    ("Indexed families", r"-\sum_i p_i \log p_i",
     "a sum without limits (over i, j, k or n): over p_i (q_i, P_i, Q_i) it ranges over a "
     "finite index range of any size, the one range of every such sum of the document, and "
     "H(p), H(p,q), D(p\\|q) beside it are of that same p; over r_i it runs to the one size "
     "letter the document writes (G, n or N)"),
    ("Indexed families", r"\sum_{i=1}^{G}\sum_{j \neq i} r_j",
     "every index of i's range but i (once a sum has given i its range)"),
    ("Indexed families", r"\sum_{i=1}^{G}\sum_{t=1}^{L} J_{i,t}",
     "a double index: J_{i,t} any reals on {1..G} x {1..L}"),
    ("Definitions and numbers", r"f(x) + g(y)",
     "an unspecified real function of an outcome: a step is proved only if it holds for every "
     "such function; if it fails for one, it is unsupported (the prose may say what f is)"),
]

#: (section, LaTeX, why it is reported as unsupported at its line:column, never guessed)
UNSUPPORTED: list[tuple[str, str, str]] = [
    ("Calculus", r"\frac{d^2}{dt^2}\log(1+e^{t})", "higher derivatives"),
    ("Calculus", r"\nabla_\theta \log\pi_\theta(y|x)",
     "a derivative of a distribution, reward or expectation (\\pi_\\theta(y|x) does not show "
     "how it depends on \\theta: write it through logits or log-probabilities)"),
    ("Calculus", r"\nabla_\theta \log\frac{e^{\theta_1}}{e^{\theta_1}+e^{\theta_2}}",
     "a derivative in a name the operand does not contain (\\theta beside its components)"),
    ("Calculus", r"\frac{d}{d\log t} t", "a derivative with respect to an expression"),
    ("Calculus", r"\frac{d}{dt} t \cdot t",
     "an operator followed by \\cdot or / after its operand (enclose one or the other)"),
    ("Calculus", r"f(t)\, dt", "a differential outside a derivative (never read as d·t)"),
    ("Calculus", r"\int_0^1 x", "integrals"),
    ("Calculus", r"\lim_{x \to -\infty} e^{x}", "a limit at -\\infty"),
    ("Calculus", r"\lim_{\beta \to b} \beta", "a limit at a point that is not a number"),
    ("Calculus", r"\lim \beta", "a limit without its subscript"),
    ("Calculus", r"\frac{1}{\infty}",
     "infinity inside an expression (\\infty is read only as a whole side of a step)"),
    ("Calculus", r"\left. x^2 \right|_{x=0}", "evaluation bars"),
    ("Indexed families", r"\sum_i a_i",
     "a letter other than p, q, P, Q (a distribution) or r, A, J (any reals) indexed by a sum "
     "(its values may be constrained in prose; never a free number a_i)"),
    ("Indexed families", r"\sum_i r_i",
     "a sum over reals without limits where the document names no size (G, n, N) for its "
     "range: write \\sum_{i=1}^{G}"),
    ("Indexed families", r"\sum_{i=0}^{G} r_i", "indexed sums from another lower limit than 1"),
    ("Indexed families", r"\sum_{t=1}^{|o_i|} r_t",
     "sums up to a length |o_i| (ragged answers are definitions of derive.definitions.groups)"),
    ("Indexed families", r"\sum_{i=1}^{G} \hat{A}_i",
     "an accented indexed quantity the document does not define"),
    ("Indexed families", r"\sum_{i=1}^{G} r_{i+1}", "a subscript that computes an index"),
    ("Indexed families", r"\sum_a 1", "a sum whose support cannot be told"),
    ("Words and statements", "softmax(z)",
     "a word written as letters side by side (never s·o·f·t·m·a·x)"),
    ("Words and statements", r"a \implies b", "implications and equivalences between statements"),
    ("Words and statements", r"\Pr(A)", "probabilities of events"),
    ("Words and statements", r"E(-\log P(x))", "an expectation written E(...) (write \\mathbb{E})"),
    ("Words and statements", r"P(-\log P(x))", "a distribution applied to an expression"),
    ("Words and statements", r"\text{LHS} = \text{RHS}",
     "a word that the document did not define (never a free symbol)"),
    ("Mixed meanings", r"H(X) - \sum_x P(x)\log P(x)",
     "H(X) of the joint p(x,y) beside another distribution P in one step"),
    ("Mixed meanings", r"\log\left|\mathcal{X}\right|", "the size of a support"),
    ("Mixed meanings", r"\max_\pi \mathbb{E}_{y\sim\pi}[r(x,y)]",
     "an optimal value on its own (it is read only as \\max_\\pi F = \\max_\\pi G or "
     "= \\min_\\pi G; write \\arg\\max_\\pi for the optimizer)"),
    ("Mixed meanings",
     r"\mathbb{E}_{(x,y_w,y_l)\sim\mathcal{D}}[\log p(y_w \succ y_l \mid x)]",
     "a plain preference probability averaged over a dataset: whose model (the true reward's "
     "or a policy's implicit reward) is not written (write p^* or the sigmoid)"),
    ("Words and statements", r"P(X > 0)",
     "an event inside a probability or a condition (X > 0, Y = y); > is read only between "
     "responses"),
    ("Indexed families", r"H(X_1, \dots, X_n)", "a family of n random variables"),
    ("Words and statements", r"k_1(x)",
     "an estimator written at a sample x, whose ratio is not written"),
    ("Words and statements", r"\lceil x \rceil", "rounding (ceiling, floor)"),
    ("Words and statements", r"E_{x} E_{y} p(x, y)",
     "an expectation written E_x without its distribution (never a free number E_x)"),
]

#: (shape, kind, document, number of claimed steps read): each is read by a test
DOCUMENTS: list[tuple[str, str, str, int]] = [
    ("Markdown, one display per step; a display beginning with `=` continues the chain", "md",
     "We start from\n$$a + a = 2a$$\nand then\n$$= a \\cdot 2$$ {#eq:two}\n", 2),
    ("`aligned` inside `$$`, `& {} \\geq`, `&\\quad=`, `\\intertext`, `\\label`, `\\tag`, "
     "a trailing `,` or `.`", "md",
     "$$\\begin{aligned} a + a & {} = 2a, \\label{eq:a} \\\\ \\intertext{so} &\\quad= a \\cdot 2 "
     "\\nonumber \\\\ & \\geq 2a - 1. \\tag{1}\\end{aligned}$$", 3),
    ("preamble macros: `\\newcommand` (with arguments and defaults), `\\def`, "
     "`\\DeclareMathOperator`", "tex",
     "\\newcommand{\\KL}[2]{D_{KL}(#1\\|#2)}\n\\[ \\KL{P}{Q} \\ge 0 \\]", 1),
    ("inline math is context unless asserted; after if/suppose/let/assume/where/for/with "
     "it is a given", "md", "If $a = b$ then $b = a$. For example $x = 1$. We have $a = a$.", 1),
    ("`.ipynb` notebooks: the Markdown cells, each line where it stands in the file", "ipynb",
     '{"cells": [{"cell_type": "markdown", "source": ["$$a + a = 2a$$"]}]}', 1),
    ("an equation that introduces a name (`u = ...`, after let/define or on first use) is a "
     "definition; later equations about the name are checked as consequences", "md",
     "Let $u = \\log z$. Then\n$$e^{u} = z$$", 1),
    ("a display that begins with a relation goes on from the display before, even a given",
     "md", "where\n$$r = \\beta\\log z + c$$\nhence\n$$= c + \\beta\\log z$$", 1),
    ("a function the document introduces (`\\mathcal{L}(\\theta) = ...`) unfolds in later "
     "claims; a display that only names an expression (`consider $$E$$`) is where a following "
     "`$$= ...$$` starts", "md",
     "The loss is\n\n$$\\mathcal{L}(\\theta) = -\\log\\sigma(\\theta)$$\n\nso\n\n"
     "$$\\mathcal{L}(\\theta) = \\log(1 + e^{-\\theta})$$\n\nconsider\n\n$$ a + a $$\n\n"
     "$$ = 2a $$", 2),
    ("theorem and proof environments", "tex",
     "\\begin{theorem}$a=a$\\end{theorem}\\begin{proof}\\[a + a = 2a\\]\\end{proof}", 1),
    ("statements on one line: `A \\implies B` (A a given, B claimed; a line that begins with "
     "`\\implies` is a new claim), `A \\iff B` (both givens), `A, \\quad B` (B a condition), "
     "`\\text{ with equality if ... }` (a note)", "md",
     "$$a + a = 2a \\implies 2a - a = a$$\n\n$$\\implies a = a, \\quad a = 1$$\n\n"
     "$$a \\geq a \\text{ with equality iff } a = 1$$", 3),
    ("a condition after the math (`$$...$$ at the start of training`) makes it a given", "md",
     "so that\n\n$$a = 1$$\n\nat the start of training, and $$a + a = 2a$$", 1),
    ("MathJax 2 `<script type=\"math/tex; mode=display\">` elements (and inline `math/tex`)",
     "md", "<script type=\"math/tex; mode=display\">a + a = 2a</script>", 1),
    ("optimal values `\\max_\\pi F = \\max_\\pi G` (accepted when F = G) and "
     "`\\max_\\pi F = \\min_\\pi G` (the same optimizer is diagnosed, never a value)", "md",
     "$$\\max_\\pi \\mathbb{E}_{y\\sim\\pi}[r(x,y)] = \\min_\\pi "
     "-\\mathbb{E}_{y\\sim\\pi}[r(x,y)]$$", 1),
]

EXAMPLES += [
    ("Calculus", r"\frac{d}{dt}\log(1+e^{t})",
     "the derivative in t of the factors written after the operator, up to the next + - "
     "\\cdot / (also \\frac{\\mathrm d}{\\mathrm dt}, \\dfrac)"),
    ("Calculus", r"\frac{\partial}{\partial\theta_1}\log\frac{e^{\theta_1}}"
     r"{e^{\theta_1}+e^{\theta_2}}",
     "a partial derivative: the other names are held fixed (here a log-softmax)"),
    ("Calculus", r"\frac{\partial (z^2 h)}{\partial z}",
     "the operand written in the numerator is the whole operand"),
    ("Calculus", r"\nabla_\theta \log\sigma(\beta\theta)",
     "the gradient in a scalar parameter (also \\partial_\\theta)"),
    ("Calculus", r"\lim_{\beta\to\infty} \pi^*(y|x)",
     "a limit (also \\rightarrow, \\limits); its body is the following term, as for a sum; "
     "decided by the kernel's algebra of limits and SymPy, never from sampled values alone"),
    ("Calculus", r"\lim_{\epsilon \to 0^{+}} \min(\rho A, \mathrm{clip}(\rho, 1-\epsilon, "
     r"1+\epsilon) A)", "a limit from one side (0^+, 0^{+}, 0^-)"),
]

EXAMPLES += [
    ("Definitions and numbers", r"\bar{z} + \hat{\beta} + \tilde{z}_1 + \underline{z}",
     "an accented name is a number of its own: \\bar{z} is neither z nor \\hat{z} (also "
     "\\dot, \\ddot, \\check, \\breve, \\overline = \\bar, \\widehat = \\hat, "
     "\\underline over one name)"),
    ("Definitions and numbers", r"z' + y'", "a primed name is another variable"),
    ("Information theory", r"\tilde{P}(x)",
     "an accented capital is a distribution of its own, never P"),
    ("Policies and rewards", r"\hat{r}(x,y) := \beta\log\frac{\pi(y|x)}{\pi_{ref}(y|x)}",
     "an accented function the document defines is a function of its own (never r)"),
]

UNSUPPORTED += [
    ("Mixed meanings", r"\hat{\sigma}(z)",
     "an accented name whose letter has a standard meaning (σ, π, r, Z, D_KL, H, I, E, e), "
     "unless the document defines it: never read as the unaccented one"),
    ("Information theory", r"\hat{D}_{KL}(P\|Q)", "an accented divergence"),
    ("Calculus", r"\sigma'(z)",
     "a derivative written with a prime (write \\frac{d}{dz}\\sigma(z)); P'(x), "
     "\\pi'(y|x) are other distributions, z' another variable"),
    ("Calculus", r"\sigma^2(z)",
     "a superscript between a function and its argument (a power is written "
     "\\sigma(z)^2; an inverse \\sigma^{-1} is not read)"),
    ("Preferences and losses", r"p_\theta(y_w \succ y_l \mid x)",
     "a preference probability other than p, p^*, P, \\mathbb{P} (whose model it is, is not "
     "written)"),
    ("Mixed meanings", r"\sigma^*(z)",
     "the sigmoid with a sub- or superscript (\\sigma^*, \\sigma_1): another function"),
]

DOCUMENTS += [
    ("breqn's `dmath`, `dmath*` (and `dgroup` through them) and empheq's "
     "`\\begin{empheq}{align}`; IEEEeqnarray, xalignat, numcases and mathpar are not read "
     "and reported at their line", "tex",
     "\\begin{dmath}[label={eq:a}]\na + a = 2a\n\\end{dmath}\n"
     "\\begin{empheq}[box=\\fbox]{align}\nb &= b\n\\end{empheq}\n", 2),
    ("a fenced `math` block (GitHub, GitLab) is a display", "md",
     "```math\na + a = 2a\n```\n", 1),
]

SECTIONS: list[str] = list(dict.fromkeys(section for section, _, _ in EXAMPLES))
