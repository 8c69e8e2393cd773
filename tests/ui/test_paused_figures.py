"""The status bar's figures once training pauses: nothing measured while it ran stays on screen as if current."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.test_live_repaint import WAIT_MS, drawing_window, live_frames


def test_pausing_shows_no_frame_rate_left_over_from_training(styled_app, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    running, later = live_frames(2)
    window.draw(running)
    qtbot.waitUntil(lambda: window.status.speed.text().endswith("epochs/s"), timeout=WAIT_MS)
    window._fps.rate = 30.0  # the rate measured over training's last second (the meter keeps the wall's time)
    window.draw(replace(later, running=False))  # the frame that says training paused
    qtbot.waitUntil(lambda: window.status.speed.text() == "paused", timeout=WAIT_MS)
    assert window.status.frames.text() == "0 frames/s"  # it showed 30 frames/s for as long as it stayed paused
