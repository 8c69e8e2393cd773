"""The teaching mode's one line to the training worker: tasks out, results and failures back.

Everything the teaching mode changes in the session goes through here as a SessionTask on
the worker's command queue; keep all worker interaction in this module so it follows the
worker's protocol in one place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from nnviz.session.explain.tasks import SessionTask
from nnviz.ui.window.surface import WindowSurface


class WorkerLink(QObject):
    """Sends SessionTasks through the window's surface and re-emits what comes back, in the GUI thread."""

    result = Signal(object)  # whatever a task returned
    failed = Signal(str)  # the worker reported an error (a task may have been refused)

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self._surface = surface
        surface.taskDone.connect(self._on_result)
        surface.failed.connect(self._on_failed)

    def send(self, task: SessionTask) -> None:
        """Queue a task for the worker."""
        self._surface.send(task)

    def _on_result(self, result: Any) -> None:
        self.result.emit(result)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
