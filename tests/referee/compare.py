"""Run derive's kernel on labelled statements and classify its verdicts against the labels.

* false accept: label ``false`` and status ``proved`` or ``numeric_only`` (the worst bug);
* false refute: label ``true`` and status ``refuted``;
* ``inconclusive`` is counted; an exception is neither an accept nor a refute (reported);
* ``unknown`` and ``broken`` labels are excluded from the two error counts.

The kernel is reached only through ``derive.kernel.decide`` and :func:`referee.bridge.to_derive`.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from derive.kernel import decide

from .bridge import to_derive
from .generate import Labelled

__all__ = ["Outcome", "run_one", "summarise", "ACCEPT"]

ACCEPT = ("proved", "numeric_only")


@dataclass
class Outcome:
    text: str
    label: str
    origin: str
    status: str  # a verdict status, or "exception"
    kind: str  # "false_accept" | "false_refute" | "ok" | "excluded"
    witness: Any = None
    latex: str = ""
    detail: str = ""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def run_one(item: Labelled, budget: float = 2.0) -> Outcome:
    """Decide one labelled statement with the kernel and classify the verdict."""
    start = time.monotonic()
    latex, detail = "", ""
    try:
        before, rel, after = to_derive(item.stmt)
        latex = f"{sp.latex(before)} {rel} {sp.latex(after)}"
        verdict = decide(before, rel, after, budget=budget)
        status = verdict.status
        ce = verdict.evidence.counterexample
        if ce is not None:
            detail = f"kernel counterexample: {ce}"
    except Exception as exc:  # an exception is neither an accept nor a refute
        status = "exception"
        detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"
    if item.label == "false" and status in ACCEPT:
        kind = "false_accept"
    elif item.label == "true" and status == "refuted":
        kind = "false_refute"
    elif item.label in ("true", "false"):
        kind = "ok"
    else:
        kind = "excluded"
    return Outcome(item.text, item.label, item.origin, status, kind, item.witness, latex,
                   detail, round(time.monotonic() - start, 4))


@dataclass
class Summary:
    total: int = 0
    labels: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    by_label_status: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        inc = self.statuses.get("inconclusive", 0)
        decided = self.labels["true"] + self.labels["false"]
        return [
            f"total statements      {self.total}",
            "labels                " + ", ".join(f"{k}={v}" for k, v in
                                                 sorted(self.labels.items())),
            f"false accepts         {self.kinds['false_accept']}",
            f"false refutes         {self.kinds['false_refute']}",
            f"inconclusive          {inc} ({100 * inc / max(self.total, 1):.1f}%)",
            f"exceptions            {self.statuses.get('exception', 0)}",
            "verdict mix           " + ", ".join(f"{k}={v}"
                                                 for k, v in sorted(self.statuses.items())),
            "label x status        " + ", ".join(f"{k[0]}/{k[1]}={v}" for k, v in
                                                 sorted(self.by_label_status.items())),
            f"labelled true/false   {decided}",
        ]


def summarise(outcomes: list[Outcome]) -> Summary:
    s = Summary(total=len(outcomes))
    for o in outcomes:
        s.labels[o.label] += 1
        s.kinds[o.kind] += 1
        s.statuses[o.status] += 1
        s.by_label_status[(o.label, o.status)] += 1
    return s
