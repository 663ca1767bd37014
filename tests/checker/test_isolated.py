"""The hard time limit: work stops when the limit passes, and the pool is thread-safe."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from derive.checker.isolated import CheckerPool

CASES = {
    "sum.md": ("$$a + a = 2a$$", "correct"),
    "log.md": (r"$$\log(a b) = \log a + \log b$$", "correct"),
    "sq.md": ("$$(a + b)^2 = a^2 + b^2$$", "incorrect"),
    "kl.md": (r"$$D_{KL}(P\|Q) = D_{KL}(Q\|P)$$", "incorrect"),
    "sig.md": (r"$$\sigma(-z) = 1 - \sigma(z)$$", "correct"),
    "bad.md": ("$$a = {b$$", "invalid"),
}


def test_four_threads_share_one_pool_and_get_their_own_reports() -> None:
    with CheckerPool(workers=2, budget=2.0) as pool:
        names = list(CASES) * 2
        with ThreadPoolExecutor(max_workers=4) as threads:
            reports = list(threads.map(
                lambda n: pool.check_text(CASES[n][0], "md", n, limit=60), names))
    for name, report in zip(names, reports, strict=True):
        assert report.file == name
        assert report.verdict == CASES[name][1], (name, report)


def test_past_the_limit_the_worker_is_killed_and_the_steps_are_inconclusive() -> None:
    heavy = ("$$" + r"D_{KL}(P\|Q) + H(P) = H(P, Q)" + "$$\n\n"
             "$$" + r"\sum_x P(x) \log \frac{P(x)}{Q(x)} \ge 0" + "$$\n")
    with CheckerPool(workers=1, budget=2.0) as pool:
        (before,) = [w.proc for w in pool._all]
        start = time.perf_counter()
        report = pool.check_text(heavy, "md", "heavy.md", limit=0.01)
        assert time.perf_counter() - start < 30  # the replacement worker's start-up included
        assert not before.is_alive()  # nothing keeps running after the call returned
        assert report.verdict == "unverified" and len(report.steps) == 2
        assert all("took longer than the limit" in s.reason for s in report.steps)
        assert pool.check_text("$$a + a = 2a$$", "md", limit=60).verdict == "correct"
