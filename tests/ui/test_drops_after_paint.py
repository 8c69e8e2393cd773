"""The app's window watches the parts that take a dropped file once they are built: its plots too (issue 23)."""

from __future__ import annotations

from nnviz.session import Config

WAIT_MS = 30_000


def _takes_drops(window) -> set[int]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    return {id(w) for w in window.findChildren(QWidget) if w.acceptDrops()} | {id(window)}


def test_before_the_first_paint_only_the_window_is_watched_then_every_part_with_the_plots(make_window, qtbot):
    window = make_window(Config(points=40), plots_after_paint=True)
    drops = window.files.drops
    qtbot.waitUntil(lambda: window.boundary_view.built and window.loss_chart.built, timeout=WAIT_MS)
    takes = _takes_drops(window)
    plots = {id(window.boundary_view.canvas), id(window.loss_chart.canvas)}
    assert plots <= takes  # the plots' views take drops themselves: a drop on them is filtered to open the file
    assert takes <= drops.watched


def test_a_window_made_unwatched_reads_no_part_back_until_its_plots_are_made(qtbot, styled_app):
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(backend="none", resolution=40, plots_after_paint=True)
    qtbot.addWidget(window)
    assert window.files.drops.watched == {id(window)}  # reading every widget back waits for the first paint
    window.build_plots()
    assert _takes_drops(window) <= window.files.drops.watched
