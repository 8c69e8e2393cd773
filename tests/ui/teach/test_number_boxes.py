"""Explain mode's number boxes stay clear of the graph's input and class names, however wide the numbers are."""

from __future__ import annotations

import pytest

from nnviz.ui.teach.overlay import number_box_left

NODE_X, SIDE = 100.0, 30.0


@pytest.mark.parametrize("width", [10.0, 30.0, 64.0, 140.0])
def test_an_input_box_never_reaches_left_of_its_node_where_the_input_name_is(width: float) -> None:
    left = number_box_left(NODE_X, SIDE, width, layer=0, n_layers=3)
    assert left >= NODE_X  # input names end 8 px left of the node (graph/labels.py)
    if width <= SIDE:
        assert left + width / 2 == pytest.approx(NODE_X + SIDE / 2)  # a box that fits stays centred


@pytest.mark.parametrize("width", [10.0, 30.0, 64.0, 140.0])
def test_an_output_box_never_reaches_right_of_its_node_where_the_class_name_is(width: float) -> None:
    left = number_box_left(NODE_X, SIDE, width, layer=2, n_layers=3)
    assert left + width <= NODE_X + SIDE
    if width <= SIDE:
        assert left + width / 2 == pytest.approx(NODE_X + SIDE / 2)


def test_a_hidden_box_is_centred_on_its_node() -> None:
    assert number_box_left(NODE_X, SIDE, 80.0, layer=1, n_layers=3) + 40.0 == pytest.approx(NODE_X + SIDE / 2)
