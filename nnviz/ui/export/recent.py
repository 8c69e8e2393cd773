"""File ▸ Open Recent: the last ten files opened or saved, and the last folder used (kept in QSettings)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from nnviz.ui.window.geometry import settings as user_settings

RECENT_KEY = "files/recent"
FOLDER_KEY = "files/lastFolder"
MAX_RECENT = 10


class RecentFiles(QObject):
    """The recent-files list and the last folder, persisted in nnviz's per-user settings."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    @staticmethod
    def _settings() -> QSettings:
        return user_settings()

    def files(self) -> list[str]:
        """The recent files, newest first (at most MAX_RECENT)."""
        value = self._settings().value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [str(v) for v in value if isinstance(v, str) and v][:MAX_RECENT] if isinstance(value, list) else []

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put a file first in the list and remember its folder."""
        full = str(Path(path).absolute())
        files = [full, *(f for f in self.files() if f != full)][:MAX_RECENT]
        s = self._settings()
        s.setValue(RECENT_KEY, files)
        s.setValue(FOLDER_KEY, str(Path(full).parent))
        s.sync()
        self.changed.emit()

    def on_opened(self, path: str, is_session_file: bool) -> None:
        """The window opened a file (from the worker's `opened` signal)."""
        self.add(path)

    def on_saved(self, path: str, name: str) -> None:
        """The window saved a session (from the worker's `saved` signal)."""
        self.add(path)

    def clear(self) -> None:
        """Forget the recent files (the last folder stays)."""
        s = self._settings()
        s.remove(RECENT_KEY)
        s.sync()
        self.changed.emit()

    def remember_folder(self, path: str | os.PathLike[str]) -> None:
        """Remember the folder of a file just written or read."""
        s = self._settings()
        s.setValue(FOLDER_KEY, str(Path(path).absolute().parent))
        s.sync()


def last_folder() -> str:
    """The folder used last for a file, if it still exists; else the user's documents folder (or home)."""
    folder = user_settings().value(FOLDER_KEY, "")
    if isinstance(folder, str) and folder and os.path.isdir(folder):
        return folder
    # lazy: Qt's standard paths (and their enums) are made when a dialog asks, not with the window (issue 23)
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and os.path.isdir(documents) else str(Path.home())
