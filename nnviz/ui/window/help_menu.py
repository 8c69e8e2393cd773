"""Help ▸ User Guide (the guide nnviz ships, rendered by a document that loads nothing), and Help kept last."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar, QVBoxLayout, QWidget

from nnviz.errors import NnvizError
from nnviz.io import read_text
from nnviz.resource_paths import resource_path
from nnviz.session.lesson_markup import MARKDOWN
from nnviz.ui.window.geometry import fit_dialog
from nnviz.ui.window.help_text import key_text
from nnviz.ui.window.surface import WindowSurface

GUIDE = "guide/user-guide.md"
MAX_GUIDE_BYTES = 200_000
GUIDE_SIZE = QSize(720, 640)  # px, at most: less on a smaller screen (the guide scrolls)


def guide_markdown(window: QWidget) -> str:
    """The user guide's Markdown, followed by a table of the window's shortcuts as they are now."""
    try:
        text = read_text(resource_path(GUIDE), error=NnvizError, what="user guide", max_bytes=MAX_GUIDE_BYTES)
    except NnvizError as exc:
        text = f"# nnviz user guide\n\nThe guide could not be read: {exc}\n"
    rows = []
    for action in window.findChildren(QAction):
        key = key_text(action)
        if key and action.statusTip():
            rows.append(f"| {_cell(key)} | {_cell(action.statusTip())} |")
    table = "| Key | What it does |\n|---|---|\n" + "\n".join(sorted(set(rows))) if rows else ""
    return f"{text}\n{table}\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class UserGuide(QDialog):
    """The user guide in a window of its own (the text is nnviz's, rendered by a document that loads nothing)."""

    def __init__(self, parent: QWidget) -> None:
        # lazy: the guide's document, cursor and buttons load when it is first opened (start-up, issue 23)
        from PySide6.QtGui import QTextCursor
        from PySide6.QtWidgets import QDialogButtonBox

        # lazy: the document that shows lessons and the guide loads when one is first opened (start-up, issue 23)
        from nnviz.ui.lessons.safe_text import LessonBrowser

        super().__init__(parent)
        self.setWindowTitle("nnviz user guide")
        column = QVBoxLayout(self)
        self.browser = LessonBrowser()
        self.browser.setObjectName("userGuide")
        text = guide_markdown(parent)
        title, _, body = text.partition("\n")
        self.browser.show_lesson(title.lstrip("# ").strip(), body, MARKDOWN)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # open at the top
        column.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        fit_dialog(self, GUIDE_SIZE)


class HelpLast(QObject):
    """Keeps the Help menu the last of a menu bar, whatever menus the window's features add after it."""

    def __init__(self, menu_bar: QMenuBar, help_menu: QMenu) -> None:
        super().__init__(menu_bar)
        self.menu_bar, self.help = menu_bar, help_menu
        self._moving = False
        menu_bar.installEventFilter(self)
        self.move_help_last()

    def move_help_last(self) -> None:
        """Put the Help menu at the end of the menu bar."""
        action = self.help.menuAction()
        actions = self.menu_bar.actions()
        if actions and actions[-1] is action:
            return
        self._moving = True
        try:
            self.menu_bar.removeAction(action)
            self.menu_bar.addAction(action)
        finally:
            self._moving = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """After a menu is added, move Help back to the end."""
        if event.type() == QEvent.Type.ActionAdded and not self._moving:
            self.move_help_last()
        return False


def install_help(surface: WindowSurface) -> HelpLast:
    """Add Help ▸ User Guide and keep the Help menu last."""
    window = surface.window
    bar = window.menuBar()
    help_menu = next(a.menu() for a in bar.actions() if a.text().replace("&", "") == "Help")
    assert isinstance(help_menu, QMenu)
    guide = QAction("User Guide", window)
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.setStatusTip("What every panel, key and colour means, and the small pictures on the neurons")
    guide.triggered.connect(lambda: UserGuide(window).exec())
    first = help_menu.actions()
    if first:
        help_menu.insertAction(first[0], guide)
    else:
        help_menu.addAction(guide)
    window.addAction(guide)
    keeper = HelpLast(bar, help_menu)
    return keeper
