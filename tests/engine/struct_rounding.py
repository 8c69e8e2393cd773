"""The scalar functions' rounding as it was on the bit patterns (struct pack/unpack): the tests' reference."""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

from nnviz.engine import reproducible as rep
from nnviz.engine import scalar_rounding as sr

_DOUBLE, _INT64 = struct.Struct("<d"), struct.Struct("<q")
LOW_BITS = (1 << rep.DROPPED_BITS) - 1
HALF = 1 << (rep.DROPPED_BITS - 1)


def reference(fast: Callable[[float], float], exact: Callable[[float], float]) -> Callable[[float], float]:
    """The struct implementation of the scalar functions, as it was (kept here as the definition)."""

    def f(x: float) -> float:
        try:
            value = fast(x)
        except OverflowError:
            return math.inf
        except ValueError:
            return math.nan
        if not math.isfinite(value):
            return value
        bits = _INT64.unpack(_DOUBLE.pack(value))[0]
        if (bits + HALF + rep.MARGIN) & (LOW_BITS & ~(2 * rep.MARGIN - 1)) == 0:
            return exact(x)
        return float(_DOUBLE.unpack(_INT64.pack((bits + HALF) & ~LOW_BITS))[0])

    return f


def reference_scalar(name: str) -> Callable[[float], float]:
    """The reproducible f of one float, rounded on its bit patterns (exact near a boundary)."""
    return reference(sr.SCALAR_FAST[name], lambda x: rep.exactly_rounded(name, x))
