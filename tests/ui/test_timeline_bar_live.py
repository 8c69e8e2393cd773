"""While the run is live the timeline slider is not repainted each frame; it catches up when the user reaches for it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent

from nnviz.ui.timeline.bar import TimelineBar
from tests.ui.probes import EventCounter
from tests.ui.shown import shown


def test_a_growing_live_run_leaves_the_slider_as_it_looks(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    bar = shown(qtbot, TimelineBar(), 500, 40)
    bar.show_position(10, None)
    qtbot.wait(30)
    before = bar.slider.grab().toImage()
    paints = EventCounter(QEvent.Type.Paint)
    bar.slider.installEventFilter(paints)
    for epoch in range(11, 40):
        bar.show_position(epoch, None)
        qapp.processEvents()
    assert paints.count == 0
    assert bar.slider.grab().toImage() == before  # the handle at the right end, as it would be drawn anew


def test_the_slider_spans_the_whole_run_once_the_user_reaches_for_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = shown(qtbot, TimelineBar(), 500, 40)
    for epoch in range(0, 200):
        bar.show_position(epoch, None)
    picked: list[int] = []
    bar.epochPicked.connect(picked.append)
    qtbot.mouseClick(bar.slider, Qt.MouseButton.LeftButton, pos=QPoint(bar.slider.width() // 2,
                                                                       bar.slider.height() // 2))
    assert bar.slider.maximum() == 199
    assert picked == [199 - bar.slider.pageStep()]  # a click on the groove pages back from the run's last epoch


def test_a_past_epoch_and_a_new_run_move_the_slider_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = shown(qtbot, TimelineBar(), 500, 40)
    for epoch in range(0, 50):
        bar.show_position(epoch, None)
    bar.show_position(20, 49)  # viewing epoch 20 of 49
    assert (bar.slider.value(), bar.slider.maximum()) == (20, 49)
    bar.show_position(49, None)
    bar.show_position(0, None)  # reset: a new run
    assert (bar.slider.value(), bar.slider.maximum()) == (0, 0)


def test_a_live_frame_leaves_the_slider_tooltip_alone_until_it_is_asked_for(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    bar = shown(qtbot, TimelineBar(), 500, 40)
    changes = EventCounter(QEvent.Type.ToolTipChange)
    bar.slider.installEventFilter(changes)
    for epoch in range(1, 40):
        bar.show_position(epoch, None)
    assert changes.count == 0  # a new text each frame, worded only when the tooltip shows
    qapp.sendEvent(bar.slider, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), bar.slider.mapToGlobal(QPoint(5, 5))))
    assert bar.slider.toolTip().startswith("Epoch 39 · drag")
    bar.show_position(20, 39)
    qapp.sendEvent(bar.slider, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), bar.slider.mapToGlobal(QPoint(5, 5))))
    assert bar.slider.toolTip().startswith("Viewing epoch 20 of 39 · drag")


def test_an_opened_run_shows_its_epoch_on_the_slider_before_the_trainer_answers(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    """The slider sat at the left, its tooltip saying "Epoch 0", for the seconds the training process takes to
    start (a window without a trainer: the state that lasts until its first frame)."""
    from nnviz.session import Config, Session
    from nnviz.ui.window.main_window import MainWindow

    session = Session(Config(points=40))
    session.train(3)
    window = MainWindow(session, backend="none", resolution=40)
    qtbot.addWidget(window)
    bar = window.features["timeline"].bar  # type: ignore[attr-defined]
    assert (bar.slider.value(), bar.slider.maximum()) == (3, 3)
    assert bar.slider_tip().startswith("Epoch 3 ")
    window.close()
