"""A pinned run's label stays inside its plot: a short pinned run beside a longer live one ended near the loss axis,
and its label ("lr 0.03"), drawn left of the curve's end, sat on the axis at 1024 px wide."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF, QSizeF

from nnviz.session import Config, Session
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.plots.pinned_curves import PinnedCurve, label_anchor
from nnviz.ui.presentation.plot_text import scale_plot_text
from tests.ui.shown import shown


def test_a_label_sits_left_of_and_above_its_end_unless_that_leaves_the_plot() -> None:
    plot, size = QRectF(50, 20, 200, 100), QSizeF(40, 14)
    assert label_anchor(QPointF(200, 80), size, plot) == (1.0, 1.0)
    assert label_anchor(QPointF(60, 80), size, plot) == (0.0, 1.0)  # near the axis: right of the end
    assert label_anchor(QPointF(200, 25), size, plot) == (1.0, 0.0)  # near the top: below it


def _trained(epochs: int, rate: float) -> Session:
    session = Session(Config(dataset="xor", points=60, batch_size=7, learning_rate=rate))
    session.train(epochs)
    return session


@pytest.mark.parametrize("large", [False, True], ids=["normal", "presentation"])
def test_a_short_pinned_runs_label_stays_inside_the_plot(qtbot, large: bool) -> None:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, LossChart(), 338, 195)  # the loss chart's size in a 1024 x 768 window
    scale_plot_text(chart, large)
    chart.relayout()
    pinned = _trained(3, 0.03)
    chart.set_pinned((PinnedCurve(1, "lr 0.03", pinned.history.view()),))
    chart.set_frame(_trained(25, 0.3).snapshot(10))
    qtbot.wait(1)
    import pyqtgraph as pg  # loaded with the chart

    plot = chart.plot_item
    (text,) = [item for item in plot.vb.childGroup.childItems() if isinstance(item, pg.TextItem)]
    inside = plot.vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert inside.contains(text.mapRectToScene(text.boundingRect())), (inside, text.mapRectToScene(text.boundingRect()))
