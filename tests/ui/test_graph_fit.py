"""The network graph uses its panel for deep networks and shows edges L1 switched off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from nnviz.session import Config, Session
from nnviz.ui import look
from nnviz.ui.graph.labels import two_lines
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


def _texts(view: NetworkGraphView) -> dict[str, float]:
    """Every text on the graph with its height on screen, px."""
    scale = view.transform().m11()
    return {i.text(): QFontInfo(i.font()).pixelSize() * i.sceneTransform().m11() * scale
            for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem)}


def test_long_labels_break_after_a_separator_near_their_middle() -> None:
    assert two_lines("flipper_length_mm") == "flipper_\nlength_mm"
    assert two_lines("body mass (g)") == "body\nmass (g)"
    assert two_lines("x₁") == "x₁" and two_lines("sepallength") == "sepallength"  # short, or nowhere to break


@pytest.mark.parametrize("large", [False, True], ids=["normal", "presentation"])
def test_a_tall_narrow_graph_breaks_long_input_labels_to_draw_its_text_larger(qtbot, monkeypatch, large) -> None:  # type: ignore[no-untyped-def]
    look.set_look(large=large)
    try:
        frame = Session(Config(dataset="penguins", hidden=(6,))).snapshot(20)
        wide = shown(qtbot, NetworkGraphView(), 1000, 420)
        wide.set_frame(frame)
        assert "flipper_length_mm" in _texts(wide)  # room enough: one line
        narrow = shown(qtbot, NetworkGraphView(), 300, 590)  # beside a dock on a 1024 x 768 projector
        narrow.set_frame(frame)
        broken = _texts(narrow)
        assert "flipper_\nlength_mm" in broken
        monkeypatch.setattr("nnviz.ui.graph.view.WRAP_GAIN", float("inf"))  # never broken: as before
        narrow.restyle()
        flat = _texts(narrow)
        assert "flipper_length_mm" in flat
        assert min(broken.values()) > min(flat.values())  # the height it has gives larger text
        if large:  # much larger: the presentation minimum for the graph's text, at 300 px wide
            assert min(broken.values()) >= 14 > min(flat.values()), (broken, flat)
    finally:
        look.set_look(large=False)
