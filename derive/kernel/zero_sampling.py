"""Exact zero masses in sampled distributions declared with zeros (trusted base).

A distribution declared with zeros (``distribution("P", X, zeros=True)``) ranges over every
distribution on its domain, zero masses included, so its numeric evidence must sample masses
that are *exactly* 0 — only there: a full-support distribution never gets one. On the chosen
rows of a sampled array (rows of exact multiples of ``2⁻⁵²`` summing to one), each mass
becomes 0 with probability one half, at least one stays positive, and the largest remaining
mass absorbs the removed ones, so each row still sums to exactly one in float64.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> arr = np.full((4, 3), 0.25); arr[:, 0] = 0.5
>>> out = with_zero_masses(arr, np.array([True, True, True, False]), rng)
>>> bool((out.sum(axis=-1) == 1.0).all()), bool((out[:3] == 0).any()), bool((out[3] > 0).all())
(True, True, True)
"""

from __future__ import annotations

import numpy as np

__all__ = ["with_zero_masses", "zero_rows"]


def zero_rows(modes: np.ndarray) -> np.ndarray:
    """Which rows of a batch get zero masses: every row except the near-point rows (mode 2,
    whose tiny mass is their point) and one row in three otherwise, so full-support instances
    of the same family stay in every batch."""
    k = np.arange(len(modes))
    return (modes != 2) & (k % 3 != 1)


def with_zero_masses(arr: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``arr`` (shape ``(samples, n)``, rows summing to one) with exact zeros on ``rows``."""
    out = np.array(arr, dtype=float, copy=True)
    n = out.shape[-1]
    if n < 2:
        return out  # one element: its mass is 1
    for k in np.flatnonzero(rows):
        row = out[k]
        drop = rng.random(n) < 0.5
        keep = int(np.argmax(row))
        drop[keep] = False  # the largest mass stays positive and absorbs the dropped ones
        if k % 2 == 0 and n > 2 and drop.sum() == 0:  # make sure a zero appears often
            drop[(keep + 1) % n] = True
        row[drop] = 0.0
        rest = row.sum() - row[keep]
        row[keep] = 1.0 - rest  # exact: multiples of 2⁻⁵² below one
    return out
