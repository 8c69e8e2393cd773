"""The hidden space: grid lines and points at two hidden neurons' activations, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.engine.reproducible import MAX_RELATIVE_ERROR
from nnviz.session import Config, Session
from nnviz.session.explain.hidden import grid_lines, hidden_space, neuron_pairs
from nnviz.session.explain.sample import inspect_point


def _identity_session() -> Session:
    """x1, x2 -> tanh hidden layer with the identity weights -> one output."""
    session = Session(Config(dataset="xor", points=40, hidden=(2,)))
    session.net.weights(1)[...] = [[1.0, 0.0], [0.0, 1.0]]
    session.net.biases(1)[...] = [0.0, 0.0]
    return session


def test_grid_lines_cover_the_plane() -> None:
    lines = grid_lines(6.0, n_lines=3, samples=5)
    assert lines.shape == (6, 5, 2)
    np.testing.assert_allclose(lines[0, :, 1], -6.0)  # the first horizontal line is the bottom edge
    np.testing.assert_allclose(lines[0, :, 0], [-6, -3, 0, 3, 6])
    np.testing.assert_allclose(lines[3, :, 0], -6.0)  # the first vertical line is the left edge


def test_the_identity_layer_squashes_the_plane_with_tanh() -> None:
    frame = _identity_session().snapshot(8)
    space = hidden_space(frame, 1, (0, 1))
    e = frame.extent
    n = space.lines.shape[1]
    for k in (0, n // 3, n - 1):  # points of the bottom line y = -e, by hand: (tanh x, tanh(-e))
        x = -e + 2 * e * k / (n - 1)
        # the engine's tanh is the same on every machine: exact, rounded to a relative 2.9e-11
        assert space.lines[0, k, 0] == pytest.approx(math.tanh(x), rel=MAX_RELATIVE_ERROR, abs=1e-300)
        assert space.lines[0, k, 1] == pytest.approx(math.tanh(-e), rel=MAX_RELATIVE_ERROR)
    px, py = frame.train_points[3]
    np.testing.assert_allclose(space.points[3], [math.tanh(px), math.tanh(py)], rtol=MAX_RELATIVE_ERROR, atol=0)
    swapped = hidden_space(frame, 1, (1, 0))
    np.testing.assert_allclose(swapped.points, space.points[:, ::-1])


def test_neuron_pairs() -> None:
    assert neuron_pairs(1) == [(0, 0)]
    assert neuron_pairs(3) == [(0, 1), (0, 2), (1, 2)]


def test_the_last_hidden_layer_of_two_shows_the_outputs_decision_line() -> None:
    session = Session(Config(dataset="xor", points=80, hidden=(4, 2), seed=1, learning_rate=0.1))
    session.train(40)
    frame = session.snapshot(8)
    space = hidden_space(frame, 2, (0, 1))
    assert space.decision is not None and space.decision.shape == (2, 2)
    w, b = frame.weights[-1][0], frame.biases[-1][0]
    np.testing.assert_allclose(space.decision @ w + b, 0.0, atol=1e-9)  # both ends on z = 0: the 0 / 0.5 level
    # the line splits the points as the output does: the side of the line is the decision
    side = space.points @ w + b > 0
    decided = np.array([inspect_point(frame, (float(x), float(y))).decoded > 0.5 for x, y in frame.train_points])
    assert np.array_equal(side, decided) and 0 < side.sum() < len(side)


def test_no_decision_line_off_the_last_layer_or_with_more_neurons() -> None:
    session = Session(Config(dataset="xor", points=40, hidden=(2, 3)))
    frame = session.snapshot(8)
    assert hidden_space(frame, 1, (0, 1)).decision is None  # not the last hidden layer
    assert hidden_space(frame, 2, (0, 1)).decision is None  # three neurons: no single plane picture
