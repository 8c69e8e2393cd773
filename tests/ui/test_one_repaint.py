"""A live frame is painted in one pass over the window, not one per scene it changed (issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.ui.window.one_repaint import FrameRepaint
from tests.ui.shown import shown
from tests.ui.test_live_repaint import WAIT_MS, drawing_window, started_run


class Passes(QObject):
    """The window's repaint requests and the paints of some widgets, in the order Qt delivers them."""

    def __init__(self, window: QWidget, painted: dict[QObject, str]) -> None:
        super().__init__()
        self.window, self.painted = window, painted
        self.events: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.UpdateRequest:
            self.events.append("request")
        elif event.type() == QEvent.Type.Paint and watched in self.painted:
            self.events.append(self.painted[watched])
        return False


def test_the_graph_and_the_output_view_are_painted_in_one_pass(styled_app, qapp, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    monkeypatch.setattr(window._thumbs_pacer, "due", lambda running, another=False: True)  # the graph changes too
    graph, plane = window.graph_view.viewport(), window.boundary_view.canvas.viewport()
    passes = Passes(window, {graph: "graph", plane: "plane"})
    qapp.installEventFilter(passes)  # an application's filter sees every request, also those held back
    try:
        for packet in frames:
            passes.events.clear()
            window.draw(packet)
            qtbot.waitUntil(lambda: {"graph", "plane"} <= set(passes.events), timeout=WAIT_MS)
            first_graph, first_plane = passes.events.index("graph"), passes.events.index("plane")
            between = passes.events[min(first_graph, first_plane):max(first_graph, first_plane)]
            assert "request" not in between, passes.events  # no second pass: both in the one that came first
    finally:
        qapp.removeEventFilter(passes)


def test_what_is_marked_while_holding_is_painted_when_the_hold_ends(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown(qtbot, QWidget(), 300, 100)
    label = QLabel("before", window)
    QVBoxLayout(window).addWidget(label)
    qtbot.waitExposed(window)
    repaint = FrameRepaint(window)
    passes = Passes(window, {label: "label"})
    qapp.installEventFilter(passes)
    try:
        label.update()
        qtbot.waitUntil(lambda: "label" in passes.events, timeout=WAIT_MS)  # shown and painted as Qt would
        passes.events.clear()
        label.setText("after")  # marks it dirty and asks the window for a repaint
        repaint.hold()
        qtbot.waitUntil(lambda: "label" in passes.events, timeout=WAIT_MS)  # painted, not lost
        assert not repaint.holding
        label.setText("again")  # after the hold: repainted as Qt would
        qtbot.waitUntil(lambda: passes.events.count("label") >= 2, timeout=WAIT_MS)
    finally:
        qapp.removeEventFilter(passes)


def test_a_running_frames_loss_chart_redraws_after_the_frames_pass(styled_app, qapp, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A click waits for the frame's pass or the loss chart's, never both in one block (issue 23)."""
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    graph = window.graph_view.viewport()
    passes = Passes(window, {graph: "graph"})
    set_frame = window.loss_chart.set_frame
    monkeypatch.setattr(window.loss_chart, "set_frame", lambda frame: (passes.events.append("loss"), set_frame(frame)))
    qapp.installEventFilter(passes)
    try:
        monkeypatch.setattr(window._loss_pacer, "due", lambda running, another=False: True)  # the loss is due,
        monkeypatch.setattr(window._edges_pacer, "due", lambda running, another=False: False)  # the edges are not
        window.draw(frames[0])
        assert "loss" not in passes.events  # not during the hand-over
        qtbot.waitUntil(lambda: "loss" in passes.events, timeout=WAIT_MS)
        assert "graph" in passes.events[:passes.events.index("loss")], passes.events  # after the frame's pass
    finally:
        qapp.removeEventFilter(passes)


def test_a_click_and_what_it_changes_in_a_view_are_painted_in_one_pass(styled_app, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = drawing_window(qtbot)
    started_run(qtbot, window)
    qtbot.waitUntil(lambda: window.input_watch._watched is not None, timeout=WAIT_MS)  # watching once painted
    box, plane = window.parts.boundary_controls.discretize, window.boundary_view.canvas.viewport()
    passes = Passes(window, {box: "box", plane: "plane"})
    qapp.installEventFilter(passes)
    try:
        for _ in range(2):  # on, off
            passes.events.clear()
            was = box.isChecked()
            # a click as the window system delivers it: to the window's QWindow, which hands it to the checkbox
            QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             box.mapTo(window, box.rect().center()))
            assert box.isChecked() != was
            qtbot.waitUntil(lambda: "plane" in passes.events, timeout=WAIT_MS)
            last_box = len(passes.events) - 1 - passes.events[::-1].index("box")  # the box as it looks released
            first_plane = passes.events.index("plane")
            between = passes.events[min(last_box, first_plane):max(last_box, first_plane)]
            assert "request" not in between, passes.events  # the box and the map it changed: one pass, one flush
    finally:
        qapp.removeEventFilter(passes)
