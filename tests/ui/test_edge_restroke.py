"""The edges keep their stroked pixels while no drawn pen changes (issue 23: a restroke costs about 6 ms)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from nnviz.session import Config, Session
from nnviz.ui.graph.edge_layers import stroke
from nnviz.ui.graph.edges_item import EdgesItem
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.probes import edge_runs
from tests.ui.shown import shown


def strokes_counted(monkeypatch) -> list[int]:
    """Count every stroke of the edges (each paint of the item draws every edge)."""
    counted: list[int] = []
    paint = EdgesItem.paint
    monkeypatch.setattr(EdgesItem, "paint", lambda self, *a: (counted.append(1), paint(self, *a))[1])
    return counted


def repaint(view: NetworkGraphView) -> None:
    QApplication.processEvents()
    view.viewport().repaint()


def test_weights_that_keep_every_pen_and_the_order_do_not_restroke_the_edges(qtbot, monkeypatch):
    session = Session(Config(hidden=(4, 2)))
    frame = session.snapshot(20)
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    counted = strokes_counted(monkeypatch)
    view.set_frame(frame)
    repaint(view)
    assert counted, "the first frame strokes its edges"
    before = len(counted)
    runs = [(pen.color().rgb(), pen.widthF(), len(lines)) for pen, lines in edge_runs(view._edges)]
    w = float(frame.weights[0][0, 0])
    session.set_weight(1, 0, 0, w * (1.0 + 1e-6))  # far below one colour step and one half pixel of width
    view.set_frame(session.snapshot(20))
    repaint(view)
    assert len(counted) == before, "the same pens in the same order were stroked again"
    assert [(pen.color().rgb(), pen.widthF(), len(lines)) for pen, lines in edge_runs(view._edges)] == runs


def test_a_weight_that_changes_a_pen_restrokes_the_edges(qtbot, monkeypatch):
    session = Session(Config(hidden=(4, 2)))
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    counted = strokes_counted(monkeypatch)
    first = session.snapshot(20)
    view.set_frame(first)
    repaint(view)
    before = len(counted)
    session.set_weight(1, 0, 0, 2.5 - float(first.weights[0][0, 0]))  # another colour and width
    view.set_frame(session.snapshot(20))
    repaint(view)
    assert len(counted) > before, "a changed pen must be stroked"


def drawn_tops(item: EdgesItem) -> list[int]:
    """The first y of each edge, in drawing order (the last is on top)."""
    return [int(line.y1()) for _, lines in edge_runs(item) for line in lines]


def test_two_edges_with_one_pen_keep_their_order_when_their_strengths_swap(qtbot):
    """Edges with the same pen give the same pixels in either order: a swap of strengths within a pen redraws
    nothing, and the order is the pens' (issue 23: the order by exact strength changed in most restrokes)."""
    xy = np.array([[0, 0, 10, 10], [0, 10, 10, 0]], float)  # two crossing edges
    item = EdgesItem(xy)
    item.set_weights(np.array([0.5, 0.5001]), 6.0)
    assert item.pen_of(0).color() == item.pen_of(1).color() and item.pen_of(0).widthF() == item.pen_of(1).widthF()
    assert drawn_tops(item) == [0, 10]
    item.set_weights(np.array([0.5001, 0.5]), 6.0)  # the same pens, the other one stronger
    assert drawn_tops(item) == [0, 10]


def test_crossing_edges_with_one_pen_give_the_same_pixels_in_either_order(qtbot):
    """Why the order within a pen may be any (it is the edges' own, so a frame is drawn alike paused or live):
    Qt's antialiased strokes of one colour commute, up to a unit of its 8-bit rounding where they cross."""
    xy = np.array([[0, 0, 40, 40], [0, 40, 40, 0], [0, 20, 40, 22]], float)
    item = EdgesItem(xy)
    item.set_weights(np.array([0.5, 0.5, 0.5]), 6.0)
    pen = item.pen_of(0)
    images = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        image = QImage(44, 44, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        stroke(painter, [(pen, [item._lines[i]]) for i in order])
        painter.end()
        images.append(np.frombuffer(image.constBits(), np.uint8).copy())
    assert images[0].any()
    for other in images[1:]:  # where they cross, Qt's 8-bit blending rounds in another order: one unit at most
        assert np.abs(images[0].astype(int) - other.astype(int)).max() <= 1


def test_the_stronger_pen_is_drawn_on_top(qtbot):
    xy = np.array([[0, 0, 10, 10], [0, 10, 10, 0], [0, 5, 10, 5]], float)
    item = EdgesItem(xy)
    item.set_weights(np.array([0.9, -0.3, 0.3]), 6.0)  # two of one strength (orange and blue), one stronger
    assert drawn_tops(item) == [10, 5, 0]  # paler first (orange before blue at one strength), the strongest on top
    item.set_weights(np.array([0.3, -0.9, 0.3]), 6.0)
    assert drawn_tops(item) == [0, 5, 10]


def test_the_pens_compared_at_the_hand_over_are_the_ones_stroked_not_chosen_twice(qtbot, monkeypatch):
    xy = np.array([[0, k, 10, k] for k in range(6)], float)
    item = EdgesItem(xy)
    item.set_weights(np.full(6, 0.5), 6.0)
    edge_runs(item)
    plans: list[int] = []
    plan = EdgesItem._plan
    monkeypatch.setattr(EdgesItem, "_plan", lambda self, *a: (plans.append(1), plan(self, *a))[1])
    item.set_weights(np.array([0.5, -0.5, 0.5, 0.9, 0.5, 0.5]), 6.0)  # new pens: compared, then stroked
    runs = edge_runs(item)
    assert len(plans) == 1
    assert [len(lines) for _, lines in runs] == [1, 4, 1]  # by pen: orange below blue at one strength, 0.9 on top
