"""Soak derive's kernel with referee-labelled statements and report every disagreement.

    python benchmarks/soak_referee.py --n 10000 --seed 0 --jobs 2 --out results.json

Statements come from ``tests/referee`` (true templates of the field and their near-miss
mutants, labelled by an independent brute-force referee). Work is split into chunks of
``--chunk`` statements, each generated from its own seed and decided with
``decide(..., budget=2.0)`` in a worker process; duplicates across chunks are dropped. Printed:
totals, labels, false accepts, false refutes, inconclusive, exceptions, verdict mix, time. The
JSON holds the summary and every disagreement (text, LaTeX, kernel status, referee witness).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from referee.compare import Outcome, run_one, summarise  # noqa: E402
from referee.generate import generate  # noqa: E402
from referee.templates import (  # noqa: E402
    CONVENTION_TEMPLATES,
    DATASET_TEMPLATES,
    DERIVATIVE_TEMPLATES,
    GROUP_TEMPLATES,
    LIMIT_TEMPLATES,
    TEMPLATES,
)

#: --templates: which part of the catalogue to draw from
FAMILIES = {"all": TEMPLATES, "derivatives": DERIVATIVE_TEMPLATES,
            "conventions": CONVENTION_TEMPLATES, "limits": LIMIT_TEMPLATES,
            "groups": GROUP_TEMPLATES, "datasets": DATASET_TEMPLATES}


def _catalogue(names: str) -> list | None:
    """The templates of a family (``limits``, ``groups``, …) or of named lists of
    ``referee.templates`` (``ZERO_MASS_TEMPLATES``, comma-separated)."""
    if names in FAMILIES:
        return FAMILIES[names]
    from referee import templates
    return [t for name in names.split(",") for t in getattr(templates, name.strip())]


def _count(keys: Any) -> dict[str, int]:
    """How many times each key occurs, most frequent first."""
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def _chunk(args: tuple[int, int, float, int, str]) -> list[dict[str, Any]]:
    seed, size, budget, cap, names = args
    return [run_one(item, budget).as_dict()
            for item in generate(size, seed=seed, cap=cap, templates=_catalogue(names))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=50)
    ap.add_argument("--budget", type=float, default=2.0)
    ap.add_argument("--cap", type=int, default=160, help="referee instances per statement")
    ap.add_argument("--templates", "--only", default="all",
                    help=f"a part of the template catalogue ({', '.join(sorted(FAMILIES))}; "
                         "groups: GRPO/RLOO) or comma-separated lists of referee.templates "
                         "(e.g. ZERO_MASS_TEMPLATES)")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    start = time.monotonic()
    seen: set[str] = set()
    outcomes: list[Outcome] = []
    next_chunk, done = 0, 0
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        while len(outcomes) < args.n:  # duplicates across chunks are dropped: top up
            missing = args.n - len(outcomes)
            batch = max(args.jobs, -(-missing * 3 // (2 * args.chunk)))
            work = [(args.seed * 1_000_003 + k, args.chunk, args.budget, args.cap,
                     args.templates)
                    for k in range(next_chunk, next_chunk + batch)]
            next_chunk += batch
            for rows in pool.imap_unordered(_chunk, work):
                done += 1
                for row in rows:
                    if row["text"] not in seen and len(outcomes) < args.n:
                        seen.add(row["text"])
                        outcomes.append(Outcome(**row))
                if done % 20 == 0:
                    print(f"  {done} chunks, {len(outcomes)} statements, "
                          f"{time.monotonic() - start:.0f}s", flush=True)
    elapsed = time.monotonic() - start
    summary = summarise(outcomes)
    lines = summary.lines() + [f"time                  {elapsed:.1f}s"]
    print("\n".join(lines))
    bad = [o for o in outcomes if o.kind in ("false_accept", "false_refute")]
    broken = [o for o in outcomes if o.label == "broken"]
    for o in bad[:25]:
        print(f"[{o.kind}] {o.status}: {o.text}")
    if args.out is not None:
        args.out.write_text(json.dumps({
            "summary": lines,
            "disagreements": [o.as_dict() for o in bad],
            "broken_templates": [o.as_dict() for o in broken],
            "exceptions": [o.as_dict() for o in outcomes if o.status == "exception"],
            # what the next person needs to bring the inconclusive share down: by template
            "inconclusive_by_origin": _count(o.origin.split(" / ")[0] for o in outcomes
                                             if o.status == "inconclusive"),
            "inconclusive": [o.as_dict() for o in outcomes if o.status == "inconclusive"],
        }, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
