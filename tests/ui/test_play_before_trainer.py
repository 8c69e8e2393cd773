"""Play pressed before the trainer is up: the button and the status bar say "Starting…" until it runs, not "Pause"
beside "paused" (on a busy machine the training process takes seconds to load)."""

from __future__ import annotations

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
