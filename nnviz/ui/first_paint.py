"""Run something once a widget has painted for the first time (what the first paint does not need waits)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Calls its callbacks, in the order they were given, in one turn of the event loop right after the first
    paint event of the widget it watches."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self.then: list[Callable[[], None]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the first Paint: stop watching and schedule the callbacks (after the paint has finished)."""
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            setattr(self._widget, _WATCHER, None)  # a callback given from now on gets a watcher of its own
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        for then in self.then:
            then()


_WATCHER = "_nnviz_first_paint"  # the widget's watcher, while it waits for its first paint


def after_first_paint(widget: QWidget, then: Callable[[], None], first: bool = False) -> None:
    """Call `then` once `widget` has painted (if it is never shown, never), after what was given before it, or
    (`first`) before it: the app's launch timing notes the first paint before the window's own work starts."""
    watcher = getattr(widget, _WATCHER, None)
    if watcher is None:
        watcher = _FirstPaint(widget)
        setattr(widget, _WATCHER, watcher)
        widget.installEventFilter(watcher)
    watcher.then.insert(0 if first else len(watcher.then), then)
