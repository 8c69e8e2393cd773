"""Text stays readable and unclipped: graph labels of big networks, loss axis ticks, status bar lines."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from nnviz.session import Config, Session
from nnviz.ui.graph.view import LEGIBLE, NetworkGraphView
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.window.status_bar import TrainingStatusBar, format_loss
from tests.ui.probes import button_position
from tests.ui.shown import shown


def frame_of(epochs: int = 1, resolution: int = 30, **settings: object):  # type: ignore[no-untyped-def]
    session = Session(Config(**settings))  # type: ignore[arg-type]
    session.train(epochs)
    return session.snapshot(resolution)


def titles(view: NetworkGraphView) -> list[QGraphicsSimpleTextItem]:
    """The column titles: the bold labels along the top."""
    return [i for i in view.scene().items() if isinstance(i, QGraphicsSimpleTextItem) and i.font().bold()]


@pytest.mark.parametrize(("hidden", "size"), [((8,) * 8, (520, 620)), ((16,) * 8, (520, 620)), ((8,) * 8, (330, 420))])
def test_deep_networks_keep_column_labels_legible_and_apart(qtbot, hidden, size):
    view = shown(qtbot, NetworkGraphView(), *size)
    view.set_frame(frame_of(hidden=hidden, features=("x1", "x2", "x1x2")))
    heads = sorted(titles(view), key=lambda i: i.sceneBoundingRect().x())
    assert [h.text() for h in heads] == ["Input", *(f"H{k}" for k in range(1, 9)), "Output"]  # compact titles
    on_screen = heads[0].scale() * view.transform().m11()  # label size relative to its nominal point size
    assert on_screen >= (LEGIBLE if size[0] >= 500 else 0.7)
    for a, b in itertools.pairwise(heads):
        assert a.sceneBoundingRect().right() < b.sceneBoundingRect().left()
    rect = view.mapFromScene(view.sceneRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)
    above, below = button_position(view, 7, +1), button_position(view, 7, -1)  # stacked: + over -
    assert above.y() < below.y() and abs(above.x() - below.x()) < 1


def test_small_networks_keep_full_column_labels(qtbot):
    view = shown(qtbot, NetworkGraphView(), 520, 620)
    view.set_frame(frame_of(hidden=(4, 2)))
    assert {h.text() for h in titles(view)} == {"Input", "Hidden 1", "Hidden 2", "Output"}
    assert button_position(view, 0, -1).x() < button_position(view, 0, +1).x()  # side by side


@pytest.mark.parametrize("height", [150, 320])
def test_loss_axis_labels_do_not_crowd_a_short_chart(qtbot, height):
    chart = shown(qtbot, LossChart(), 360, height)
    chart.set_frame(frame_of(60, dataset="spiral3"))
    qtbot.wait(10)
    axis = chart.plot_item.getAxis("left")
    pixels = axis.geometry().height()
    ticks = axis.tickValues(*axis.range, pixels)[0][1]
    line = QFontMetricsF(axis.font()).height()
    assert len(ticks) >= 1 and (len(ticks) - 1) * line * 1.3 <= pixels


def test_a_long_message_makes_room_and_comes_back_whole_in_the_tooltip(qtbot):
    bar = shown(qtbot, TrainingStatusBar(), 1024, 24)
    bar.show_frame(frame_of(), 1000.0, 30.0)
    assert bar.loss.isVisible() and bar.accuracy.isVisible()
    message = "training diverged in epoch 3: " + "the weights became NaN or infinite " * 6 + "END"
    bar.show_error(message)
    assert not bar.loss.isVisible() and not bar.accuracy.isVisible()  # figures make room for the message
    shown_text = bar.currentMessage()
    assert shown_text.startswith("Training diverged") and shown_text.endswith("…") and "END" in bar.toolTip()
    assert bar.fontMetrics().horizontalAdvance(shown_text) < bar.width()
    bar.clearMessage()
    assert bar.loss.isVisible() and bar.accuracy.isVisible() and not bar.toolTip()


def test_large_losses_read_in_three_digits():
    assert format_loss(232498.6459) == "2.32e5"
    assert format_loss(3.61e285) == "3.61e285"  # after a run diverges: no "+", no leading zero
    assert format_loss(0.12345) == "0.1235"
    assert format_loss(float("nan")) == "–"


def test_a_collapse_warning_shows_in_the_status_bar_once(qtbot):
    import dataclasses

    bar = shown(qtbot, TrainingStatusBar(), 1280, 24)
    frame = frame_of()
    warning = "all 8 ReLU units of layer 1 are dead: the learning rate (10) is too high or the initial weights too big"
    bar.show_frame(dataclasses.replace(frame, warning=warning), 1000.0, 30.0)
    assert "ReLU units of layer 1 are dead" in bar.currentMessage() + bar.toolTip()
    bar.clearMessage()
    bar.show_frame(dataclasses.replace(frame, warning=warning), 1000.0, 30.0)
    assert bar.currentMessage() == ""  # the same warning is not repeated on every frame
