"""The graph's labels are kept as pixels: a repaint of the whole drawing (the edges' restroke, ~15 times a second
while training) copies them instead of laying their text out again (issue 23)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem

from nnviz.session import Config, Session
from nnviz.ui.graph import labels
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.shown import shown


class CountedText(QGraphicsSimpleTextItem):
    """A label that counts the times its text is drawn."""

    drawn = 0

    def paint(self, *args) -> None:  # type: ignore[no-untyped-def]
        CountedText.drawn += 1
        super().paint(*args)


def test_a_repaint_of_the_whole_graph_draws_no_label_anew(qtbot, monkeypatch):
    monkeypatch.setattr(labels, "QGraphicsSimpleTextItem", CountedText)
    session = Session(Config(hidden=(4, 2)))
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(session.snapshot(20))
    QApplication.processEvents()
    view.viewport().repaint()
    texts = [item for item in view.scene().items() if isinstance(item, CountedText)]
    assert texts and CountedText.drawn >= len(texts)  # every label drawn once: the layer names, the inputs, ...
    CountedText.drawn = 0
    for _ in range(3):
        session.train(1)
        view.set_frame(session.snapshot(20))  # new weights: the edges, and so the whole drawing, repaint
        QApplication.processEvents()
        view.viewport().repaint()
    assert CountedText.drawn == 0
