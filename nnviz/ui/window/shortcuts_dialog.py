"""Help ▸ Keyboard Shortcuts: every key and mouse gesture of the window, in a dialog that fits on the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from nnviz.ui.lessons.safe_text import LessonBrowser
from nnviz.ui.window.geometry import fit_dialog
from nnviz.ui.window.help_text import window_help

SHORTCUTS_SIZE = QSize(640, 720)  # px, at most: less on a smaller screen (the list scrolls)


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard Shortcuts: every key and mouse gesture of the window, in a table that scrolls; the
    dialog fits on the screen (a message box grew with the list, past the screen's edge with its OK button)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        column = QVBoxLayout(self)
        self.help_html = window_help(parent)  # nnviz's own words, escaped: the actions' tips and the gestures
        self.browser = LessonBrowser()
        self.browser.setObjectName("shortcutsHelp")
        self.browser.setHtml(self.help_html)
        column.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        fit_dialog(self, SHORTCUTS_SIZE)
