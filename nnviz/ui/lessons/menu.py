"""The Lessons menu: the built-in lessons, the lesson panel, Lesson Text… and Revert Lesson."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from nnviz.session.explain.tasks import SetLesson
from nnviz.session.lesson_markup import MARKDOWN
from nnviz.session.lessons import LessonEntry, list_lessons
from nnviz.ui.lessons.editor import LessonTextDialog
from nnviz.ui.lessons.panel import LessonDock
from nnviz.ui.window.surface import WindowSurface

LESSON_DOCK_WIDTH = 300


class Lessons(QObject):
    """Opens lessons from the menu and shows the session's lesson in a dock, as the window's file flow tells."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        self._dock: LessonDock | None = None  # built the first time a lesson or the panel is shown
        self.entries: list[LessonEntry] = list_lessons()
        self.menu = surface.menu("&Lessons")
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
        files = surface.files
        self.menu.addAction(files.revert_action)
        files.lessonChanged.connect(self._on_lesson_changed)
        files.lessonOpened.connect(self._on_lesson_opened)

    @property
    def dock(self) -> LessonDock:
        """The lesson text dock, built on first use."""
        if self._dock is None:
            window = self.surface.window
            self._dock = LessonDock(window)
            self._dock.browser.links.refused.connect(self.surface.show_error)
            self._dock.browser.highlighted.connect(lambda url: self.surface.show_info(url.toString()))
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._dock)
            window.resizeDocks([self._dock], [LESSON_DOCK_WIDTH], Qt.Orientation.Horizontal)
            self._dock.hide()
            # open or closed, not whether its tab is in front: a panel tabbed behind another stays open
            self._dock.toggleViewAction().toggled.connect(self.show_text.setChecked)
            self._dock.show_lesson(self.surface.files.lesson)
        return self._dock

    def open(self, entry: LessonEntry) -> None:
        """Open a lesson's file (the window's one way to open a file)."""
        self.surface.open_file(str(entry.path))

    def _on_lesson_changed(self, lesson: dict[str, str] | None) -> None:
        if self._dock is not None and lesson != self._dock.lesson:
            self._dock.show_lesson(lesson)

    def _on_lesson_opened(self, lesson: dict[str, str] | None) -> None:
        """A file was opened: its lesson is shown; a file without one hides the panel."""
        if lesson is not None:
            self.dock.show_lesson(lesson)
            self.dock.show()
        elif self._dock is not None:
            self._dock.show_lesson(None)
            self._dock.hide()

    def _toggle_dock(self, on: bool) -> None:
        self.dock.setVisible(on)

    def ask_text(self) -> None:
        """Ask for the session's lesson title and text."""
        dialog = LessonTextDialog(self.surface.window, self.surface.files.lesson)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_text(dialog.title.text(), dialog.text.toPlainText(), dialog.fmt())

    def set_text(self, title: str, text: str, fmt: str = MARKDOWN) -> None:
        """Give the session a lesson title and text (empty title: no lesson); the panel shows it."""
        self.surface.send(SetLesson(title, text, fmt))
        if title.strip():
            self.dock.show()
