"""Play pressed before the trainer is up: the button and the status bar say "Starting…" until it runs, not "Pause"
beside "paused" (on a busy machine the training process takes seconds to load)."""

from __future__ import annotations

import time
from dataclasses import replace

from nnviz.session import Config, Session
from nnviz.ui.window.play_button import PAUSE, PLAY, STARTING

WAIT_MS = 30_000


def _window_before_its_trainer(qtbot):  # type: ignore[no-untyped-def]
    """A window whose trainer starts with its first paint: until it is shown, nothing answers a command."""
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend="thread", resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def test_play_before_the_trainer_is_up_says_starting_until_training_runs(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    window = _window_before_its_trainer(qtbot)
    try:
        assert not window.training.qthread.isRunning()
        window.play()
        assert window.actions_.play.text() == STARTING  # it said "Pause" while nothing trained
        assert window.status.speed.text() == "starting…"  # beside "paused"
        assert window.running  # Space again cancels: it is a Pause
        paused = replace(window.latest, running=False)
        window.draw(paused)  # a paused frame drawn meanwhile (the trainer's first, sent before it read the Play)
        assert window.status.speed.text() == "starting…"
        window.show()  # the trainer starts after the first paint and reads the Play kept for it
        qtbot.waitUntil(lambda: window.latest is not None and window.latest.running, timeout=WAIT_MS)
        assert window.actions_.play.text() == PAUSE
        # "starting…" until the runner has measured its speed over training time (runner_pace.py), then the figure
        qtbot.waitUntil(lambda: window.status.speed.text().endswith("epochs/s"), timeout=WAIT_MS)
    finally:
        window.close()


def test_pressed_again_while_starting_it_cancels_and_nothing_trains(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    window = _window_before_its_trainer(qtbot)
    try:
        window.play()
        window.toggle_play()  # "Starting…" pressed: cancel
        assert window.actions_.play.text() == PLAY
        assert window.status.speed.text() != "starting…"
        window.show()
        # the trainer reads Play and Pause before its first chunk: it says it ran, then paused, then sends a frame
        qtbot.waitUntil(lambda: window.play_button.trainer_up and window.actions_.play.text() == PLAY
                        and not window.training.worker.backend.running, timeout=WAIT_MS)
        assert window.frame is not None and window.frame.epoch == 0
    finally:
        window.close()


def test_once_the_trainer_is_up_play_turns_into_pause_at_once(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60), resolution=40)
    qtbot.waitUntil(lambda: window.play_button.trainer_up, timeout=WAIT_MS)  # its first frame came
    window.play()
    assert window.actions_.play.text() == PAUSE  # no "Starting…" flashed for the frame its answer takes
    window.pause()


def test_play_while_a_new_training_process_starts_after_a_crash_says_starting(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """After a crash a new training process starts, paused: a Play pressed while it loads waits for it too."""
    from nnviz.session import events as ev

    window = make_window(Config(points=60), resolution=40)
    qtbot.waitUntil(lambda: window.play_button.trainer_up, timeout=WAIT_MS)
    worker = window.training.worker
    worker._publish(ev.RunningChanged(False))  # as TrainingProcess._recover says it, in this order
    worker._publish(ev.TrainerStarting())
    qtbot.waitUntil(lambda: not window.play_button.trainer_up, timeout=WAIT_MS)
    window.play()
    assert window.actions_.play.text() == STARTING and window.status.speed.text() == "starting…"
    qtbot.waitUntil(lambda: window.latest.running, timeout=WAIT_MS)  # (here the same runner answers)
    assert window.actions_.play.text() == PAUSE
    window.pause()


def test_step_before_the_trainer_is_up_says_starting_until_the_steps_frame(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    window = _window_before_its_trainer(qtbot)
    try:
        window.step_epoch()
        assert window.status.speed.text() == "starting…"  # it said "paused" while nothing happened
        assert window.actions_.play.text() == PLAY
        window.show()
        qtbot.waitUntil(lambda: window.frame.epoch == 1, timeout=WAIT_MS)
        assert window.status.speed.text() == "paused"
    finally:
        window.close()


def silent_child(*args: object) -> None:
    """A training process that hangs before its first word: it never answers and never exits."""
    while True:
        time.sleep(1.0)


class FakeClock:
    """Seconds that move only when the test says."""

    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_trainer_that_never_answers_gives_play_back_with_why_and_play_tries_a_new_one(qtbot, styled_app, monkeypatch):  # type: ignore[no-untyped-def]
    from nnviz.session import training_process
    from nnviz.session.start_watch import START_SECONDS, StartWatch
    from nnviz.ui.window.main_window import MainWindow

    clock = FakeClock()
    real_child = training_process.child_main
    monkeypatch.setattr(training_process, "StartWatch", lambda _clock: StartWatch(clock))
    monkeypatch.setattr(training_process, "child_main", silent_child)
    window = MainWindow(Session(Config(points=60, learning_rate=0.03)), backend="process", resolution=40)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    try:
        window.play()  # pressed at once
        window.request_config({"learning_rate": 0.1})  # and a setting changed while it "starts"
        process = window.training.worker.training_process
        qtbot.waitUntil(lambda: process.process is not None, timeout=WAIT_MS)
        assert window.actions_.play.text() == STARTING
        clock.now = START_SECONDS
        qtbot.waitUntil(lambda: window.actions_.play.text() == PLAY, timeout=WAIT_MS)
        assert not window.running and window.status.speed.text() == "paused"
        said = window.status.toolTip() or window.status.currentMessage()  # (elided when narrow: whole in the tip)
        assert f"did not start within {START_SECONDS:.0f} s" in said and "press Play to try again" in said
        assert process.process is None  # stopped
        monkeypatch.setattr(training_process, "child_main", real_child)
        window.play()  # a new training process, and "Starting…" until it answers
        assert window.actions_.play.text() == STARTING
        qtbot.waitUntil(lambda: window.latest.running, timeout=WAIT_MS)
        assert window.actions_.play.text() == PAUSE
        assert window.config.learning_rate == 0.1  # the change made while the first one hung was applied
        window.pause()
    finally:
        window.close()
