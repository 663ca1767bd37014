"""The referee's finite datasets: explicit lists of records, with repetitions.

A record is a tuple of element indices, one per component of the record's shape (``("X",)``
for a prompt, ``("X", "Y", "Y")`` for a preference pair). The pool for given support sizes
holds datasets of one record (at the first, a middle and the last record, so a dataset that
sees a single prompt occurs), every record once, a record repeated beside another, and two
distinct records. The mean over a dataset is the plain average of its records, written apart
from derive's reading of a dataset as a distribution (masses k/N).

>>> pool = dataset_pool(("X",), {"X": 2})
>>> ((0,),) in pool and ((0,), (1,)) in pool and ((0,), (0,), (1,)) in pool
True
>>> all(len(d) >= 1 for d in dataset_pool(("X", "Y", "Y"), {"X": 1, "Y": 1}))
True
"""

from __future__ import annotations

import itertools

__all__ = ["dataset_pool"]

Record = tuple[int, ...]


def dataset_pool(shape: tuple[str, ...], sizes: dict[str, int]) -> list[tuple[Record, ...]]:
    """Datasets over the records of ``shape`` for these support sizes (deterministic)."""
    records = list(itertools.product(*(range(sizes[d]) for d in shape)))
    first, middle, last = records[0], records[len(records) // 2], records[-1]
    pool = [(first,), (middle,), (last,), tuple(records), (first, first, last),
            (middle, last), (last, last, first, middle)]
    return list(dict.fromkeys(pool))
