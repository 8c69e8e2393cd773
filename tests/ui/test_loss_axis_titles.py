"""The loss chart's value axes: an upright title is never drawn over the tick numbers beside it (in presentation
size "accuracy" was drawn over "100 %" and "50 %"), and the room it takes never raises the chart's least width."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from nnviz.session import Config, Session
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.plots.value_axis_room import value_axis_widths
from nnviz.ui.presentation.plot_text import scale_plot_text
from tests.ui.shown import shown


def _chart(qtbot, large: bool, w: int, h: int) -> LossChart:  # type: ignore[no-untyped-def]
    chart = shown(qtbot, LossChart(), w, h)
    scale_plot_text(chart, large)
    chart.relayout()
    session = Session(Config(dataset="xor", points=60))
    session.train(3)
    chart.set_frame(session.snapshot(10))
    qtbot.wait(1)
    return chart


def titles_over_numbers(chart: LossChart) -> tuple[list[str], list[str]]:
    """(the value axes' titles drawn, those of them whose line of text reaches the axis' tick numbers)."""
    drawn, over = [], []
    for item in (chart.plot_item, chart.accuracy_item):
        axis = item.getAxis("left")
        if item.scene() is None or not axis.labelText or not axis.label.isVisible():
            continue
        drawn.append(axis.labelText)
        image = QImage(max(1, int(axis.width())), max(1, int(axis.height())), QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            texts = [rect for rect, _flags, _text in axis.generateDrawSpecs(painter)[2]]
        finally:
            painter.end()
        title = axis.label  # turned a quarter: its line of text runs up the axis, its margin first
        line = QFontMetricsF(title.font()).height()
        right = axis.mapRectFromItem(title, title.boundingRect()).left() + title.document().documentMargin() + line
        if texts and right > min(rect.left() for rect in texts):
            over.append(axis.labelText)
    return drawn, over


@pytest.mark.parametrize("large", [False, True], ids=["normal", "presentation"])
def test_the_value_axes_titles_are_drawn_beside_their_numbers(qtbot, large: bool) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, large, 640, 420 if large else 260)  # tall enough for both titles
    drawn, over = titles_over_numbers(chart)
    assert drawn == ["loss", "accuracy"] and not over, (drawn, over)


@pytest.mark.parametrize("height", [200, 420], ids=["beside", "stacked"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "presentation"])
def test_at_its_least_width_the_chart_draws_no_title_over_its_numbers(qtbot, large: bool, height: int) -> None:  # type: ignore[no-untyped-def]
    chart = _chart(qtbot, large, 640, height)
    least = chart.canvas.minimumWidth()
    chart.resize(least, height)
    qtbot.waitUntil(lambda: chart.canvas.width() == least)
    qtbot.wait(1)
    assert chart.canvas.minimumWidth() == least  # the titles' room is never asked of the window
    _drawn, over = titles_over_numbers(chart)
    assert not over, over


def test_the_axes_widen_only_for_a_title_that_would_meet_the_numbers(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Presenting at 1024 x 768 the accuracy plot is too short for its title and "loss" misses the short numbers
    beside it: the plots keep the width a wider axis would take (27 px each in a real window)."""
    chart = _chart(qtbot, True, 436, 242)
    numbers, titled = value_axis_widths(chart.plot_item.getAxis("left"), chart.font())
    assert titled > numbers and chart.plot_item.getAxis("left").width() == numbers
    assert titles_over_numbers(chart) == (["loss"], [])
    chart.resize(436, 600)  # tall enough for "accuracy", which meets "100 %" and "50 %": the axes make room
    qtbot.waitUntil(lambda: titles_over_numbers(chart) == (["loss", "accuracy"], []))
    assert chart.plot_item.getAxis("left").width() == chart.accuracy_item.getAxis("left").width() == titled
