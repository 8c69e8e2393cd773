"""Neuron thumbnails: a frame's neuron grids, strided down and mapped to 32-bit pixels."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from nnviz.io import caps
from nnviz.ui import colors

THUMB_CELLS = caps.THUMB_RESOLUTION  # at most about this many cells across a thumbnail (finer grids are strided)


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
    """The grid stride that gives at most about THUMB_CELLS cells across (1 for grids computed at the drawn size)."""
    return max(1, resolution // THUMB_CELLS)


class ThumbnailBuffers:
    """The work arrays one graph reuses frame after frame: mapping a frame's maps into fresh arrays took about 4x
    as long as into these (issue 23: 1.2 against 0.3 ms for the spiral 6x8's 56 thumbnails of 34 px)."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
        """The array called name, of this shape and type (made anew when either changed)."""
        array = self._arrays.get(name)
        if array is None or array.shape != shape or array.dtype != dtype:
            array = self._arrays[name] = np.empty(shape, dtype)
        return array


def network_thumbnails(grids: tuple[np.ndarray, ...], activations: tuple[str, ...], shown: tuple[int, ...],
                       step: int, class_output: bool = False, buffers: ThumbnailBuffers | None = None) -> np.ndarray:
    """Pixels (sum(shown), h, w) uint32 for the first shown[l] neurons of every layer, rows flipped (+y up).

    grids[l] is (n_l, R, R) and activations[l] names layer l's activation ("" for the
    inputs). Each neuron is mapped by its activation's range (colors.activation_levels);
    with class_output (softmax outputs), output neuron k runs from grey to class k's colour.
    All layers go through numpy together: one pass instead of one per layer. Given buffers, the
    pixels are written into them: the array returned is overwritten by the next call with the same buffers.
    """
    buffers = buffers if buffers is not None else ThumbnailBuffers()
    subs = [g[:n, ::-1, :][:, ::step, ::step] for g, n in zip(grids, shown, strict=True)]  # views
    shape = (sum(sub.shape[0] for sub in subs), *subs[0].shape[1:])
    stack = np.concatenate(subs, out=buffers.get("values", shape, np.result_type(*subs)))  # (n_nodes, h, w)
    levels = [colors.activation_levels(a, sub) for a, sub in zip(activations, subs, strict=True)]
    lo = np.concatenate([lv[0] for lv in levels])[:, None, None]
    hi = np.concatenate([lv[1] for lv in levels])[:, None, None]
    t = colors.to_unit(stack, lo, hi, out=stack)  # (n_nodes, h, w) in [-1, 1]
    np.multiply(np.add(t, np.float32(1.0), out=t), np.float32(127.5), out=t)
    idx = buffers.get("index", shape, np.dtype(np.uint8))  # 0..255: a uint8 index gathers fast
    np.copyto(idx, t, casting="unsafe")
    pixels = np.take(diverging_lut32(), idx, out=buffers.get("pixels", shape, np.dtype(np.uint32)))
    if class_output:
        n = shown[-1]
        pixels[-n:] = class_luts32(max(2, n))[np.arange(n)[:, None, None], idx[-n:]]
    return pixels
