"""Files the desktop hands to a running app (macOS FileOpen: double-click, drop on the Dock) and files
dropped onto the window: both open through the window's one way to open a file (`nnviz.ui.files.flow`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFileOpenEvent
from PySide6.QtWidgets import QWidget

OpenFile = Callable[[str], None]  # the window's one way to open a file (a CSV trains on its points)


class FileOpenFilter(QObject):
    """An application event filter that opens the file of every FileOpen event in the window."""

    def __init__(self, window: QWidget, open_file: OpenFile) -> None:
        super().__init__(window)
        self._open_file = open_file

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Open a FileOpen event's file; let every other event through."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self._open_file(event.file())
            return True
        return False


DRAG_EVENTS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


def dropped_file(event: QDropEvent) -> str:
    """The one local file a drag carries ('' when it carries none, or several)."""
    mime = event.mimeData()
    urls = mime.urls() if mime is not None and mime.hasUrls() else []
    files = [url.toLocalFile() for url in urls if url.isLocalFile()]
    return files[0] if len(files) == 1 else ""


class DropOpener(QObject):
    """Opens a file dropped anywhere on the window: it watches the window and every part that takes drops."""

    def __init__(self, window: QWidget, open_file: OpenFile) -> None:
        super().__init__(window)
        self._window = window
        self._open_file = open_file
        window.setAcceptDrops(True)
        self.watched: set[int] = set()  # ids of the widgets watched
        self._watch(window)  # its parts once they are built (watch_children): reading them all back costs

    def _watch(self, widget: QWidget) -> None:
        if id(widget) not in self.watched:
            widget.installEventFilter(self)
            self.watched.add(id(widget))

    def watch_children(self) -> None:
        """Watch the window's parts that take drops themselves (views), so a drop on them opens the file too."""
        for child in self._window.findChildren(QWidget):
            if child.acceptDrops():
                self._watch(child)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take a drag of one local file over the window; open it on drop."""
        if event.type() not in DRAG_EVENTS or not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        assert isinstance(event, QDragEnterEvent | QDragMoveEvent | QDropEvent)
        path = dropped_file(event)
        if not path:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Type.Drop:
            self._open_file(path)
        return True
