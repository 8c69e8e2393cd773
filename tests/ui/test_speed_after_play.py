"""Play once the trainer is up: the status bar says "starting…" until the runner has measured its speed, never
"0 epochs/s" (it did for up to a second after Play: the speed was measured from the last paused frame)."""

from __future__ import annotations

from dataclasses import replace

from nnviz.session import Config
from nnviz.ui.window.toolbar import format_speed

WAIT_MS = 30_000


def test_after_play_the_speed_says_starting_until_measured_then_the_figure(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60), resolution=40)
    qtbot.waitUntil(lambda: window.play_button.trainer_up and window.latest is not None, timeout=WAIT_MS)
    assert window.status.speed.text() == "paused"
    window.play()
    assert window.status.speed.text() == "starting…"  # at once, before any frame of the run
    # the frames below are drawn here: the runner's own wait in the event queue, which no line here runs
    started = replace(window.latest, running=True, epochs_per_second=None)  # a running frame, speed not measured
    window.draw(started)
    assert window.status.speed.text() == "starting…" and window.toolbar.speed_caption.text() == format_speed(None)
    window._status_pacer._last = None  # (the status bar's pace, 4 times a second, is not what is tested here)
    window.draw(replace(started, epochs_per_second=240.0))
    assert window.status.speed.text() == "240 epochs/s"
    assert window.toolbar.speed_caption.text() == format_speed(240.0)
    window.pause()
    assert window.status.speed.text() == "paused"  # at once, as before
