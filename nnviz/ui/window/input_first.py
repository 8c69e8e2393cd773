"""The user's input before the next frame: a frame that arrives just after a click or a key waits for its pixels.

A click reaches the pixels in three turns of the event loop (press, release, then the scene's repaint). A live
frame that arrives meanwhile is handed to every view and repainted with them (the graph, the output, the loss
chart: 8-9 ms of the GUI thread on the spiral 6x8, more when the edges are stroked), so the click's pixels
waited for it: the slowest click-to-pixels were 3-6 times the median (issue 23). So for HOLD_SECONDS after
each press, release, key or wheel event that reaches this window's QWindow (the window system delivers
every input of the window there before the widget under the mouse or with the focus gets it; a filter there
sees a few events a frame, not every event of the application), an arriving frame is kept, and drawn when
that time has passed; input that goes on (a wheel turned, fast typing) holds a frame MAX_HOLD_SECONDS at most,
so the pictures never freeze under it. Every frame is drawn from a zero timer, after the events already queued:
a click queued behind a frame's signal is then seen first. The frame is acknowledged only when drawn, so the
trainer makes no frame meanwhile; at most one frame waits (a newer one, forced out by an event, replaces it and
the older one is acknowledged unseen). A key's auto-repeat holds nothing (an arrow key held down steps and shows
each step). A frame made while training is paused answers the user's own click (Step, Reset, an edit of a
weight): it is not held.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from nnviz.session.events import FramePacket

if TYPE_CHECKING:  # the QWindow comes after the first paint: its class (and enums) is made then (issue 23)
    from PySide6.QtGui import QWindow

HOLD_SECONDS = 0.03  # a click's own work, its scene's update and its paint: about 4-5 ms on a quiet machine
MAX_HOLD_SECONDS = 0.1  # input that goes on (a wheel turned, fast typing) holds a frame back no longer
INPUT_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.Wheel})


class InputFirst(QObject):
    """Holds the frame that arrives just after the user's input in `window`, and shows it once the input is drawn."""

    def __init__(self, window: QWidget, show: Callable[[FramePacket], None], skip: Callable[[], None],
                 clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__(window)
        self._show, self._skip, self._clock = show, skip, clock
        self._until = -float("inf")  # frames wait until then
        self._held: FramePacket | None = None
        self._watched: QWindow | None = None
        self._latest = float("inf")  # the held frame is drawn by then, whatever input comes (MAX_HOLD_SECONDS)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.release)

    def watch(self, handle: QWindow | None) -> None:
        """Watch the input of the window's QWindow (it exists once the window is shown)."""
        if handle is not None and self._watched is None:
            self._watched = handle
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the user's input (the event goes on unchanged)."""
        kind = event.type()
        if kind in INPUT_EVENTS and not (kind == QEvent.Type.KeyPress and event.isAutoRepeat()):  # type: ignore[attr-defined]
            self.input_seen()
        return False

    def input_seen(self) -> None:
        """The user pressed, released, typed or scrolled: frames wait HOLD_SECONDS."""
        self._until = self._clock() + HOLD_SECONDS

    def offer(self, packet: FramePacket) -> None:
        """A frame to draw: after the events queued before it, and once a click's pixels are on screen."""
        if self._held is not None:
            self._skip()  # the older one is acknowledged unseen: only the newest is drawn (by the older one's time)
        else:
            self._latest = self._clock() + MAX_HOLD_SECONDS
        if not packet.running:
            self._latest = self._clock()  # paused, a frame answers the user (Step, Reset, an edit): not held
        self._held = packet
        wait = self._wait()
        self.timer.start(int(wait * 1000) + 1 if wait > 0 else 0)

    def _wait(self) -> float:
        """Seconds the held frame waits still: until the input's time passed, at most until its latest time."""
        return min(self._until, self._latest) - self._clock()

    def release(self) -> None:
        """Draw the frame kept, if the input's time (or the frame's latest) has passed (else look again then)."""
        wait = self._wait()
        if wait > 0:
            self.timer.start(int(wait * 1000) + 1)
            return
        packet, self._held = self._held, None
        if packet is not None:
            self._show(packet)

    def stop(self) -> None:
        """Forget the frame kept and stop watching (the window closes)."""
        self.timer.stop()
        self._held = None
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
