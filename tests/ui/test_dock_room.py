"""Docks take their room as tabs, never by floating over a view nor by closing what the user opened."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt

from nnviz.ui import look
from nnviz.ui.controls.common import HintLabel
from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.presentation.room import keep_on_screen
from nnviz.ui.teach.explain_mode import EXPLAIN_SHARE
from tests.ui.probes import part, settling

WAIT_MS = 10_000
BOTTOM, RIGHT = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea


def _settled(window) -> bool:  # type: ignore[no-untyped-def]
    return not settling(window.features["presentation"].guard)


def test_the_slice_dock_opens_as_a_tab_on_a_narrow_window_not_floating(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    teaching, tables = window.features["teaching"], window.features["tables"]
    part(teaching.surface, Lessons).actions[0].trigger()  # a lesson: its panel opens at the right
    qtbot.waitUntil(lambda: part(teaching.surface, Lessons).dock.isVisible(), timeout=WAIT_MS)
    tables.slice_dock.toggleViewAction().trigger()  # Data ▸ Slice
    qtbot.waitUntil(lambda: _settled(window), timeout=WAIT_MS)
    assert not tables.slice_dock.isFloating()
    assert tables.slice_dock in window.tabifiedDockWidgets(part(teaching.surface, Lessons).dock)
    assert not tables.slice_dock.visibleRegion().isEmpty()  # in front: the user sees what they asked for
    assert not part(teaching.surface, Lessons).dock.isHidden()  # the lesson stays open, behind its tab
    assert part(teaching.surface, Lessons).show_text.isChecked()


def test_a_dock_the_user_floats_is_kept_on_the_screen(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(700, 500))
    dock = window.features["tables"].slice_dock
    dock.show()
    dock.setFloating(True)
    room = window.screen().availableGeometry()
    dock.setGeometry(QRect(room.right() - 40, room.bottom() - 30, 300, 400))  # mostly beyond the screen's edge
    keep_on_screen(dock)
    assert room.contains(dock.frameGeometry()), (room, dock.frameGeometry())


def test_presenting_on_a_projector_explain_mode_gets_the_side_docks_as_tabs_and_gives_them_back(
        make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    teaching = window.features["teaching"]
    try:
        window.features["presentation"].set_presentation(True)
        part(teaching.surface, Lessons).actions[0].trigger()
        qtbot.waitUntil(lambda: part(teaching.surface, Lessons).dock.isVisible() and _settled(window), timeout=WAIT_MS)
        lesson = part(teaching.surface, Lessons).dock
        assert window.dockWidgetArea(lesson) == RIGHT
        teaching.explain.set_active(True)
        qtbot.waitUntil(lambda: window.dockWidgetArea(lesson) == BOTTOM and _settled(window), timeout=WAIT_MS)
        assert lesson in window.tabifiedDockWidgets(teaching.explain.dock) and not lesson.isHidden()
        assert not teaching.explain.dock.visibleRegion().isEmpty()  # the explanation is in front
        # the graph has the width the docks left, shared with the output view and the loss chart side by side
        # (stacked, the short views squeezed the output plot to a strip)
        assert window.graph_view.width() >= 0.3 * window.width()
        assert window.boundary_view.width() >= 0.25 * window.width()
        central = window.centralWidget()  # the large formulas take the room the views can give, up to their share,
        dock = teaching.explain.dock  # or, with the loss chart beside the output view, a quarter of the height
        qtbot.waitUntil(lambda: central.height() <= central.minimumSizeHint().height() + 2
                        or dock.height() >= min(EXPLAIN_SHARE, 0.25) * window.height(), timeout=WAIT_MS)
        assert window.loss_chart.isVisible()  # and the views keep their least size
        teaching.explain.set_active(False)
        qtbot.waitUntil(lambda: window.dockWidgetArea(lesson) == RIGHT and _settled(window), timeout=WAIT_MS)
        assert lesson.isVisible()
    finally:
        window.features["presentation"].set_presentation(False)
        look.set_look(large=False, high_contrast=False)


def test_the_loss_chart_shows_accuracy_beside_the_loss_when_short_and_below_it_when_tall(
        make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1280, 800))
    chart = window.loss_chart
    chart.setMinimumSize(QSize(0, 0))
    chart.resize(400, chart.minimumSizeHint().height())
    chart.relayout()
    assert chart.accuracy_item.scene() is not None
    row, col = chart.canvas.ci.layout.itemAt(0, 1), chart.canvas.ci.layout.itemAt(1, 0)
    assert row is chart.accuracy_item and col is None  # beside
    chart.resize(400, 2 * chart.minimumSizeHint().height() + 60)
    chart.relayout()
    assert chart.canvas.ci.layout.itemAt(1, 0) is chart.accuracy_item  # below, sharing the epoch axis
    qtbot.wait(50)
    for plot in (chart.plot_item, chart.accuracy_item):  # the emptied right column keeps no width
        assert plot.geometry().width() > 0.8 * chart.canvas.width(), (plot.geometry().width(), chart.canvas.width())


def test_a_hint_is_drawn_whole_or_not_at_all(qtbot) -> None:  # type: ignore[no-untyped-def]
    hint = HintLabel("Right-click: other class · Ctrl+click: remove")
    qtbot.addWidget(hint)
    hint.resize(hint.fontMetrics().horizontalAdvance(hint.text()) + 4, 20)
    assert hint.shown_text() == hint.text()
    first = hint.fontMetrics().horizontalAdvance("Right-click: other class")
    hint.resize(first + 2, 20)
    assert hint.shown_text() == "Right-click: other class"  # the parts that fit, each whole
    hint.resize(first - 2, 20)
    assert hint.shown_text() == "" and hint.toolTip() == hint.text()  # the tooltip keeps it


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=["1024x768", "1280x720"])
def test_the_point_adding_hint_shows_what_fits_of_it(make_window, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=size)
    qtbot.waitUntil(lambda: window.frame is not None, timeout=10_000)
    qtbot.wait(50)
    hint = window.parts.point_controls.hint
    first = hint.text().split(HintLabel.PART)[0]
    assert hint.fontMetrics().horizontalAdvance(first) <= hint.contentsRect().width()  # there is room for it
    assert hint.shown_text().startswith(first)  # so it is drawn (it was left out whole at both sizes)
    assert hint.toolTip() == hint.text()


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_controls_beside_a_lesson_on_a_1024_px_screen_keep_the_window_on_it(make_window, qtbot, monkeypatch,
                                                                             present) -> None:  # type: ignore[no-untyped-def]
    """The settings (side panel 314 px), the views (646) and the lesson (220) need 1,202 px: pressed at 1024 px,
    Controls widened the window beyond the screen and cut the lesson off. The lesson goes below the views while the
    settings are out, and back beside them once they fold. (Presenting, the settings bar's fields in large type
    needed 1,052 px themselves.)"""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QWidget

    room = QRect(0, 0, 1024, 768)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    window = make_window(size=(1024, 736))
    window.move(0, 32)
    p = window.features["presentation"]
    p.set_presentation(present)
    lessons = part(window.features["teaching"].surface, Lessons)
    lessons.set_text("XOR: why a hidden layer", "Press **Controls**, then **+** next to Hidden layers.")
    qtbot.waitUntil(lambda: lessons.dock.isVisible() and p.controls.isVisible() and _settled(window), timeout=WAIT_MS)
    p.controls.trigger()  # the side panel and the settings bar come back
    qtbot.wait(50)
    qtbot.waitUntil(lambda: _settled(window), timeout=WAIT_MS)
    assert room.contains(window.frameGeometry()), window.frameGeometry()
    side = window.findChild(QWidget, "sideScroll")
    assert not lessons.dock.browser.visibleRegion().isEmpty()  # in front, not a tab behind another dock
    for shown in (side, lessons.dock, window.graph_view, window.boundary_view):
        assert shown.isVisible() and not shown.size().isEmpty(), shown
        assert window.rect().contains(QRect(shown.mapTo(window, QPoint(0, 0)), shown.size())), shown
    assert lessons.dock.browser.height() >= 2 * lessons.dock.browser.fontMetrics().height()  # two lines at least
    p.controls.trigger()  # folded: the lesson goes back beside the views
    qtbot.wait(50)
    qtbot.waitUntil(lambda: _settled(window) and window.dockWidgetArea(lessons.dock) == RIGHT, timeout=WAIT_MS)
    assert not side.isVisible() and lessons.dock.isVisible() and room.contains(window.frameGeometry())


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_explaining_on_a_1024_by_640_laptop_shows_the_arithmetic(make_window, qtbot, present) -> None:  # type: ignore[no-untyped-def]
    """At 1024 x 640 the views kept their least height (~400 px) and left the explanation 45-113 px: its title row and
    no arithmetic. The lesson goes behind it as a tab, the loss chart beside the output view, and the explanation
    shows its phase's title and lines of real numbers (the selected neuron's heading and at least one formula)."""
    size = (1024, 608)  # a 1024 x 640 screen less a title bar (as the window opens on it: geometry.fitted_rect)
    window = make_window(size=size)
    teaching = window.features["teaching"]
    if present:
        window.features["presentation"].set_presentation(True)
    part(teaching.surface, Lessons).actions[1].trigger()  # XOR: the student double-clicked the lesson
    qtbot.waitUntil(lambda: part(teaching.surface, Lessons).dock.isVisible() and _settled(window), timeout=WAIT_MS)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch >= 1, timeout=WAIT_MS)
    explain = teaching.explain
    explain.set_active(True)
    qtbot.waitUntil(lambda: explain.explanation is not None, timeout=WAIT_MS)
    explain.next_phase()  # forward: the output's sum and activation
    qtbot.wait(100)
    qtbot.waitUntil(lambda: _settled(window), timeout=WAIT_MS)
    qtbot.wait(50)
    panel = explain.panel
    assert window.width() <= size[0] and window.height() <= size[1]
    title = panel.title.visibleRegion().boundingRect()
    assert title.height() >= panel.title.height() - 1, "the phase's title is cut"
    lines = panel.formulas.visibleRegion().boundingRect().height() // panel.formulas.fontMetrics().lineSpacing()
    assert len(panel.lines) >= 3 and lines >= (2 if present else 3), f"{lines} lines of the arithmetic shown"
    assert window.loss_chart.isVisible() and window.boundary_view.height() >= 150
