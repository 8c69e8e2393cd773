"""The teaching mode's one line to the training worker: tasks out, results and failures back.

Everything the teaching mode changes in the session goes through here as a SessionTask on
the worker's command queue; keep all worker interaction in this module so it follows the
worker's protocol in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from nnviz.session.explain_tasks import SessionTask

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow

QUEUED = Qt.ConnectionType.QueuedConnection


class WorkerLink(QObject):
    """Sends SessionTasks to the window's worker and re-emits what comes back, in the GUI thread."""

    result = Signal(object)  # whatever a task returned
    failed = Signal(str)  # the worker reported an error (a task may have been refused)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        worker = window.training.worker
        worker.taskDone.connect(self._on_result, QUEUED)  # bound methods of a GUI-thread object only
        worker.failed.connect(self._on_failed, QUEUED)

    def send(self, task: SessionTask) -> None:
        """Queue a task for the worker."""
        self._window.send(task)

    def _on_result(self, result: Any) -> None:
        self.result.emit(result)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
