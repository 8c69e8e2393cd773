"""Colours: the Playground diverging map (orange -1, grey 0, blue +1), class colours, edge widths.

Everything here is opaque on purpose: semi-transparent pens cost 10-26 ms for a
few hundred edges where opaque ones cost about 1 ms.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from PySide6.QtGui import QColor

from nnviz.engine.activations import output_range
from nnviz.ui import look

ORANGE = (0xF5, 0x93, 0x22)  # -1
GREY = (0xE8, 0xEA, 0xEB)  # 0
BLUE = (0x08, 0x77, 0xBD)  # +1
TEXT = (0x33, 0x3A, 0x40)  # labels and outlines
MUTED = (0x80, 0x88, 0x90)  # secondary text

# The class palette: Okabe & Ito's colour-blind-safe set (2008), in an order whose first classes stay far
# apart under protanopia, deuteranopia and tritanopia (tests/ui/test_palette.py simulates them); class 0
# and 1 are the binary map's orange and blue, which that set's orange and blue match.
CLASS_RGB: tuple[tuple[int, int, int], ...] = (
    ORANGE,
    BLUE,
    (0x00, 0x9E, 0x73),  # bluish green
    (0xCC, 0x79, 0xA7),  # reddish purple
    (0xF0, 0xE4, 0x42),  # yellow
    (0x56, 0xB4, 0xE9),  # sky blue
    (0xD5, 0x5E, 0x00),  # vermillion
    (0x00, 0x00, 0x00),  # black
)
# Every class has its own marker as well, so that no class is told by its colour alone (pyqtgraph symbols).
CLASS_SYMBOLS: tuple[str, ...] = ("o", "s", "t", "d", "star", "t1", "h", "p")

MAX_EDGE_WIDTH = 10.0  # px at |w| >= 5, as in Playground
_WEIGHT_STEPS = 128  # weight_color quantizes [-1, 1] into 2 * _WEIGHT_STEPS + 1 colours
WEIGHT_GREY_INDEX = _WEIGHT_STEPS  # weight_index of a weight of 0: grey; the colour's strength is the distance from it


def diverging_rgb(values: np.ndarray | float) -> np.ndarray:
    """The diverging map of values clamped to [-1, 1]: (..., 3) uint8."""
    t = np.clip(np.asarray(values, dtype=np.float64), -1.0, 1.0)[..., None]  # (..., 1)
    grey = np.asarray(GREY, np.float64)
    end = np.where(t < 0, np.asarray(ORANGE, np.float64), np.asarray(BLUE, np.float64))
    rgb = grey + (end - grey) * np.abs(t)  # linear in RGB, like d3's default interpolation
    return np.rint(rgb).astype(np.uint8)


def diverging_lut(n: int = 256) -> np.ndarray:
    """A lookup table (n, 4) uint8 RGBA running from -1 (orange) over 0 (grey) to +1 (blue)."""
    if n < 2:
        raise ValueError("a lookup table needs at least 2 entries")
    lut = np.full((n, 4), 255, np.uint8)
    lut[:, :3] = diverging_rgb(np.linspace(-1.0, 1.0, n))
    return lut


def pale(rgb: np.ndarray, amount: float | None = None) -> np.ndarray:
    """Colours (..., 3) blended `amount` of the way towards white: the output view's background, so that
    the saturated data points on top of it keep their class."""
    a = look.current().paleness if amount is None else amount
    rgb = np.asarray(rgb, np.float64)
    return np.rint(rgb + (255.0 - rgb) * a).astype(np.uint8)


def lut_argb32(lut: np.ndarray) -> np.ndarray:
    """An RGBA lookup table (n, 4) as (n,) uint32 0xAARRGGBB, the pixel layout of QImage.Format_RGB32."""
    lut = lut.astype(np.uint32)
    return (lut[:, 3] << 24) | (lut[:, 0] << 16) | (lut[:, 1] << 8) | lut[:, 2]


@lru_cache(maxsize=1)
def _weight_colors() -> tuple[QColor, ...]:
    rgb = diverging_rgb(np.linspace(-1.0, 1.0, 2 * _WEIGHT_STEPS + 1))
    return tuple(QColor(int(r), int(g), int(b)) for r, g, b in rgb)


def weight_index(w: np.ndarray | float) -> np.ndarray:
    """The index into the cached weight colours for weights w (clamped to [-1, 1]; nan counts as 0, grey)."""
    t = np.clip(np.asarray(w, dtype=np.float64), -1.0, 1.0)  # ±inf clamp to ±1 (cheaper than nan_to_num: issue 23)
    t = np.where(np.isnan(t), 0.0, t)
    return np.rint((t + 1.0) * _WEIGHT_STEPS).astype(np.intp)


def weight_color_at(index: int) -> QColor:
    """The cached opaque colour number `index` (see weight_index)."""
    return _weight_colors()[index]


def weight_color(w: float) -> QColor:
    """The opaque colour of a weight or bias: orange negative, grey 0, blue positive, clamped at ±1."""
    return QColor(_weight_colors()[int(weight_index(w))])


def edge_width(w: float | np.ndarray, max_width: float = MAX_EDGE_WIDTH) -> float | np.ndarray:
    """Edge width in px: 1 at |w| = 0 rising linearly to 10 at |w| = 5 (capped at max_width)."""
    a = np.abs(np.nan_to_num(np.asarray(w, dtype=np.float64), nan=0.0))
    width = np.minimum(1.0 + 9.0 * np.minimum(a, 5.0) / 5.0, max(1.0, max_width))
    return float(width) if width.ndim == 0 else width


def class_rgb(n: int) -> np.ndarray:
    """Colours (n, 3) uint8 for n classes; beyond the palette, hues spread around the wheel."""
    out = np.zeros((n, 3), np.uint8)
    for k in range(n):
        if k < len(CLASS_RGB):
            out[k] = CLASS_RGB[k]
        else:
            c = QColor.fromHsvF(((k * 0.618034) % 1.0), 0.65, 0.8)
            out[k] = (c.red(), c.green(), c.blue())
    return out


def class_symbol(k: int) -> str:
    """The marker shape of class k (a pyqtgraph symbol name); shapes repeat beyond the palette's classes."""
    return CLASS_SYMBOLS[k % len(CLASS_SYMBOLS)]


def class_color(k: int) -> QColor:
    """The opaque colour of class k (class 0 orange, class 1 blue, as in the binary map)."""
    r, g, b = class_rgb(k + 1)[k]
    return QColor(int(r), int(g), int(b))


def activation_levels(activation: str, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The value ranges lo, hi (n,) that map onto the colours -1..+1 for a stack of neuron outputs (n, ...).

    Bounded activations use their fixed range (tanh -1..1, sigmoid 0..1); unbounded
    ones (relu, linear, and raw inputs: activation "") are scaled per neuron
    symmetrically by their largest magnitude, so 0 stays grey.
    """
    values = np.asarray(values)
    n = values.shape[0]
    lo, hi = output_range(activation) if activation else (-math.inf, math.inf)
    if math.isfinite(lo) and math.isfinite(hi) and hi > lo:
        return np.full(n, lo), np.full(n, hi)
    if values.size == 0:
        return -np.ones(n), np.ones(n)
    with np.errstate(invalid="ignore"):
        peak = np.abs(values.reshape(n, -1)).max(axis=1).astype(np.float64)  # nan propagates
    peak[~np.isfinite(peak) | (peak <= 1e-12)] = 1.0
    return -peak, peak


def to_unit(values: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float,
            out: np.ndarray | None = None) -> np.ndarray:
    """Map values from [lo, hi] onto [-1, 1], clamped (lo, hi broadcast against values); nan becomes 0.

    out: an array of values' shape and type to write into (it may be values itself) instead of a new one."""
    lo64, hi64 = np.asarray(lo, np.float64), np.asarray(hi, np.float64)  # a span past float32 stays finite
    with np.errstate(invalid="ignore", over="ignore"):
        scale = (2.0 / np.maximum(hi64 - lo64, 1e-12)).astype(np.float32)
        lo_ = lo64.astype(np.float32)
        t = np.subtract(values, lo_, out=out)
        np.multiply(t, scale, out=t)
        np.subtract(t, np.float32(1.0), out=t)
        np.clip(t, -1.0, 1.0, out=t)
    t[np.isnan(t)] = 0.0
    return t
