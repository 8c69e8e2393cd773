"""The reproducible grid: a double rounded to a 35-bit significand (2**DROPPED_BITS ulps a step), on its bits.

reproducible.py rounds arrays to this grid, scalar_rounding.py one Python float, and the numba kernels the
int64 patterns they hold; each takes these constants and the one-float helpers from here. Rounding on the
bit pattern: adding half a step and clearing the dropped bits rounds the magnitude to nearest (the sign bit
is untouched; a carry moves to the next binade, as it should).
"""

from __future__ import annotations

import struct
from typing import Any

DROPPED_BITS = 18  # of the 52 stored significand bits
MARGIN = 8  # ulps (a power of 2): numpy's functions must be this close to the exact value on every machine
LOW = (1 << DROPPED_BITS) - 1  # the dropped bits
HALF = 1 << (DROPPED_BITS - 1)  # half a grid step, in ulps
KEEP = ~LOW  # clears the dropped bits
PROBE_MASK = LOW & ~(2 * MARGIN - 1)  # (bits + HALF + MARGIN) & this is 0 exactly when near a boundary

_DOUBLE, _INT64 = struct.Struct("<d"), struct.Struct("<q")


def bits_of(value: float) -> int:
    """A double's IEEE 754 pattern as a signed 64-bit integer (numpy's int64 view of a float64)."""
    return int(_INT64.unpack(_DOUBLE.pack(value))[0])


def from_bits(bits: int) -> float:
    """The double whose pattern is the signed 64-bit integer `bits`."""
    return float(_DOUBLE.unpack(_INT64.pack(bits))[0])


def to_grid(bits: int) -> float:
    """The double with pattern `bits` (finite), rounded to nearest on the grid."""
    return from_bits((bits + HALF) & KEEP)


def near_boundary(bits: Any) -> Any:
    """Whether doubles with these patterns (one int, or an int64 array of not-yet-rounded values) lie within
    MARGIN ulps of a rounding boundary of the grid (a bool, or a bool array)."""
    return (bits + (HALF + MARGIN)) & PROBE_MASK == 0
