"""The window reports the user's presses, releases, keys and wheel to the training side, which then holds live
frames back until the input is drawn (the hold itself: tests/session/test_input_hold.py; issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget

from nnviz.session import commands as cmd
from nnviz.session.events import FramePacket
from nnviz.ui.window.input_watch import InputWatch


class Watched:
    """A shown window with a checkbox, and an InputWatch on it that counts the input it reports."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.window = QWidget()
        self.box = QCheckBox("Discretize output", self.window)
        QVBoxLayout(self.window).addWidget(self.box)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.seen = 0
        self.watch = InputWatch(self.window, self._seen)
        self.watch.watch(self.window.windowHandle())

    def _seen(self) -> None:
        self.seen += 1


class PaintsOf(QObject):
    """Calls `painted` at each paint event of `widget`."""

    def __init__(self, widget: QWidget, painted) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.painted = painted
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted()
        return False


def click(widget: QWidget) -> None:
    """A click as the window system delivers it: to the window's QWindow, which hands it to the widget."""
    QTest.mouseClick(widget.window().windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(widget.window(), widget.rect().center()))


def test_a_click_a_key_and_the_wheel_are_reported_and_reach_their_widget(qtbot):
    watched = Watched(qtbot)
    click(watched.box)
    assert watched.box.isChecked() and watched.seen == 2  # the press and the release; the click goes on unchanged
    handle = watched.window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_Space)
    assert watched.seen == 3  # the key's press (its release draws nothing new)
    centre = QPointF(watched.window.rect().center())
    QApplication.sendEvent(handle, QWheelEvent(centre, centre, QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
                                               Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False))
    assert watched.seen == 4


def test_a_key_held_down_reports_only_its_first_press(qtbot):
    watched = Watched(qtbot)  # an arrow key held down steps and shows each step
    handle = watched.window.windowHandle()
    QTest.keyPress(handle, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    for _ in range(3):
        QApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right,
                                                 Qt.KeyboardModifier.NoModifier, "", True))  # auto-repeat
    assert watched.seen == 1


def test_input_in_another_window_is_not_reported(qtbot):
    watched = Watched(qtbot)
    other = QCheckBox("elsewhere")
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    click(other)
    assert other.isChecked() and watched.seen == 0


def test_a_stopped_watch_reports_nothing(qtbot):
    watched = Watched(qtbot)
    watched.watch.stop()
    click(watched.box)
    assert watched.box.isChecked() and watched.seen == 0


def test_the_window_reports_its_input_to_the_training_side(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    from nnviz.ui.worker import NoTraining
    from tests.ui.test_live_repaint import drawing_window

    seen: list[object] = []
    monkeypatch.setattr(NoTraining, "input_seen", lambda training: seen.append(training))
    window = drawing_window(qtbot)
    painted: list[bool] = []
    after_first_paint_then(window, painted)
    qtbot.waitUntil(lambda: painted == [True], timeout=5_000)
    box = window.parts.boundary_controls.discretize
    click(box)
    assert box.isChecked() and seen == [window.training, window.training]


def test_the_window_tells_the_training_side_once_a_clicks_pixels_are_painted(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """Then the reader's heatmap pass, which gave way to the click, goes on (tests/session/test_pass_gives_way.py)."""
    from nnviz.ui.worker import NoTraining
    from tests.ui.test_live_repaint import drawing_window

    told: list[str] = []
    monkeypatch.setattr(NoTraining, "input_seen", lambda training: told.append("seen"))
    monkeypatch.setattr(NoTraining, "input_drawn", lambda training: told.append("drawn"))
    window = drawing_window(qtbot)
    painted: list[bool] = []
    after_first_paint_then(window, painted)
    qtbot.waitUntil(lambda: painted == [True], timeout=5_000)
    box = window.parts.boundary_controls.discretize
    plane = window.boundary_view.canvas.viewport()
    plane_painted: list[str] = []
    paints = PaintsOf(plane, lambda: plane_painted.append(" ".join(told)))
    click(box)  # press and release
    qtbot.waitUntil(lambda: "drawn" in told, timeout=5_000)
    assert told[:2] == ["seen", "seen"] and set(told[2:]) == {"drawn"}, told
    assert plane_painted and plane_painted[0] == "seen seen", plane_painted  # told after the map's paint
    del paints


def test_a_frame_whose_drawing_fails_is_still_acknowledged(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # the training process's hand-off counts the frames the GUI has yet to draw: one never acknowledged would hold
    # every later frame back until ACK_TIMEOUT, one frame a second for the rest of the run
    from tests.ui.test_live_repaint import drawing_window, live_frames

    window = drawing_window(qtbot)
    sent: list[object] = []
    window.surface.commandSent.connect(sent.append)

    def fails(packet: FramePacket) -> None:
        raise RuntimeError("a view could not draw this frame")

    monkeypatch.setattr(window, "draw", fails)
    with qtbot.capture_exceptions() as raised:
        window.training.worker.frameReady.emit(live_frames(1)[0])
        qtbot.waitUntil(lambda: len(raised) == 1, timeout=5_000)
    assert "could not draw" in str(raised[0][1])
    assert sent == [cmd.FrameConsumed()]


def test_of_frames_that_came_together_the_newest_is_drawn_and_every_one_acknowledged(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # two frames handed on together (one forced out by an event, then the paused one that answers a Pause): the
    # newest shows the state both led to, so the older one is not drawn (10 ms of the GUI thread for nothing), and
    # both are acknowledged (the hand-off counts them); a view failing on the older one can no longer leave the
    # newer undrawn
    from tests.ui.test_live_repaint import drawing_window, live_frames

    window = drawing_window(qtbot)
    sent: list[object] = []
    window.surface.commandSent.connect(sent.append)
    drawn: list[FramePacket] = []
    first, second = live_frames(2)

    def fails_once(packet: FramePacket) -> None:
        if packet is first:
            raise RuntimeError("a view could not draw this frame")
        drawn.append(packet)

    monkeypatch.setattr(window, "draw", fails_once)
    with qtbot.capture_exceptions() as raised:
        window.training.worker.frameReady.emit(first)
        window.training.worker.frameReady.emit(second)
        qtbot.waitUntil(lambda: len(sent) == 2, timeout=5_000)
    assert drawn == [second] and not raised
    assert sent == [cmd.FrameConsumed(), cmd.FrameConsumed()]


def test_a_frame_on_its_way_as_the_user_clicks_is_drawn_after_the_clicks_hold(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # the hand-off holds no frame it has already handed on: the window draws a frame after the events queued before
    # it, and a live frame handed on before the click waits as long as the hand-off would have held it
    from PySide6.QtGui import QMouseEvent

    from nnviz.session.frame_handoff import HOLD_SECONDS, FrameHandoff
    from nnviz.ui.worker import NoTraining
    from tests.ui.test_live_repaint import drawing_window, live_frames

    now = [0.0]
    handoff = FrameHandoff(lambda: now[0])  # the training process's, on a fake clock
    monkeypatch.setattr(NoTraining, "input_seen", lambda training: handoff.input_seen())
    monkeypatch.setattr(NoTraining, "hold_left", lambda training: handoff.hold_left())
    window = drawing_window(qtbot)
    painted: list[bool] = []
    after_first_paint_then(window, painted)
    qtbot.waitUntil(lambda: painted == [True], timeout=5_000)
    order: list[str] = []
    window.surface.frameDrawn.connect(lambda _packet: order.append("frame"))
    box = window.parts.boundary_controls.discretize
    box.toggled.connect(lambda _on: order.append("click"))
    packet = live_frames(1)[0]
    handoff.offer(packet)
    assert handoff.take() is packet
    window.training.worker.frameReady.emit(packet)  # queued: on its way to the GUI
    handle = window.windowHandle()
    centre = QPointF(box.mapTo(window, box.rect().center()))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):  # queued behind it, as a click comes
        QApplication.postEvent(handle, QMouseEvent(kind, centre, QPointF(window.mapToGlobal(centre)),
                                                   Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                   Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: order == ["click"], timeout=5_000)
    for _ in range(5):
        QApplication.processEvents()
    assert order == ["click"]  # the click's hold keeps the frame back
    now[0] += HOLD_SECONDS
    qtbot.waitUntil(lambda: order == ["click", "frame"], timeout=5_000)


def after_first_paint_then(window: QWidget, painted: list[bool]) -> None:
    """Note in `painted` when the window has painted (its first-paint work, such as watching its input, is done)."""
    from nnviz.ui.first_paint import after_first_paint

    after_first_paint(window, lambda: painted.append(True))
    window.update()
