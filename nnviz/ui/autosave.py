"""Autosave in the app: every 60 s while the session changes, into the platform's app-data folder; after a
crash, offer the last autosave back. The timing and the files are Qt-free (nnviz.session.autosave)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QMessageBox

from nnviz.session import commands as cmd
from nnviz.session.autosave import AutosavePolicy, AutosaveStore

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow

CHECK_MS = 5000  # how often the window looks for changes and asks the policy
FOLDER_VARIABLE = "NNVIZ_AUTOSAVE_DIR"  # overrides the app-data folder (tests, portable installs)


def autosave_folder() -> Path:
    """$NNVIZ_AUTOSAVE_DIR, else <app data>/autosave (e.g. ~/.local/share/nnviz/nnviz/autosave on Linux)."""
    configured = os.environ.get(FOLDER_VARIABLE, "")
    if configured:
        return Path(configured)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "autosave"


class Autosaver(QObject):
    """Watches the window's frames; sends a quiet SaveSession to the worker when the policy says so."""

    def __init__(self, window: MainWindow, store: AutosaveStore | None = None,
                 policy: AutosavePolicy | None = None, check_ms: int = CHECK_MS) -> None:
        super().__init__(window)
        self._window = window
        self.store = store or AutosaveStore(autosave_folder())
        self.policy = policy or AutosavePolicy()
        self._seen: tuple[object, ...] | None = None
        self.store.begin()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(check_ms)

    def _signature(self) -> tuple[object, ...] | None:
        frame = self._window.frame
        if frame is None:
            return None
        weights = float(sum(float(w.sum()) for w in frame.weights) + sum(float(b.sum()) for b in frame.biases))
        return frame.epoch, frame.steps, frame.data_version, frame.structure_version, weights

    def tick(self) -> None:
        """Note a change since the last look; autosave when one is due."""
        seen = self._signature()
        if self._seen is not None and seen != self._seen:
            self.policy.changed()
        self._seen = seen
        if self.policy.due():
            self._window.send(cmd.SaveSession(str(self.store.path), autosave=True))
            self.policy.saved()

    def finish(self) -> None:
        """A clean exit: this run's autosave is not needed any more."""
        self.timer.stop()
        self.store.end()

    def offer_restore(self) -> Path | None:
        """After a crash: ask whether to open the session it autosaved; the file opened, or None."""
        crashed = self.store.crashed()
        if not crashed:
            return None
        newest = crashed[0]
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(newest.stat().st_mtime))
        answer = QMessageBox.question(
            self._window, "Restore the autosaved session?",
            f"nnviz did not close properly last time. Restore the session it saved automatically at {when}?")
        if answer != QMessageBox.StandardButton.Yes:
            self.store.forget(newest)
            return None
        recovered = newest.with_name(f"recovered-{time.strftime('%Y%m%d-%H%M%S')}.nnviz")
        newest.replace(recovered)  # kept, so that Save writes somewhere that is not cleaned up at exit
        self.store.forget(newest)
        self._window.open_session(str(recovered))
        return recovered
