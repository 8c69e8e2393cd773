"""Start-up: the hidden-space and lesson docks are built the first time they are shown, then behave as before."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget

from nnviz.ui.lessons.menu import Lessons
from tests.ui.probes import part


def _dock(window, name: str) -> QDockWidget | None:  # type: ignore[no-untyped-def]
    return window.findChild(QDockWidget, name)


def test_hidden_docks_are_built_when_first_shown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    teaching = window.features["teaching"]
    assert _dock(window, "hiddenSpaceDock") is None
    docks_before = set(window.findChildren(QDockWidget))
    teaching.hidden_action.trigger()
    hidden = _dock(window, "hiddenSpaceDock")
    assert hidden is not None and hidden.isVisible() and teaching.hidden_action.isChecked()
    hidden.close()
    qtbot.waitUntil(lambda: not teaching.hidden_action.isChecked(), timeout=5000)
    lessons = part(window, Lessons)
    lessons.show_text.trigger()
    lesson_docks = set(window.findChildren(QDockWidget)) - docks_before - {hidden}
    assert len(lesson_docks) == 1 and lessons.dock in lesson_docks and lessons.dock.isVisible()
    assert "no lesson" in lessons.dock.browser.toPlainText()
