"""The unsaved-changes question reads cleanly whatever the session is called (names come from files)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from nnviz.session.lesson_book import LESSONS
from nnviz.ui.files import dialogs
from nnviz.ui.files.dialogs import ask_unsaved as real_ask_unsaved  # the conftest stands in for it in tests
from nnviz.ui.plain_text import NAME_CHARS

QUOTES = "“”\"'‘’«»"
NAMES = [LESSONS[0].title, 'My "best" run', "the ‘sigmoid’ one", "<b>bold</b> & <img src=/dev/zero>",
         "two\nlines\u2028and a separator\ttab", "x" * 500, "", "   "]


@pytest.mark.parametrize("name", NAMES)
def test_the_question_adds_no_quotes_and_keeps_the_name_on_one_plain_line(name: str) -> None:
    question, named = dialogs.unsaved_question(name, "quitting")
    assert question.endswith("before quitting?")
    assert not any(q in question for q in QUOTES)  # our words quote nothing: no quotes to nest
    assert "\n" not in named and "\u2028" not in named and 0 < len(named) <= NAME_CHARS
    if name.strip() and len(name) < NAME_CHARS:
        assert named == " ".join(name.split())  # the name as it is, its own quotes once, markup as text
    assert sum(named.count(q) for q in QUOTES) == sum(name[:NAME_CHARS].count(q) for q in QUOTES)


def test_the_box_shows_a_lesson_title_as_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.update(format=box.textFormat(), text=box.text(), info=box.informativeText(), title=box.windowTitle())
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    title = "<i>1.</i> Two neurons learn “1 → 0”"
    assert real_ask_unsaved(None, title, "opening another file") == dialogs.CANCEL
    assert seen["format"] == Qt.TextFormat.PlainText
    assert seen["info"] == title and seen["title"] == "Unsaved changes"
    assert seen["text"] == "Save the changes to this session before opening another file?"
