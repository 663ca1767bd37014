"""Cold ``derive verify`` wall time against ``python -c "import sympy"`` in the same run.

Run: ``python benchmarks/bench_verify.py [--runs N] [NAME ...]``. Prints the median of each,
``derive verify`` both in one process (``--jobs 1``) and with its default worker per CPU core,
and their ratios to ``import sympy`` (the aim is ≤ 2×). Uses the ``derive`` installed in this
interpreter's environment.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _time(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("names", nargs="*", help="derivations (all when none)")
    args = ap.parse_args()
    baseline = _time([sys.executable, "-c", "import sympy"], args.runs)
    derive = [sys.executable, "-c", "from derive.cli import main; main()", "verify",
              *args.names]
    serial = _time([*derive, "--jobs", "1"], args.runs)
    parallel = _time(derive, args.runs)
    what = " ".join(args.names) or "(whole library)"
    print(f"python -c 'import sympy'   median {baseline:.3f} s")
    print(f"derive verify --jobs 1 {what}: median {serial:.3f} s "
          f"({serial / baseline:.2f}x import sympy)")
    print(f"derive verify (one worker per core) {what}: median {parallel:.3f} s "
          f"({parallel / baseline:.2f}x import sympy; aim <= 2x)")


if __name__ == "__main__":
    main()
