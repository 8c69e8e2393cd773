"""New loss figures repaint the legend alone; the window is laid out again only when the legend needs another height."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.session import Config, Session
from nnviz.session.frame import Frame
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.window.status_bar import format_loss
from tests.ui.probes import EventCounter


def shown_chart(qtbot, width: int) -> tuple[QWidget, LossChart, Frame]:  # type: ignore[no-untyped-def]
    holder = QWidget()
    chart = LossChart()
    QVBoxLayout(holder).addWidget(chart)
    qtbot.addWidget(holder)
    holder.resize(width, 320)
    holder.show()
    qtbot.waitExposed(holder)
    session = Session(Config(points=40))
    session.train(3)
    frame = session.snapshot(20)
    chart.set_frame(frame)
    qtbot.wait(20)
    return holder, chart, frame


def test_new_figures_ask_for_no_new_layout(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    holder, chart, frame = shown_chart(qtbot, 700)
    counter = EventCounter(QEvent.Type.LayoutRequest)
    holder.installEventFilter(counter)
    chart.installEventFilter(counter)
    for loss in (0.4123, 0.3987, 0.3712, 0.3555):
        chart.set_frame(replace(frame, train_loss=loss))
        qapp.processEvents()
        assert format_loss(loss) in chart.summary.text()  # the figures shown are the frame's
    assert counter.count == 0


def test_the_legend_is_as_tall_as_its_lines_need(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    holder, chart, _frame = shown_chart(qtbot, 500)
    one_line = chart.legend.height()
    assert one_line == chart.summary.heightForWidth(chart.legend.width())
    holder.setStyleSheet("QWidget { font-size: 27pt; }")  # as presentation mode grows the text: it wraps
    qtbot.waitUntil(lambda: chart.legend.height() == chart.summary.heightForWidth(chart.legend.width()))
    assert chart.legend.height() > 2 * one_line  # wrapped onto a second line of text three times as tall
    assert chart.summary.size() == chart.legend.size()  # the whole text shows, none of it cut off


def test_new_figures_leave_the_legends_tooltip_alone(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    _holder, chart, frame = shown_chart(qtbot, 700)
    tooltip = chart.summary.toolTip()
    counter = EventCounter(QEvent.Type.ToolTipChange)
    chart.summary.installEventFilter(counter)
    for loss in (0.4123, 0.3987, 0.3712):
        chart.set_frame(replace(frame, train_loss=loss))
    assert format_loss(0.3712) in chart.summary.text() and chart.summary.toolTip() == tooltip
    assert counter.count == 0  # the same words: not set again (each setting is an event to the label)
