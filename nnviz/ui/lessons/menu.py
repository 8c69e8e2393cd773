"""The Lessons menu: the built-in lessons, the lesson panel, Lesson Text… and Revert Lesson."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from nnviz.session.explain.tasks import SetLesson
from nnviz.session.lesson_markup import MARKDOWN
from nnviz.session.lessons import LessonEntry, list_lessons
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    from nnviz.ui.lessons.panel import LessonDock

LESSON_DOCK_WIDTH = 300


class Lessons(QObject):
    """Opens lessons from the menu and shows the session's lesson in a dock, as the window's file flow tells."""

    def __init__(self, surface: WindowSurface) -> None:
        super().__init__(surface)
        self.surface = surface
        self._dock: LessonDock | None = None  # built the first time a lesson or the panel is shown
        self._entries: list[LessonEntry] | None = None  # the built-in lessons: read when first needed
        self._actions: list[QAction] | None = None  # one per lesson: listed as the menu first opens
        self.menu = surface.menu("&Lessons")
        self.menu.aboutToShow.connect(self._list_lessons)
        self._lessons_end = self.menu.addSeparator()  # the lessons come above it
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
    def entries(self) -> list[LessonEntry]:
        """The built-in lessons (their files are read once, when first needed)."""
        if self._entries is None:
            self._entries = list_lessons()
        return self._entries

    @property
    def actions(self) -> list[QAction]:
        """The menu's action for each built-in lesson (the lessons' files are read once, when first needed)."""
        return self._list_lessons()

    def _list_lessons(self) -> list[QAction]:
        if self._actions is None:
            self._actions = []
            for entry in self.entries:
                action = QAction(entry.title, self.menu)
                action.setStatusTip(f"Open the lesson {entry.path.name}")
                action.triggered.connect(lambda _=False, e=entry: self.open(e))
                self.menu.insertAction(self._lessons_end, action)
                self._actions.append(action)
            if not self.entries:
                none = QAction("No lessons found", self.menu)
                none.setEnabled(False)
                self.menu.insertAction(self._lessons_end, none)
        return self._actions

    @property
    def dock(self) -> LessonDock:
        """The lesson text dock, built on first use."""
        if self._dock is None:
            # lazy: the lesson panel's module loads when a lesson is first shown (start-up time, issue 23)
            from nnviz.ui.lessons.panel import LessonDock

            window = self.surface.window
            self._dock = LessonDock(window)
            self._dock.browser.links.refused.connect(self.surface.show_error)
            self._dock.browser.highlighted.connect(lambda url: self.surface.show_info(url.toString()))
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._dock)
            window.resizeDocks([self._dock], [LESSON_DOCK_WIDTH], Qt.Orientation.Horizontal)
            layout = window.layout()
            if layout is not None and not layout.isEnabled():  # the window's parts are made in one pass (a file
                # named at launch) and styled at its end: the width asked for before that was lost (620 px of 1280)
                QTimer.singleShot(0, self._dock_width)
            self._dock.hide()
            # open or closed, not whether its tab is in front: a panel tabbed behind another stays open
            self._dock.toggleViewAction().toggled.connect(self.show_text.setChecked)
            self._dock.show_lesson(self.surface.files.lesson)
        return self._dock

    def _dock_width(self) -> None:
        """The lesson panel's width as it first opens (the window's layout held the first request back)."""
        if self._dock is not None and shiboken6.isValid(self._dock):
            self.surface.window.resizeDocks([self._dock], [LESSON_DOCK_WIDTH], Qt.Orientation.Horizontal)

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
        # lazy: the editor loads when it is first opened (start-up time, issue 23)
        from nnviz.ui.lessons.editor import LessonTextDialog

        dialog = LessonTextDialog(self.surface.window, self.surface.files.lesson)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_text(dialog.title.text(), dialog.text.toPlainText(), dialog.fmt())

    def set_text(self, title: str, text: str, fmt: str = MARKDOWN) -> None:
        """Give the session a lesson title and text (empty title: no lesson); the panel shows it."""
        self.surface.send(SetLesson(title, text, fmt))
        if title.strip():
            self.dock.show()
