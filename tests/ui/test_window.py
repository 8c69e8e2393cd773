"""The main window end to end: default set-up, play/pause/step, edits, data, files, threads, pixels."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget

from nnviz.data import GENERATORS
from nnviz.session import Config
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.ui.controls.dataset_thumbnails import THUMB_SIZE, render_thumbnail
from tests.ui.probes import heatmap_rgba, node_count

ROOT = Path(__file__).resolve().parents[2]
BLUE = (0x08, 0x77, 0xBD)
ORANGE = (0xF5, 0x93, 0x22)
WAIT_MS = 10_000  # a guard against a hang, not a speed check: a loaded machine takes seconds


def pixels(image: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB copy of a QImage."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    rows = np.frombuffer(img.constBits(), np.uint8, count=bpl * h).reshape(h, bpl)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def count_near(rgb: np.ndarray, target: tuple[int, int, int], tol: int = 24) -> int:
    """How many pixels lie within tol (per channel) of a colour."""
    return int((np.abs(rgb.astype(np.int32) - np.asarray(target)).max(axis=-1) <= tol).sum())


def region(rgb: np.ndarray, window: QWidget, widget: QWidget) -> np.ndarray:
    """The part of a window grab that a child widget covers."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    return rgb[top_left.y(): top_left.y() + widget.height(), top_left.x(): top_left.x() + widget.width()]


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Pause and wait until the frame on screen is the paused one."""
    window.pause()
    qtbot.waitUntil(lambda: window.latest is not None and not window.latest.running, timeout=WAIT_MS)
    qtbot.wait(60)  # let any frame already on its way land


def train_a_little(qtbot, window, epochs: int = 30) -> None:  # type: ignore[no-untyped-def]
    window.toolbar.flat_out.setChecked(True)  # the default pace is for people; tests go flat out
    window.play()
    qtbot.waitUntil(lambda: window.frame.epoch >= epochs, timeout=WAIT_MS)
    settle(qtbot, window)


# --- the default set-up ------------------------------------------------------------------------
def test_window_opens_with_the_default_setup(window):
    assert window.windowTitle() == "Untitled — nnviz"
    assert window.config.dataset == "circle"
    frame = window.frame
    assert frame.sizes == (2, 4, 2, 1)
    assert frame.activations[:-1] == ("tanh", "tanh")
    assert frame.epoch == 0
    assert node_count(window.graph_view) == 9
    assert window.parts.data_panel.dataset_buttons["circle"].isChecked()
    assert window.toolbar.epoch_label.text() == "000,000"
    assert window.training.qthread.isRunning()
    assert not window.running


def test_play_then_pause_changes_epoch_weights_and_boundary(qtbot, window):
    before = window.frame
    image_before = np.array(heatmap_rgba(window.boundary_view), copy=True)
    counter_before = window.toolbar.epoch_label.text()
    train_a_little(qtbot, window, epochs=20)
    after = window.frame
    assert after.epoch >= 20
    assert window.toolbar.epoch_label.text() != counter_before
    assert not np.allclose(after.weights[0], before.weights[0])
    assert not np.array_equal(heatmap_rgba(window.boundary_view), image_before)
    qtbot.wait(150)
    assert window.frame.epoch == after.epoch, "training went on after Pause"


def test_step_advances_exactly_one_epoch(qtbot, window):
    window.step_batch()  # start mid-epoch: Step must still finish exactly one epoch
    qtbot.waitUntil(lambda: window.frame.steps == 1, timeout=WAIT_MS)
    start = window.frame.epoch
    window.actions_.step.trigger()
    qtbot.waitUntil(lambda: window.frame.epoch == start + 1, timeout=WAIT_MS)
    qtbot.wait(150)
    assert window.frame.epoch == start + 1
    assert not window.running


def test_space_plays_and_pauses(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.running
    qtbot.waitUntil(lambda: window.frame.epoch > 3, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.running
    settle(qtbot, window)


# --- edits ---------------------------------------------------------------------------------------
def test_editing_a_weight_in_the_view_changes_the_session(qtbot, window):
    window.graph_view.edit(EdgeRef(1, 0, 2), 2.5)  # layer 1, from input 0 to hidden neuron 2
    qtbot.waitUntil(lambda: window.frame.weights[0][2, 0] == 2.5, timeout=WAIT_MS)
    window.graph_view.edit(BiasRef(2, 1), -1.25)
    qtbot.waitUntil(lambda: window.frame.biases[1][1] == -1.25, timeout=WAIT_MS)
    assert window.frame.epoch == 0, "an edit must not reset the session"


def test_a_click_in_the_boundary_view_adds_a_point(qtbot, window):
    n_before = len(window.frame.train_points)
    window.parts.point_controls.point_class.setCurrentIndex(1)
    assert window.boundary_view.click_at(1.5, -2.0)
    qtbot.waitUntil(lambda: len(window.frame.train_points) == n_before + 1, timeout=WAIT_MS)
    frame = window.frame
    i = int(np.argmin(np.hypot(*(frame.train_points - (1.5, -2.0)).T)))
    assert np.allclose(frame.train_points[i], (1.5, -2.0))
    assert frame.train_labels[i] == 1
    window.boundary_view.click_at(1.5, -2.0, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.frame.train_points) == n_before, timeout=WAIT_MS)


def test_ctrl_click_removes_a_point_within_reach_on_a_plane_of_any_scale(qtbot, window, tmp_path):
    """Bug: the reach was 0.6 plane units, so on a CSV plane of ±150 no Ctrl+click could remove a point."""
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,label\n100,0,0\n0,100,1\n-100,0,0\n0,-100,1\n50,50,1\n", encoding="utf-8")
    window.load_csv(str(path))
    qtbot.waitUntil(lambda: window.config.dataset == "csv" and window.frame.extent == 150.0, timeout=WAIT_MS)
    n_before = len(window.frame.train_points)
    assert window.boundary_view.click_at(52.0, 53.0, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.frame.train_points) == n_before - 1, timeout=WAIT_MS)


def test_learning_rate_change_is_live(qtbot, window):
    train_a_little(qtbot, window, epochs=10)
    epoch = window.frame.epoch
    combo = window.parts.training_panel.learning_rate
    combo.setCurrentIndex(combo.findText("0.1"))
    qtbot.waitUntil(lambda: window.config.learning_rate == 0.1, timeout=WAIT_MS)
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == epoch + 1, timeout=WAIT_MS)


def test_adding_a_layer_rebuilds_the_graph(qtbot, window):
    window.parts.network_panel.add_layer.click()
    qtbot.waitUntil(lambda: window.frame.sizes == (2, 4, 2, 2, 1), timeout=WAIT_MS)
    assert node_count(window.graph_view) == 11
    assert window.parts.network_panel.layer_count.text() == "3"
    window.graph_view.neuronCountChangeRequested.emit(0, +1)  # the graph's own "+" button
    qtbot.waitUntil(lambda: window.frame.sizes == (2, 5, 2, 2, 1), timeout=WAIT_MS)
    assert node_count(window.graph_view) == 12


def test_hovering_a_neuron_shows_it_in_the_boundary_view(qtbot, window):
    output_image = np.array(heatmap_rgba(window.boundary_view), copy=True)
    window.graph_view.neuronHovered.emit(1, 0)
    assert not np.array_equal(heatmap_rgba(window.boundary_view), output_image)
    window.graph_view.neuronHovered.emit(-1, -1)
    assert np.array_equal(heatmap_rgba(window.boundary_view), output_image)


def test_changing_the_data_set_resets_and_pauses(qtbot, window):
    window.play()
    qtbot.waitUntil(lambda: window.frame.epoch > 5, timeout=WAIT_MS)
    window.parts.data_panel.dataset_buttons["spiral"].click()
    qtbot.waitUntil(lambda: window.latest is not None and not window.latest.running and window.frame.epoch == 0,
                    timeout=WAIT_MS)
    assert window.config.dataset == "spiral"


def test_regression_data_switches_the_problem_type(qtbot, window):
    panel = window.parts.data_panel
    panel.dataset_buttons["plane"].click()
    # the new session's frame and the panel's answer to the request come as two events, in either order
    qtbot.waitUntil(lambda: window.frame.problem == "regression" and panel.problem.value() == "regression",
                    timeout=WAIT_MS)
    panel.problem.setCurrentIndex(0)  # classification: back to a classification set
    qtbot.waitUntil(lambda: window.frame.problem == "binary" and window.config.dataset == "circle", timeout=WAIT_MS)


def test_picking_a_class_set_after_a_regression_set_shows_classification(qtbot, window):
    panel = window.parts.data_panel
    panel.dataset_buttons["plane"].click()
    qtbot.waitUntil(lambda: window.frame.problem == "regression", timeout=WAIT_MS)
    panel.dataset_buttons["quadrants"].click()
    # the new session's frame and the panel's answer to the request come as two events, in either order
    shows_classification = lambda: panel.problem.value() == "auto" and panel.problem.currentText() == "Classification"  # noqa: E731
    qtbot.waitUntil(lambda: window.frame.problem == "multiclass" and shows_classification(), timeout=WAIT_MS)
    qtbot.wait(100)  # and it stays so
    assert shows_classification()


def test_a_truth_table_shows_all_points_not_a_stale_count(qtbot, window):
    panel = window.parts.data_panel
    assert panel.points.text() == "500" and panel.points.isEnabled()
    panel.dataset_buttons["and"].click()
    qtbot.waitUntil(lambda: window.config.dataset == "and", timeout=WAIT_MS)
    assert panel.points.text() == "all" and not panel.points.isEnabled()
    panel.dataset_buttons["circle"].click()
    qtbot.waitUntil(lambda: window.config.dataset == "circle", timeout=WAIT_MS)
    assert panel.points.text() == "500" and panel.points.isEnabled()


def test_a_speed_limit_reaches_the_runner(qtbot, window):
    """The pace itself is checked on a fake clock (tests/session/test_runner.py); here the wiring."""
    window.set_speed(10.0)
    window.play()
    qtbot.waitUntil(lambda: window.latest.running and window.latest.speed_limit == 10.0, timeout=WAIT_MS)
    window.set_speed(None)
    qtbot.waitUntil(lambda: window.latest.speed_limit is None, timeout=WAIT_MS)
    settle(qtbot, window)


def test_a_diverging_run_pauses_and_says_so(qtbot, make_window):
    window = make_window(Config(dataset="plane", problem="regression", activation="linear", learning_rate=3.0))
    window.play()
    qtbot.waitUntil(lambda: "diverged at epoch" in window.status.currentMessage().lower(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
    assert window.isVisible()
    assert all(np.isfinite(w).all() for w in window.frame.weights)


def test_an_internal_error_pauses_and_the_worker_lives_on(qtbot, styled_app):
    from nnviz.session import Session
    from nnviz.ui.window.main_window import MainWindow

    class FlakySession(Session):
        failures = 1

        def step(self, n_batches: int = 1) -> int:
            if self.failures:
                self.failures -= 1
                raise RuntimeError("boom")
            return super().step(n_batches)

    window = MainWindow(FlakySession(Config()), backend="thread")
    qtbot.addWidget(window)
    try:
        window.play()
        qtbot.waitUntil(lambda: "internal error" in window.status.currentMessage(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
        window.step_epoch()
        qtbot.waitUntil(lambda: window.frame.epoch == 1, timeout=WAIT_MS)
    finally:
        window.close()
    assert not window.training.qthread.isRunning()


# --- data and files -------------------------------------------------------------------------------
def test_a_bad_csv_is_reported_and_leaves_the_session_alone(qtbot, window, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n", encoding="utf-8")
    config = window.config
    window.load_csv(str(bad))  # read in the worker
    qtbot.waitUntil(lambda: "line 3" in window.status.currentMessage(), timeout=WAIT_MS)
    assert "\n" not in window.status.currentMessage()
    qtbot.wait(100)
    assert window.config == config and window.frame.sizes == (2, 4, 2, 1)


def test_a_good_csv_becomes_the_data(qtbot, window, tmp_path):
    good = tmp_path / "mine.csv"
    rows = [f"{x},{y},{int(x * y > 0)}" for x, y in np.random.default_rng(1).uniform(-5, 5, (40, 2))]
    good.write_text("x1,x2,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    window.load_csv(str(tmp_path / "missing.csv"))  # an error first: the good file replaces it
    qtbot.waitUntil(lambda: "missing.csv" in window.status.currentMessage(), timeout=WAIT_MS)
    window.load_csv(str(good))
    qtbot.waitUntil(lambda: "loaded 40 points" in window.status.currentMessage().lower(), timeout=WAIT_MS)
    assert not window.status.property("error")
    qtbot.waitUntil(lambda: window.config.dataset == "csv" and window.frame.epoch == 0
                    and len(window.frame.train_points) + len(window.frame.test_points) == 40, timeout=WAIT_MS)
    checked = [name for name, b in window.parts.data_panel.dataset_buttons.items() if b.isChecked()]
    assert checked == ["csv"]  # the circle thumbnail no longer claims to be the data
    window.parts.data_panel.dataset_buttons["circle"].click()
    qtbot.waitUntil(lambda: window.config.dataset == "circle", timeout=WAIT_MS)
    checked = [name for name, b in window.parts.data_panel.dataset_buttons.items() if b.isChecked()]
    assert checked == ["circle"]


def test_save_then_open_a_session(qtbot, window, tmp_path):
    train_a_little(qtbot, window, epochs=5)
    epoch = window.frame.epoch
    path = tmp_path / "my-run.json"
    window.save_session(str(path))
    qtbot.waitUntil(lambda: window.session_path == path, timeout=WAIT_MS)
    assert path.is_file()
    assert window.windowTitle() == "my-run — nnviz"
    window.reset()
    qtbot.waitUntil(lambda: window.frame.epoch == 0, timeout=WAIT_MS)
    window.open_session(str(path))
    qtbot.waitUntil(lambda: window.frame.epoch == epoch, timeout=WAIT_MS)
    assert window.windowTitle() == "my-run — nnviz"


def test_a_scripted_network_opens_in_the_app_and_save_does_not_overwrite_it(qtbot, window, tmp_path):
    from nnviz import Architect, Trainer
    from nnviz.api import seed

    seed(1234)  # the API draws its weights at random: about one XOR run in 1,000 ends unsolved (accuracy 0.75)
    net = Architect.Perceptron(2, 3, 1)
    Trainer(net).xor()
    path = tmp_path / "tutorial-xor.json"
    net.save(path)
    original = path.read_text(encoding="utf-8")
    window.open_session(str(path))
    qtbot.waitUntil(lambda: window.config.dataset == "xor_gate" and window.frame.train_accuracy == 1.0,
                    timeout=WAIT_MS)
    assert window.windowTitle() == "tutorial-xor — nnviz"
    assert len(window.boundary_view._train.data) == 4  # the truth table's points, not the last session's
    assert window.session_path is None  # Save asks for a new file: the network file stays as it was
    assert path.read_text(encoding="utf-8") == original


# --- threads ------------------------------------------------------------------------------------
def test_closing_during_training_stops_the_thread(qtbot, window):
    window.play()
    qtbot.waitUntil(lambda: window.frame.epoch > 3, timeout=WAIT_MS)
    thread = window.training.qthread
    window.close()  # how fast: tests/benchmarks/bench_app.py ("close s")
    assert not thread.isRunning()
    assert thread.isFinished()


# --- pixels ------------------------------------------------------------------------------------------
def test_the_window_grab_shows_weights_and_a_boundary(qtbot, window):
    train_a_little(qtbot, window, epochs=60)
    window.repaint()
    image = window.grab().toImage()
    assert (image.width(), image.height()) == (1280, 800)
    rgb = pixels(image)
    graph = region(rgb, window, window.graph_view)
    assert count_near(graph, BLUE) > 150, "no blue (positive) weights in the network view"
    assert count_near(graph, ORANGE) > 150, "no orange (negative) weights in the network view"
    boundary = region(rgb, window, window.boundary_view)
    colours = np.unique(boundary.reshape(-1, 3), axis=0)
    assert len(colours) > 50 and boundary.std() > 20, "the boundary region is uniform"


def test_void_qt_calls_keep_the_reference_to_none(qtbot):
    """PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every void call ("none_dealloc")."""
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = 10_000
    before = sys.getrefcount(None)
    for _ in range(calls):
        widget.setEnabled(True)
        widget.setToolTip("")
        widget.update()
    lost = before - sys.getrefcount(None)
    assert lost < calls // 10, f"None lost {lost} references over {3 * calls} void Qt calls"


def test_fonts_render(qtbot):
    with_text, without = QLabel("Hg nnviz 123"), QLabel("")
    for label in (with_text, without):
        qtbot.addWidget(label)
        label.setFixedSize(160, 30)
    assert pixels(with_text.grab().toImage()).tobytes() != pixels(without.grab().toImage()).tobytes()


def test_thumbnails_show_their_data(styled_app):
    for name in GENERATORS:
        rgb = pixels(render_thumbnail(name))
        assert rgb.shape == (THUMB_SIZE, THUMB_SIZE, 3)
        assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 4, name


def test_resources_are_found(styled_app):
    from nnviz.resource_paths import resource_path
    from nnviz.ui.resources import app_icon, icon

    assert resource_path("nnviz.svg").is_file()
    assert not app_icon().isNull()
    for name in ("play", "pause", "step", "step-batch", "reset"):
        assert not icon(name).isNull(), name


def test_python_m_nnviz_opens_and_paints(tmp_path):
    env = dict(os.environ, NNVIZ_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-m", "nnviz"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "first paint" in out.stdout


@pytest.mark.parametrize("argv", [["a.json", "b.json"], ["--bogus"]])
def test_bad_arguments_are_one_line_errors(argv, capsys):
    from nnviz.cli.main import main

    assert main(["app", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nnviz: ") and err.count("\n") == 1


# --- pace and counters -------------------------------------------------------------------------------
def test_the_default_pace_is_watchable_and_flat_out_is_one_click_away(qtbot, window):
    from nnviz.ui.window.toolbar import DEFAULT_SPEED

    assert 30 <= DEFAULT_SPEED <= 60
    assert window.toolbar.speed_limit() == DEFAULT_SPEED
    qtbot.waitUntil(lambda: window.latest.speed_limit == DEFAULT_SPEED, timeout=WAIT_MS)  # the worker's pace
    with qtbot.waitSignal(window.toolbar.speedChanged) as sent:
        window.toolbar.flat_out.click()
    assert sent.args == [None]
    window.step_batch()  # something to draw: the next frame carries the pace
    qtbot.waitUntil(lambda: window.latest.speed_limit is None, timeout=WAIT_MS)
    with qtbot.waitSignal(window.toolbar.speedChanged) as sent:
        window.toolbar.flat_out.click()
    assert sent.args == [DEFAULT_SPEED]


def test_the_measured_pace_is_shown_beside_the_speed(qtbot, window):
    from nnviz.ui.window.pacing import Pacer
    from nnviz.ui.worker import FramePacket

    frame = window.frame
    window._status_pacer = Pacer(0.0)  # the figures refresh a few times a second: make this draw one that does
    window.draw(FramePacket(frame, True, 41.6, 30.0))
    assert window.toolbar.speed_caption.text() == "Speed · 42 epochs/s"
    window.draw(FramePacket(frame, False, 0.0, 30.0))
    assert window.toolbar.speed_caption.text() == "Speed"


def test_the_status_bar_and_the_toolbar_count_epochs_from_the_same_frame(qtbot, window):
    from dataclasses import replace

    from nnviz.ui.worker import FramePacket

    frame = window.frame
    for epoch in (2677, 2855, 2856):  # drawn faster than the status bar's own refresh
        window.draw(FramePacket(replace(frame, epoch=epoch), True, 1000.0, None))
        assert window.toolbar.epoch_label.text() == f"{epoch:07,d}"
        assert window.status.epoch.text() == f"Epoch {epoch:,}"
