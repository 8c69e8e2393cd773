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


def test_the_table_docks_are_built_from_the_data_menu_then_follow_frames(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tables = window.features["tables"]
    assert _dock(window, "sliceDock") is None and _dock(window, "confusionDock") is None
    show_slice, show_matrix = tables.dock_actions  # Data ▸ Slice, Data ▸ Confusion matrix
    assert show_slice.text() == "Slice" and not show_slice.isChecked()
    show_matrix.trigger()
    matrix = _dock(window, "confusionDock")
    assert matrix is not None and matrix.isVisible() and show_matrix.isChecked()
    assert _dock(window, "sliceDock") is tables.slice_dock and not show_slice.isChecked()
    assert tables.confusion.frame is window.frame  # the latest frame, shown at once
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch >= 1 and tables.confusion.frame is window.frame, timeout=10_000)
    matrix.close()
    qtbot.waitUntil(lambda: not show_matrix.isChecked(), timeout=5000)


def test_the_explain_dock_is_built_when_explain_step_first_opens(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    explain = window.features["teaching"].explain
    assert _dock(window, "explainDock") is None and explain.shown_panel() is None
    explain.toggle.trigger()
    dock = _dock(window, "explainDock")
    assert dock is explain.dock and dock.isVisible() and explain.shown_panel() is explain.panel
    explain.toggle.trigger()
    assert not dock.isVisible() and explain.shown_panel() is None


def test_the_lessons_menu_lists_the_lessons_as_it_first_opens(window) -> None:  # type: ignore[no-untyped-def]
    lessons = part(window, Lessons)
    assert lessons.menu.actions()[0].isSeparator()  # no lesson listed (nor read) before the menu is needed
    lessons.menu.aboutToShow.emit()
    titles = [a.text() for a in lessons.menu.actions()]
    assert titles[:len(lessons.entries)] == [entry.title for entry in lessons.entries] and len(lessons.entries) >= 9
    assert titles[len(lessons.entries) + 1:len(lessons.entries) + 3] == ["Lesson Panel", "Lesson Text…"]
    lessons.menu.aboutToShow.emit()
    assert len(lessons.menu.actions()) == len(titles)  # listed once


def test_the_network_panel_makes_a_layer_s_row_when_a_network_first_has_that_layer(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.parts.network_panel
    assert len(panel.rows) == len(window.config.hidden) == 2
    panel.add_layer.click()
    qtbot.waitUntil(lambda: len(window.config.hidden) == 3, timeout=10_000)
    assert len(panel.rows) == 3 and panel.rows[2].count.text() == "2" and panel.rows[2].activation.isVisible()
    panel.remove_layer.click()
    qtbot.waitUntil(lambda: len(window.config.hidden) == 2, timeout=10_000)
    assert len(panel.rows) == 3 and not panel.rows[2].count.isVisible()  # kept, hidden, for the next time
