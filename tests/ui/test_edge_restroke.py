"""The edges keep their stroked pixels while no drawn pen changes (issue 23: a restroke costs about 6 ms)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QApplication

from nnviz.session import Config, Session
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


def test_two_edges_that_swap_strength_restroke_even_when_their_pens_stay(qtbot):
    """The stronger edge is drawn on top: an order change alone changes the pixels where edges cross."""
    xy = np.array([[0, 0, 10, 10], [0, 10, 10, 0]], float)  # two crossing edges
    item = EdgesItem(xy)
    item.set_weights(np.array([0.5, 0.5001]), 6.0)
    assert [int(line.y1()) for _, lines in edge_runs(item) for line in lines] == [0, 10]
    item.set_weights(np.array([0.5001, 0.5]), 6.0)  # the same pens, the other on top
    assert [int(line.y1()) for _, lines in edge_runs(item) for line in lines] == [10, 0]


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
    assert [len(lines) for _, lines in runs] == [1, 1, 3, 1]  # as strong: in edge order, pen by pen; 0.9 on top
