"""The network graph uses its panel for deep networks and shows edges L1 switched off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nnviz.session import Config, Session
from nnviz.ui.graph.layout import V_PITCH
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.shown import shown


@pytest.mark.parametrize(("hidden", "size"), [((4,) * 8, (520, 620)), ((4,) * 8, (560, 480)), ((6,) * 8, (380, 400))])
def test_a_deep_network_fills_its_panel(qtbot, hidden, size):
    view = shown(qtbot, NetworkGraphView(), *size)
    view.set_frame(Session(Config(hidden=hidden, activations=("tanh",) * len(hidden))).snapshot(20))
    drawn = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
    port = view.viewport().rect()
    assert drawn.height() >= 0.8 * port.height() and drawn.width() >= 0.8 * port.width()
    assert port.adjusted(-2, -2, 2, 2).contains(drawn)


def test_a_shallow_network_keeps_its_proportions(qtbot):
    view = shown(qtbot, NetworkGraphView(), 560, 480)
    view.set_frame(Session(Config(hidden=(4, 2))).snapshot(20))
    lay = view._layout
    first = lay.first[1]
    assert lay.node_y[first + 1] - lay.node_y[first] == pytest.approx(V_PITCH * lay.node)  # not spread out


def test_a_weight_at_exactly_zero_is_drawn_dashed(qtbot):
    session = Session(Config(hidden=(2,)))
    session.set_weight(1, 0, 0, 0.0)
    session.set_weight(1, 1, 0, 1e-9)
    view = shown(qtbot, NetworkGraphView(), 500, 400)
    view.set_frame(session.snapshot(20))
    lay, edges = view._layout, view._edges
    off = edges.pen_of(lay.edge_id(1, 0, 0))
    tiny = edges.pen_of(lay.edge_id(1, 1, 0))
    assert off.style() in (Qt.PenStyle.DashLine, Qt.PenStyle.CustomDashLine) and off.widthF() <= 1.0
    assert tiny.style() == Qt.PenStyle.SolidLine  # tiny is not zero: still an edge
