"""Errors a user can cause: one line in the status bar, the session untouched, the app and its worker alive."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from nnviz.session import Config
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.ui.graph.editor import parse_number

WAIT_MS = 10_000  # a guard against a hang, not a speed check: a loaded machine takes seconds
PROBLEM_TITLES = {"regression": "Regression", "multiclass": "Classification · softmax"}


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Pause and wait until the frame on screen is the paused one."""
    window.pause()
    qtbot.waitUntil(lambda: window.latest is not None and not window.latest.running, timeout=WAIT_MS)
    qtbot.wait(60)


def trained(qtbot, window, epochs: int = 3):  # type: ignore[no-untyped-def]
    """Train a few epochs, pause, and return the frame on screen."""
    window.play()
    qtbot.waitUntil(lambda: window.frame.epoch >= epochs, timeout=WAIT_MS)
    settle(qtbot, window)
    return window.frame


def error_shown(qtbot, window, *words: str) -> str:  # type: ignore[no-untyped-def]
    """Wait for a one-line error naming all the words; return it."""
    qtbot.waitUntil(lambda: window.status.currentMessage() != ""
                    and all(w.lower() in window.status.currentMessage().lower() for w in words), timeout=WAIT_MS)
    message = window.status.currentMessage()
    assert "\n" not in message and "internal error" not in message
    assert window.status.property("error")
    return message


def assert_untouched(qtbot, window, frame, config: Config) -> None:  # type: ignore[no-untyped-def]
    """The session is as it was: same config, epoch, shape and weights; the worker still trains."""
    qtbot.wait(100)
    assert window.config == config
    now = window.frame
    assert (now.epoch, now.sizes, now.problem) == (frame.epoch, frame.sizes, frame.problem)
    assert all(np.array_equal(a, b) for a, b in zip(now.weights, frame.weights, strict=True))
    assert window.isVisible() and window.training.qthread.isRunning()
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == frame.epoch + 1, timeout=WAIT_MS)


def write_csv(path, regression: bool = False) -> str:  # type: ignore[no-untyped-def]
    xy = np.random.default_rng(1).uniform(-5, 5, (40, 2))
    labels = [f"{x + y:.3f}" if regression else str(int(x * y > 0)) for x, y in xy]
    rows = [f"{x},{y},{label}" for (x, y), label in zip(xy, labels, strict=True)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


# --- files (every bad case is checked at the session level in tests/session/test_bad_files.py) -----------
def test_a_bad_file_shows_its_one_line_message_and_the_window_keeps_its_session(qtbot, window, tmp_path):
    frame, config = trained(qtbot, window), window.config
    bad_csv = tmp_path / "points.csv"
    bad_csv.write_text("x1,x2,label\n1,2,0\n3,oops,1\n", encoding="utf-8")
    window.load_csv(str(bad_csv))  # read by the worker: the answer comes back as a status message
    error_shown(qtbot, window, "points.csv", "line 3", "oops")
    assert_untouched(qtbot, window, frame, config)
    frame = window.frame
    bad_session = tmp_path / "run.json"
    bad_session.write_text('{"format": "nnviz-session", "version": 99}', encoding="utf-8")
    window.open_session(str(bad_session))
    error_shown(qtbot, window, "run.json", "version 99")
    assert window.windowTitle() == "Untitled — nnviz" and window.session_path is None
    assert_untouched(qtbot, window, frame, config)


def test_saving_where_no_file_can_be_written_is_a_user_error(qtbot, window, tmp_path):
    frame, config = trained(qtbot, window), window.config
    window.save_session(str(tmp_path / "no-such-dir" / "run.json"))
    error_shown(qtbot, window, "cannot save")
    assert window.session_path is None
    assert window.windowTitle() == "Untitled — nnviz"  # the window is not named after a file never written
    assert_untouched(qtbot, window, frame, config)
    good = tmp_path / "good.json"
    window.save_session(str(good))  # the failed save did not name the session behind the window's back
    qtbot.waitUntil(lambda: window.session_path == good, timeout=WAIT_MS)
    assert window.windowTitle() == "good — nnviz" and window.config.name == "good"
    assert '"name":"good"' in good.read_text(encoding="utf-8")


# --- impossible configs ---------------------------------------------------------------------------
@pytest.mark.parametrize(("regression", "choice", "words"), [
    (False, "regression", "has classes"),
    (True, "multiclass", "regression problem"),
])
def test_a_problem_type_the_data_cannot_have_is_refused(qtbot, window, tmp_path, regression, choice, words):
    window.load_csv(write_csv(tmp_path / "mine.csv", regression))
    qtbot.waitUntil(lambda: window.frame.feature_names and window.config.dataset == "csv"
                    and len(window.frame.train_points) + len(window.frame.test_points) == 40, timeout=WAIT_MS)
    frame, config = trained(qtbot, window), window.config
    combo = window.parts.data_panel.problem
    shown = combo.value()
    combo.setCurrentIndex(combo.findText(PROBLEM_TITLES[choice]))
    assert combo.value() == choice
    error_shown(qtbot, window, words)
    qtbot.waitUntil(lambda: combo.value() == shown, timeout=WAIT_MS)  # the form goes back
    assert_untouched(qtbot, window, frame, config)


@pytest.mark.parametrize(("changes", "word"), [
    ({"output_activation": "softmax"}, "softmax"),  # softmax on a one-output binary problem
    ({"loss": "bce", "output_activation": "tanh"}, "bce"),
    ({"loss": "cross_entropy"}, "cross_entropy"),
])
def test_loss_and_activation_pairs_the_session_rejects(qtbot, window, changes, word):
    frame, config = trained(qtbot, window), window.config
    window.request_config(changes)
    error_shown(qtbot, window, word)
    qtbot.waitUntil(lambda: window.config == config, timeout=WAIT_MS)
    assert_untouched(qtbot, window, frame, config)


def test_an_out_of_range_setting_is_refused_at_once(qtbot, window):
    frame, config = trained(qtbot, window), window.config
    window.request_config({"learning_rate": 0.0})
    assert "learning rate" in window.status.currentMessage()
    assert window.config == config
    assert_untouched(qtbot, window, frame, config)


# --- edits --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["oops", "nan", "NaN", "inf", "-inf", "1e999", "", "1.2.3"])
def test_the_editor_takes_only_finite_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("value", [math.nan, math.inf])
@pytest.mark.parametrize("what", ["weight", "bias"])
def test_a_nan_or_infinite_weight_is_refused(qtbot, window, what, value):
    frame, config = trained(qtbot, window), window.config
    if what == "weight":
        window.graph_view.edit(EdgeRef(1, 0, 0), value)
    else:
        window.graph_view.edit(BiasRef(1, 0), value)
    error_shown(qtbot, window, "finite")
    assert all(np.array_equal(a, b) for a, b in zip(window.frame.biases, frame.biases, strict=True))
    assert_untouched(qtbot, window, frame, config)


# --- training that cannot go on -------------------------------------------------------------------------
@pytest.mark.parametrize("speed", [None, 5.0])
def test_training_without_training_points_is_a_user_error(qtbot, make_window, speed):
    """Bug: ConfigError from Session.step went to the worker's catch-all ("internal error"), and with a
    speed limit a zero batches_per_epoch raised ZeroDivisionError before any step."""
    window = make_window(Config(dataset="and"))
    window.set_speed(speed)
    for x, y in window.frame.train_points:
        window.boundary_view.pointRemoved.emit(float(x), float(y))
    qtbot.waitUntil(lambda: len(window.frame.train_points) == 0, timeout=WAIT_MS)
    window.play()
    error_shown(qtbot, window, "no training points")
    qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
    assert window.training.qthread.isRunning()
    window.boundary_view.pointAdded.emit(1.0, 1.0, 1)  # a point to learn from: training works again
    qtbot.waitUntil(lambda: len(window.frame.train_points) == 1, timeout=WAIT_MS)
    window.set_speed(None)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == 1, timeout=WAIT_MS)


# --- the app ----------------------------------------------------------------------------------------------
def test_an_error_while_the_app_starts_still_stops_the_thread(styled_app, monkeypatch):
    """Bug: an exception between MainWindow() and app.exec() left the QThread running (abort at exit). The window
    is built in the event loop's first turns (after its first paint): an error there ends the loop and is raised."""
    from nnviz.cli.main import main as nnviz_main
    from nnviz.ui import app as app_module
    from nnviz.ui.window.main_window import MainWindow

    def broken(app, sheet):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(app_module, "_style", broken)  # runs right after MainWindow.build_on()
    monkeypatch.setattr(app_module.logging, "basicConfig", lambda **_: None)  # keep pytest's logging as it is
    before = set(QApplication.topLevelWidgets())
    with pytest.raises(RuntimeError, match="boom"):
        nnviz_main(["app"])
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
    assert windows
    for w in windows:
        assert not w.training.qthread.isRunning()
        w.close()
        w.deleteLater()


def _new_windows(before: set) -> list:  # type: ignore[type-arg]
    from nnviz.ui.window.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]


def test_a_build_that_fails_half_way_raises_its_own_error_not_one_from_shutdown(styled_app, monkeypatch):
    """The window's parts failed half-way (before its input watch was made): the app raises that failure, and
    shuts down nothing of a window that runs nothing yet (its shutdown would miss the parts never made)."""
    from nnviz.cli.main import main as nnviz_main
    from nnviz.ui import app as app_module
    from nnviz.ui.window import main_window

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(main_window, "InputWatch", broken)
    monkeypatch.setattr(app_module.logging, "basicConfig", lambda **_: None)
    before = set(QApplication.topLevelWidgets())
    with pytest.raises(RuntimeError, match="boom"):
        nnviz_main(["app"])
    windows = _new_windows(before)
    assert windows
    for w in windows:
        assert not w.training.qthread.isRunning()
        w.hide()  # (not closed: a half-built window's closeEvent would shut down parts it never made)
        w.deleteLater()


def test_a_bug_in_a_built_windows_shutdown_is_not_hidden_behind_a_later_launch_error(styled_app, monkeypatch):
    """The window was built, then the launch failed (its style): the window is shut down, and an AttributeError
    from that shutdown (a bug) is raised, not passed over as if the window were half-built."""
    from nnviz.cli.main import main as nnviz_main
    from nnviz.ui import app as app_module
    from nnviz.ui.window.main_window import MainWindow

    def broken(app, sheet):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    real_shutdown = MainWindow.shutdown

    def buggy_shutdown(self: MainWindow) -> bool:
        stopped = real_shutdown(self)  # everything stops, then the bug (in the launch's own call, not at aboutToQuit)
        if sys._getframe(1).f_code is app_module._run.__code__:
            raise AttributeError("a bug in shutdown")
        return stopped

    monkeypatch.setattr(app_module, "_style", broken)  # runs right after MainWindow.build_on()
    monkeypatch.setattr(MainWindow, "shutdown", buggy_shutdown)
    monkeypatch.setattr(app_module.logging, "basicConfig", lambda **_: None)
    before = set(QApplication.topLevelWidgets())
    with pytest.raises(AttributeError, match="a bug in shutdown"):
        nnviz_main(["app"])
    monkeypatch.undo()
    for w in _new_windows(before):
        assert not w.training.qthread.isRunning()
        w.close()
        w.deleteLater()
