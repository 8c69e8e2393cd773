"""The output view's pictures and markers: the heatmap of the output or one neuron, each point's brush and shape.

Functions of the frame alone (no widget): the output view, its first-paint preview and the hidden-space view
draw with them.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtGui import QBrush, QColor

from nnviz.data import FEATURE_LABELS
from nnviz.session.frame import Frame
from nnviz.ui import colors, look


def rgba(rgb: np.ndarray) -> np.ndarray:
    """RGB (..., 3) uint8 as opaque RGBA (..., 4)."""
    out = np.full((*rgb.shape[:-1], 4), 255, np.uint8)
    out[..., :3] = rgb
    return out


def neuron_title(frame: Frame, layer: int, neuron: int) -> str:
    """What the output view's label calls a neuron shown alone."""
    if layer == 0:
        name = frame.feature_names[neuron] if neuron < len(frame.feature_names) else f"x{neuron + 1}"
        return f"input {FEATURE_LABELS.get(name, name)}"
    if layer == len(frame.sizes) - 1:
        return "output" if frame.sizes[-1] == 1 else f"output {neuron} (class {frame.class_name(neuron)})"
    return f"hidden layer {layer}, neuron {neuron + 1}"


@functools.lru_cache(maxsize=16)
def pale_lut(n: int, paleness: float) -> np.ndarray:
    """The diverging map in n entries, paler than the points drawn on top (read-only: made once, not per frame)."""
    lut = colors.diverging_lut(n)
    lut[:, :3] = colors.pale(lut[:, :3], paleness)
    lut.setflags(write=False)
    return lut


def continuous_picture(values: np.ndarray, lo: float, hi: float, bands: int) -> tuple[np.ndarray, tuple]:
    """Values over [lo, hi] through the diverging map (or `bands` solid bands): image and bar spec."""
    t = colors.to_unit(values, lo, hi)
    lut = pale_lut(256 if bands == 0 else bands, look.current().paleness)  # `bands` entries: solid bands
    n = len(lut)  # <= 256: a uint8 index, and one 32-bit gather per cell (25x faster than RGBA rows at 200²)
    idx = np.minimum((t + np.float32(1.0)) * np.float32(n / 2.0), np.float32(n - 1)).astype(np.uint8)  # (R, R)
    pixels = np.take(np.ascontiguousarray(lut).view(np.uint32).ravel(), idx).view(np.uint8)
    return pixels.reshape(*idx.shape, 4), ("levels", lut, lo, hi)


def class_picture(frame: Frame, discretize: bool) -> tuple[np.ndarray, tuple]:
    """Multi-class: each class its colour, faded to grey as confidence drops to chance."""
    k = max(2, frame.n_classes)
    cls = frame.boundary().astype(np.intp)  # (R, R)
    palette = colors.pale(colors.class_rgb(k)).astype(np.float32)
    if discretize:
        rgb = palette[cls]
    else:
        conf = np.nan_to_num(frame.confidence(), nan=0.0)
        strength = np.clip((conf - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)[..., None]
        grey = np.asarray(colors.GREY, np.float32)
        rgb = grey + (palette[cls] - grey) * strength
    return rgba(np.rint(rgb).astype(np.uint8)), ("classes", k, frame.class_names)


def point_symbols(frame: Frame, labels: np.ndarray) -> list[str] | str:
    """A marker shape per class (colour is never the only difference); circles for regression."""
    if frame.problem == "regression":
        return "o"
    k = max(2, frame.n_classes)
    idx = np.clip(np.asarray(labels).astype(np.intp), 0, k - 1)
    shapes = [colors.class_symbol(i) for i in range(k)]
    return [shapes[i] for i in idx.tolist()]


def point_brushes(frame: Frame, labels: np.ndarray, steps: int = 32) -> list[QBrush]:
    """One brush per point: its class colour, or its target on the diverging map in 2 steps + 1 shades."""
    if frame.problem == "regression":
        palette = [QBrush(QColor(*map(int, c))) for c in colors.diverging_rgb(np.linspace(-1, 1, 2 * steps + 1))]
        idx = np.rint((np.clip(np.asarray(labels, np.float64), -1, 1) + 1) * steps).astype(np.intp)
    else:
        k = max(2, frame.n_classes)
        palette = [QBrush(QColor(*map(int, c))) for c in colors.class_rgb(k)]
        idx = np.clip(np.asarray(labels).astype(np.intp), 0, k - 1)
    return [palette[i] for i in idx.tolist()]
