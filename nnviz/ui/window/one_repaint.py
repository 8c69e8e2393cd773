"""One repaint of the window per frame, however many scenes the frame changed (issue 23).

A frame changes three graphics scenes (the network graph, the output view, at times the loss
chart). Qt processes each scene's changes in a queued call of its own, and each such call ends by
dispatching the window's pending repaint at once (QGraphicsScene's "immediately dispatch all pending
update requests on the views"). So one frame was painted in two or three passes, each with its own
walk over the window's dirty widgets and its own flush of pixels to the screen; the labels the frame
set went with whichever pass came first.

`FrameRepaint.hold()` (called when a frame has been handed to the views) holds the window's repaints
back until every call queued before then has run: a repaint request that arrives meanwhile is set
aside, and a low-priority event posted by `hold()`, which Qt delivers after the normal-priority
queued calls, repaints everything marked in one pass. Nothing is lost: what was marked dirty stays
marked until that pass, and the pass comes in the same turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

_RELEASE = QEvent.Type(QEvent.registerEventType())  # "the calls queued before the hold have run"


class FrameRepaint(QObject):
    """Holds a window's repaint requests from `hold()` until the calls queued before it have run, then paints once."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.holding = False
        self._held = 0  # repaint requests set aside during the hold
        self._after: list[Callable[[], None]] = []  # called once the hold's pass is painted
        window.installEventFilter(self)

    def hold(self) -> None:
        """Hold repaints until the calls queued so far (the scenes' changes) have run (idempotent while holding)."""
        if not self.holding:
            self.holding = True
            QCoreApplication.postEvent(self, QEvent(_RELEASE), Qt.EventPriority.LowEventPriority.value)

    def after(self, call: Callable[[], None]) -> None:
        """Call this once the held pass is painted (at once when not holding)."""
        if self.holding:
            self._after.append(call)
        else:
            call()

    def waits(self, call: Callable[[], None]) -> bool:
        """While holding: call this once the held pass is painted, and True (the caller's work waits for it); else
        False (work between events, like the edges' strokes, goes on: a click's pixels come before it; issue 23)."""
        if self.holding:
            self._after.append(call)
        return self.holding

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Set the window's repaint requests aside while holding."""
        if self.holding and watched is self._window and event.type() == QEvent.Type.UpdateRequest:
            self._held += 1
            return True
        return False

    def event(self, event: QEvent) -> bool:
        """The release: paint everything marked in one pass, if a repaint was asked for meanwhile."""
        if event.type() != _RELEASE:
            return super().event(event)
        self.release()
        return True

    def release(self) -> None:
        """Stop holding; repaint now what was marked while holding (one pass)."""
        self.holding = False
        if self._held:
            self._held = 0
            # Qt's own request was consumed: this one makes the window paint and flush its dirty parts
            QCoreApplication.sendEvent(self._window, QEvent(QEvent.Type.UpdateRequest))
        after, self._after = self._after, []
        for call in after:
            call()
