"""The Lessons menu, the lesson text dock, and the dialog that gives a session a lesson text."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnviz.session.explain.tasks import GetLesson, LessonText, SetLesson
from nnviz.session.lessons import LessonEntry, list_lessons
from nnviz.ui.teach.worker_link import WorkerLink
from nnviz.ui.window.surface import WindowSurface

LESSON_DOCK_WIDTH = 300


class LessonDock(QDockWidget):
    """A dock with the lesson's title and rich text (paragraphs and "try this" steps)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Lesson", parent)
        self.setObjectName("lessonDock")
        self.browser = QTextBrowser()
        self.browser.setObjectName("lessonText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMinimumWidth(220)
        self.setWidget(self.browser)
        self.lesson: dict[str, str] | None = None

    def show_lesson(self, lesson: dict[str, str] | None) -> None:
        """Show a lesson (None hides the dock)."""
        self.lesson = lesson
        if lesson is None:
            self.browser.clear()
            self.hide()
            return
        self.setWindowTitle(f"Lesson — {lesson['title']}")
        self.browser.setHtml(f"<h3>{html.escape(lesson['title'])}</h3>{lesson.get('text', '')}")
        self.show()


class LessonTextDialog(QDialog):
    """Title and text (HTML allowed) of the session's lesson; saved with the session."""

    def __init__(self, parent: QWidget, lesson: dict[str, str] | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lesson text")
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Title (leave empty to remove the lesson):"))
        self.title = QLineEdit(lesson["title"] if lesson else "")
        column.addWidget(self.title)
        column.addWidget(QLabel("Text (rich text: <p>, <b>, <ol><li>… ); File ▸ Save keeps it with the session:"))
        self.text = QPlainTextEdit(lesson.get("text", "") if lesson else "")
        column.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.resize(520, 420)


class Lessons(QObject):
    """Opens lessons from the menu and keeps the lesson dock in step with the session the worker trains."""

    def __init__(self, surface: WindowSurface, link: WorkerLink) -> None:
        super().__init__(surface)
        self.surface, self.link = surface, link
        self._dock: LessonDock | None = None  # built the first time a lesson or the panel is shown
        self.entries: list[LessonEntry] = list_lessons()
        self.menu = surface.window.menuBar().addMenu("&Lessons")
        self.actions: list[QAction] = []
        for entry in self.entries:
            action = self.menu.addAction(entry.title)
            action.setStatusTip(f"Open the lesson {entry.path.name}")
            action.triggered.connect(lambda _=False, e=entry: self.open(e))
            self.actions.append(action)
        if not self.entries:
            self.menu.addAction("No lessons found").setEnabled(False)
        self.menu.addSeparator()
        self.show_text = self.menu.addAction("Lesson Panel")
        self.show_text.setCheckable(True)
        self.show_text.toggled.connect(self._toggle_dock)
        self.edit_text = self.menu.addAction("Lesson Text…")
        self.edit_text.setStatusTip("Give this session a lesson title and text; saving keeps them in the file")
        self.edit_text.triggered.connect(self.ask_text)
        link.result.connect(self._on_result)
        surface.configChanged.connect(self._on_config_changed)

    @property
    def dock(self) -> LessonDock:
        """The lesson text dock, built on first use."""
        if self._dock is None:
            window = self.surface.window
            self._dock = LessonDock(window)
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._dock)
            window.resizeDocks([self._dock], [LESSON_DOCK_WIDTH], Qt.Orientation.Horizontal)
            self._dock.hide()
            self._dock.visibilityChanged.connect(self.show_text.setChecked)
        return self._dock

    def open(self, entry: LessonEntry) -> None:
        """Open a lesson's session; its text comes back with the session."""
        self.surface.open_session(str(entry.path))

    def _on_config_changed(self, config: object, problem: str) -> None:
        self.link.send(GetLesson())  # a session may have been opened: does it carry a lesson?

    def _on_result(self, result: object) -> None:
        if not isinstance(result, LessonText) or (self._dock is None and result.lesson is None):
            return
        if result.lesson != self.dock.lesson:
            self.dock.show_lesson(result.lesson)

    def _toggle_dock(self, on: bool) -> None:
        if on and self.dock.lesson is None:
            self.dock.browser.setHtml("<p>This session has no lesson. Open one from the Lessons menu, or write "
                                      "your own with Lessons ▸ Lesson Text….</p>")
        self.dock.setVisible(on)

    def ask_text(self) -> None:
        """Ask for the session's lesson title and text."""
        dialog = LessonTextDialog(self.surface.window, self.dock.lesson)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_text(dialog.title.text(), dialog.text.toPlainText())

    def set_text(self, title: str, text: str) -> None:
        """Give the session a lesson title and text (empty title: no lesson)."""
        self.link.send(SetLesson(title, text))
