"""Autosave in the app: every 60 s while the session changes, into the platform's app-data folder; after a
crash, offer the last autosave back. The timing and the files are Qt-free (nnviz.session.autosave).

When the folder cannot be written (XDG_DATA_HOME is a file, a read-only or full disk) the app
works on without autosave and says so once in the status bar.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QMessageBox

from nnviz.session import commands as cmd
from nnviz.session.autosave import AutosavePolicy, AutosaveStore
from nnviz.session.save_copy import CopySaved, SaveCopy

if TYPE_CHECKING:
    from nnviz.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

CHECK_MS = 5000  # how often the window looks for changes and asks the policy
LAST_SAVE_MS = 20_000  # how long a last autosave (on SIGTERM, SIGHUP, Ctrl+C) may take before the app quits anyway
FOLDER_VARIABLE = "NNVIZ_AUTOSAVE_DIR"  # overrides the app-data folder (tests, portable installs)


def autosave_folder() -> Path | None:
    """$NNVIZ_AUTOSAVE_DIR, else <app data>/autosave (e.g. ~/.local/share/nnviz/nnviz/autosave on Linux);
    None when the platform names no app-data folder."""
    configured = os.environ.get(FOLDER_VARIABLE, "")
    if configured:
        return Path(configured)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) / "autosave" if location else None


class Autosaver(QObject):
    """Watches the window's frames; sends a quiet SaveSession to the worker when the policy says so."""

    def __init__(self, window: MainWindow, store: AutosaveStore | None = None,
                 policy: AutosavePolicy | None = None, check_ms: int = CHECK_MS) -> None:
        super().__init__(window)
        self._window = window
        self.policy = policy or AutosavePolicy()
        self._seen = self._signature()  # the session as the window first shows it
        self.off_reason = ""  # why autosave is off ("" while it works)
        folder = store.folder if store is not None else autosave_folder()
        self.store = store or AutosaveStore(folder or Path())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        try:
            if folder is None:
                raise OSError("the system names no folder for application data")
            self.store.begin()
        except OSError as exc:
            self._turn_off(f"cannot write to {folder} ({exc.strerror or exc})" if folder else str(exc))
            return
        self.timer.start(check_ms)

    def _turn_off(self, why: str) -> None:
        self.off_reason = f"autosave is off: {why}"
        log.warning("%s", self.off_reason)
        self.timer.stop()
        self._window.status.show_error(self.off_reason)

    @property
    def active(self) -> bool:
        """Whether autosave works in this run."""
        return not self.off_reason

    def _signature(self) -> tuple[object, ...] | None:
        frame = self._window.frame
        if frame is None:
            return None
        weights = float(sum(float(w.sum()) for w in frame.weights) + sum(float(b.sum()) for b in frame.biases))
        return frame.epoch, frame.steps, frame.data_version, frame.structure_version, weights

    def note_changes(self) -> None:
        """Tell the policy whether the session changed since the last look."""
        seen = self._signature()
        if self._seen is not None and seen != self._seen:
            self.policy.changed()
        self._seen = seen

    def tick(self) -> None:
        """Note a change since the last look; autosave when one is due."""
        self.note_changes()
        if self.active and self.policy.due():
            self._window.send(cmd.SaveSession(str(self.store.path), autosave=True))
            self.policy.saved()

    def finish(self) -> None:
        """A clean exit: this run's autosave is not needed any more."""
        self.timer.stop()
        if self.active:
            self.store.end()

    def save_and_keep(self, timeout_ms: int = LAST_SAVE_MS) -> bool:
        """An exit the user did not choose (a signal): write the session now and keep it for the next start to
        offer; whether it was written. Waits (running the event loop) until the worker has written it."""
        self.timer.stop()
        if not self.active:
            return False
        loop = QEventLoop()
        done: list[CopySaved] = []

        def on_result(result: object) -> None:
            if isinstance(result, CopySaved) and result.path == str(self.store.path):
                done.append(result)
                loop.quit()

        worker = self._window.training.worker
        worker.taskDone.connect(on_result)
        QTimer.singleShot(timeout_ms, loop.quit)
        self._window.send(SaveCopy(str(self.store.path)))
        if not done:
            loop.exec()
        worker.taskDone.disconnect(on_result)
        saved = bool(done) and not done[0].error
        if not saved:
            log.error("the last autosave was not written: %s", done[0].error if done else "no answer in time")
        self.store.release()  # the files stay: the next start offers them back
        return saved

    def offer_restore(self) -> Path | None:
        """After a crash: ask whether to open the session it autosaved; the file opened, or None."""
        if not self.active:
            return None
        crashed = self.store.crashed()
        if not crashed:
            return None
        newest = crashed[0]
        try:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(newest.stat().st_mtime))
        except OSError:
            return None  # another nnviz took it meanwhile
        answer = QMessageBox.question(
            self._window, "Restore the autosaved session?",
            f"nnviz did not close properly last time. Restore the session it saved automatically at {when}?")
        if answer != QMessageBox.StandardButton.Yes:
            self.store.forget(newest)  # older ones are offered at the next start
            return None
        try:
            recovered = self.store.restore(newest)  # kept under a name no exit cleans up: Save writes there
        except OSError as exc:
            self._window.status.show_error(f"cannot restore the autosaved session: {exc.strerror or exc}")
            return None
        if recovered is None:
            self._window.status.show_info("another nnviz window restored that session")
            return None
        self._window.open_session(str(recovered))
        return recovered
