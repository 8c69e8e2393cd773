"""Lessons ▸ Lesson Text: Markdown with a live preview; the limits a reader enforces hold where the text is typed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMainWindow

from nnviz.session.lessons import MAX_TEXT, MAX_TITLE
from nnviz.ui.lessons.editor import LessonTextDialog


def _ok(dialog: LessonTextDialog) -> bool:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    return button is not None and button.isEnabled()


def test_markdown_is_previewed_and_what_cannot_be_opened_cannot_be_accepted(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    dialog = LessonTextDialog(window, None)
    qtbot.addWidget(dialog)
    assert dialog.fmt() == "markdown" and dialog.title.maxLength() == MAX_TITLE
    dialog.title.setText("Corners")
    dialog.text.setPlainText("Watch the **corners**.\n\n1. Press *Play*")
    dialog.update_preview()
    shown = dialog.preview.toPlainText()
    assert "Watch the corners." in shown and "**" not in shown and "Press Play" in shown and _ok(dialog)
    assert "<" not in dialog.problem.text()  # the hint and the count are plain text
    for bad in ("y" * (MAX_TEXT + 1), "![a picture](/dev/zero)", "> " * 20 + "deep"):
        dialog.text.setPlainText(bad)
        dialog.update_preview()
        assert not _ok(dialog) and dialog.problem.text()
        dialog.accept()
        assert dialog.result() == 0  # still open: nothing that cannot be opened again is accepted
    dialog.text.setPlainText("fine")
    dialog.title.setText("")
    dialog.update_preview()
    assert not _ok(dialog)  # a text needs a title
    dialog.text.setPlainText("")
    dialog.update_preview()
    assert _ok(dialog)  # an empty title and text remove the lesson
