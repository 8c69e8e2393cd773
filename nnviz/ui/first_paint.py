"""Run something once a widget has painted for the first time (what the first paint does not need waits)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Calls `then` from the event loop right after the first paint event of the widget it watches."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._then = widget, then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first Paint: stop watching and schedule `then` (after the paint has finished)."""
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once `widget` has painted (if it is never shown, never)."""
    widget.installEventFilter(_FirstPaint(widget, then))
