"""Presenting with explain mode at 1024x768: every number explain mode draws on the graph reads from the back of the
room (at least 14 px on screen), and no two number boxes, nor a box and a name, are drawn over each other; where
there is no room for every number, the focused neuron's numbers are the ones drawn."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QFontInfo, QImage, QPainter
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QStyleOptionGraphicsItem

from nnviz.session.config import Config
from nnviz.ui import look
from nnviz.ui.graph.items import ButtonItem
from nnviz.ui.lessons.menu import Lessons
from tests.ui.probes import settling
from tests.ui.test_presentation import GRAPH_NUMBER_PX

WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _standard_look():  # type: ignore[no-untyped-def]
    yield
    look.set_look(large=False, high_contrast=False)


class _BoxRecorder(QPainter):
    """A painter that notes every text it draws: its pixel size on screen and the box it is drawn in."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.drawn: list[tuple[str, float, QRectF]] = []

    def drawText(self, *args) -> None:  # type: ignore[no-untyped-def, override]
        text = next(a for a in args if isinstance(a, str))
        box = next(a for a in args if isinstance(a, QRectF))
        t = self.worldTransform()
        self.drawn.append((text, QFontInfo(self.font()).pixelSize() * t.m11(), t.mapRect(box)))
        super().drawText(*args)


def drawn_numbers(window) -> list[tuple[str, float, QRectF]]:  # type: ignore[no-untyped-def]
    """(text, pixel size on screen, box in viewport pixels) of each number the explain overlay draws now."""
    view = window.graph_view
    overlay = window.features["teaching"].explain.overlay
    assert overlay is not None
    image = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    painter = _BoxRecorder(image)
    try:
        painter.setTransform(view.viewportTransform())
        overlay.paint(painter, QStyleOptionGraphicsItem(), None)
    finally:
        painter.end()
    return painter.drawn


def names(window) -> list[tuple[str, QRectF]]:  # type: ignore[no-untyped-def]
    """The graph's own texts (input and class names, column titles) and +/- buttons in viewport pixels."""
    view = window.graph_view
    return [(i.text() if isinstance(i, QGraphicsSimpleTextItem) else "+/- button",
             view.mapFromScene(i.sceneBoundingRect()).boundingRect().toRectF())
            for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem | ButtonItem) and i.isVisible()]


def assert_apart(explain, boxes: list[tuple[str, QRectF]], window) -> None:  # type: ignore[no-untyped-def]
    """No two number boxes over each other, none over a name, and the focused neuron's own number drawn."""
    apart = [(a, b) for (a, ra), (b, rb) in itertools.combinations(boxes, 2) if _clash(ra, rb)]
    assert not apart, (explain.phase, apart)
    covered = [(a, b) for a, ra in boxes for b, rb in names(window) if _clash(ra, rb)]
    assert not covered, (explain.phase, covered)
    focus = explain.current_display().node_text.get((explain.selection.layer, explain.selection.neuron))
    assert focus is None or focus in [t for t, _ in boxes], (explain.phase, focus)  # the focused neuron's stay


def _clash(a: QRectF, b: QRectF) -> bool:
    both = a.intersected(b)
    return both.width() > 1 and both.height() > 1  # not a 1 px seam


@pytest.mark.parametrize("lesson", [1, 9])
def test_presented_explain_numbers_are_large_and_apart(make_window, qtbot, lesson) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 768))
    window.features["presentation"].set_presentation(True)
    window.findChild(Lessons).actions[lesson - 1].trigger()
    qtbot.waitUntil(lambda: window.frame is not None, timeout=WAIT_MS)
    explain = window.features["teaching"].explain
    explain.set_active(True)
    qtbot.waitUntil(lambda: explain.explanation is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard)
                    and window.size() == window.size().boundedTo(QSize(1024, 768)), timeout=WAIT_MS)
    seen = 0
    for index in range(len(explain.phases) - 1):  # every phase before the update is taken
        explain.go_to(index)
        qtbot.wait(20)
        drawn = drawn_numbers(window)
        seen += len(drawn)
        small = [(t, round(px, 1)) for t, px, _ in drawn if px < GRAPH_NUMBER_PX]
        assert not small, (explain.phase, small)
        assert_apart(explain, [(t, r) for t, _, r in drawn], window)
    assert seen > 0  # the phases do draw numbers on the graph
