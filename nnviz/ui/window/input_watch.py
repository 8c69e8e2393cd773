"""The user's input in the window, reported to the training side so that a click's pixels come before the next frame.

Every press, release, key (not its auto-repeat: an arrow key held down steps and shows each step) and wheel that
reaches the window's QWindow calls `seen`: the window system delivers every input of the window there before the
widget under the mouse or with the focus gets it, so a filter there sees a few events a frame, not every event of
the application. The window passes the training side's `input_seen`: the training process's reader then hands
no live frame on until the input is drawn (`nnviz.session.frame_handoff`, issue 23).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

if TYPE_CHECKING:  # the QWindow comes after the first paint: its class (and enums) is made then (issue 23)
    from PySide6.QtGui import QWindow

INPUT_EVENTS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                          QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.Wheel})


class InputWatch(QObject):
    """Calls `seen` for each press, release, key and wheel of one window (it watches once the window is shown)."""

    def __init__(self, parent: QObject, seen: Callable[[], None]) -> None:
        super().__init__(parent)
        self._seen = seen
        self._watched: QWindow | None = None

    def watch(self, handle: QWindow | None) -> None:
        """Watch the input of the window's QWindow (it exists once the window is shown)."""
        if handle is not None and self._watched is None:
            self._watched = handle
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report the user's input (the event goes on unchanged)."""
        kind = event.type()
        if kind in INPUT_EVENTS and not (kind == QEvent.Type.KeyPress and event.isAutoRepeat()):  # type: ignore[attr-defined]
            self._seen()
        return False

    def stop(self) -> None:
        """Stop watching (the window closes)."""
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
