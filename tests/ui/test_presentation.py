"""Presentation mode, zoom and a layout that never crushes a view nor grows the window."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontInfo, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGraphicsSimpleTextItem, QLabel, QWidget

from nnviz.session import Config
from nnviz.ui import look
from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.presentation import PRESENTATION_TEXT_PX
from nnviz.ui.presentation.plot_text import axes_under
from tests.ui.probes import edge_width, part, settling
from tests.ui.test_small_screens import _ancestors, _labelled, _visible_rect

WAIT_MS = 10_000
SIZES = [(1024, 768), (1280, 720), (1024, 600)]
MIN_VIEW = {"graph_view": (200, 150), "boundary_view": (150, 150), "loss_chart": (150, 60)}
GRAPH_NUMBER_PX = 14


@pytest.fixture(autouse=True)
def _standard_look():  # type: ignore[no-untyped-def]
    yield
    look.set_look(large=False, high_contrast=False)


def texts(window: QWidget) -> list[QWidget]:
    kinds = (QLabel, QAbstractButton, QComboBox)
    return [w for w in window.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()
            and (isinstance(w, QComboBox) or w.text().strip()) and w.width() > 0]


def px(w: QWidget) -> int:
    return QFontInfo(w.font()).pixelSize()


def graph_text_px(window) -> float:  # type: ignore[no-untyped-def]
    view = window.graph_view
    scale = view.transform().m11()
    items = [i for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem) and i.isVisible()]
    assert items
    return min(QFontInfo(i.font()).pixelSize() * i.scale() * scale for i in items)


def test_f5_is_presentation_mode_with_large_text_and_folded_controls(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 768))
    p = window.features["presentation"]
    assert p.present.shortcut() == QKeySequence("F5") and p.full_screen.shortcut() == QKeySequence("F11")
    normal_graph = graph_text_px(window)
    normal_edge = edge_width(window.graph_view, 1, 0, 0)
    normal_point = window.boundary_view._train.opts["pen"].widthF()
    p.present.trigger()
    qtbot.wait(50)
    assert p.active and look.current().large
    small = [(type(w).__name__, getattr(w, "text", lambda: "")(), px(w)) for w in texts(window)
             if px(w) < PRESENTATION_TEXT_PX]
    assert not small
    assert graph_text_px(window) >= max(GRAPH_NUMBER_PX, normal_graph * 1.3)
    assert edge_width(window.graph_view, 1, 0, 0) > normal_edge  # thicker edges and point outlines
    assert window.boundary_view._train.opts["pen"].widthF() > normal_point
    axes = [a for a in axes_under(window) if a.isVisible()]
    assert axes and all(QFontInfo(a.style["tickFont"]).pixelSize() >= GRAPH_NUMBER_PX for a in axes)
    assert all(QFontInfo(a.label.font()).pixelSize() >= PRESENTATION_TEXT_PX for a in axes if a.labelText)
    assert not window.statusBar().isVisible()  # its figures are folded: no empty strip while nothing is said
    assert not window.parts.loss_controls.isVisible()  # "Log scale" is a setting: folded with the others
    message = "training diverged at epoch 9"
    window.statusBar().showMessage(message)
    assert window.statusBar().isVisible() and window.statusBar().currentMessage() == message
    assert not window.findChild(QWidget, "sideScroll").isVisible()
    assert p.controls.isVisible()
    p.controls.trigger()  # the one button brings the settings back
    assert window.findChild(QWidget, "sideScroll").isVisible()
    p.present.trigger()
    assert not p.active and not look.current().large and window.findChild(QWidget, "sideScroll").isVisible()
    assert all(QFontInfo(a.style["tickFont"]).pixelSize() < GRAPH_NUMBER_PX for a in axes if a.style["tickFont"])


def test_zoom_scales_the_whole_window_and_ctrl_0_resets(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1280, 800))
    label = window.toolbar.findChild(QLabel) or texts(window)[0]
    before = px(label)
    window.features["presentation"].zoom_in.trigger()
    window.features["presentation"].zoom_in.trigger()
    assert px(label) > before
    window.features["presentation"].zoom_reset.trigger()
    assert px(label) == before


def test_explain_mode_keeps_the_loss_chart_and_the_window_size(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 600))
    qtbot.wait(50)
    before = window.size()
    explain, guard = window.features["teaching"].explain, window.features["presentation"].guard
    explain.set_active(True)
    qtbot.waitUntil(lambda: explain.dock.isVisible() and not settling(guard) and window.size() == before,
                    timeout=WAIT_MS)
    assert window.loss_chart.isVisible()
    window.features["teaching"].explain.set_active(False)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard), timeout=WAIT_MS)
    assert window.size() == before


def _within(window: QWidget, w: QWidget) -> bool:
    rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
    return window.rect().adjusted(-1, -1, 1, 1).contains(rect)


def overlapping(window, shown=QWidget.isVisible) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Pairs of labelled widgets (and views) drawn over each other, clipped by their scroll areas."""
    widgets = [w for w in _labelled(window) if shown(w)]
    rects = {id(w): _visible_rect(w, window) for w in widgets}
    clash = []
    for a, b in itertools.combinations(widgets, 2):
        if a in _ancestors(b) or b in _ancestors(a):
            continue
        ra, rb = rects[id(a)], rects[id(b)]
        both = ra.intersected(rb)
        if not ra.isEmpty() and not rb.isEmpty() and both.width() > 1 and both.height() > 1:  # not a 1 px seam
            clash.append((f"{type(a).__name__} {getattr(a, 'text', lambda: '')()!r}",
                          f"{type(b).__name__} {getattr(b, 'text', lambda: '')()!r}"))
    return clash


def test_full_screen_and_high_contrast_are_in_the_view_menu(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 768))
    p = window.features["presentation"]
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles[:3] == ["File", "Edit", "View"] and titles[-1] == "Help"  # the order of every desktop app
    assert len(titles) == len(set(titles))  # no menu twice
    assert {"Presentation Mode", "Full Screen", "Zoom In", "Zoom Out", "Actual Size", "High Contrast"} <= {
        a.text() for a in view_menu.actions()}
    p.full_screen.trigger()
    qtbot.waitUntil(window.isFullScreen, timeout=WAIT_MS)
    p.full_screen.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=WAIT_MS)
    p.high_contrast.trigger()
    assert look.current().high_contrast
    p.high_contrast.trigger()
    assert not look.current().high_contrast


def test_the_graphs_column_titles_stay_apart_in_presentation_mode_on_a_short_view(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    teaching = window.features["teaching"]
    part(teaching.surface, Lessons).actions[4].trigger()  # lesson 5: three hidden layers of 8
    qtbot.waitUntil(lambda: window.frame is not None and len(window.frame.sizes) == 5, timeout=WAIT_MS)
    window.features["presentation"].set_presentation(True)
    teaching.explain.set_active(True)  # the explanation takes height: the graph is drawn short and wide
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard), timeout=WAIT_MS)
    qtbot.wait(100)
    view = window.graph_view
    view.set_frame(window.frame)
    titles = [i for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem) and i.isVisible()
              and i.pos().y() == 0.0]  # the column titles ("Input", "Hidden 1" or "H1", …) sit at the top
    assert len(titles) == 5
    rects = sorted((i.sceneBoundingRect() for i in titles), key=lambda r: r.x())
    assert all(a.right() <= b.left() for a, b in itertools.pairwise(rects)), rects


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_the_colour_bars_title_clears_its_numbers(make_window, qtbot, present) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontMetricsF

    window = make_window(size=(1024, 768))
    if present:
        window.features["presentation"].set_presentation(True)
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard), timeout=WAIT_MS)
    view = window.boundary_view
    view.set_frame(window.frame)
    axis = view._bar.getAxis("right")
    metrics = QFontMetricsF(axis.style.get("tickFont") or axis.font())
    ticks = 7  # px: pyqtgraph's tick length and the numbers' offset from it
    numbers_end = axis.sceneBoundingRect().left() + ticks + max(metrics.horizontalAdvance(t) for t in ("−1.0", "0.5"))
    title = axis.label.mapRectToScene(axis.label.boundingRect())
    assert axis.label.isVisible() and title.left() + 4 >= numbers_end, (title, numbers_end)  # 4: the text's margin


def test_a_message_in_presentation_mode_has_the_whole_status_bar(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    window.features["presentation"].set_presentation(True)
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard), timeout=WAIT_MS)
    bar = window.statusBar()
    message = "Diverged at epoch 10: loss became inf; weights restored from epoch 9"
    assert bar.fontMetrics().horizontalAdvance(message) < window.width() - 60  # it fits the window's width
    window.status.show_error(message)
    assert bar.isVisible() and bar.currentMessage() == message  # whole: the folded figures take no room


def _graph_texts(window) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Every text drawn on the graph (a label broken onto two lines joined again), with its height on screen in px."""
    view = window.graph_view
    scale = view.transform().m11()
    return {i.text().replace("\n", ""): QFontInfo(i.font()).pixelSize() * i.sceneTransform().m11() * scale
            for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem) and i.isVisible()}


def test_presentation_draws_no_graph_text_smaller_than_its_input_labels(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Captions ("2 features", "tanh"), class names and the weight legend's words are read from the back row too."""
    window = make_window(Config(dataset="penguins", hidden=(3,)), size=(1024, 768))
    qtbot.waitUntil(lambda: window.frame is not None and window.graph_view.graph_layout is not None, timeout=WAIT_MS)
    window.features["presentation"].set_presentation(True)
    qtbot.wait(50)
    drawn = _graph_texts(window)
    assert any(t.startswith("weight") for t in drawn) and "+1" in drawn  # the legend's words are measured too
    label = min(drawn[name] for name in window.frame.feature_names)  # the input labels ("bill_length_mm", ...)
    small = {t: round(px, 1) for t, px in drawn.items() if px < label - 0.5}
    assert not small, small


def test_reset_takes_away_a_divergence_line_but_not_an_information_line(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=(1024, 768))
    bar = window.statusBar()
    window.status.show_error("diverged at epoch 10: loss became inf; weights restored to epoch 9")
    window.actions_.reset.trigger()
    assert bar.currentMessage() == ""  # the message belonged to the weights the reset replaced
    window.status.show_info("Saved lesson.nnviz")
    window.actions_.reset.trigger()
    assert bar.currentMessage() == "Saved lesson.nnviz"


def test_presentation_begun_while_explaining_gives_the_explanation_its_room(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """F5 pressed during an explanation: the panel gets the height it gets when explain mode opens in presentation
    mode (it kept its small height, its formulas hidden under the title row on a 1024 x 768 projector)."""

    def settle(window) -> None:  # type: ignore[no-untyped-def]
        qtbot.wait(50)
        qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard), timeout=WAIT_MS)

    window = make_window(Config(), size=(1024, 736))
    explain, p = window.features["teaching"].explain, window.features["presentation"]
    p.present.trigger()
    settle(window)
    explain.set_active(True)
    settle(window)
    qtbot.waitUntil(lambda: explain.dock.height() > 0.2 * window.height(), timeout=WAIT_MS)
    opened_in_it = explain.dock.height()
    explain.set_active(False)
    p.present.trigger()
    window.close()

    window = make_window(Config(), size=(1024, 736))
    explain, p = window.features["teaching"].explain, window.features["presentation"]
    explain.set_active(True)
    settle(window)
    p.present.trigger()
    settle(window)
    qtbot.waitUntil(lambda: explain.dock.height() >= opened_in_it - 2, timeout=WAIT_MS)
    explain.set_active(False)


def test_compare_runs_opened_in_presentation_mode_has_the_large_axis_numbers(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(), size=(1024, 768))
    p = window.features["presentation"]
    p.present.trigger()
    pins = window.features["timeline"].pins
    pins.open_compare()  # opened after presentation mode began
    qtbot.waitUntil(lambda: pins.compare.isVisible(), timeout=WAIT_MS)
    axes = [a for a in axes_under(pins.compare) if a.isVisible() and a.style["showValues"]]
    assert axes
    assert all(QFontInfo(a.style["tickFont"]).pixelSize() >= GRAPH_NUMBER_PX for a in axes if a.style["tickFont"])
    assert all(a.style["tickFont"] for a in axes)
    pins.compare.close()
    p.present.trigger()  # and back: the normal size
    assert all(a.style["tickFont"] is None or QFontInfo(a.style["tickFont"]).pixelSize() < GRAPH_NUMBER_PX
               for a in axes)


def test_controls_shown_on_a_narrow_screen_keep_the_menus_and_the_controls_button_on_it(make_window, qtbot,
                                                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Controls pressed at 1024 px with the lesson open: the settings need more width than the screen has, and the
    window, held to its least width, went off the screen's left edge with the menus and the Controls button."""
    from PySide6.QtGui import QScreen

    room = QRect(0, 0, 1024, 768)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    window = make_window(Config(), size=(1024, 736))
    window.move(0, 32)
    lessons = part(window.features["teaching"].surface, Lessons)
    lessons.set_text("XOR: why a hidden layer", "Press **Play**.")
    p = window.features["presentation"]
    qtbot.waitUntil(lambda: lessons.dock.isVisible() and p.controls.isVisible() and not settling(p.guard),
                    timeout=WAIT_MS)
    p.controls.trigger()  # the side panel and the settings bar come back
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not settling(p.guard), timeout=WAIT_MS)
    button = window.toolbar.widgetForAction(p.controls)
    assert window.frameGeometry().left() >= room.left() and window.frameGeometry().top() >= room.top()
    assert room.contains(QRect(button.mapToGlobal(QPoint(0, 0)), button.size()))
    p.controls.trigger()
