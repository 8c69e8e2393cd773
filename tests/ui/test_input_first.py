"""A frame that arrives just after the user's click or key waits until the input is drawn (issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget

from nnviz.session import Config, Session
from nnviz.session.events import FramePacket
from nnviz.ui.window.input_first import HOLD_SECONDS, InputFirst


class Gate:
    """A window with a checkbox, and an InputFirst on a fake clock that records what it shows and skips."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.window = QWidget()
        self.box = QCheckBox("Discretize output", self.window)
        QVBoxLayout(self.window).addWidget(self.box)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.now = 0.0
        self.shown: list[FramePacket] = []
        self.skipped = 0
        self.input_first = InputFirst(self.window, self.shown.append, self._skip, clock=lambda: self.now)
        self.input_first.watch(self.window.windowHandle())

    def _skip(self) -> None:
        self.skipped += 1


def click(gate: Gate, widget: QWidget) -> None:
    """A click as the window system delivers it: to the window's QWindow, which hands it to the widget."""
    handle = widget.window().windowHandle()
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(widget.window(), widget.rect().center()))


def frames(n: int) -> list[FramePacket]:
    frame = Session(Config(points=50)).snapshot(8, grids=False)
    return [FramePacket(frame, True, float(i), None) for i in range(n)]


def test_a_frame_is_drawn_after_the_events_queued_before_it(qtbot):
    gate = Gate(qtbot)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    assert gate.shown == [] and gate.input_first.timer.interval() == 0  # the next turn of the event loop
    click(gate, gate.box)  # a click seen before that turn goes first
    gate.input_first.release()
    assert gate.shown == [] and gate.input_first.timer.isActive()
    gate.now += HOLD_SECONDS
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_key_held_down_holds_no_frame(qtbot):
    gate = Gate(qtbot)
    handle = gate.window.windowHandle()
    QTest.keyPress(handle, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    gate.now += HOLD_SECONDS
    QApplication.sendEvent(handle, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier,
                                             "", True))  # auto-repeat
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_frame_after_a_click_waits_for_the_hold_and_only_the_newest_is_drawn(qtbot):
    gate = Gate(qtbot)
    first, second = frames(2)
    click(gate, gate.box)  # through the application's event filter
    assert gate.box.isChecked()
    gate.input_first.offer(first)
    assert gate.shown == [] and gate.input_first.timer.isActive()  # the click's pixels come first
    gate.now += HOLD_SECONDS / 2
    gate.input_first.release()  # the timer fired early: it looks again later
    assert gate.shown == [] and gate.input_first.timer.isActive()
    gate.input_first.offer(second)  # a newer frame (forced out by an event): the older is acknowledged unseen
    assert gate.skipped == 1
    gate.now += HOLD_SECONDS
    gate.input_first.release()
    assert gate.shown == [second] and gate.skipped == 1
    gate.input_first.offer(first)
    qtbot.waitUntil(lambda: gate.shown == [second, first], timeout=5_000)  # no input since: at the next turn


def test_input_in_another_window_does_not_hold_frames(qtbot):
    gate = Gate(qtbot)
    other = QCheckBox("elsewhere")
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    click(gate, other)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_stopped_gate_forgets_its_frame_and_no_longer_watches(qtbot):
    gate = Gate(qtbot)
    QTest.keyClick(gate.window.windowHandle(), Qt.Key.Key_Space)
    gate.input_first.offer(frames(1)[0])
    gate.input_first.stop()
    gate.now += 2 * HOLD_SECONDS
    gate.input_first.release()
    assert gate.shown == [] and not gate.input_first.timer.isActive()
    click(gate, gate.box)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)  # no longer watching: no hold


def test_a_frame_whose_drawing_fails_is_still_acknowledged(styled_app, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    # the training process's hand-off counts the frames the GUI has yet to draw: one never acknowledged would hold
    # every later frame back until ACK_TIMEOUT, one frame a second for the rest of the run
    from nnviz.session import commands as cmd
    from tests.ui.test_live_repaint import drawing_window, live_frames

    window = drawing_window(qtbot)
    sent: list[object] = []
    window.surface.commandSent.connect(sent.append)

    def fails(packet: FramePacket) -> None:
        raise RuntimeError("a view could not draw this frame")

    monkeypatch.setattr(window, "draw", fails)
    with qtbot.capture_exceptions() as raised:
        window.input_first.offer(live_frames(1)[0])
        qtbot.waitUntil(lambda: len(raised) == 1, timeout=5_000)
    assert "could not draw" in str(raised[0][1])
    assert sent == [cmd.FrameConsumed()]


def test_input_that_goes_on_holds_a_frame_back_for_a_bounded_time(qtbot):
    from nnviz.ui.window.input_first import MAX_HOLD_SECONDS

    gate = Gate(qtbot)
    first, second = frames(2)
    gate.input_first.input_seen()
    gate.input_first.offer(first)
    while gate.now < 2.0 and not gate.shown:  # a wheel turned on and on (a trackpad): an input every 10 ms
        gate.now += 0.01
        gate.input_first.input_seen()
        if gate.now > 1.0 and gate.skipped == 0:
            gate.input_first.offer(second)  # the hand-off's ACK_TIMEOUT sent a newer frame: it keeps the first's time
        gate.input_first.release()  # the timer's turn
    assert gate.shown and gate.now <= MAX_HOLD_SECONDS + 0.01  # the pictures go on, a little behind the input


def test_a_frame_made_while_paused_answers_the_click_and_is_not_held(qtbot):
    gate = Gate(qtbot)
    live, answer = frames(2)
    paused = FramePacket(answer.frame, False, 0.0, None)  # what Step, Reset or a weight edit sends back
    click(gate, gate.box)
    gate.input_first.offer(paused)
    gate.input_first.release()  # the zero timer's turn, with the click's hold not yet over
    assert gate.shown == [paused]
    click(gate, gate.box)
    gate.input_first.offer(live)
    gate.input_first.release()
    assert gate.shown == [paused]  # a live frame still waits for the click's pixels
