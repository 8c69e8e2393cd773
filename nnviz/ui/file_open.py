"""Files the desktop hands to a running app (macOS: double-click, drop on the Dock) open in the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

from nnviz.session.opening import is_csv_name

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow


def open_in_window(window: MainWindow, path: str) -> None:
    """Open a file in the window (read by the worker): a CSV trains on its points, anything else is a session."""
    if is_csv_name(path):
        window.load_csv(path)
    else:
        window.open_session(path)


class FileOpenFilter(QObject):
    """An application event filter that opens the file of every FileOpen event in the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Open a FileOpen event's file; let every other event through."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            open_in_window(self._window, event.file())
            return True
        return False
