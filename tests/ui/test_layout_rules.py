"""The layout rules of a small screen and of presentation mode, with every dock and mode open at once.

No view smaller than a legible minimum, no labelled control elided or cut off, no two labelled
widgets over each other, nothing beyond the window or the screen, no dock floating over a view.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractScrollArea

from nnviz.ui import look
from nnviz.ui.lessons.menu import Lessons
from nnviz.ui.presentation import PRESENTATION_TEXT_PX
from tests.ui.layout_checks import (
    clipped_texts,
    cut_dock_titles,
    floating_docks,
    on_screen,
    outside_parents,
    window_rect,
)
from tests.ui.probes import part, settling
from tests.ui.test_presentation import GRAPH_NUMBER_PX, graph_text_px, overlapping, px, texts
from tests.ui.test_small_screens import _labelled, _visible_rect

WAIT_MS = 10_000
SIZES = [(1024, 768), (1280, 720), (1024, 600)]
MIN_VIEW = {"graph_view": (200, 150), "boundary_view": (150, 150), "loss_chart": (150, 60)}
PLOT_MIN = (100, 36)  # px: the least plot area (inside the axes) of the loss and accuracy plots
BOUNDARY_PLOT_MIN = 150  # px: the least side of the output view's plot area when one dock is open
PENGUINS = 8  # Lessons ▸ 9: four inputs, three classes, a table shown on a slice


@pytest.fixture(autouse=True)
def _standard_look():  # type: ignore[no-untyped-def]
    yield
    look.set_look(large=False, high_contrast=False)


def _settle(window, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(100)
    qtbot.waitUntil(lambda: not settling(window.features["presentation"].guard)
                    and window.size() == window.size().boundedTo(QSize(*size)), timeout=WAIT_MS)
    qtbot.wait(50)


def open_everything(window, qtbot, size, present: bool) -> None:  # type: ignore[no-untyped-def]
    """Lesson 9 (penguins) and its panel, hidden space, the Slice and Confusion docks, explain mode."""
    if present:
        window.features["presentation"].set_presentation(True)
    teaching, tables = window.features["teaching"], window.features["tables"]
    part(teaching.surface, Lessons).actions[PENGUINS].trigger()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.plane is not None, timeout=WAIT_MS)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch >= 1, timeout=WAIT_MS)
    teaching.hidden_action.setChecked(True)
    for dock in (tables.confusion_dock, tables.slice_dock):  # as a user opens them: Data ▸ Slice
        if not dock.isVisible():
            dock.toggleViewAction().trigger()
    _settle(window, qtbot, size)
    teaching.explain.set_active(True)
    qtbot.waitUntil(lambda: teaching.explain.explanation is not None, timeout=WAIT_MS)
    teaching.explain.next_phase()
    _settle(window, qtbot, size)


def opened_docks(window) -> list:  # type: ignore[no-untyped-def]
    """The docks open_everything opened."""
    teaching, tables = window.features["teaching"], window.features["tables"]
    return [part(teaching.surface, Lessons).dock, teaching.hidden.dock, tables.slice_dock, tables.confusion_dock,
            teaching.explain.dock]


def plot_areas(window) -> dict[str, QSize]:  # type: ignore[no-untyped-def]
    """The loss chart's plot areas shown (inside the axes), by name."""
    chart = window.loss_chart
    items = {"loss": chart.plot_item, "accuracy": chart.accuracy_item}
    return {name: item.vb.size().toSize() for name, item in items.items() if item.scene() is not None}


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_dock_and_mode_open_keeps_every_view_and_label_whole(make_window, qtbot, size, present) -> None:  # type: ignore[no-untyped-def]
    window = make_window(size=size)
    open_everything(window, qtbot, size, present)
    problems = layout_problems(window, size, present)
    assert not problems, "\n".join(problems)


def layout_problems(window, size, present: bool, docks=None) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything that breaks a layout rule, with `docks` open (all of open_everything's), in words (empty: none)."""
    problems = []
    if window.size().width() > size[0] or window.size().height() > size[1]:
        problems.append(f"the window grew to {window.size()}")
    for name, (w, h) in MIN_VIEW.items():
        view = getattr(window, name)
        if not view.isVisible() or view.width() < w or view.height() < h:
            problems.append(f"{name} hidden or crushed: {view.size()}")
        if not window.rect().adjusted(-1, -1, 1, 1).contains(window_rect(view, window)):
            problems.append(f"{name} beyond the window")
    areas = plot_areas(window)
    if set(areas) != {"loss", "accuracy"}:  # a classification run shows its accuracy too
        problems.append(f"plots shown: {sorted(areas)}")
    problems += [f"{name} plot crushed: {a}" for name, a in areas.items()
                 if a.width() < PLOT_MIN[0] or a.height() < PLOT_MIN[1]]
    minimum = PRESENTATION_TEXT_PX if present else 9
    problems += [f"text too small: {type(w).__name__} {getattr(w, 'text', lambda: '')()!r} {px(w)} px"
                 for w in texts(window) if px(w) < minimum]
    # the docks opened stay open: tabbed at most
    problems += [f"closed: {dock.objectName()}" for dock in docks or opened_docks(window) if dock.isHidden()]
    problems += [f"floating dock {name}" for name in floating_docks(window)]  # a dock over the window covers a view
    problems += [f"{dock.objectName()} scrolls sideways: its contents are cut" for dock in docks or opened_docks(window)
                 if on_screen(dock) and isinstance(dock.widget(), QAbstractScrollArea)
                 and dock.widget().horizontalScrollBar().maximum() > 0]
    problems += clipped_texts(window)
    problems += cut_dock_titles(window)
    problems += outside_parents(window)
    problems += [f"overlap: {a} / {b}" for a, b in overlapping(window, on_screen)]
    problems += [f"beyond the window: {type(w).__name__}" for w in _labelled(window) if on_screen(w)
                 and not _visible_rect(w, window).isEmpty() and not window.rect().contains(_visible_rect(w, window))]
    return problems


def _one_dock(window, name: str):  # type: ignore[no-untyped-def]
    teaching, tables = window.features["teaching"], window.features["tables"]
    return {"slice": tables.slice_dock, "hidden": teaching.hidden.dock, "confusion": tables.confusion_dock}[name]


def _presenting_penguins(make_window, qtbot):  # type: ignore[no-untyped-def]
    """A 1024 x 768 window (a projector) presenting lesson 9 (penguins), laid out: (window, teaching, size)."""
    size = (1024, 768)
    window = make_window(size=size)
    window.features["presentation"].set_presentation(True)
    teaching = window.features["teaching"]
    part(teaching.surface, Lessons).actions[PENGUINS].trigger()
    qtbot.waitUntil(lambda: window.frame is not None and window.frame.plane is not None, timeout=WAIT_MS)
    _settle(window, qtbot, size)
    return window, teaching, size


# Issue 17 §4: a side dock (~300-340 px) leaves the graph a tall, narrow ~300 px. Moving the dock below the views
# (tried) crushed the output plot; instead the graph's text takes the height (long input labels on two lines), no
# caption is drawn smaller than the labels, and the cards give their margins to the views.
@pytest.mark.parametrize("name", ["slice", "hidden", "confusion"])
def test_presenting_with_one_dock_open_keeps_the_graph_large(make_window, qtbot, name) -> None:  # type: ignore[no-untyped-def]
    window, teaching, size = _presenting_penguins(make_window, qtbot)  # the lesson panel closed, one dock open
    part(teaching.surface, Lessons).dock.toggleViewAction().trigger()  # the user closes the lesson panel
    _settle(window, qtbot, size)
    dock = _one_dock(window, name)
    if name == "hidden":
        teaching.hidden_action.setChecked(True)
    else:
        dock.toggleViewAction().trigger()
    _settle(window, qtbot, size)
    assert on_screen(dock) and part(teaching.surface, Lessons).dock.isHidden()
    problems = layout_problems(window, size, present=True, docks=[dock])
    if graph_text_px(window) < GRAPH_NUMBER_PX:
        problems.append(f"graph text {graph_text_px(window):.1f} px, graph view {window.graph_view.size()}")
    area = window.boundary_view.plot_item.vb.size().toSize()  # the output view's plot, inside its axes
    if min(area.width(), area.height()) < BOUNDARY_PLOT_MIN:
        problems.append(f"output plot crushed: {area}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("present", [False, True], ids=["normal", "presentation"])
def test_the_lesson_panel_alone_shows_its_whole_title(make_window, qtbot, present) -> None:  # type: ignore[no-untyped-def]
    size = (1024, 768)
    window = make_window(size=size)
    if present:
        window.features["presentation"].set_presentation(True)
    teaching = window.features["teaching"]
    part(teaching.surface, Lessons).actions[PENGUINS].trigger()  # "9. A network learns the penguins": a long title
    qtbot.waitUntil(lambda: part(teaching.surface, Lessons).dock.isVisible(), timeout=WAIT_MS)
    _settle(window, qtbot, size)
    lesson_dock = part(teaching.surface, Lessons).dock
    assert on_screen(lesson_dock) and not window.tabifiedDockWidgets(lesson_dock)
    assert not cut_dock_titles(window)


def test_presenting_an_explanation_keeps_the_output_plane_large(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Penguins, presenting, explain mode under the views: the loss chart goes beside the output view rather than
    squeezing it to a strip (its plot was 58 x 98 px at 1024 x 768); every view and text keeps its minimum."""
    window, teaching, size = _presenting_penguins(make_window, qtbot)
    teaching.explain.set_active(True)
    qtbot.waitUntil(lambda: teaching.explain.explanation is not None, timeout=WAIT_MS)
    teaching.explain.next_phase()
    _settle(window, qtbot, size)
    docks = [d for d in opened_docks(window) if on_screen(d)]
    problems = layout_problems(window, size, present=True, docks=docks)
    area = window.boundary_view.plot_item.vb.size().toSize()
    if min(area.width(), area.height()) < BOUNDARY_PLOT_MIN:
        problems.append(f"output plot crushed: {area}")
    if graph_text_px(window) < GRAPH_NUMBER_PX:
        problems.append(f"graph text {graph_text_px(window):.1f} px")
    assert not problems, "\n".join(problems)
