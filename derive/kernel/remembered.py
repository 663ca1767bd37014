"""Answers remembered by expression: the kernel's pure computations (normal forms, zero tests,
sign rules) are asked the same questions again when a step is judged again or a chain's
consecutive steps share a side.  SymPy expressions are immutable and compare structurally
(a symbol's assumptions included), so the expression is the whole key.  A cache that grows
past its limit is emptied, never trimmed: memory stays bounded.

>>> cache: dict = {}
>>> remembered(cache, "k", lambda: 41 + 1), remembered(cache, "k", lambda: 0)
(42, 42)
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["CACHE_LIMIT", "remembered"]

#: how many answers one cache keeps before it is emptied
CACHE_LIMIT = 4096

T = TypeVar("T")


def remembered(cache: dict, key: Hashable, compute: Callable[[], T]) -> T:
    """``cache[key]``, computed by ``compute()`` the first time it is asked."""
    known = cache.get(key)
    if known is not None:
        return known
    answer = compute()
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = answer
    return answer
