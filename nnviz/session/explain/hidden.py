"""The hidden space: how two neurons of a hidden layer transform the input plane (Qt-free).

The input plane's grid lines and the training points are run through the frame's network
(the engine's forward pass, one batch) and placed at the activations of two neurons of one
layer, as in ConvNetJS's classify2d demo.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz import data as nd
from nnviz.engine import MLP
from nnviz.session.frame import Frame

GRID_LINES = 17  # lines in each direction across the plane
LINE_SAMPLES = 48  # points along each line


def frame_network(frame: Frame) -> MLP:
    """An engine network with the frame's weights (float64)."""
    net = MLP(frame.sizes, frame.activations)
    for layer in range(1, len(frame.sizes)):
        net.weights(layer)[...] = frame.weights[layer - 1]
        net.biases(layer)[...] = frame.biases[layer - 1]
    return net


def neuron_pairs(n: int) -> list[tuple[int, int]]:
    """The pairs of neurons of a layer of n to cycle through: (0, 1), (0, 2), … (a single neuron: (0, 0))."""
    if n < 2:
        return [(0, 0)]
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


@dataclass(frozen=True)
class HiddenSpace:
    """Grid lines (n_lines, samples, 2) and points (n, 2) at the activations of two neurons of a layer."""

    layer: int
    pair: tuple[int, int]
    lines: np.ndarray
    points: np.ndarray
    labels: np.ndarray


def grid_lines(extent: float, n_lines: int = GRID_LINES, samples: int = LINE_SAMPLES) -> np.ndarray:
    """Horizontal then vertical lines across [-extent, extent]²: (2 n_lines, samples, 2)."""
    ticks = np.linspace(-extent, extent, n_lines)
    along = np.linspace(-extent, extent, samples)
    horizontal = np.stack(np.broadcast_arrays(along[None, :], ticks[:, None]), axis=-1)  # (n_lines, samples, 2)
    vertical = horizontal[..., ::-1]
    return np.concatenate([horizontal, vertical])


def hidden_space(frame: Frame, layer: int, pair: tuple[int, int], net: MLP | None = None) -> HiddenSpace:
    """The plane's grid lines and the training points at neurons `pair` of `layer` (1..L)."""
    if not 1 <= layer < len(frame.sizes):
        raise ValueError(f"layer must be in 1..{len(frame.sizes) - 1}, got {layer}")
    net = net or frame_network(frame)
    lines = grid_lines(frame.extent)
    flat = lines.reshape(-1, 2)
    pts = np.asarray(frame.train_points, dtype=np.float64).reshape(-1, 2)
    x = nd.plane_inputs(np.concatenate([flat, pts]), frame.feature_names, frame.plane)  # a table: on its slice
    with np.errstate(over="ignore", invalid="ignore"):
        a = net.forward(x).a[layer]  # (n_layer, n_lines * samples + n_points)
    i, j = pair
    xy = np.stack([a[i], a[j]], axis=1)  # (m, 2)
    return HiddenSpace(layer, pair, xy[: len(flat)].reshape(lines.shape), xy[len(flat):],
                       np.asarray(frame.train_labels))
