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


def test_the_frame_rate_is_measured_from_the_start_not_from_the_pause(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """It said "1 frames/s" after Play: frames counted over the pause before."""
    from nnviz.ui.window.status_bar import NOT_MEASURED, FrameRateMeter

    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    meter = FrameRateMeter(clock=clock)
    assert meter.tick() is None  # no window over yet: no figure
    clock.now = 1.0
    assert meter.tick() == 2.0

    window = make_window(Config(points=60), resolution=40)
    qtbot.waitUntil(lambda: window.latest is not None, timeout=WAIT_MS)
    paused = replace(window.latest, running=False)
    window.draw(paused)
    during_the_pause = window._fps
    window.play()
    window._status_pacer._last = None
    window.draw(replace(paused, running=True, epochs_per_second=None))
    assert window._fps is not during_the_pause  # the meter starts with training
    rate = window._fps.rate  # None: "–", not the "0 frames/s" of the pause (a window of frames could be over)
    assert window.status.frames.text() == (f"{NOT_MEASURED} frames/s" if rate is None else f"{rate:.0f} frames/s")
    window.pause()
