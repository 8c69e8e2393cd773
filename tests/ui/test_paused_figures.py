"""The status bar's figures once training pauses: nothing measured while it ran stays on screen as if current."""

from __future__ import annotations

import math
from dataclasses import replace

from nnviz.session import Config, Session
from nnviz.ui.window.status_bar import NO_FRAME_RATE
from tests.ui.test_live_repaint import drawing_window, live_frames


def test_pausing_shows_no_frame_rate_left_over_from_training(styled_app, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    running, later = live_frames(2)
    window.draw(running)  # (drawn at once: no event loop turn, no clock between the two frames)
    window._fps.rate, window._fps.window = 30.0, math.inf  # training's last rate, held as the wall clock moves on
    window.draw(replace(later, running=False))  # the frame that says training paused
    assert window.status.speed.text() == "paused"
    assert window.status.frames.text() == NO_FRAME_RATE  # it showed 30 frames/s for as long as it stayed paused


def test_no_rate_of_0_frames_a_second_beside_paused_or_starting(styled_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Nothing is drawn live while paused or before the trainer answers: the rate is not measured, not 0."""
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend="thread", resolution=40, training_after_paint=True)
    qtbot.addWidget(window)  # not shown: its trainer starts with the first paint, so nothing answers meanwhile
    try:
        assert (window.status.speed.text(), window.status.frames.text()) == ("paused", NO_FRAME_RATE)  # the first
        window.play()
        assert (window.status.speed.text(), window.status.frames.text()) == ("starting…", NO_FRAME_RATE)
        window.toggle_play()  # cancelled
        assert (window.status.speed.text(), window.status.frames.text()) == ("paused", NO_FRAME_RATE)
    finally:
        window.close()
