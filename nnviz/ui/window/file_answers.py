"""The window's side of a file command that the worker carries out: what it is doing, and how its answer shows."""

from __future__ import annotations

from PySide6.QtCore import QObject

from nnviz.session.start_watch import NOT_STARTED
from nnviz.ui.window.surface import WindowSurface


class FileAnswers(QObject):
    """Remembers what the file command in flight is doing ("Cannot open the file", ...): a failure that answers it
    gets a dialog with that title and a status line; any other failure only the status line."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface.window)  # a GUI-thread object: the worker's queued answers run here
        self._surface = surface
        self.task = ""  # what a file command sent to the worker is doing, until it answers ("" none)

    def failed(self, message: str) -> None:
        """The worker refused something or failed: says so (a failed open or save with a dialog)."""
        title, self.task = self.task, ""
        standing = message == NOT_STARTED  # no trainer runs until one is asked for: stands until answered (PlayButton)
        if title:
            self._surface.report_file_error(title, message)
        if standing or not title:
            self._surface.show_error(message, standing)
        self._surface.failed.emit(message)

    def notice(self, message: str, beside_figures: bool = False) -> None:
        """A file read or written says so ("opened …", "loaded …"): the command in flight has answered (a note
        beside the figures, a pin's, keeps them)."""
        self.task = ""
        self._surface.show_info(message, beside_figures)
