"""Failed opens and saves: a dialog with the whole message (and the one-line note in the status bar)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nnviz.ui.plain_text import DIALOG_CHARS, plain_line

CANNOT_OPEN = "Cannot open the file"  # the title of a failed open's dialog

if TYPE_CHECKING:  # Qt's message box class (and its enums) is made with the first box, not the window (issue 23)
    from PySide6.QtWidgets import QMessageBox


class FileErrorDialog:
    """Shows one window-modal warning at a time; it never blocks the event loop or the training."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.box: QMessageBox | None = None

    def show(self, title: str, message: str) -> QMessageBox:
        """Show the message as plain text on one line (file names keep their case; values quoted from a file
        are cut at DIALOG_CHARS) under a short title."""
        if self.box is None:
            # lazy: the class is made with the first box shown, not with the window (issue 23)
            from PySide6.QtWidgets import QMessageBox

            self.box = QMessageBox(self._parent)
            self.box.setIcon(QMessageBox.Icon.Warning)
            self.box.setTextFormat(Qt.TextFormat.PlainText)
            self.box.setStandardButtons(QMessageBox.StandardButton.Ok)
            self.box.setWindowModality(Qt.WindowModality.WindowModal)
        self.box.setWindowTitle(title)
        self.box.setText(title)
        self.box.setInformativeText(plain_line(message, DIALOG_CHARS))
        self.box.open()
        return self.box

    def text(self) -> str:
        """The message shown last ("" when none is showing)."""
        return self.box.informativeText() if self.box is not None and self.box.isVisible() else ""

    def close(self) -> None:
        """Close the message, if one is showing (the window is going: no modal box may outlive it)."""
        if self.box is not None:
            self.box.close()
