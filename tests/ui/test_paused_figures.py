"""The status bar's figures once training pauses: nothing measured while it ran stays on screen as if current."""

from __future__ import annotations

import math
from dataclasses import replace

from tests.ui.test_live_repaint import drawing_window, live_frames


def test_pausing_shows_no_frame_rate_left_over_from_training(styled_app, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    running, later = live_frames(2)
    window.draw(running)  # (drawn at once: no event loop turn, no clock between the two frames)
    window._fps.rate, window._fps.window = 30.0, math.inf  # training's last rate, held as the wall clock moves on
    window.draw(replace(later, running=False))  # the frame that says training paused
    assert window.status.speed.text() == "paused"
    assert window.status.frames.text() == "0 frames/s"  # it showed 30 frames/s for as long as it stayed paused
