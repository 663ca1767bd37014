"""Shared fixtures: the standard objects of the field."""

import pytest

from derive.definitions import STANDARD


@pytest.fixture(scope="session")
def S():  # noqa: N802 - the namespace reads like the paper's symbols
    return STANDARD
