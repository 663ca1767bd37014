"""Token masks of ragged answers: prefix rows, lengths from 1 to the full range."""

import numpy as np

from derive.definitions.group_standard import GROUPS as GR
from derive.definitions.groups import grpo_objective
from derive.kernel.masks import is_mask, mask_batches, prefix_masks
from derive.kernel.numeric import sample_batches, signature


def test_prefix_masks_have_at_least_one_token():
    rows = prefix_masks(np.array([[1, 3, 2]]), 3)
    assert rows.tolist() == [[[1, 0, 0], [1, 1, 1], [1, 1, 0]]]


def test_only_mask_families_are_masks():
    assert is_mask(GR.m) and not is_mask(GR.J) and not is_mask(GR.r)


def test_batches_without_masks_are_unchanged():
    sig = signature(GR.r(GR.i))
    batches = sample_batches(sig, 5)
    assert mask_batches(sig.functions, batches, 5) is batches


def test_some_instances_have_equal_lengths_and_others_ragged():
    term = grpo_objective(GR.J(GR.i, GR.t), GR.m, GR.I, GR.i, GR.t)
    equal = ragged = 0
    for b in sample_batches(signature(term), 9):
        lengths = b.values[GR.m].sum(axis=-1)
        if b.sizes[GR.I] < 2:
            continue
        same = (lengths == lengths[:, :1]).all(axis=1)
        equal += int(same.sum())
        ragged += int((~same).sum())
    assert equal > 0 and ragged > 0
