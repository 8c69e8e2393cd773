"""The loss chart's live curves: a new history is handed to pyqtgraph's line item as it is, and drawn as the chart's
PlotDataItems drew it (log10 on a log axis, runs of points as their peaks where a plot is too narrow for them)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest

from nnviz.session import Config, Session
from nnviz.ui.plots.loss_chart import LossChart, _style
from tests.ui.shown import shown


def test_a_longer_history_is_drawn_without_pyqtgraphs_data_items(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A redraw hands each curve the history's columns; pyqtgraph's PlotDataItem (its copies, its range and
    non-finite checks in Python) takes no part, and the bounds come from drawing, not from measuring again."""
    session = Session(Config(dataset="xor", points=40))
    session.train(30)
    chart = shown(qtbot, LossChart(), 500, 300)
    chart.set_frame(session.snapshot(8))
    session.train(12)
    frame = session.snapshot(8)
    handed: list[object] = []
    monkeypatch.setattr(pg.PlotDataItem, "setData", lambda item, *a, **k: handed.append(item))
    measured: list[int] = []
    measure = pg.PlotCurveItem.dataBounds
    monkeypatch.setattr(pg.PlotCurveItem, "dataBounds",
                        lambda item, ax, *a: measured.append(ax) or measure(item, ax, *a))
    chart.set_frame(frame)
    chart.canvas.grab()  # painted: the curves' bounds are asked for
    assert handed == []
    h = frame.history
    for curve, column in ((chart.train_curve, h.train_loss), (chart.test_curve, h.test_loss),
                          (chart.train_accuracy_curve, h.train_accuracy), (chart.test_accuracy_curve, h.test_accuracy)):
        x, y = curve.getData()
        assert np.array_equal(x, h.epoch) and np.array_equal(y, column)  # every point of the history, as it is
        assert curve.dataBounds(1) == (float(np.min(column)), float(np.max(column)))
    assert measured == []  # nothing was measured again with pyqtgraph's nan-aware passes


def _pair(qtbot, width: int, log: bool):  # type: ignore[no-untyped-def]
    """A plot styled as the loss chart's, holding a PlotDataItem (the chart's curves before) and a LiveCurve."""
    from nnviz.ui.plots.live_curve import LiveCurve  # (the first test runs on the chart of before too)

    widget = shown(qtbot, pg.PlotWidget(), width, 240)
    plot = widget.getPlotItem()
    _style(plot, "loss")
    old, new = plot.plot(pen=pg.mkPen("k")), LiveCurve(pg.mkPen("k"))
    plot.addItem(new)
    if log:
        plot.setLogMode(x=False, y=True)
    return widget, plot, old, new


@pytest.mark.parametrize(("width", "log", "gaps"), [(700, False, False), (140, False, False), (140, True, False),
                                                    (700, True, True), (140, False, True)])
def test_live_curves_draw_the_points_pyqtgraphs_data_items_drew(qtbot, width, log, gaps) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    x = np.arange(0.0, 4096.0, 2.0)  # a full history: 2,048 rows every other epoch
    y = np.exp(-x / 900.0) + 0.05 * rng.random(len(x))
    if gaps:
        y[[7, 300, 301]] = np.nan
    y[40] = 1e-12 if log else y[40]  # a zero loss as the chart lifts it
    _widget, plot, old, new = _pair(qtbot, width, log)
    old.setData(x, y)
    new.set_values(x, y)
    for x_max in (4100.0, 5000.0, 12000.0):  # the chart widens its x range in nice steps
        plot.setXRange(0.0, x_max, padding=0.01)
        plot.setYRange(-2.0 if log else 0.0, 1.2, padding=0.02)
        qtbot.wait(1)
        (old_x, old_y), (new_x, new_y) = old.curve.getData(), new.getData()
        assert np.array_equal(old_x, new_x) and np.array_equal(old_y, new_y, equal_nan=True)
        assert old.curve.opts["connect"] == new.opts["connect"]
    assert len(new_x) < len(x) if width == 140 else len(new_x) == len(x)  # a narrow plot drew peaks


def test_a_curve_gives_the_extent_pyqtgraph_would_measure(qtbot) -> None:  # type: ignore[no-untyped-def]
    _widget, _plot, _old, curve = _pair(qtbot, 400, False)
    x, y = np.arange(1.0, 60.0), np.linspace(0.9, 0.1, 59)
    curve.set_values(x, y)
    assert [curve.dataBounds(ax) for ax in (0, 1)] == [pg.PlotCurveItem.dataBounds(curve, ax) for ax in (0, 1)]
    y[3] = np.nan
    curve.set_values(x, y)  # a gap: measured as pyqtgraph measures
    assert curve.dataBounds(1) == (0.1, float(np.nanmax(y)))
