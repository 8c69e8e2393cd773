"""The window fits small screens: it opens within the screen, nothing overlaps at 1024x600, it comes back."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QWidget,
)

from nnviz.session import Config
from nnviz.ui.window.geometry import PREFERRED_SIZE, clamped_rect, fitted_rect

SMALL = (1024, 600)
TITLE_BAR = 40  # px a window manager may take from a 600 px screen


def test_the_window_opens_within_the_available_screen_centred():
    laptop = QRect(0, 0, 1024, 640)
    rect = fitted_rect(laptop)
    assert laptop.contains(rect) and rect.height() <= 640 - 32 and rect.width() == 1024
    assert abs(rect.center().x() - laptop.center().x()) <= 1
    big = QRect(0, 0, 1920, 1080)
    rect = fitted_rect(big)
    assert rect.size() == PREFERRED_SIZE and abs(rect.center().y() - big.center().y()) <= 1


def test_a_remembered_place_off_the_screen_is_moved_back():
    screen = QRect(0, 0, 1024, 640)
    assert clamped_rect(QRect(900, 500, 800, 600), screen) == QRect(224, 40, 800, 600)
    assert clamped_rect(QRect(-50, -20, 2000, 900), screen) == screen


def test_the_minimum_size_fits_a_1024_by_600_screen(window):
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1] - TITLE_BAR, hint


def _labelled(window: QWidget) -> list[QWidget]:
    kinds = (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider)
    found = [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(window)]
    found = [w for w in found if not any(isinstance(a, (QComboBox, QAbstractSpinBox)) for a in _ancestors(w))]
    views = [window.graph_view, window.boundary_view.canvas, window.loss_chart.canvas]
    return found + views


def _ancestors(w: QWidget) -> list[QWidget]:
    out = []
    parent = w.parentWidget()
    while parent is not None:
        out.append(parent)
        parent = parent.parentWidget()
    return out


def _visible_rect(w: QWidget, window: QWidget) -> QRect:
    """The widget's rectangle in window coordinates, clipped by the scroll areas it sits in."""
    rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
    for a in _ancestors(w):
        if isinstance(a, QAbstractScrollArea) and a is not w:
            port = a.viewport()
            rect = rect.intersected(QRect(port.mapTo(window, QPoint(0, 0)), port.size()))
    return rect


def test_no_two_labelled_widgets_overlap_at_1024_by_600(qtbot, make_window):
    window = make_window(Config(), size=SMALL)
    qtbot.waitUntil(lambda: window.size() == QSize(*SMALL))
    qtbot.wait(50)
    widgets = _labelled(window)
    assert len(widgets) > 40
    rects = {id(w): _visible_rect(w, window) for w in widgets}
    clash = []
    for a, b in itertools.combinations(widgets, 2):
        if a in _ancestors(b) or b in _ancestors(a):
            continue
        ra, rb = rects[id(a)], rects[id(b)]
        if ra.isEmpty() or rb.isEmpty():
            continue
        if ra.intersects(rb):
            clash.append((a.objectName() or type(a).__name__, getattr(a, "text", lambda: "")(),
                          b.objectName() or type(b).__name__, getattr(b, "text", lambda: "")()))
    assert not clash
    assert window.rect().contains(rects[id(window.loss_chart.canvas)])  # the loss chart is on the window
    box = window.features["teaching"].run_for.box  # the last group of the training bar: not pushed off it
    for w in (box, box.count, box.unit, box.button, window.toolbar.speed, window.toolbar.flat_out):
        assert w.isVisibleTo(window), type(w).__name__
        assert window.rect().contains(_visible_rect(w, window)), type(w).__name__


def test_the_loss_chart_keeps_its_axis_titles_apart_when_short(qtbot, make_window):
    window = make_window(Config(), size=SMALL)
    qtbot.wait(50)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.epoch >= 1)
    chart = window.loss_chart
    chart.set_frame(window.frame)
    view = chart.canvas
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    items = [chart.plot_item.getAxis("left").label, chart.plot_item.getAxis("bottom").label]
    if chart.accuracy_item.scene() is not None:
        items += [chart.accuracy_item.getAxis("left").label, chart.accuracy_item.getAxis("bottom").label]
    shown = [i.sceneBoundingRect() for i in items if i.isVisible() and i.toPlainText().strip()]
    assert any(i.toPlainText().strip() == "epoch" for i in items if i.isVisible())
    for r in shown:  # nothing clipped ("epoch" included); the text's own padding may touch the edge
        assert visible.adjusted(-3, -3, 3, 3).contains(r), r
    for a, b in itertools.combinations(shown, 2):
        assert not a.intersects(b)


def test_the_window_comes_back_where_the_user_left_it(qtbot, make_window):
    first = make_window(Config(), size=(796, 590))  # within the offscreen screen (800x600)
    first.move(1, 3)
    qtbot.wait(20)
    left = first.geometry()
    first.close()
    from nnviz.session import Session
    from nnviz.ui.window.main_window import MainWindow

    second = MainWindow(Session(Config()), backend="thread")
    qtbot.addWidget(second)
    try:
        got = second.geometry()  # the offscreen platform adds its own frame offset to the place
        assert got.size() == left.size() and abs(got.x() - left.x()) <= 24 and abs(got.y() - left.y()) <= 24
    finally:
        second.close()
        second.training.qthread.wait(1000)


def test_an_offscreen_render_does_not_move_the_users_window(qtbot, styled_app):
    from PySide6.QtCore import Qt

    from nnviz.session import Session
    from nnviz.ui.window.geometry import GEOMETRY_KEY, settings
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config()), backend="thread")
    qtbot.addWidget(window)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)  # as `nnviz render` draws it
    window.resize(900, 560)
    window.show()
    window.close()
    window.training.qthread.wait(1000)
    assert settings().value(GEOMETRY_KEY) is None


def test_the_training_buttons_drop_their_labels_only_when_the_bar_is_short(qtbot, make_window):
    window = make_window(Config(), size=SMALL)
    qtbot.waitUntil(lambda: window.size() == QSize(*SMALL))
    bar = window.toolbar
    assert bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    window.resize(1600, 800)
    qtbot.waitUntil(lambda: bar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    assert bar.sizeHint().width() <= bar.width()
