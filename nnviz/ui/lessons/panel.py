"""The lesson panel: a dock with the lesson's title and text, rendered by a document that loads nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QWidget

from nnviz.session.lesson_markup import HTML
from nnviz.ui.lessons.safe_text import LessonBrowser

NO_LESSON = ("This session has no lesson. Open one from the Lessons menu, or write your own with "
             "Lessons ▸ Lesson Text….")


class LessonDock(QDockWidget):
    """A dock with the session's lesson (its title and its Markdown or HTML text)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Lesson", parent)  # the lesson's own title heads its text: a title bar would cut it
        self.setObjectName("lessonDock")
        self.browser = LessonBrowser()
        self.browser.setObjectName("lessonText")
        self.browser.setAcceptDrops(False)  # a file dropped on the text opens, as anywhere on the window
        self.browser.setMinimumWidth(220)
        # below the views (the settings shown beside it on a narrow screen) it may be two lines high: it scrolls
        self.browser.setMinimumHeight(2 * self.browser.fontMetrics().height() + 8)
        self.setWidget(self.browser)
        self.lesson: dict[str, str] | None = None
        self.problem = ""  # why the text is shown as plain text ('' when it is not)

    def show_lesson(self, lesson: dict[str, str] | None) -> None:
        """Show a lesson's title and text (None: the note that the session has none)."""
        self.lesson = lesson
        if lesson is None:
            self.browser.setPlainText(NO_LESSON)
            self.problem = ""
            return
        self.problem = self.browser.show_lesson(lesson["title"], lesson.get("text", ""),
                                                lesson.get("format", HTML))
