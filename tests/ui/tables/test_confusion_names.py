"""The confusion matrix's class names in a 300 px dock (penguins' "Chinstrap" was cut to "Chinstr…"): each name is
drawn whole, upright under its column when it is wider than the column, or, cut short, has its full name in a
plain-text tooltip; presenting or not."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtGui import QHelpEvent, QImage, QPainter
from PySide6.QtWidgets import QToolTip

from nnviz.session import Config, Session
from nnviz.session.frame import Frame
from nnviz.ui import look
from nnviz.ui.plain_text import plain_tooltip
from nnviz.ui.tables.confusion_view import ConfusionView

DOCK = QRectF(0, 0, 300, 640)  # the dock's width; a matrix above the other


@pytest.fixture(scope="module")
def penguins() -> Frame:
    session = Session(Config(dataset="penguins", hidden=(6,), learning_rate=0.1, batch_size=10))
    session.train(3)
    return session.snapshot(8)


@pytest.fixture(params=[False, True], ids=["normal", "presenting"])
def presenting(request: pytest.FixtureRequest) -> Iterator[bool]:
    look.set_look(large=request.param)
    yield request.param
    look.set_look(large=False)


class _Recorder(QPainter):
    """A painter that notes every text it draws and the box it is drawn in, in the view's pixels."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.drawn: list[tuple[str, QRectF]] = []

    def drawText(self, *args) -> None:  # type: ignore[no-untyped-def, override]
        text = next(a for a in args if isinstance(a, str))
        box = next((a for a in args if isinstance(a, QRectF)), QRectF())
        self.drawn.append((text, self.worldTransform().mapRect(box)))
        super().drawText(*args)


def painted(view: ConfusionView) -> tuple[list[tuple[str, QRectF]], list[tuple[QRectF, str]]]:
    """(text, box) of every text drawn in a 300 px wide dock, and the names cut short (place, full name)."""
    image = QImage(int(DOCK.width()), int(DOCK.height()), QImage.Format.Format_RGB32)
    painter = _Recorder(image)
    try:
        cut = view.paint(painter, DOCK)
    finally:
        painter.end()
    return painter.drawn, cut


def shown_names(view: ConfusionView, frame: Frame) -> dict[str, int]:
    """How often each class name can be read: drawn whole, or cut short over a place whose tooltip is its name."""
    view.frame = frame
    drawn, cut = painted(view)
    view.cut_names = cut
    readable = dict.fromkeys(frame.class_names, 0)
    for text, box in drawn:
        if text in readable:
            readable[text] += 1
        elif text.endswith("…"):
            full = view.name_at(box.center())
            assert full.startswith(text[:-1]) and full in readable, (text, full)
            readable[full] += 1
    return readable


def test_at_300_px_every_class_name_is_whole_under_its_column_and_beside_its_row(qtbot, penguins, presenting):  # type: ignore[no-untyped-def]
    view = ConfusionView()
    qtbot.addWidget(view)
    assert "Chinstrap" in penguins.class_names
    assert shown_names(view, penguins) == dict.fromkeys(penguins.class_names, 4)  # 2 matrices: row and column
    assert not view.cut_names  # penguins' names are all whole


def test_a_name_too_long_even_upright_is_cut_short_with_its_full_name_in_a_plain_tooltip(qtbot, penguins, presenting):  # type: ignore[no-untyped-def]
    long_names = ("Adelie", "Chinstrap <b>penguin</b> of the Palmer Archipelago, Antarctica", "Gentoo")
    frame = dataclasses.replace(penguins, class_names=long_names)
    view = ConfusionView()
    qtbot.addWidget(view)
    view.resize(int(DOCK.width()), int(DOCK.height()))
    assert shown_names(view, frame) == dict.fromkeys(long_names, 4)
    place = next(rect for rect, name in view.cut_names if name == long_names[1])
    at = place.center().toPoint()
    view.show()
    qtbot.waitExposed(view)
    QToolTip.hideText()
    view.event(QHelpEvent(QEvent.Type.ToolTip, at, view.mapToGlobal(at)))
    assert QToolTip.text() == plain_tooltip(long_names[1])  # the markup in the name is shown as text
    assert view.name_at(QPointF(1, 1)) == ""  # over the heading: no name
