"""Lessons ▸ Lesson Text: write a lesson in Markdown with a live preview; the limits a reader enforces apply here."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.session.lesson_markup import HTML, MARKDOWN
from nnviz.session.lessons import MAX_TEXT, MAX_TITLE, text_problem, title_problem
from nnviz.ui.lessons.safe_text import LessonBrowser

PREVIEW_DELAY_MS = 150  # the preview follows the typing after this pause
HINT = ("Markdown: a blank line starts a paragraph; **bold**, *italic*, `code`; # Heading; "
        "1. numbered steps; - bullets; | a | simple | table |. File ▸ Save keeps the lesson with the session.")
FORMAT_NAMES = {MARKDOWN: "Markdown", HTML: "HTML (older lessons)"}


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class LessonTextDialog(QDialog):
    """Title and text of the session's lesson, with a preview beside the text; OK only for what can be saved."""

    def __init__(self, parent: QWidget, lesson: dict[str, str] | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lesson text")
        column = QVBoxLayout(self)
        column.addWidget(_plain_label("Title (leave empty to remove the lesson):"))
        self.title = QLineEdit(lesson["title"] if lesson else "")
        self.title.setMaxLength(MAX_TITLE)
        column.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(_plain_label("Text, written in:"))
        self.format = QComboBox()
        for fmt, name in FORMAT_NAMES.items():
            self.format.addItem(name, fmt)
        self.format.setCurrentIndex(self.format.findData(lesson.get("format", HTML) if lesson else MARKDOWN))
        row.addWidget(self.format)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(_plain_label(HINT))
        split = QSplitter(Qt.Orientation.Horizontal)
        self.text = QPlainTextEdit(lesson.get("text", "") if lesson else "")
        self.text.setPlaceholderText("What the students do and what they should see…")
        self.preview = LessonBrowser()
        self.preview.setObjectName("lessonPreview")
        split.addWidget(self.text)
        split.addWidget(self.preview)
        column.addWidget(split, 1)
        self.problem = _plain_label()
        self.problem.setObjectName("lessonProblem")
        column.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        for signal in (self.text.textChanged, self.title.textChanged, self.format.currentIndexChanged):
            signal.connect(self._timer.start)
        self.resize(900, 520)
        self.update_preview()

    def fmt(self) -> str:
        """The chosen format ("markdown" or "html")."""
        return str(self.format.currentData())

    def current_problem(self) -> str:
        """Why the lesson cannot be saved as it stands ('' when it can; an empty title removes the lesson)."""
        title, text = self.title.text(), self.text.toPlainText()
        if not title.strip():
            return "" if not text.strip() else "give the lesson a title (an empty title removes the lesson)"
        return title_problem(title) or text_problem(text, self.fmt())

    def update_preview(self) -> None:
        """Render the text as the lesson panel will, and say whether it can be saved."""
        title, text = self.title.text().strip() or "(no title)", self.text.toPlainText()
        problem = self.current_problem()
        if len(text) <= MAX_TEXT:
            self.preview.show_lesson(title, text, self.fmt())
        count = f"{len(text):,} of at most {MAX_TEXT:,} characters"
        self.problem.setText(f"{count}. {problem[:1].upper() + problem[1:]}." if problem else count)
        self.problem.setStyleSheet("color: #b00020;" if problem else "")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(not problem)

    def accept(self) -> None:
        """Close with OK only when the lesson can be saved and opened again."""
        self.update_preview()
        if not self.current_problem():
            super().accept()
