"""Large matrix products by BLAS, rounded to a grid on which every machine's result is the same.

BLAS sums a product in an order that depends on the CPU kernel, so its last bits
differ between machines; numpy's fixed-order einsum loop (reproducible.matmul)
is 2-3 times slower than BLAS on large products. Here C = A @ B (A is m x k)
comes from BLAS, and each entry is then rounded to a grid coarse enough that
every machine's value rounds to the same grid point:

- Grid. Row i's step is 2**(ea_i + eb + L - P), where 2**ea_i > max_j |A_ij| and
  2**eb > max |B| (exponents of exact element-wise maxima: the same on every
  machine), L = ceil(log2 k) and P = grid_bits(k). So |C_ij| <= k 2**(ea_i + eb)
  is at most 2**P steps. The step is a power of 2: A's row i is multiplied by
  1/step before the product (exact, short of underflow of an element some 2**1000
  below its row's largest; a function of A either way), so BLAS returns steps.
- Error. Whatever the order of the sums, with or without FMA, a dot product of
  length k computed in double is within gamma_k * sum_l |A_il| |B_lj| of the exact
  one (gamma_k = k u / (1 - k u), u = 2**-53; the standard bound for any order of
  summation), which is at most gamma_k 2**P steps; underflow adds at most
  k 2**-1074 in absolute terms, far below a step in the exponent range allowed.
- Decision. Where the BLAS value lies more than MARGIN (that bound plus half an
  ulp) from a rounding boundary (a point half-way between grid points), it rounds
  to the same grid point as the exact product, and as the exact product first
  rounded to double: on every machine. The other entries (about 1 in
  2**FLAG_BITS) are recomputed from exact products (Dekker's two-product, or
  fractions where it could underflow) summed by math.fsum, which rounds the exact
  dot product once to double, and then rounded to the grid.

So every entry is grid(double(exact A_i . B_j)): a function of A and B alone. The
step is below 2**-(P - 3) of k max_l |A_il| max |B| (P = 31 for k = 65, 28 for
k = 1000), coarser than float64's own 2**-53 but far below anything the app shows.
Products with a non-finite operand, or exponents outside +-SAFE_EXPONENT, use the
fixed-order einsum instead (which propagates inf and NaN as before); that choice
depends on the operands only. Small products (by the cost model of `applies`, a
function of the shapes) are cheaper through einsum.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from nnviz.engine import reproducible as rep

FLAG_BITS = 14  # about 1 entry in 2**14 lies near a boundary and is recomputed exactly
MIN_INNER = 16  # shorter dot products: einsum
# which is cheaper, in nanoseconds, fitted on the build machine (numpy 2.4, BLAS on 1 thread): einsum's loop
# costs per (row, term) pair and per multiply-add; the grid costs a fixed ~25 us, BLAS, and a few passes over
# the output. Fixed numbers, so the choice is a function of the shapes alone, the same on every machine.
EINSUM_NS = (2500.0, 5.4, 0.224)  # call, per pair of a's row and term, per multiply-add
ROUNDED_NS = (25500.0, 0.05, 3.5)  # call, per multiply-add (BLAS), per output entry
SAFE_EXPONENT = 400  # |max| in [2**-400, 2**400) (or 0): no overflow, no step below the normal range
HUGE, TINY = 2.0**SAFE_EXPONENT, 2.0**-SAFE_EXPONENT
_U = 2.0**-53
ROUNDER = 1.5 * 2.0**52  # (t + ROUNDER) - ROUNDER is t rounded to an integer, half to even, +0 for zeros
SPLITTER = 2.0**27 + 1  # Dekker's split of a double into two 26-bit halves
TINY_PRODUCT = 2.0**-900  # smaller nonzero products: their two-product might underflow, use fractions

_MAX, _MIN = np.maximum.reduce, np.minimum.reduce
_blas = np.dot  # the product whose order of sums does not matter here (the tests put other orders in its place)


def applies(m: int, k: int, n: int, dtype: np.dtype) -> bool:
    """Whether a float64 (m x k) @ (k x n) product goes through BLAS and the grid (a function of shapes only)."""
    if dtype != np.float64 or k < MIN_INNER:
        return False
    einsum = EINSUM_NS[0] + m * k * (EINSUM_NS[1] + EINSUM_NS[2] * n)
    return einsum > ROUNDED_NS[0] + ROUNDED_NS[1] * m * k * n + ROUNDED_NS[2] * m * n


def grid_bits(k: int) -> int:
    """P: a product with inner size k is rounded to 2**-P of its scale k 2**(ea_i + eb)."""
    return 52 - FLAG_BITS - max(1, math.ceil(math.log2(k)))


@functools.lru_cache(maxsize=64)
def grid_constants(k: int) -> tuple[int, float]:
    """(ceil(log2 k) - P, the largest distance from a grid point that needs no exact path) for inner size k."""
    return max(1, math.ceil(math.log2(k))) - grid_bits(k), 0.5 - margin(k)


def margin(k: int) -> float:
    """Grid steps within which a BLAS value may lie of a boundary and still need the exact path."""
    p = grid_bits(k)
    gamma = k * _U / (1 - k * _U)
    return gamma * 2.0**p * (1 + 2 * _U) + 2.0 ** (p - 53) + 2.0**-100


def matmul(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> bool:
    """out = grid(double(exact a' @ b)) through BLAS; False (out untouched) when the operands call for einsum.

    a is (m, k), b (k, n), out a C-contiguous float64 (m, n); any layout of a and b. a' is a with
    row i multiplied by 2**-(ea_i + shift), which puts row i's products in grid steps (exactly,
    short of underflow of elements far below their row's largest: a' is a function of a either way).
    """
    k = a.shape[1]
    row_max = _MAX(np.abs(a), axis=1)  # the ufuncs' own reductions: np.max's wrapper costs 2 us a call
    b_max = float(_MAX(np.abs(b), axis=None))
    top, low = float(_MAX(row_max)), float(_MIN(row_max))
    if not (math.isfinite(top) and math.isfinite(b_max)):  # inf or NaN in an operand: einsum propagates them
        return False
    if max(top, b_max) >= HUGE or 0 < low < TINY or 0 < b_max < TINY:  # outside the safe exponents
        return False
    base, limit = grid_constants(k)
    exponents = np.frexp(row_max)[1]  # ea: 2**ea > row_max (0 for a zero row)
    exponents += math.frexp(b_max)[1] + base  # ea + shift
    step = np.ldexp(1.0, exponents).reshape(-1, 1)  # (m, 1) powers of 2
    scaled = a * np.ldexp(1.0, -exponents).reshape(-1, 1)  # a', (m, k): small
    _blas(scaled, b, out)  # t, in grid steps: |t| < 2**P
    rounded = out + ROUNDER
    rounded -= ROUNDER
    off = np.subtract(out, rounded, out=out)  # exact: |t - round(t)| <= 1/2
    np.abs(off, out=off)
    flagged = np.flatnonzero(off > limit) if float(_MAX(off, axis=None)) > limit else None
    np.multiply(rounded, step, out=out)
    if flagged is not None:
        rows, cols = np.divmod(flagged, out.shape[1])
        inexact = ~_exact_sums(scaled, b, rows, cols)  # the others: BLAS's sum was exact, and so is out already
        if inexact.any():
            _exact_entries(scaled, b, rows[inexact], cols[inexact], step[:, 0], out)
    return True


_MAGNITUDE, _MANTISSA = np.int64((1 << 63) - 1), np.int64((1 << 52) - 1)
_NO_BITS = 1 << 20


def _bit_ranges(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of values (r, k): (hi, lo) with every nonzero value below 2**hi in magnitude and a multiple of
    2**lo (hi -_NO_BITS, lo _NO_BITS for a row of zeros)."""
    bits = np.ascontiguousarray(values).view(np.int64) & _MAGNITUDE
    field = bits >> 52
    mantissa = bits & _MANTISSA
    normal = field > 0
    mantissa[normal] |= np.int64(1 << 52)
    lowest_bit = np.frexp((mantissa & -mantissa).astype(np.float64))[1] - 1  # the position of the lowest 1
    lo = np.where(normal, field - 1075, -1074) + lowest_bit
    hi = np.where(normal, field - 1022, -1022)
    nonzero = bits != 0
    return (np.where(nonzero, hi, -_NO_BITS).max(axis=1, initial=-_NO_BITS),
            np.where(nonzero, lo, _NO_BITS).min(axis=1, initial=_NO_BITS))


def _exact_sums(a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Where the dot product of a[rows] and b[:, cols] was summed exactly in any order: every term a multiple of
    2**lo and every partial sum below 2**53 of those (ties of data on coarse grids, such as pixels / 16)."""
    unique_rows, row_at = np.unique(rows, return_inverse=True)
    unique_cols, col_at = np.unique(cols, return_inverse=True)
    row_hi, row_lo = _bit_ranges(a[unique_rows])
    col_hi, col_lo = _bit_ranges(b[:, unique_cols].T)
    lowest = row_lo[row_at] + col_lo[col_at]
    spread = row_hi[row_at] + col_hi[col_at] + max(1, math.ceil(math.log2(a.shape[1]))) - lowest
    return (lowest >= -1074) & (spread <= 53)


def _exact_entries(a: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, step: np.ndarray,
                   out: np.ndarray) -> None:
    """out[rows, cols] = each entry's exact dot product (in grid steps), rounded to double, to an integer,
    then times its row's step."""
    left, right = a[rows], b[:, cols].T  # (f, k) each
    hi = left * right
    lo = _two_product_error(left, right, hi)
    # a product that is nonzero but tiny (or underflows to 0) may lose bits in the two-product: fractions there
    tiny = np.any((left != 0) & (right != 0) & (np.abs(hi) < TINY_PRODUCT), axis=1).tolist()
    for i, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        if tiny[i]:
            exact = float(sum((Fraction(x) * Fraction(y) for x, y in zip(left[i].tolist(), right[i].tolist(),
                                                                         strict=True)), Fraction(0)))
        else:
            exact = math.fsum([*hi[i].tolist(), *lo[i].tolist()])  # the exact sum, rounded once
        out[r, c] = round(exact) * float(step[r])  # round(): to an integer, half to even; 0 is +0.0


def _two_product_error(x: np.ndarray, y: np.ndarray, product: np.ndarray) -> np.ndarray:
    """x * y - product exactly (Dekker), for products far from underflow and overflow."""
    xh, xl = _split(x)
    yh, yl = _split(y)
    err = xh * yh - product
    err += xh * yl
    err += xl * yh
    err += xl * yl
    return err


def _split(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x = high + low exactly, each half with at most 26 significant bits."""
    c = x * SPLITTER
    high = c - (c - x)
    return high, x - high


def product(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a @ b reproducibly: through BLAS and the grid, or the fixed-order einsum for unusual operands."""
    if not matmul(a, b, out):
        rep.matmul(a, b, out)


def product_tn(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a.T @ b reproducibly (see product)."""
    if not matmul(a.T, b, out):
        rep.matmul_tn(a, b, out)


def product_nt(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out = a @ b.T reproducibly (see product)."""
    if not matmul(a, b.T, out):
        rep.matmul_nt(a, b, out)
