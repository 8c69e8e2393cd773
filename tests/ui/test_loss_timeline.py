"""The loss chart: its axis follows the run shown (issue 17), and it is the run's timeline (issue 22)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from nnviz.errors import DivergenceError
from nnviz.session import Config, Session
from nnviz.session.lesson_book import rate_too_high
from nnviz.ui.plots.loss_chart import LossChart, loss_range
from tests.ui.shown import shown


def _y_top(chart: LossChart) -> float:
    return float(chart.plot_item.viewRange()[1][1])


def test_diverged_and_non_finite_losses_set_no_range() -> None:
    assert loss_range(np.array([2.0, 1.5, 4e285, np.inf, np.nan]), log=False, first=2.0) == (0.0, 2.0)
    assert loss_range(np.array([2.0, 1.5, 1e4]), log=True, first=2.0) == (0.0, 1.0)  # decades of 1.5..2
    assert loss_range(np.array([2.0, 1.5, 1e4]), log=False)[1] >= 1e4  # no first loss known: all count


def test_after_a_divergence_reset_brings_the_axis_back_to_the_new_curve(qtbot) -> None:
    chart = shown(qtbot, LossChart(), 500, 300)
    session = rate_too_high()  # lesson 7: learning rate 3 diverges
    with pytest.raises(DivergenceError):
        for _ in range(400):
            session.run_epoch()
            chart.set_frame(session.snapshot(10))
    first = float(session.history.view().train_loss[0])
    assert session.history.view().train_loss.max() > 1e6 * first  # it did blow up
    assert _y_top(chart) <= 1e3 * first * 1.1  # the blow-up left the chart at the top, not squashed it
    session.reset()
    chart.set_frame(session.snapshot(10))
    session.set_learning_rate(0.01)
    for _ in range(5):
        session.run_epoch()
        chart.set_frame(session.snapshot(10))
    assert _y_top(chart) < 3 * float(np.nanmax(session.history.view().train_loss))


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
