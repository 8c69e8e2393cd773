"""Training that cannot start: Play pressed while it starts does not say "Starting…" forever; the window says why
in one line and shows Play again, and a Play pressed later is refused the same way."""

from __future__ import annotations

import multiprocessing as mp

from PySide6.QtCore import Qt

from nnviz.session import Config, Session
from nnviz.ui.window.play_button import PLAY
from tests.session.test_training_process import NoSpawnContext

WAIT_MS = 30_000


def _window_started_after_paint(qtbot, backend: str):  # type: ignore[no-untyped-def]
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend=backend, resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def _shows_play_and_says(window, words: str) -> bool:  # type: ignore[no-untyped-def]
    return window.actions_.play.text() == PLAY and words.lower() in window.status.currentMessage().lower()


def test_a_backend_that_cannot_be_made_says_why_and_play_comes_back(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    window = _window_started_after_paint(qtbot, "thread")

    def cannot(spawn_now: bool = False) -> object:
        raise MemoryError("no room for the trainer")

    window.training.worker.make_backend = cannot
    try:
        window.play()
        assert window.actions_.play.text() == "Starting…"
        window.show()  # training starts after the first paint, and fails
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "training could not start (MemoryError"), timeout=WAIT_MS)
        assert "\n" not in window.status.currentMessage() and window.status.speed.text() == "paused"
        window.status.clearMessage()
        window.play()  # pressed again: refused with the same line, not "Pause" beside "starting…" forever
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "no room for the trainer"), timeout=WAIT_MS)
    finally:
        window.close()
    assert not window.training.qthread.isRunning()


def test_a_training_loop_that_fails_says_it_stopped_not_that_it_could_not_start(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    window = _window_started_after_paint(qtbot, "thread")
    worker = window.training.worker
    backend = worker.make_backend()

    def fails() -> None:
        raise RuntimeError("a bug in the loop")

    backend.run = fails  # type: ignore[method-assign]
    try:
        window.play()
        window.show()
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "training stopped on an error (RuntimeError"),
                        timeout=WAIT_MS)
        assert "could not start" not in window.status.currentMessage()
    finally:
        window.close()
    assert not window.training.qthread.isRunning()


def test_a_training_process_that_cannot_be_spawned_says_why_and_play_comes_back(qtbot, styled_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import nnviz.session.training_process as tp

    real = mp.get_context("spawn")
    monkeypatch.setattr(tp.mp, "get_context", lambda method: NoSpawnContext(real))
    window = _window_started_after_paint(qtbot, "process")
    try:
        window.play()
        window.show()
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "Resource temporarily unavailable"), timeout=WAIT_MS)
        window.status.clearMessage()
        window.play()  # the files-only runner refuses it with the same reason
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "could not start"), timeout=WAIT_MS)
    finally:
        window.close()


def test_training_processes_that_exit_at_once_end_in_play_and_a_line_and_play_stays_refused(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    """Every child exits before its first word (here: it cannot rebuild the session it is given)."""
    from nnviz.session import events as ev

    window = _window_started_after_paint(qtbot, "process")
    process = window.training.worker.make_backend()
    process._checkpoint = ev.Checkpoint({"format": "not a session"}, 6.0, (1, 2))  # type: ignore[attr-defined]
    try:
        window.play()
        window.show()
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "keeps stopping"), timeout=4 * WAIT_MS)
        qtbot.waitUntil(lambda: window.training.worker.broken is not None, timeout=WAIT_MS)  # training gave up
        window.status.clearMessage()
        window.play()  # it said "Pause" beside "starting…" for ever after
        qtbot.waitUntil(lambda: _shows_play_and_says(window, "training is off"), timeout=WAIT_MS)
    finally:
        window.close()


def test_a_save_or_open_after_training_could_not_start_says_why_instead_of_nothing(tmp_path) -> None:
    """Nothing holds the session to write: the window heard nothing, so a Save (or the Save of the quit question,
    which waits for its answer) did nothing at all; now it fails with the reason. An autosave stays quiet."""
    from nnviz.session import commands as cmd
    from nnviz.ui.worker import TrainingWorker

    worker = TrainingWorker(Session(Config(points=40)), 8, 0.05, "thread", spawn_now=False)
    said: list[str] = []
    worker.failed.connect(said.append, Qt.ConnectionType.DirectConnection)
    worker.could_not_start(MemoryError("no room for the trainer"))
    said.clear()
    worker.send(cmd.SaveSession(str(tmp_path / "s.nnviz")))
    worker.send(cmd.OpenFile(str(tmp_path / "t.nnviz"), seq=3))
    worker.send(cmd.SaveSession(str(tmp_path / "auto.nnviz"), autosave=True))
    worker.send(cmd.ShowAgain())
    assert len(said) == 2 and all("could not start (MemoryError" in line for line in said)
    assert not list(tmp_path.iterdir())
    worker.deleteLater()
