"""The loss chart: its axis follows the run shown (issue 17), and it is the run's timeline (issue 22)."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter

from nnviz.errors import DivergenceError
from nnviz.session import Config, Session
from nnviz.session.lesson_book import rate_too_high
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.plots.loss_scale import loss_range, runaway, shown_losses
from nnviz.ui.plots.pinned_curves import PinnedCurve
from nnviz.ui.plots.sparse_axis import log_tick_text
from nnviz.ui.presentation.plot_text import scale_plot_text
from tests.ui.shown import shown


def _y_top(chart: LossChart) -> float:
    return float(chart.plot_item.viewRange()[1][1])


def tick_labels(chart: LossChart) -> list[str]:
    """The tick labels the loss axis draws now (pyqtgraph leaves out those that do not fit)."""
    axis = chart.plot_item.getAxis("left")
    image = QImage(axis.width(), max(1, int(axis.height())), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]] if specs else []


def test_non_finite_losses_set_no_range_and_a_runaway_needs_a_log_axis() -> None:
    assert loss_range(np.array([2.0, 1.5, np.inf, np.nan]), log=False) == (0.0, 2.0)
    assert loss_range(np.array([2.0, 1.5, 1e4, np.inf]), log=True) == (0.0, 4.0)  # decades of 1.5..1e4
    assert not runaway(np.array([2.0, 1.5, 1e3, np.inf, np.nan]), first=2.0)  # 500x: still a linear axis
    assert runaway(np.array([2.0, 1.5, 4e285]), first=2.0)  # the run diverged
    assert runaway(np.array([1e301]), first=math.nan) and not runaway(np.array([np.inf]), first=1.0)


@pytest.mark.parametrize("first", [5e-324, 1e-6, 1e-3])
def test_a_run_that_starts_near_zero_keeps_a_linear_axis_on_an_ordinary_rise(first: float) -> None:
    losses = np.array([first, 0.2, 0.7, 1.5])
    assert not runaway(losses, first)
    assert shown_losses(losses, first).max() == 1.5  # the rise sets the linear axis's top
    assert runaway(np.array([first, 0.2, 1e4]), first)  # a real blow-up still turns it log


def test_a_tick_at_a_non_finite_exponent_has_no_label() -> None:
    assert [log_tick_text(e) for e in (math.nan, math.inf, -math.inf)] == ["", "", ""]


def test_ticks_read_as_the_app_writes_numbers() -> None:
    assert [log_tick_text(e) for e in (285, 309, -4, -3, math.log10(0.02), 2, 4, 5)] == [
        "1e285", "1e309", "1e−4", "0.001", "0.02", "100", "10000", "1e5"]  # 1e309: written, never computed


def test_after_a_divergence_the_axis_reads_the_blow_up_and_reset_brings_it_back(qtbot) -> None:
    chart = shown(qtbot, LossChart(), 500, 300)
    session = rate_too_high()  # lesson 7: learning rate 3 diverges
    with pytest.raises(DivergenceError):
        for _ in range(400):
            session.run_epoch()
            chart.set_frame(session.snapshot(10))
    losses = session.history.view().train_loss
    assert losses.max() > 1e6 * float(losses[0])  # it did blow up
    assert chart.log_shown and not chart.log_scale  # the axis turned log; the user's box is left as it was
    low, high = chart.plot_item.viewRange()[1]
    assert low <= math.log10(losses.min()) and math.log10(losses.max()) <= high  # every loss on the chart
    labels = tick_labels(chart)
    assert len(labels) >= 3 and all(re.fullmatch(r"1e\d+", text) for text in labels), labels
    exponents = sorted(int(text[2:]) for text in labels)
    assert exponents[-1] >= math.log10(losses.max()) - (exponents[-1] - exponents[-2])  # the top is labelled
    assert chart.plot_item.getAxis("left").labelText == "loss (log)"
    session.reset()
    chart.set_frame(session.snapshot(10))
    session.set_learning_rate(0.01)
    for _ in range(5):
        session.run_epoch()
        chart.set_frame(session.snapshot(10))
    assert not chart.log_shown and _y_top(chart) < 3 * float(np.nanmax(session.history.view().train_loss))
    assert "0" in tick_labels(chart)


def test_a_pinned_run_that_diverged_leaves_the_live_runs_axis_as_it_was(qtbot) -> None:
    diverged = rate_too_high()
    with pytest.raises(DivergenceError):
        for _ in range(400):
            diverged.run_epoch()
    chart = shown(qtbot, LossChart(), 500, 300)
    chart.set_pinned((PinnedCurve(1, "rate 3", diverged.history.view()),))
    healthy = Session(Config(dataset="plane", points=60, hidden=(), learning_rate=0.03))
    healthy.train(8)
    chart.set_frame(healthy.snapshot(10))
    assert not chart.log_shown  # the live run decides the scale: its curve stays legible
    assert _y_top(chart) < 3 * float(np.nanmax(healthy.history.view().train_loss))


def test_on_a_projector_the_diverged_axis_keeps_its_numbers(qtbot) -> None:
    chart = shown(qtbot, LossChart(), 420, 260)
    scale_plot_text(chart, True)  # presentation size, as the window does it
    chart.relayout()
    session = rate_too_high()
    with pytest.raises(DivergenceError):
        for _ in range(400):
            session.run_epoch()
            chart.set_frame(session.snapshot(10))
    assert len(tick_labels(chart)) >= 2  # pyqtgraph leaves out a number too wide for its axis: it showed only 0


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize(("log", "low", "high"), [(False, 0.0, 0.001), (True, -12.0, 0.0), (True, 31.0, 286.0)])
def test_every_tick_number_fits_its_axis(qtbot, large: bool, log: bool, low: float, high: float) -> None:
    chart = shown(qtbot, LossChart(), 420, 300)
    scale_plot_text(chart, large)
    chart.relayout()
    chart.set_log_scale(log)
    chart.plot_item.setYRange(low, high, padding=0.02)
    qtbot.wait(1)
    axis = chart.plot_item.getAxis("left")
    (low, high), size = axis.range, axis.geometry().height()
    spacing, values = axis.tickValues(low, high, size)[0]  # the major ticks: pyqtgraph labels each of them
    wanted = axis.tickStrings(values, 1.0, spacing)
    assert wanted and set(wanted) <= set(tick_labels(chart))  # none left out for want of room


@pytest.mark.parametrize(("low", "high"), [(-1.0, 0.0), (-0.45, -0.25), (-1.3, 0.1)])
def test_log_tick_labels_over_a_short_span_do_not_overlap(qtbot, low: float, high: float) -> None:
    chart = shown(qtbot, LossChart(), 340, 230)  # a small chart: the loss axis about 100 px tall
    chart.set_log_scale(True)
    chart.plot_item.setYRange(low, high, padding=0.02)
    qtbot.wait(1)
    axis = chart.plot_item.getAxis("left")
    image = QImage(axis.width(), max(1, int(axis.height())), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        rects = sorted((rect for rect, _flags, _text in axis.generateDrawSpecs(painter)[2]), key=lambda r: r.top())
    finally:
        painter.end()
    assert len(rects) >= 2  # a log axis over a short span still reads: at least two numbers
    assert all(a.bottom() <= b.top() for a, b in itertools.pairwise(rects))  # none on top of another


def test_switching_from_a_multiclass_loss_to_regression_rescales(qtbot) -> None:
    chart = shown(qtbot, LossChart(), 500, 300)
    multi = Session(Config(dataset="xor", problem="multiclass", points=60))
    multi.train(4)
    chart.set_frame(multi.snapshot(10))
    regression = Session(Config(dataset="plane", points=60, hidden=(), learning_rate=0.03))
    regression.train(8)  # a later epoch than the multi-class run's, and losses far below its
    top = float(np.nanmax(regression.history.view().train_loss))
    assert 10 * top < float(np.nanmin(multi.history.view().train_loss))
    chart.set_frame(regression.snapshot(10))
    assert _y_top(chart) < 3 * top


def test_a_press_and_a_drag_on_the_chart_pick_epochs_and_the_cursor_shows_one(qtbot) -> None:
    chart = shown(qtbot, LossChart(), 500, 320)
    session = Session(Config(dataset="xor", points=60))
    session.train(40)
    chart.set_frame(session.snapshot(10))
    picked: list[int] = []
    chart.epochPicked.connect(picked.append)
    vb = chart.plot_item.vb
    to_canvas = chart.canvas.mapFromScene
    for epoch in (10, 30):
        point = to_canvas(vb.mapViewToScene(QPointF(epoch, 0.5)))
        qtbot.mousePress(chart.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y() - 20))
        qtbot.mouseRelease(chart.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y() - 20))
    assert len(picked) == 2 and abs(picked[0] - 10) <= 1 and abs(picked[1] - 30) <= 1
    assert not chart.cursors[0].isVisible()
    chart.show_cursor(12)
    assert chart.cursors[0].isVisible() and chart.cursors[1].value() == 12
