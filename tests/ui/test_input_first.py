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
        self.now = 0.0
        self.shown: list[FramePacket] = []
        self.skipped = 0
        self.input_first = InputFirst(self.window, self.shown.append, self._skip, clock=lambda: self.now)

    def _skip(self) -> None:
        self.skipped += 1


def frames(n: int) -> list[FramePacket]:
    frame = Session(Config(points=50)).snapshot(8, grids=False)
    return [FramePacket(frame, True, float(i), None) for i in range(n)]


def test_a_frame_is_drawn_after_the_events_queued_before_it(qtbot):
    gate = Gate(qtbot)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    assert gate.shown == [] and gate.input_first.timer.interval() == 0  # the next turn of the event loop
    qtbot.mouseClick(gate.box, Qt.MouseButton.LeftButton)  # a click seen before that turn goes first
    gate.input_first.release()
    assert gate.shown == [] and gate.input_first.timer.isActive()
    gate.now += HOLD_SECONDS
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_key_held_down_holds_no_frame(qtbot):
    gate = Gate(qtbot)
    gate.box.setFocus()
    QTest.keyPress(gate.box, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    gate.now += HOLD_SECONDS
    QApplication.sendEvent(gate.box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier,
                                               "", True))  # auto-repeat
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_frame_after_a_click_waits_for_the_hold_and_only_the_newest_is_drawn(qtbot):
    gate = Gate(qtbot)
    first, second = frames(2)
    qtbot.mouseClick(gate.box, Qt.MouseButton.LeftButton)  # through the application's event filter
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
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)


def test_a_stopped_gate_forgets_its_frame_and_no_longer_watches(qtbot):
    gate = Gate(qtbot)
    qtbot.keyClick(gate.box, Qt.Key.Key_Space)
    gate.input_first.offer(frames(1)[0])
    gate.input_first.stop()
    gate.now += 2 * HOLD_SECONDS
    gate.input_first.release()
    assert gate.shown == [] and not gate.input_first.timer.isActive()
    qtbot.mouseClick(gate.box, Qt.MouseButton.LeftButton)
    packet = frames(1)[0]
    gate.input_first.offer(packet)
    qtbot.waitUntil(lambda: gate.shown == [packet], timeout=5_000)  # no longer watching: no hold
