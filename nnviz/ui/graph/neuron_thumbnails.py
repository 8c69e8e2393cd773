"""Neuron thumbnails: a frame's neuron grids, strided down and mapped to 32-bit pixels."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from nnviz.engine.activations import output_range
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


def _fixed_range(activation: str) -> tuple[float, float] | None:
    """The colour range of a bounded activation's outputs (None: scaled by each neuron's peak)."""
    lo, hi = output_range(activation) if activation else (-math.inf, math.inf)
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) and hi > lo else None


def _levels(activations: tuple[str, ...], subs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per shown neuron, the values lo, hi (n,) drawn as the colours -1 and +1 (colors.activation_levels):
    a bounded layer fills its slice with its constant range, without arrays of its own."""
    n = sum(sub.shape[0] for sub in subs)
    lo, hi = np.empty(n), np.empty(n)
    at = 0
    for activation, sub in zip(activations, subs, strict=True):
        end = at + sub.shape[0]
        fixed = _fixed_range(activation)
        lo[at:end], hi[at:end] = fixed if fixed is not None else colors.activation_levels(activation, sub)
        at = end
    return lo, hi


def network_thumbnails(grids: tuple[np.ndarray, ...], activations: tuple[str, ...], shown: tuple[int, ...],
                       step: int, class_output: bool = False, buffers: ThumbnailBuffers | None = None) -> np.ndarray:
    """Pixels (sum(shown), h, w) uint32 for the first shown[l] neurons of every layer, rows flipped (+y up).

    grids[l] is (n_l, R, R) and activations[l] names layer l's activation ("" for the
    inputs). Each neuron is mapped by its activation's range (colors.activation_levels) onto the 256 colours
    in one multiply-add per cell; nan is grey. With class_output (softmax outputs), output neuron k runs
    from grey to class k's colour. All layers go through numpy together: one pass instead of one per layer.
    Given buffers, the pixels are written into them: the array returned is overwritten by the next call with
    the same buffers.
    """
    buffers = buffers if buffers is not None else ThumbnailBuffers()
    subs = [g[:n, ::-1, :][:, ::step, ::step] for g, n in zip(grids, shown, strict=True)]  # views
    shape = (sum(sub.shape[0] for sub in subs), *subs[0].shape[1:])
    stack = np.concatenate(subs, out=buffers.get("values", shape, np.result_type(*subs)))  # (n_nodes, h, w)
    lo, hi = _levels(activations, subs)
    gain = 255.0 / np.maximum(hi - lo, 1e-12)  # float64: a span past float32 stays finite
    with np.errstate(invalid="ignore", over="ignore"):
        np.multiply(stack, gain.astype(stack.dtype)[:, None, None], out=stack)
        np.subtract(stack, (lo * gain).astype(stack.dtype)[:, None, None], out=stack)  # lo -> 0, hi -> 255
        np.clip(stack, 0.0, 255.0, out=stack)
    nan = np.isnan(stack)
    if nan.any():
        stack[nan] = 127.5  # grey
    idx = buffers.get("index", shape, np.dtype(np.intp))  # 0..255 (an intp index: numpy's take converts no copy)
    np.copyto(idx, stack, casting="unsafe")
    pixels = np.take(diverging_lut32(), idx, out=buffers.get("pixels", shape, np.dtype(np.uint32)), mode="clip")
    if class_output:
        n = shown[-1]
        pixels[-n:] = class_luts32(max(2, n))[np.arange(n)[:, None, None], idx[-n:]]
    return pixels
