"""The app's training process starts once the window has painted (issue 23: launch), and trains as before."""

from __future__ import annotations

from nnviz.session import Config, Session
from nnviz.ui.window.play_button import PAUSE, STARTING

WAIT_MS = 30_000


def test_the_training_process_waits_for_the_first_paint_then_trains(qtbot, styled_app):
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    worker = window.training.worker
    try:
        # nothing made before the paint: no child process, no runner, no thread
        assert worker.backend is None and not window.training.qthread.isRunning()
        window.play()  # a command sent before the child exists is kept for it
        assert window.actions_.play.text() == STARTING  # and the window says so (window/play_button.py)
        window.show()
        qtbot.waitUntil(lambda: worker.training_process is not None, timeout=WAIT_MS)
        backend = worker.training_process
        assert backend is not None and worker.backend is backend
        qtbot.waitUntil(lambda: backend.process is not None and backend.process.is_alive(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: window.frame.epoch > 2, timeout=WAIT_MS)
        assert window.actions_.play.text() == PAUSE
    finally:
        window.close()
    assert backend.process is None and not window.training.qthread.isRunning()
