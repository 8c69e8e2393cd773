"""The training backend is an argument of the window: a child process, a thread, or none for offscreen drawing."""

from __future__ import annotations

import os
import threading

import pytest

from nnviz.session import Config, Session
from nnviz.session import commands as cmd


def test_a_headless_window_stage_starts_no_training_and_leaves_the_environment_alone(qtbot, styled_app, monkeypatch):
    from nnviz.cli.render_command import window_without_training
    from nnviz.ui import worker
    from nnviz.ui.export.stage import HeadlessStage

    monkeypatch.setenv("NNVIZ_TRAINING", "process")
    environment = dict(os.environ)
    threads = set(threading.enumerate())

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a headless stage built a training thread or wrote the environment")

    monkeypatch.setattr(worker.TrainingThread, "__init__", refuse)
    session = Session(Config(points=40, hidden=(3,)))
    with monkeypatch.context() as watch:  # only while the stage is built: pytest itself writes the environment
        watch.setattr(os, "putenv", refuse)  # os.environ[...] = ... and its pop call these
        watch.setattr(os, "unsetenv", refuse)
        stage = HeadlessStage(session, "window", (1024, 640), window=window_without_training)
    try:
        window = stage.widget
        assert dict(os.environ) == environment
        assert set(threading.enumerate()) == threads  # no worker thread, no pipe reader of a child
        session.train(2)
        stage.show(session.snapshot(40))
        assert window.frame.epoch == 2  # type: ignore[attr-defined]
    finally:
        stage.close()


def test_a_window_without_training_draws_and_drops_commands(qtbot, styled_app):
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=40)), backend="none", resolution=40)
    qtbot.addWidget(window)
    window.show()
    window.play()
    window.send(cmd.StepEpoch())
    qtbot.wait(50)
    assert window.frame.epoch == 0 and not hasattr(window.training, "qthread")
    window.close()


def test_play_and_step_in_a_window_without_training_say_it_does_not_train(qtbot, styled_app):
    """They said "Starting…" for ever: nothing would ever answer."""
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.play_button import NO_TRAINER, PLAY

    window = MainWindow(Session(Config(points=40)), backend="none", resolution=40)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    for press in (window.toggle_play, window.play, window.step_epoch, window.step_batch):
        window.status.clearMessage()
        press()
        assert window.actions_.play.text() == PLAY and not window.running
        assert window.status.speed.text() == "paused"  # not "starting…"
        said = window.status.toolTip() or window.status.currentMessage()  # (elided when narrow: whole in the tip)
        assert said.lower() == NO_TRAINER.lower()
    window.close()


def test_an_unknown_backend_is_refused(qtbot, styled_app):
    from nnviz.ui.worker import start_training

    with pytest.raises(ValueError, match="unknown training backend 'gpu'"):
        start_training(Session(Config(points=40)), "gpu", 40, 0.1)  # type: ignore[arg-type]


def test_reset_and_explain_step_in_a_window_without_training_say_it_does_not_train(qtbot, styled_app):
    """Reset did nothing, and Explain step said "Working out sample 1…" for ever: nothing would answer."""
    from nnviz.ui.teach.explain_mode import ExplainMode
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.play_button import NO_TRAINER
    from tests.ui.probes import part

    window = MainWindow(Session(Config(points=40)), backend="none", resolution=40)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    try:
        said = lambda: (window.status.toolTip() or window.status.currentMessage()).lower()  # noqa: E731
        window.reset()
        assert NO_TRAINER.lower() in said()
        window.status.clearMessage()
        mode = part(window, ExplainMode)
        mode.toggle.trigger()
        assert NO_TRAINER.lower() in said()
        qtbot.waitUntil(lambda: mode.panel.summary.text() == NO_TRAINER, timeout=5000)  # not "Working out…"
        assert not mode.busy
    finally:
        window.close()
