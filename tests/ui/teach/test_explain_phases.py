"""Explain step in the window: each phase shows the numbers worked out by hand; ← undoes the update exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hand_nets import sigmoid_bce, softmax_ce, tanh_mse
from PySide6.QtCore import Qt

from nnviz.session.graph_refs import NeuronRef
from tests.numbers_shown import shown, shows
from tests.ui.probes import edge_position, node_position

WAIT_MS = 5000


def _enter(window, qtbot):  # type: ignore[no-untyped-def]
    mode = window.features["teaching"].explain
    mode.toggle.trigger()
    qtbot.waitUntil(lambda: mode.explanation is not None, timeout=WAIT_MS)
    return mode


def _click_graph(window, qtbot, scene_point) -> None:  # type: ignore[no-untyped-def]
    view = window.graph_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_point))


def _text(mode) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(mode.panel.lines)


def _line(mode, start: str) -> str:  # type: ignore[no-untyped-def]
    lines = [line for line in mode.panel.lines if line.startswith(start)]
    assert lines, f"no line starting {start!r} in {mode.panel.lines}"
    return lines[0]


@pytest.mark.parametrize("case", [tanh_mse, sigmoid_bce, softmax_ce], ids=["tanh-mse", "sigmoid-bce", "softmax-ce"])
def test_phases_show_the_hand_computed_numbers(session_window, qtbot, case) -> None:  # type: ignore[no-untyped-def]
    session, hand = case()
    n_out = len(hand["a2"])
    window = session_window(session)
    mode = _enter(window, qtbot)
    assert mode.phase.kind == "inputs"
    assert _text(mode).endswith(f"= {shown(0.5)}")  # x₁ of the sample (0.5, -0.5)

    mode.next_phase()  # forward, hidden layer: neuron 1 is selected
    assert mode.phase.kind == "forward" and mode.phase.layer == 1
    assert _line(mode, "z =").endswith(f"= {shown(hand['z1'][0])}")
    assert "0.3100·0.5000 + (−1.200)·(−0.5000) + 0.1000" in _line(mode, "z =")
    assert _line(mode, "a =").endswith(f"= {shown(hand['a1'][0])}")
    _click_graph(window, qtbot, node_position(window.graph_view, 1, 1))
    assert mode.selection == NeuronRef(1, 1)
    assert _line(mode, "z =").endswith(f"= {shown(hand['z1'][1])}")
    assert _line(mode, "a =").endswith(f"= {shown(hand['a1'][1])}")

    qtbot.keyClick(window, Qt.Key.Key_Right)  # the → key: forward, output layer
    assert mode.phase.kind == "forward" and mode.phase.layer == 2
    last = n_out - 1
    _click_graph(window, qtbot, node_position(window.graph_view, 2, last))
    assert _line(mode, "z =").endswith(f"= {shown(hand['z2'][last])}")
    assert f"= {shown(hand['a2'][last])}" in _text(mode)

    mode.next_phase()  # output and loss
    assert mode.phase.kind == "loss"
    assert shows(_line(mode, "L ="), hand["loss"])

    mode.next_phase()  # backward, output layer
    assert mode.phase.kind == "backward" and mode.phase.layer == 2
    for k in range(n_out):
        _click_graph(window, qtbot, node_position(window.graph_view, 2, k))
        assert shows(_line(mode, "δ ="), hand["d2"][k])
    _click_graph(window, qtbot, edge_position(window.graph_view, 2, 1, 0))
    assert _line(mode, "∂L/∂w").startswith("∂L/∂w = δ·a = ") and f"= {shown(hand['g2'][0][1])}" in _text(mode)

    mode.next_phase()  # backward, hidden layer
    assert mode.phase.layer == 1
    for j in range(2):
        _click_graph(window, qtbot, node_position(window.graph_view, 1, j))
        assert _line(mode, "δ =").endswith(f"= {shown(hand['d1'][j])}")
    _click_graph(window, qtbot, edge_position(window.graph_view, 1, 1, 0))
    assert f"= {shown(hand['g1'][0][1])}" in _line(mode, "∂L/∂w")


def test_update_and_exact_undo(session_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    session, hand = tanh_mse()
    before = [w.copy() for w in (session.net.weights(1), session.net.weights(2))]
    lr = session.config.learning_rate
    window = session_window(session)
    mode = _enter(window, qtbot)
    for _ in range(len(mode.phases) - 2):
        mode.next_phase()
    assert mode.phase.kind == "backward" and mode.phase.layer == 1
    mode.next_phase()  # into Update: the worker takes the step
    qtbot.waitUntil(lambda: mode.applied and window.frame.steps == 1, timeout=WAIT_MS)
    assert mode.phase.kind == "update"
    new = window.frame.weights[1][0, 0]
    assert new == pytest.approx(0.8 - lr * hand["g2"][0][0], abs=1e-12)  # SGD: w - lr * dL/dw
    assert shows(_line(mode, "w ←"), new)

    mode.back()  # ← undoes the update
    qtbot.waitUntil(lambda: not mode.applied and window.frame.steps == 0, timeout=WAIT_MS)
    assert mode.phase.kind == "backward"
    for k, w in enumerate(before):
        assert np.array_equal(window.frame.weights[k], w), "undo must restore the weights bit for bit"

    mode.next_phase()  # take it again and leave the mode: the step stays
    qtbot.waitUntil(lambda: mode.applied and window.frame.steps == 1, timeout=WAIT_MS)
    mode.toggle.trigger()
    assert not mode.active and not window.features["teaching"].explain.dock.isVisible()
    assert window.frame.weights[1][0, 0] == pytest.approx(0.8 - lr * hand["g2"][0][0], abs=1e-12)
    assert window.actions_.play.isEnabled()


def test_clicking_a_point_picks_the_nearest_training_sample(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from nnviz.session import Config

    window = make_window(Config(dataset="xor", points=60, hidden=(3,)))
    mode = _enter(window, qtbot)
    points = window.frame.train_points
    target = 7
    x, y = points[target]
    with qtbot.assertNotEmitted(window.boundary_view.pointAdded):
        window.boundary_view.click_at(float(x) + 0.01, float(y), Qt.MouseButton.LeftButton,
                                      Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: mode.explanation is not None and mode.explanation.index == target, timeout=WAIT_MS)
    assert len(window.frame.train_points) == len(points), "a click while explaining adds no point"
    mode.move_sample(1)
    qtbot.waitUntil(lambda: mode.explanation.index == target + 1, timeout=WAIT_MS)


def test_batch_update_or_this_sample_alone(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from nnviz.session import Config

    window = make_window(Config(dataset="xor", points=40, hidden=(3,), batch_size=4))
    mode = _enter(window, qtbot)
    ex = mode.explanation
    assert ex.batch is not None and len(ex.batch.samples) == 4
    assert mode.panel.alone.isVisible()
    while mode.phase_index < len(mode.phases) - 2:
        mode.next_phase()
    mode.next_phase()
    qtbot.waitUntil(lambda: mode.applied, timeout=WAIT_MS)
    alone_w, _, _ = ex.after(True)
    qtbot.waitUntil(lambda: np.array_equal(window.frame.weights[0], alone_w[0]), timeout=WAIT_MS)
    assert "this sample alone" in mode.panel.summary.text()
    mode.panel.alone.setChecked(False)  # the batch's mean gradient instead
    batch_w, _, _ = ex.after(False)
    qtbot.waitUntil(lambda: mode.applied and not mode.busy and np.array_equal(window.frame.weights[0], batch_w[0]),
                    timeout=WAIT_MS)
    assert "mean over the 4 samples" in _text(mode)
    assert window.frame.steps == 1


def test_the_sample_marker_sits_where_the_slice_draws_the_sample(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from nnviz.session.lesson_book import LESSONS, make_lesson

    window = make_window(make_lesson(next(lesson for lesson in LESSONS if "penguins" in lesson.file)))
    mode = _enter(window, qtbot)
    ex = mode.explanation
    assert len(ex.columns) == 4  # four measurements: the first two are not the sample's place on the slice
    marker = mode._marker.getData()
    drawn = window.frame.train_points[ex.index]
    assert (float(marker[0][0]), float(marker[1][0])) == pytest.approx((float(drawn[0]), float(drawn[1])))
    assert (float(marker[0][0]), float(marker[1][0])) != pytest.approx(ex.point)
