"""The status bar's lines that a class must not lose: a pin's note keeps the loss figures beside it, the line that
training did not start stays until it is answered, and "training starts" shows in words at 1024 px too.

Time is the status bar's clock, moved by hand (a fake clock): no test waits for a message to go."""

from __future__ import annotations

from nnviz.session import Config, Session
from nnviz.session import commands as cmd
from nnviz.session.start_watch import NOT_STARTED
from nnviz.ui.window.play_button import STARTING_LINE
from nnviz.ui.window.status_bar import MESSAGE_MS

WAIT_MS = 30_000


class FakeClock:
    """Seconds, moved by the test."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _said(window) -> str:  # type: ignore[no-untyped-def]
    """The status bar's line, whole (an elided one is whole in the tooltip)."""
    return window.status.toolTip() or window.status.currentMessage()


def _later(window, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """`seconds` pass by the status bar's clock, and its timer fires."""
    window.status.clock.now += seconds
    window.status.expire()


def test_a_pin_says_so_beside_the_loss_figures_which_stay(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A class comparing runs lost the loss and accuracy figures for 8 s to the pin's message."""
    for size in ((1280, 800), (1024, 768)):
        window = make_window(Config(points=60), size=size)
        window.step_epoch()
        qtbot.waitUntil(lambda w=window: w.frame is not None and w.frame.epoch == 1, timeout=WAIT_MS)
        loss = window.status.loss.text()
        window.send(cmd.PinRun())
        qtbot.waitUntil(lambda w=window: "pinned the run at epoch 1" in _said(w).lower(), timeout=WAIT_MS)
        assert window.status.loss.isVisible() and window.status.accuracy.isVisible()
        assert window.status.loss.text() == loss
        message = window.status.currentMessage()
        assert window.status.fontMetrics().horizontalAdvance(message) <= window.status.loss.x()  # not under them


def test_other_lines_still_make_room_and_go_after_their_time(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60), size=(1024, 768))
    window.status.clock = FakeClock()
    window.status.show_error("cannot export: the disk is full")
    assert not window.status.loss.isVisible()
    _later(window, MESSAGE_MS / 1000 - 1)
    assert window.status.currentMessage()
    _later(window, 1)
    assert window.status.currentMessage() == "" and window.status.loss.isVisible()


def test_training_did_not_start_stays_until_play_answers_it(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The red line went after 8 s: a teacher who looked back after 10 s saw nothing."""
    window = make_window(Config(points=60), size=(1024, 768))
    window.status.clock = FakeClock()
    window.file_answers.failed(NOT_STARTED)  # as the worker says it after START_SECONDS
    assert NOT_STARTED.lower() in _said(window).lower()
    _later(window, 10)
    assert NOT_STARTED.lower() in _said(window).lower() and window.status.property("error")
    window.status.show_info("copied the output as an image")  # another line shows for its time
    _later(window, MESSAGE_MS / 1000)
    assert NOT_STARTED.lower() in _said(window).lower()  # and then the standing one again
    window.menuBar().actions()[0].menu().actions()[0].hover()  # a menu's status tip comes and goes
    window.status.clearMessage()
    assert NOT_STARTED.lower() in _said(window).lower()
    window.reset()  # (a Reset takes away a divergence's line, not this one)
    assert NOT_STARTED.lower() in _said(window).lower()
    window.play()  # the answer: a new training process is asked for
    assert NOT_STARTED.lower() not in _said(window).lower()
    _later(window, 60)
    assert NOT_STARTED.lower() not in _said(window).lower()


def test_a_trainer_that_answers_takes_the_line_back(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The next successful start (a file command or a teaching step started it) answers the line too."""
    window = make_window(Config(points=60), size=(1024, 768))
    window.file_answers.failed(NOT_STARTED)
    window.play_button.trainer_down()
    assert NOT_STARTED.lower() in _said(window).lower()  # the line stands (else the checks below prove nothing)
    window.step_epoch()  # Step asks for a new trainer as Play does
    assert NOT_STARTED.lower() not in _said(window).lower()
    window.file_answers.failed(NOT_STARTED)
    window.play_button.trainer_down()
    assert NOT_STARTED.lower() in _said(window).lower()
    window.send(cmd.ShowAgain())  # a frame comes: the trainer is up
    qtbot.waitUntil(lambda: window.play_button.trainer_up, timeout=WAIT_MS)
    assert NOT_STARTED.lower() not in _said(window).lower()


def test_at_1024_px_play_before_the_trainer_is_up_says_training_starts_in_words(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    """The toolbar shows icons only at 1024 px: "Starting…" was in the tooltip alone, beside a Pause icon."""
    from PySide6.QtCore import Qt

    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend="thread", resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    try:
        window.show()  # the trainer starts after the first paint, which comes in the event loop
        assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly  # the case at hand
        window.play()
        assert window.status.currentMessage() == STARTING_LINE  # whole, and the figures beside it
        assert window.status.loss.isVisible()
        qtbot.waitUntil(lambda: window.latest is not None and window.latest.running, timeout=WAIT_MS)
        assert window.status.currentMessage() != STARTING_LINE  # training runs: the line goes
        window.pause()
    finally:
        window.close()


def test_a_cancelled_start_takes_the_line_back(qtbot, styled_app) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=60)), backend="thread", resolution=40, training_after_paint=True)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    try:
        window.play()
        assert window.status.currentMessage() == STARTING_LINE  # shown (else the checks below prove nothing)
        window.toggle_play()  # "Starting…" pressed again: cancel
        assert window.status.currentMessage() != STARTING_LINE
        window.status.clock = FakeClock()
        _later(window, 60)
        assert window.status.currentMessage() != STARTING_LINE  # it does not stand any more
    finally:
        window.close()
