"""Neuron thumbnails: a frame's neuron grids, strided down and mapped to 32-bit pixels."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnviz.ui import colors

THUMB_CELLS = 32  # about this many cells across a thumbnail


@lru_cache(maxsize=1)
def diverging_lut32() -> np.ndarray:
    """The diverging map as (256,) uint32 pixels."""
    return colors.lut_argb32(colors.diverging_lut(256))


@lru_cache(maxsize=8)
def class_luts32(n_classes: int) -> np.ndarray:
    """Per class, grey to the class colour: (n_classes, 256) uint32 pixels, indexed by probability."""
    grey = np.asarray(colors.GREY, np.float64)
    ramp = np.linspace(0.0, 1.0, 256)[:, None]  # (256, 1)
    out = np.empty((n_classes, 256), np.uint32)
    for k, rgb in enumerate(colors.class_rgb(n_classes).astype(np.float64)):
        lut = np.full((256, 4), 255, np.uint8)
        lut[:, :3] = np.rint(grey + (rgb - grey) * ramp)
        out[k] = colors.lut_argb32(lut)
    return out


def stride_for(resolution: int) -> int:
    """The grid stride that gives about THUMB_CELLS cells across."""
    return max(1, resolution // THUMB_CELLS)


def thumbnails(grid: np.ndarray, activation: str, shown: int, step: int, class_colours: bool = False) -> np.ndarray:
    """Pixels (shown, h, w) uint32 for the first `shown` neurons of grid (n, R, R), rows flipped so +y is up.

    Values are mapped by the activation's range (see colors.activation_levels). With
    class_colours (softmax outputs), neuron k runs from grey to class k's colour.
    """
    sub = grid[:shown, ::-1, :][:, ::step, ::step]  # (shown, h, w) view
    lo, hi = colors.activation_levels(activation, sub)
    t = colors.to_unit(sub, lo[:, None, None], hi[:, None, None])  # (shown, h, w) in [-1, 1]
    idx = ((np.clip(t, -1.0, 1.0) + 1.0) * 127.5).astype(np.intp)  # 0..255
    if class_colours:
        luts = class_luts32(max(2, shown))
        return luts[np.arange(shown)[:, None, None], idx]
    return diverging_lut32()[idx]
