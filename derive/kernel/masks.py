"""Per-token masks of ragged answers, sampled (trusted base).

A mask family ``m_{i,t}`` (``definitions.groups.token_mask``) marks the first ``|o_i|`` tokens
of answer ``i`` in a token range of the longest length: its rows are ``1, …, 1, 0, …, 0`` with
at least one 1. :func:`mask_batches` overwrites each mask's sampled values with such rows:
lengths drawn independently per answer (1 and the full length included), all lengths equal
on every third instance, so the claims "for every choice of lengths" meet both ragged and
equal groups.

>>> import numpy as np
>>> rows = prefix_masks(np.array([[1, 2]]), 3)
>>> rows.tolist()
[[[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .evaluate import Batch

__all__ = ["is_mask", "prefix_masks", "mask_batches"]


def is_mask(family: Any) -> bool:
    """Is ``family`` a token-mask family (sampled as prefix masks)?"""
    return bool(getattr(family, "mask", False))


def prefix_masks(lengths: np.ndarray, width: int) -> np.ndarray:
    """Masks of shape ``lengths.shape + (width,)``: 1 on the first ``lengths`` positions."""
    return (np.arange(width) < lengths[..., None]).astype(float)


def mask_batches(functions: list[type], batches: list[Batch], seed: int) -> list[Batch]:
    """``batches`` with every mask family's values replaced by sampled prefix masks."""
    masks = [f for f in functions if is_mask(f)]
    if not masks:
        return batches
    rng = np.random.default_rng([seed, 7331])
    for batch in batches:
        for fam in masks:
            group, tokens = fam.domains
            s, n, width = batch.samples, batch.sizes[group], batch.sizes[tokens]
            lengths = rng.integers(1, width + 1, size=(s, n))
            lengths[::3] = rng.integers(1, width + 1, size=(len(lengths[::3]), 1))
            batch.values[fam] = prefix_masks(lengths, width)
            batch.exact.pop(fam, None)
    return batches
