"""``A \\neq B`` steps: judged under the strongest reading, never the convenient one.

``D(p\\|q) \\neq D(q\\|p)`` in prose means "not equal in general"; ``\\sigma(z) \\neq 0`` means "for
every z".  A single instance where the sides differ shows the first and not the second, so the
step is accepted only when the kernel shows the sides differ on *every* instance
(``(A - B)^2 > 0``), refuted only when it proves them identically equal, and otherwise
``inconclusive`` with the reason (they differ somewhere and agree elsewhere).

>>> from derive.checker import check_text
>>> [s.verdict for s in check_text(r"$$\\sigma(z) \\neq 0$$", "md").steps]
['proved']
>>> [s.verdict for s in check_text(r"$$\\sigma(-z) \\neq 1 - \\sigma(z)$$", "md").steps]
['refuted']
>>> [s.verdict for s in check_text(r"$$D_{KL}(P\\|Q) \\neq D_{KL}(Q\\|P)$$", "md").steps]
['inconclusive']
"""

from __future__ import annotations

import sympy as sp

from ..kernel import decide
from ..records import INCONCLUSIVE, PROVED, REFUTED, CheckedStep
from .translate import Translator

__all__ = ["judge_not_equal"]


def judge_not_equal(tr: Translator, step, before: sp.Expr, after: sp.Expr, lhs_tex: str,
                    rhs_tex: str, budget: float = 2.0) -> CheckedStep:
    """Judge ``before \\neq after`` (``step`` gives the index and position)."""

    def checked(verdict: str, reason: str) -> CheckedStep:
        return CheckedStep(index=step.index, line=step.line, relation="!=", lhs=lhs_tex,
                           rhs=rhs_tex, verdict=verdict, reason=reason)

    from .check import _real_root

    root = _real_root(sp.expand(before - after), tr.context)
    if root is not None:  # an isolated zero no sample lands on (x \neq 0.3)
        return checked(REFUTED, f"the sides are equal {root}")
    apart = decide((before - after) ** 2, ">", 0, tr.context, budget=budget)
    if apart.accepted:
        from .check import undefined_reason

        undefined = undefined_reason(tr, budget)
        if undefined is not None:
            return checked(INCONCLUSIVE, undefined)
        how = f" ({apart.evidence.strategy})" if apart.evidence.strategy else ""
        return checked(apart.status, f"the sides differ on every instance{how}; "
                                     f"{apart.evidence.samples} numeric samples agree")
    same = decide(before, "=", after, tr.context, budget=budget)
    if same.status == PROVED:
        return checked(REFUTED, "the sides are equal on every instance (proved "
                                f"{same.evidence.strategy or ''}), so they are never different")
    if same.status == REFUTED:
        return checked(INCONCLUSIVE, "the sides differ on some instances and are equal on "
                                     "others: 'not equal in general' holds, 'different "
                                     "everywhere' does not; which is meant is not read")
    return checked(INCONCLUSIVE, "; ".join(same.evidence.notes) or "could not decide")
