"""The one name lookup the activation and loss tables share (engine/name_table.py)."""

from __future__ import annotations

import pytest

from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.engine.name_table import NameTable
from nnviz.errors import ConfigError


def test_a_table_finds_names_and_aliases_and_lists_the_valid_names_when_it_cannot() -> None:
    table: NameTable[int] = NameTable("widget", dashes_as_underscores=True)
    assert table.add("big_one", ("large",), 1) == ("big_one",)
    assert table.add("small", (), 2) == ("big_one", "small")
    assert table.canonical(" Big-One ") == "big_one" and table.canonical("LARGE") == "big_one"
    with pytest.raises(ConfigError, match=r"unknown widget 'huge'; choose one of big_one, small"):
        table.canonical("huge")


def test_dashes_stay_dashes_unless_the_table_says_otherwise() -> None:
    table: NameTable[int] = NameTable("widget")
    table.add("big_one", ("big-one-alias",), 1)
    assert table.canonical("big-one-alias") == "big_one"
    with pytest.raises(ConfigError, match="unknown widget 'big-one'"):
        table.canonical("big-one")


def test_activations_and_losses_look_names_up_through_their_tables() -> None:
    assert act.canonical("Logistic") == "sigmoid" and losses.canonical("binary-cross-entropy") == "bce"
    assert tuple(act.SPECS) == act.ACTIVATIONS and tuple(losses.SPECS) == losses.LOSSES
    with pytest.raises(ConfigError, match="unknown activation 'swish'; choose one of tanh, sigmoid"):
        act.canonical("swish")
    with pytest.raises(ConfigError, match="unknown loss 'hinge'; choose one of mse"):
        losses.canonical("hinge")
