"""Checking with a hard time limit: submissions checked in worker processes that are killed.

The kernel's budget is cooperative (its symbolic attempt runs in a thread it abandons), so an
in-process :func:`~derive.checker.check_text` can leave work running after it returns. A
:class:`CheckerPool` runs each submission in a worker process instead; past the limit the
worker is killed (nothing keeps running, its memory is returned) and a fresh one takes its
place, and the submission's steps are reported ``inconclusive`` with the reason. Calls are
thread-safe: a web server or a thread pool may share one ``CheckerPool``.

>>> with CheckerPool(workers=1, budget=2.0) as pool:
...     pool.check_text("$$a + a = 2a$$", "md").verdict
'correct'
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from typing import Any

from ..notation import read_document
from ..records import INCONCLUSIVE, CheckedStep, CheckReport, InputError

#: relations a step can have; the default limit gives each the budget
_RELATION_WORDS = ("=", "\\le", "\\ge", "<", ">", "\\propto", "\\approx")


def _serve(conn: Any, budget: float) -> None:
    from . import check_text

    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        text, kind, filename = job
        try:
            conn.send(("ok", check_text(text, kind, filename, budget=budget)))
        except BaseException as exc:  # noqa: BLE001 - reported to the caller, worker lives on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, budget: float) -> None:
        ctx = mp.get_context("spawn")  # no fork of a threaded parent
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, budget), daemon=True)
        self.proc.start()
        child.close()
        self.conn.recv()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()


def stopped_report(text: str, kind: str, filename: str, limit: float) -> CheckReport:
    """The report for a submission stopped at ``limit`` seconds: its steps inconclusive.

    >>> stopped_report("$$a = a$$", "md", "hw.md", 3.0).steps[0].reason
    'stopped: checking this submission took longer than the limit of 3 s'
    """
    reason = f"stopped: checking this submission took longer than the limit of {limit:g} s"
    doc = read_document(text, kind)
    steps = tuple(CheckedStep(index=s.index, line=s.line, relation=s.relation, lhs="", rhs="",
                              verdict=INCONCLUSIVE, reason=reason) for s in doc.steps)
    errors = tuple(InputError(e.line, e.column, getattr(e, "message", str(e)))
                   for e in doc.errors)
    if not steps and not errors:
        errors = (InputError(1, 1, reason),)
    return CheckReport(file=filename, steps=steps, errors=errors)


class CheckerPool:
    """``workers`` checker processes; :meth:`check_text` with a hard, enforced time limit."""

    def __init__(self, workers: int = 2, budget: float = 2.0) -> None:
        self.budget = budget
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(workers):
            w = _Worker(budget)
            self._all.append(w)
            self._idle.put(w)

    def limit_for(self, text: str) -> float:
        """The default limit: the budget for every relation the text could hold, plus 1 s."""
        relations = sum(text.count(r) for r in _RELATION_WORDS)
        return self.budget * max(1, relations) + 1.0

    def check_text(self, text: str, kind: str = "tex", filename: str = "<stdin>",
                   limit: float | None = None) -> CheckReport:
        """Check ``text`` in a worker; past ``limit`` seconds the worker is killed."""
        limit = self.limit_for(text) if limit is None else limit
        worker = self._idle.get()
        try:
            worker.conn.send((text, kind, filename))
            if worker.conn.poll(limit):
                status, payload = worker.conn.recv()
                if status == "ok":
                    return payload
                return CheckReport(file=filename, errors=(
                    InputError(1, 1, f"internal error: {payload}"),))
            worker = self._replace(worker)
            return stopped_report(text, kind, filename, limit)
        except (EOFError, OSError):  # the worker died (e.g. out of memory): replace it
            worker = self._replace(worker)
            return CheckReport(file=filename, errors=(
                InputError(1, 1, "internal error: the checker process died"),))
        finally:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        fresh = _Worker(self.budget)
        with self._lock:
            self._all[self._all.index(worker)] = fresh
        return fresh

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            for w in self._all:
                w.stop()
            self._all.clear()

    def __enter__(self) -> CheckerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["CheckerPool", "stopped_report"]
