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
    decision: np.ndarray | None = None  # (2, 2): the output's decision line across the picture, when it has one


def output_line(frame: Frame) -> tuple[float, float, float] | None:
    """(a, b, c) with the output's decision boundary a·h₁ + b·h₂ + c = 0 over the last hidden layer's two
    neurons: one output at z = 0 (sigmoid's 0.5, tanh's and a linear output's 0), or two softmax outputs
    where they are equal. None when the last hidden layer has not two neurons or there are more outputs."""
    if len(frame.sizes) < 3 or frame.sizes[-2] != 2 or frame.sizes[-1] > 2:
        return None
    w, b = np.asarray(frame.weights[-1], np.float64), np.asarray(frame.biases[-1], np.float64)
    if frame.sizes[-1] == 2:
        w, b = w[:1] - w[1:], b[:1] - b[1:]
    a, c, d = float(w[0, 0]), float(w[0, 1]), float(b[0])
    return (a, c, d) if np.isfinite([a, c, d]).all() and (a != 0.0 or c != 0.0) else None


def clip_line(line: tuple[float, float, float], box: tuple[float, float, float, float]) -> np.ndarray | None:
    """The segment of a·x + b·y + c = 0 inside box (x0, x1, y0, y1): (2, 2), or None when it misses."""
    a, b, c = line
    x0, x1, y0, y1 = box
    found: list[tuple[float, float]] = []
    if b != 0.0:
        found += [(x, -(a * x + c) / b) for x in (x0, x1)]
    if a != 0.0:
        found += [(-(b * y + c) / a, y) for y in (y0, y1)]
    tol = 1e-9 * max(1.0, x1 - x0, y1 - y0)
    inside = sorted({(x, y) for x, y in found if x0 - tol <= x <= x1 + tol and y0 - tol <= y <= y1 + tol})
    if len(inside) < 2:
        return None
    return np.asarray([inside[0], inside[-1]], dtype=np.float64)


def _box(xy: np.ndarray) -> tuple[float, float, float, float]:
    """The finite points' bounding box, widened by 5 % (at least a little around a single point)."""
    finite = xy[np.isfinite(xy).all(axis=1)]
    if len(finite) == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    pad = np.maximum((hi - lo) * 0.05, 1e-6)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))


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
    line = output_line(frame) if layer == len(frame.sizes) - 2 and pair == (0, 1) else None
    decision = clip_line(line, _box(xy)) if line is not None else None
    return HiddenSpace(layer, pair, xy[: len(flat)].reshape(lines.shape), xy[len(flat):],
                       np.asarray(frame.train_labels), decision)
