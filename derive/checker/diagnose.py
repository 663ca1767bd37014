"""Name the likely mistake behind a refuted step by testing hypotheses with the kernel.

Each hypothesis rewrites the *claimed* right side (undoing a typical mistake); if the kernel then
accepts the step, the mistake is named with a stable code.
"""

from __future__ import annotations

import sympy as sp

from ..definitions import KL, Entropy, Expectation, SupportSum, unfold_all
from ..definitions import STANDARD as S
from ..definitions.optimization import ArgOpt
from ..kernel import decide, float_screen_fails
from ..kernel.normal_form import depends_on, normal_form
from ..records import Diagnosis

__all__ = ["diagnose", "CODES"]

CODES: dict[str, str] = {
    "kl_direction_swapped": "The KL divergence has its arguments in the wrong order: "
                            "D(P||Q) is an expectation under the first argument.",
    "kl_assumed_symmetric": "KL divergence is not symmetric: D(P||Q) != D(Q||P) in general.",
    "sign_error": "A sign is wrong: the step holds with the opposite sign.",
    "inequality_reversed": "The inequality points the wrong way.",
    "beta_misplaced": "beta is misplaced: the optimal policy uses exp(r/beta), not exp(beta r) "
                      "(and beta multiplies the log-ratio).",
    "missing_beta": "A factor beta (or 1/beta) was dropped.",
    "partition_missing_reference": "The partition function must weight each answer by the "
                                   "reference policy: Z(x) = sum_y pi_ref(y|x) exp(r(x,y)/beta).",
    "dropped_dependent_term": "A term that depends on the optimization variable was dropped; "
                              "only terms constant in it may be dropped inside arg max/arg min.",
    "entropy_sign": "The entropy enters with the wrong sign: D(P||Q) = H(P,Q) - H(P).",
    "log_misuse": "The logarithm was misapplied: log(a+b) != log a + log b and "
                  "log(a/b) = log a - log b.",
    "log_expectation_swapped": "log and expectation do not commute: log E[X] >= E[log X] "
                               "(Jensen), with equality only for constants.",
    "bradley_terry_order": "Bradley-Terry preference order is reversed: "
                           "p(y_w > y_l) = sigma(r(y_w) - r(y_l)).",
    "unknown": "This step does not follow from the previous one (see the counterexample).",
}


def _ok(before, rel, after, ctx, kw) -> bool:
    """Does the kernel accept the repaired step? Candidates float64 already sees fail clearly
    are skipped without asking it (most hypotheses are wrong, and a full decision is dear)."""
    try:
        if not kw and float_screen_fails(before, rel, after, ctx):
            return False
        return decide(before, rel, after, ctx, budget=1.0, **kw).accepted
    except Exception:
        return False


def _swap_kl(e: sp.Expr) -> sp.Expr:
    return e.replace(lambda n: isinstance(n, KL),
                     lambda n: KL(n.args[1], n.args[0], *n.args[2:]))


def _hypotheses(before, rel, after):
    """(code, before', rel', after') candidates, in order of specificity."""
    out = []
    both = before.atoms(KL) | after.atoms(KL)
    if both:
        out.append(("kl_direction_swapped", before, rel, _swap_kl(after)))
        out.append(("kl_direction_swapped", _swap_kl(before), rel, after))
    if before.has(S.BT):
        out.append(("bradley_terry_order", before.replace(
            lambda n: isinstance(n, S.BT), lambda n: S.BT(n.args[0], n.args[2], n.args[1])),
            rel, after))
    if after.has(S.BT):
        out.append(("bradley_terry_order", before, rel, after.replace(
            lambda n: isinstance(n, S.BT), lambda n: S.BT(n.args[0], n.args[2], n.args[1]))))
    if after.has(sp.exp) or before.has(sp.exp):
        b = S.beta
        sw = after.replace(lambda n: isinstance(n, sp.exp),
                           lambda n: sp.exp(n.args[0] / b**2) if n.args[0].has(b) and
                           not n.args[0].has(1 / b) else sp.exp(n.args[0] * b**2))
        out.append(("beta_misplaced", before, rel, sw))
        if not after.has(b):
            out.append(("missing_beta", before, rel, after.replace(
                lambda n: isinstance(n, sp.exp), lambda n: sp.exp(n.args[0] / b))))
    if not after.has(S.pi_ref) and (before.has(S.Z) or after.has(sp.exp)):
        out.append(("partition_missing_reference", before, rel, after.replace(
            lambda n: isinstance(n, SupportSum),
            lambda n: SupportSum(S.pi_ref(n.variables[0], S.x) * n.body, *n.bindings))))
    if after.atoms(Entropy):
        out.append(("entropy_sign", before, rel, after.replace(
            lambda n: isinstance(n, Entropy), lambda n: -n)))
    if rel in ("<=", ">=", "<", ">"):
        flip = {"<=": ">=", ">=": "<=", "<": ">", ">": "<"}[rel]
        out.append(("inequality_reversed", before, flip, after))
    if rel == "=" and after.has(sp.log):
        if any(isinstance(l.args[0], Expectation) for l in after.atoms(sp.log)) or \
                any(isinstance(l.args[0], Expectation) for l in before.atoms(sp.log)):
            out.append(("log_expectation_swapped", before, ">=", after))
            out.append(("log_expectation_swapped", before, "<=", after))
    if rel == "=":
        out.append(("sign_error", before, rel, -after))
        if not isinstance(after, ArgOpt):
            out.append(("missing_beta", before, rel, after * S.beta))
            out.append(("missing_beta", before, rel, after / S.beta))
    return out


def _structural(before, rel, after) -> str | None:
    """Codes recognized from the shape of the step alone."""
    if isinstance(before, ArgOpt) and isinstance(after, ArgOpt) and \
            before.family == after.family:
        fam = before.family
        a, b = normal_form(before.objective), normal_form(after.objective)
        if before.kind != after.kind and not depends_on(sp.expand(a + b), fam):
            return "sign_error"  # arg max F = arg max (-F): the objective's sign flipped
        if depends_on(sp.expand(a - b), fam):
            return "dropped_dependent_term"
    if before.has(S.Z) and not after.has(S.pi_ref) and isinstance(after, SupportSum):
        return "partition_missing_reference"
    if rel == "=" and before.atoms(KL) and after.atoms(KL) and before.atoms(KL) != after.atoms(KL) \
            and {_swap_kl(k) for k in before.atoms(KL)} == after.atoms(KL) and \
            not after.free_symbols - before.free_symbols and sp.Add.make_args(before) == \
            tuple(before.atoms(KL)):
        return "kl_assumed_symmetric"
    if any(isinstance(l.args[0], Expectation) for l in after.atoms(sp.log) | before.atoms(sp.log)):
        return "log_expectation_swapped"
    return None


def _has_log_of_quotient(e: sp.Expr) -> bool:
    """Does ``e`` (unfolded) take the log of a quotient, where a minus sign belongs?"""
    return any(isinstance(l.args[0], sp.Mul) and any(
        isinstance(f, sp.Pow) and f.exp.is_negative for f in l.args[0].args)
        for l in unfold_all(e).atoms(sp.log))


def _log_repairs(before: sp.Expr, after: sp.Expr) -> list[sp.Expr]:
    """Right sides with a typical log mistake undone: a split log of a sum put back together,
    a quotient of logs turned back into a difference."""
    out = []
    for l in before.atoms(sp.log):
        if isinstance(l.args[0], sp.Add):
            split = sp.Add(*(sp.log(t) for t in l.args[0].args))
            repaired = after.subs(split, l)
            if repaired != after:
                out.append(repaired)

    def quotient_of_logs(n: sp.Basic) -> bool:
        return isinstance(n, sp.Mul) and any(isinstance(f, sp.Pow) and f.exp == -1 and
                                             isinstance(f.base, sp.log) for f in n.args)

    def difference(n: sp.Mul) -> sp.Expr:
        num, den = sp.fraction(n)
        return num - den if isinstance(den, sp.log) else n
    if after.has(sp.log):
        repaired = after.replace(quotient_of_logs, difference)
        if repaired != after:
            out.append(repaired)
    return out


def _term_flips(after: sp.Expr) -> list[tuple[sp.Expr, sp.Expr]]:
    """``(term, right side with that one term's sign flipped)`` for a sum of a few terms."""
    terms = sp.Add.make_args(after)
    if not 1 < len(terms) <= 8:
        return []
    return [(t, after - 2 * t) for t in terms]


def diagnose(before, rel, after, ctx, kw) -> Diagnosis:
    """The likely mistake behind the refuted step ``before rel after`` (``unknown`` if none)."""
    s = _structural(before, rel, after)
    if s == "kl_assumed_symmetric":
        return Diagnosis(s, CODES[s])
    if s in ("dropped_dependent_term", "partition_missing_reference", "log_expectation_swapped"):
        return Diagnosis(s, CODES[s])
    if s == "sign_error":
        return Diagnosis(s, CODES[s])
    for code, b, r, a in _hypotheses(before, rel, after):
        kw2 = dict(kw) if r == rel else {}
        if code == "log_expectation_swapped":
            kw2 = {}
        if _ok(b, r, a, ctx, kw2):
            return Diagnosis(code, CODES[code])
    if rel == "=":
        for repaired in _log_repairs(before, after):
            if _ok(before, rel, repaired, ctx, kw):
                return Diagnosis("log_misuse", CODES["log_misuse"])
        for term, flipped in _term_flips(after):
            if _ok(before, rel, flipped, ctx, kw):
                code = "log_misuse" if term.has(sp.log) and _has_log_of_quotient(before) \
                    else "sign_error"
                return Diagnosis(code, CODES[code])
    return Diagnosis("unknown", CODES["unknown"])
