"""Which CSV files the user chose in this session: a `csv_path` that came in a file is only a hint.

A session file carries its points; its `csv_path` says where they once came from. Reload reads
that path again only if the user picked the file in this session (Load CSV, Open, the command
line), or after asking, with the path shown as plain text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nnviz.session.config import CSV_DATASET, Config
from nnviz.session.reconfigure import CSV_READ_FIELDS


class CsvChoices:
    """The CSV paths the user chose in this window's session; asks before any other path is read."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._chosen: set[str] = set()

    def chose(self, path: str | os.PathLike[str]) -> None:
        """The user picked this file (a dialog, a drop, the command line)."""
        self._chosen.add(os.fspath(path))

    def reload_path(self, config: Config) -> str | None:
        """The CSV path Regenerate may read ("" for generated data), or None when the user declined."""
        if config.dataset != CSV_DATASET:
            return ""
        path = config.csv_path
        if path in self._chosen or self.ask(path):
            self._chosen.add(path)
            return path
        return None

    def may_read(self, config: Config, changes: Mapping[str, object]) -> bool:
        """Whether a settings change may go ahead: one that reads the CSV file again (other columns, another
        target) needs the file chosen in this session, or the user's yes."""
        rereads = config.dataset == CSV_DATASET and any(
            key in CSV_READ_FIELDS and key not in ("dataset", "csv_path") and getattr(config, key) != value
            for key, value in changes.items())
        return not rereads or self.reload_path(config) is not None

    def ask(self, path: str) -> bool:
        """Ask whether to read a path that came in a file, showing it as plain text."""
        # lazy: Qt's message box class (and its enums) is made when a question is asked, not with the window
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "Read this CSV file?", "", parent=self._parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"This session's points came from a file that was named in the session file:\n\n{path}\n\n"
                    "Read that file now and train on its points? Its current points are replaced.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes
