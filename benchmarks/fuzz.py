"""Fuzz soak: generated and mutated submissions through the checker API, in killable workers.

Usage::

    python benchmarks/fuzz.py                 # 10,000 inputs, 2 workers, seed 0
    python benchmarks/fuzz.py -n 3000 --jobs 2 --budget 1.0 --cli-every 50

Each input is a small document (``.tex``, ``.md`` or ``.txt``) built from this field's
notation by a grammar, then (for most inputs) mutated: characters deleted, duplicated or
swapped, hostile fragments spliced in (deep nesting, huge powers and numbers, long runs of
spaces, unbalanced braces, TeX primitives, non-ASCII). Every input is checked by
``derive.checker.check_text`` in a worker process with a hard wall-clock limit of
``budget × (relations in the input) + 1 s``: an input that used more CPU time than that is
a hang (CPU time, so that a loaded machine does not make hangs; the wall-clock overruns are
counted apart), and a worker still running at ten times the limit is killed (also a hang).

Reported: crashes (an exception escaped the API, or an error line that is not one line with
line >= 1 and column >= 1), hangs (killed past the limit), peak resident memory of any
worker, and wrong exit codes: every ``--cli-every``-th input is also run through the
``derive check`` command, whose exit code must match the API's verdict (0 correct, 1
incorrect/unverified, 2 invalid) with no traceback. Exit status 1 if anything was found.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ATOMS = [
    "P(x)", "Q(x)", r"\pi(y|x)", r"\pi_{ref}(y|x)", r"\pi_\theta(y|x)", r"\pi^*(y|x)", "r(x,y)",
    r"\beta", "Z(x)", "a", "b", "z", "2", "1", "0.5", r"\frac{1}{2}", "e", r"\epsilon",
    r"D_{KL}(P\|Q)", r"D_{\mathrm{KL}}(P \parallel Q)", "H(P)", "H(P,Q)",
    r"\mathbb{E}_{x\sim P}[\log Q(x)]",
    r"\sigma(z)", r"\log Z(x)", r"\hat{A}_{i,t}", r"\mathrm{clip}(r, 1-\epsilon, 1+\epsilon)",
]
UNARY = [r"\log({})", r"\exp({})", r"\sigma({})", "-{}", "({})", r"\sum_x {}", r"\frac{{{}}}{{2}}",
         r"\sum_{{x\in\mathcal{{X}}}} {}", "{}^2", r"\left( {} \right)", r"\min({}, 1)"]
BINARY = ["{} + {}", "{} - {}", r"{} \cdot {}", r"\frac{{{}}}{{{}}}", "{}^{{{}}}", "{} {}",
          r"\log \frac{{{}}}{{{}}}"]
RELATIONS = ["=", "=", "=", r"\le", r"\ge", r"\propto", r"\approx", "<", r"\neq"]
HOSTILE = [
    r"\input{/etc/passwd}", r"\text{\write18{ls}}", "^^5c", "{", "}", "\\", "$", "%", "&",
    "(" * 300, r"\frac{1}{" * 200, r"\log " * 300, "10^{10^{10}}", "9^{9^{9}}", "1e5000",
    r"a \approx 1e400", " " * 20000, "\u00e9\u03c0\u2211", "\x00", "\\[", "\\]", "$$",
    " + ".join(["a"] * 600), r"\exp(\exp(\exp(\exp(\exp(x)))))", "0^{-1}", r"\log 0",
    r"\begin{align}", r"\end{document}", "<script>alert(1)</script>", "`", "\n\n",
]
RELATION_WORDS = ("=", r"\le", r"\ge", "<", ">", r"\propto", r"\approx", r"\neq", "\\leq",
                  "\\geq")


def expression(rng: random.Random, depth: int = 0) -> str:
    """A random expression in the field's notation."""
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        return rng.choice(ATOMS)
    if roll < 0.6:
        return rng.choice(UNARY).format(expression(rng, depth + 1))
    return rng.choice(BINARY).format(expression(rng, depth + 1), expression(rng, depth + 1))


def document(rng: random.Random) -> tuple[str, str]:
    """A random submission (text, kind): a few displays, each a short relation chain."""
    kind = rng.choice(["tex", "md", "txt"])
    parts = []
    for _ in range(rng.randint(1, 2)):
        chain = [expression(rng)]
        for _ in range(rng.randint(1, 2)):
            chain += [rng.choice(RELATIONS), expression(rng)]
        math = " ".join(chain)
        if kind == "tex":
            parts.append(rng.choice([f"\\[ {math} \\]", f"$$ {math} $$",
                                     f"\\begin{{align*}} {math} \\end{{align*}}"]))
        else:
            parts.append(f"$$ {math} $$")
        parts.append(rng.choice(["Hence", "Let $\\beta > 0$.", "so", "", "We have"]))
    return "\n\n".join(parts) + "\n", kind


def mutate(rng: random.Random, text: str) -> str:
    """``text`` with a few random edits (deletions, duplications, swaps, hostile splices)."""
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        if not chars:
            break
        i = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.25:
            del chars[i:i + rng.randint(1, 5)]
        elif op < 0.45:
            chars[i:i] = chars[i:i + rng.randint(1, 8)]
        elif op < 0.6:
            j = rng.randrange(len(chars))
            chars[i], chars[j] = chars[j], chars[i]
        else:
            chars[i:i] = list(rng.choice(HOSTILE))
    return "".join(chars)


def inputs(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` deterministic inputs: a quarter generated as is, the rest mutated."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        text, kind = document(rng)
        out.append((text if k % 4 == 0 else mutate(rng, text), kind))
    return out


def allowed_seconds(text: str, budget: float) -> float:
    """The limit for one input: the budget per relation it could hold, plus one second.

    An input past it is a hang; the worker is killed at four times it (plus 5 s).
    """
    relations = sum(text.count(r) for r in RELATION_WORDS)
    return budget * max(1, relations) + 1.0


# ------------------------------------------------------------------------------- the workers
def _worker(conn, budget: float) -> None:  # noqa: ANN001
    from derive.checker import check_text

    check_text("$$a + a = 2a$$", "md", budget=budget)  # warm up: grammar tables, caches
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        text, kind = job
        start, cpu = time.perf_counter(), time.process_time()
        try:
            report = check_text(text, kind, "fuzz." + kind, budget=budget)
            problems = [f"bad error line {e.line}:{e.column}: {e.message!r}" for e in report.errors
                        if e.line < 1 or e.column < 1 or "\n" in e.message]
            result = {"verdict": report.verdict, "problems": problems}
        except BaseException as exc:  # noqa: BLE001 - a crash is what the soak looks for
            result = {"verdict": None, "problems": [f"{type(exc).__name__}: {str(exc)[:200]}"]}
        result["seconds"] = time.perf_counter() - start
        result["cpu_seconds"] = time.process_time() - cpu
        result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send(result)


class Worker:
    """One checker process that can be killed when an input runs past its limit."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self._start()

    def _start(self) -> None:
        self.conn, child = mp.Pipe()
        self.proc = mp.get_context("fork").Process(target=_worker, args=(child, self.budget),
                                                   daemon=True)
        self.proc.start()
        self.conn.recv()  # "ready": start-up time is not charged to an input

    def run(self, text: str, kind: str, limit: float) -> dict | None:
        """The worker's result, or ``None`` when it was killed past ``limit`` seconds."""
        self.conn.send((text, kind))
        if self.conn.poll(limit):
            try:
                return self.conn.recv()
            except EOFError:
                pass
        self.proc.kill()
        self.proc.join()
        self._start()
        return None

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(5)


def _cli_exit_code(text: str, kind: str, budget: float) -> tuple[int | None, str]:
    """The exit code and stderr of ``derive check`` on ``text``; ``None`` when the command
    used more than its CPU allowance (a hang: killed by ``RLIMIT_CPU``, so that a loaded
    machine does not make hangs), or ran past a generous wall-clock safety net."""
    cpu_limit = int(allowed_seconds(text, budget) * 3 + 10)

    def limit_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 1))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz.{kind}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            proc = subprocess.run([sys.executable, "-c", "from derive.cli import main; main()",
                                   "check", str(path)], capture_output=True, text=True,
                                  timeout=cpu_limit * 20 + 120, preexec_fn=limit_cpu)
        except subprocess.TimeoutExpired:
            return None, "wall-clock safety net"
    if proc.returncode < 0:  # killed by a signal: SIGXCPU past the CPU allowance
        return None, f"killed by signal {-proc.returncode}"
    return proc.returncode, proc.stderr


def soak(n: int, seed: int, jobs: int, budget: float, cli_every: int) -> dict:
    """Run the soak; returns the summary printed by :func:`main`."""
    from concurrent.futures import ThreadPoolExecutor

    cases = inputs(n, seed)
    workers = [Worker(budget) for _ in range(jobs)]
    free = list(workers)
    import threading

    lock = threading.Lock()
    summary = {"inputs": n, "crashes": [], "hangs": [], "wrong_exit_codes": [],
               "peak_rss_mib": 0.0, "verdicts": {}, "slowest_seconds": 0.0,
               "wall_over_limit": 0}
    done = [0]

    def one(k: int) -> None:
        text, kind = cases[k]
        with lock:
            worker = free.pop()
        try:
            limit = allowed_seconds(text, budget)
            result = worker.run(text, kind, 10 * limit + 10)
        finally:
            with lock:
                free.append(worker)
        with lock:
            done[0] += 1
            if done[0] % 100 == 0:
                print(f"{done[0]}/{n}: crashes {len(summary['crashes'])}, hangs "
                      f"{len(summary['hangs'])}, over the limit in wall-clock time "
                      f"{summary['wall_over_limit']}, peak {summary['peak_rss_mib']:.0f} MiB",
                      file=sys.stderr, flush=True)
            if result is not None and result["seconds"] > limit:
                summary["wall_over_limit"] += 1
            if result is None or result["cpu_seconds"] > limit:
                cpu = None if result is None else round(result["cpu_seconds"], 2)
                summary["hangs"].append({"index": k, "limit": limit, "cpu_seconds": cpu,
                                         "killed": result is None, "text": text[:300]})
            if result is None:
                return
            summary["peak_rss_mib"] = max(summary["peak_rss_mib"], result["maxrss_kb"] / 1024)
            summary["slowest_seconds"] = max(summary["slowest_seconds"], result["seconds"])
            verdict = result["verdict"]
            summary["verdicts"][str(verdict)] = summary["verdicts"].get(str(verdict), 0) + 1
            if result["problems"]:
                summary["crashes"].append({"index": k, "problems": result["problems"],
                                           "text": text[:300]})
        if cli_every and k % cli_every == 0 and verdict is not None:
            code, stderr = _cli_exit_code(text, kind, budget)
            if code is None:
                with lock:
                    summary["hangs"].append({"index": k, "cli": stderr, "text": text[:300]})
                return
            expected = {"correct": 0, "incorrect": 1, "unverified": 1, "invalid": 2}[verdict]
            # the CLI's budget is the default (2 s), so a step may settle differently; only
            # the classes "input error" vs "judged" and "no crash" must agree
            ok = code in (0, 1, 2) and (code == 2) == (expected == 2) and \
                "Traceback" not in stderr
            if not ok:
                with lock:
                    summary["wrong_exit_codes"].append(
                        {"index": k, "expected": expected, "got": code,
                         "stderr": stderr[-300:], "text": text[:300]})

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(one, range(n)))
    for w in workers:
        w.close()
    summary["seconds"] = round(time.perf_counter() - start, 1)
    summary["peak_rss_mib"] = round(max(summary["peak_rss_mib"],
                                        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                        / 1024), 1)
    summary["slowest_seconds"] = round(summary["slowest_seconds"], 2)
    return summary


def main(argv: list[str] | None = None) -> int:
    """Command line: print the summary as JSON; exit 1 when anything was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--budget", type=float, default=1.0, help="seconds per step")
    parser.add_argument("--cli-every", type=int, default=100,
                        help="also run every k-th input through `derive check` (0: never)")
    args = parser.parse_args(argv)
    summary = soak(args.n, args.seed, args.jobs, args.budget, args.cli_every)
    counts = {k: len(v) if isinstance(v, list) else v for k, v in summary.items()}
    print(json.dumps({"summary": counts, "crashes": summary["crashes"][:10],
                      "hangs": summary["hangs"][:10],
                      "wrong_exit_codes": summary["wrong_exit_codes"][:10]}, indent=2))
    bad = summary["crashes"] or summary["hangs"] or summary["wrong_exit_codes"] \
        or summary["peak_rss_mib"] >= 1024
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
