"""Exact sums inside the kernels: a double's bit range, the exact dot product of a row and a column rounded once
(Dekker's two-products summed with Shewchuk's error-free expansion, as math.fsum does), the constants of
engine/rounded_product.py that the grid products (grid_products.py) check their operands against.
"""

from __future__ import annotations

import numpy as np

from nnviz.engine import rounded_product as rp
from nnviz.engine.kernels.conventions import jit

_HUGE = rp.HUGE
_TINY = rp.TINY
ROUNDER = rp.ROUNDER
_SPLITTER = rp.SPLITTER
_TINY_PRODUCT = rp.TINY_PRODUCT
_MANTISSA = (1 << 52) - 1
MAGNITUDE = (1 << 63) - 1  # a double's bits without the sign
HUGE_BITS = int(np.array([_HUGE]).view(np.int64)[0])
TINY_BITS = int(np.array([_TINY]).view(np.int64)[0])
NO_BITS = 1 << 20  # the lowest bit of a row or column with no nonzero value: larger than any exponent


@jit
def exponent_of(magnitude: int) -> int:
    """math.frexp(v)[1] for a finite v >= 2**-1022 or 0 given by its bit pattern: 2**e > v >= 2**(e - 1)."""
    return 0 if magnitude == 0 else ((magnitude >> 52) & 0x7FF) - 1022


# the position of a 64-bit word's single set bit, by de Bruijn's multiply and shift
_DE_BRUIJN = 0x022FDD63CC95386D
_POSITIONS = np.zeros(64, np.int64)
for _bit in range(64):
    _POSITIONS[((_DE_BRUIJN << _bit) & (2**64 - 1)) >> 58] = _bit


@jit
def bit_range(bits: int) -> tuple[int, int]:
    """(hi, lo) of a nonzero finite double given as its bit pattern: |v| < 2**hi, v an odd multiple of 2**lo."""
    field = (bits >> 52) & 0x7FF
    mantissa = bits & _MANTISSA
    if field == 0:  # subnormal: below 2**-1022
        exponent = -1074
        hi = -1022
    else:
        mantissa |= 1 << 52
        exponent = field - 1075
        hi = field - 1022
    lowest = mantissa & -mantissa
    return hi, exponent + _POSITIONS[((lowest * _DE_BRUIJN) >> 58) & 63]


@jit
def exact_sum(values: np.ndarray, n: int, partials: np.ndarray) -> float:
    """The exact sum of values[:n] (finite, no overflow) rounded once to nearest-even (math.fsum's result).

    partials needs n + 1 entries; they hold the sum as non-overlapping doubles, smallest first.
    """
    count = 0
    for index in range(n):
        x = values[index]
        kept = 0
        for j in range(count):
            y = partials[j]
            if abs(x) < abs(y):
                x, y = y, x
            high = x + y
            low = y - (high - x)
            if low != 0.0:
                partials[kept] = low
                kept += 1
            x = high
        count = kept
        if x != 0.0:
            partials[count] = x
            count += 1
    if count == 0:
        return 0.0
    count -= 1
    high = partials[count]
    low = 0.0
    while count > 0:  # add from the largest down until a rounding error appears
        x = high
        y = partials[count - 1]
        count -= 1
        high = x + y
        low = y - (high - x)
        if low != 0.0:
            break
    # half-way between two doubles: the rest of the expansion says which way the exact sum lies
    if count > 0 and ((low < 0.0 and partials[count - 1] < 0.0) or (low > 0.0 and partials[count - 1] > 0.0)):
        twice = low * 2.0
        x = high + twice
        if twice == x - high:
            high = x
    return high


@jit
def _split(x: float) -> tuple[float, float]:
    c = x * _SPLITTER
    high = c - (c - x)
    return high, x - high


@jit
def exact_entry(a: np.ndarray, i: int, scale: float, b: np.ndarray, c: int, work: np.ndarray,
                 partials: np.ndarray) -> tuple[bool, float]:
    """(True, the exact dot product of a'[i] and b[:, c] rounded once to double), or (False, 0) where
    rounded_product would use fractions (a nonzero product near underflow)."""
    k = a.shape[1]
    for l in range(k):
        x = a[i, l] * scale
        y = b[l, c]
        product = x * y
        if x != 0.0 and y != 0.0 and abs(product) < _TINY_PRODUCT:
            return False, 0.0
        xh, xl = _split(x)
        yh, yl = _split(y)
        err = xh * yh - product  # Dekker's two-product, as rounded_product._two_product_error writes it
        err += xh * yl
        err += xl * yh
        err += xl * yl
        work[l] = product
        work[k + l] = err
    return True, exact_sum(work, 2 * k, partials)


@jit
def bits_of(values: np.ndarray, bits: np.ndarray) -> tuple[int, int]:
    """(hi, lo): every nonzero value (bits: the same values' bit patterns) is below 2**hi in magnitude and a
    multiple of 2**lo."""
    hi = -NO_BITS
    lo = NO_BITS
    for l in range(values.shape[0]):
        if values[l] != 0.0:
            h, low = bit_range(bits[l])
            hi = max(hi, h)
            lo = min(lo, low)
    return hi, lo
