"""Tests for derive.notation.ast: equality ignores positions; traversal."""

from __future__ import annotations

import dataclasses

import pytest

from derive.notation.ast import Binding, BinOp, Name, Number, Sum


def test_positions_do_not_affect_equality() -> None:
    assert Name("x", line=3, column=4) == Name("x")
    assert hash(Name("x", line=3)) == hash(Name("x"))


def test_nodes_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Name("x").base = "y"  # type: ignore[misc]


def test_walk_and_children() -> None:
    tree = Sum((Binding(Name("x")),), BinOp("*", Number("2"), Name("x")))
    kinds = [type(n).__name__ for n in tree.walk()]
    assert kinds == ["Sum", "Binding", "Name", "BinOp", "Number", "Name"]
