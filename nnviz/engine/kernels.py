"""One compiled call per training step of a small reproducible network: the same bits as the numpy plan.

The reproducible numpy step (`passes.py`) makes some 50 numpy calls for a
network of 6 hidden layers, each costing 0.5-3 us of call overhead on
matrices of 8 x 10. Here numba compiles the whole step (forward, backward and
the plain-SGD update) into one machine-code call that makes the very same
floating-point operations in the very same order, so its results are
bit-identical to the plan's (the tests compare them bit for bit):

- Products: numpy's einsum loop (`reproducible.matmul*`), on C-contiguous
  operands, sums `ij,jk->ik` and `ji,jk->ik` for each output entry from 0.0
  along j, one multiply and one add (rounded each) per term, and
  `ik,jk->ij` as a dot product over k in two lanes (einsum's SSE2 loop, the
  x86-64-v2 baseline numpy is built for): lane l takes the terms l, l + 2, ...,
  eight terms at a time from the highest down, then the tail, and the result is
  0.0 + (lane 0 + lane 1). A forward product with a batch of one is such a dot
  product too (einsum's iterator makes it one). No fast-math: LLVM neither
  fuses a multiply and an add nor reorders a sum.
- tanh and exp: libm's value (within a few ulps of the truth on any machine),
  rounded to the grid of `reproducible.py` with the same bit operations; a value
  within MARGIN ulps of a grid boundary stops the step at its layer, and the
  caller computes it exactly (`reproducible.exactly_rounded`) and resumes.

Numerics codes of the activations: TANH, SIGMOID, LINEAR, RELU, LEAKY_RELU, SOFTMAX. Softmax is
activations.py's: exp(z - the column's max), rounded, divided by the column's sum, which numpy adds row by
row from the first (for two columns or more; one column of eight rows or more it sums pairwise, and the
plan runs). ReLU's max(z, 0) is numpy's
scalar one (z when z >= 0 or NaN); numpy's SIMD loops may give +0.0 for z = -0.0, a sign that no later
value can see (every sum starts from 0.0, and f' of a zero is f' of 0).
"""

from __future__ import annotations

import math
import os

import numba
import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp

TANH, SIGMOID, LINEAR, RELU, LEAKY_RELU, SOFTMAX = 0, 1, 2, 3, 4, 5
CODES = {"tanh": TANH, "sigmoid": SIGMOID, "linear": LINEAR, "relu": RELU, "leaky_relu": LEAKY_RELU,
         "softmax": SOFTMAX}
_SLOPE = act.LEAKY_SLOPE
_HALF = rep._HALF
_KEEP = rep._KEEP
_HALF_MARGIN = rep._HALF + rep.MARGIN
_PROBE = rep._PROBE_MASK

# layout rows (int64 array (L + 1, 7)): per neuron layer l: size, parameter offset of the weights into it,
# first row in the stacked buffers, activation code, whether f' is not identically 1, which products of weight
# layer l - 1 go through the grid (bits FORWARD, GRADIENT, BACKWARD: see grid_product), and where that
# layer's operands start in the scratch buffer (a flat float64 array)
SIZE, OFFSET, ROW, CODE, FACTOR, GRID, SCRATCH = range(7)
FORWARD, GRADIENT, BACKWARD = 1, 2, 4
# grid constants (float64 array (L + 1, 6)): rounded_product._constants of the forward, gradient and backward
# products' inner sizes, as (base, limit) pairs
ABORT = -1  # a grid product that rounded_product would hand to einsum or to fractions: the caller runs the plan

# no fast-math: no fused multiply-add, no reordered sums; numpy's error model: x / 0 is inf, not an exception
# cached beside this file (or in numba's user cache folder where that is read-only); a frozen app has no source
# file to key a cache on, and compiles once per process instead
_jit = numba.njit(cache=os.path.isfile(__file__), fastmath=False, error_model="numpy", nogil=True)


# --- products on the grid (kept in this file: numba caches a function with what it calls, keyed on one file) ---
# Products rounded to a grid (engine/rounded_product.py) inside the one-call step: the very bits of BLAS + grid.
#
# `rounded_product.matmul` makes every entry grid(double(exact a' . b)), where a'
# is a with row i scaled by a power of 2 chosen from exact maxima: a function of
# the operands alone, whatever order the dot products are summed in. So a
# compiled loop may sum them in its own order (here: across the outputs of a
# row, which vectorizes) and round each entry as that module does:
#
# - an entry further than the margin from a rounding boundary rounds to the grid
#   point of the exact product;
# - an entry near a boundary needs the exact dot product rounded once to double.
#   When every term of it is a multiple of 2**lo and the terms are small enough
#   that every partial sum has at most 53 significant bits (often: data such as
#   pixels / 16 and gradients already on a grid give exact half-way sums), the
#   sum the loop made is exact already. Otherwise the terms are split into exact
#   two-products and summed with Shewchuk's error-free expansion, rounded to
#   nearest-even once, as math.fsum does.
#
# Where `rounded_product.matmul` would hand a product to einsum (a non-finite
# operand, exponents outside the safe range) or use fractions (a product near
# underflow), `product` returns False and the caller runs the numpy plan.

_HUGE = rp._HUGE
_TINY = rp._TINY
_ROUNDER = rp._ROUNDER
_SPLITTER = rp._SPLITTER
_TINY_PRODUCT = rp._TINY_PRODUCT
_MANTISSA = (1 << 52) - 1
_MAGNITUDE = (1 << 63) - 1  # a double's bits without the sign
_HUGE_BITS = int(np.array([_HUGE]).view(np.int64)[0])
_TINY_BITS = int(np.array([_TINY]).view(np.int64)[0])
_NO_BITS = 1 << 20  # the lowest bit of a row or column with no nonzero value: larger than any exponent

@_jit
def _exponent_of(magnitude: int) -> int:
    """math.frexp(v)[1] for a finite v >= 2**-1022 or 0 given by its bit pattern: 2**e > v >= 2**(e - 1)."""
    return 0 if magnitude == 0 else ((magnitude >> 52) & 0x7FF) - 1022


# the position of a 64-bit word's single set bit, by de Bruijn's multiply and shift
_DE_BRUIJN = 0x022FDD63CC95386D
_POSITIONS = np.zeros(64, np.int64)
for _bit in range(64):
    _POSITIONS[((_DE_BRUIJN << _bit) & (2**64 - 1)) >> 58] = _bit


@_jit
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


@_jit
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


@_jit
def _split(x: float) -> tuple[float, float]:
    c = x * _SPLITTER
    high = c - (c - x)
    return high, x - high


@_jit
def _exact_entry(a: np.ndarray, i: int, scale: float, b: np.ndarray, c: int, work: np.ndarray,
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


@_jit
def _bits_of(values: np.ndarray, bits: np.ndarray) -> tuple[int, int]:
    """(hi, lo): every nonzero value (bits: the same values' bit patterns) is below 2**hi in magnitude and a
    multiple of 2**lo."""
    hi = -_NO_BITS
    lo = _NO_BITS
    for l in range(values.shape[0]):
        if values[l] != 0.0:
            h, low = bit_range(bits[l])
            hi = max(hi, h)
            lo = min(lo, low)
    return hi, lo


@_jit
def _accumulate(a: np.ndarray, i: int, scales: np.ndarray, b: np.ndarray, t: np.ndarray) -> None:
    """t[i + r, :] = a'[i + r] . b for r < 4, two terms at a time (the grid takes any order of sums): each row
    of b is loaded once for the four rows, each row of t once for two terms."""
    k = a.shape[1]
    n = t.shape[1]
    t0, t1, t2, t3 = t[i], t[i + 1], t[i + 2], t[i + 3]
    s0, s1, s2, s3 = scales[i], scales[i + 1], scales[i + 2], scales[i + 3]
    for c in range(n):
        t0[c] = 0.0
        t1[c] = 0.0
        t2[c] = 0.0
        t3[c] = 0.0
    for l in range(0, k - 1, 2):
        p0, q0 = a[i, l] * s0, a[i, l + 1] * s0
        p1, q1 = a[i + 1, l] * s1, a[i + 1, l + 1] * s1
        p2, q2 = a[i + 2, l] * s2, a[i + 2, l + 1] * s2
        p3, q3 = a[i + 3, l] * s3, a[i + 3, l + 1] * s3
        row, after = b[l], b[l + 1]
        for c in range(n):
            x = row[c]
            y = after[c]
            t0[c] = t0[c] + (p0 * x + q0 * y)
            t1[c] = t1[c] + (p1 * x + q1 * y)
            t2[c] = t2[c] + (p2 * x + q2 * y)
            t3[c] = t3[c] + (p3 * x + q3 * y)
    if k % 2:
        l = k - 1
        p0, p1, p2, p3 = a[i, l] * s0, a[i + 1, l] * s1, a[i + 2, l] * s2, a[i + 3, l] * s3
        row = b[l]
        for c in range(n):
            x = row[c]
            t0[c] = t0[c] + p0 * x
            t1[c] = t1[c] + p1 * x
            t2[c] = t2[c] + p2 * x
            t3[c] = t3[c] + p3 * x


@_jit
def _accumulate_row(a: np.ndarray, i: int, scales: np.ndarray, b: np.ndarray, t: np.ndarray) -> None:
    """t[i, :] = a'[i] . b, summed over a's columns in order."""
    row_t = t[i]
    s = scales[i]
    for c in range(t.shape[1]):
        row_t[c] = 0.0
    for l in range(a.shape[1]):
        w = a[i, l] * s
        if w != 0.0:
            row = b[l]
            for c in range(t.shape[1]):
                row_t[c] = row_t[c] + w * row[c]


@_jit
def grid_product(a: np.ndarray, b: np.ndarray, t: np.ndarray, dest: np.ndarray, d0: int, rows_out: int, n: int,
                 base: int, limit: float, scales: np.ndarray, work: np.ndarray, partials: np.ndarray,
                 col_hi: np.ndarray, col_lo: np.ndarray) -> bool:
    """dest[d0 + i, c] = grid(double(exact a'[i] . b[:, c])) for i < rows_out and c < n, as rounded_product.matmul
    gives; False (dest untouched) where that function returns False or would use fractions.

    a is (m, k), every row of it counts for the checks and the scales (rows past rows_out are not written);
    b is (k, n rounded up to a multiple of 4) and t (m, as many) accumulators, both 32-byte aligned (see
    `carve`: the sums run twice as fast on aligned rows); b's extra columns are zeros. base and limit are
    rounded_product._constants(k). Scratch: scales (m,), work (2k,), partials (2k + 1,), col_hi and col_lo (n,).
    """
    m, k = a.shape
    padded = b.shape[1]
    # maxima of |values| on the bit patterns (integer maxima vectorize): NaN and inf lie above every finite
    # magnitude, so one comparison with _HUGE finds what rounded_product hands to einsum
    b_bits = b.view(np.int64)
    b_top = 0
    for l in range(k):
        for c in range(padded):
            b_top = max(b_top, b_bits[l, c] & _MAGNITUDE)
    a_bits = a.view(np.int64)
    top = 0
    low = _MAGNITUDE
    for i in range(m):
        row_top = 0
        for l in range(k):
            row_top = max(row_top, a_bits[i, l] & _MAGNITUDE)
        top = max(top, row_top)
        low = min(low, row_top)
        scales[i] = _exponent_of(row_top)
    if top >= _HUGE_BITS or b_top >= _HUGE_BITS or 0 < low < _TINY_BITS or 0 < b_top < _TINY_BITS:
        return False
    eb = _exponent_of(b_top) + base
    for i in range(m):  # a' = a with row i times 2**-(ea_i + eb + base): its products are in grid steps
        scales[i] = math.ldexp(1.0, -(int(scales[i]) + eb))
    for i in range(0, rows_out - 3, 4):
        _accumulate(a, i, scales, b, t)
    for i in range(rows_out - rows_out % 4, rows_out):
        _accumulate_row(a, i, scales, b, t)
    for c in range(n):
        col_lo[c] = _NO_BITS + 1  # not yet known
    log_k = max(1, math.ceil(math.log2(k)))
    for i in range(rows_out):
        scale = scales[i]
        step = 1.0 / scale
        row_known = False
        row_hi = row_lo = 0
        for c in range(n):
            rounded = (t[i, c] + _ROUNDER) - _ROUNDER
            if abs(t[i, c] - rounded) > limit:  # near a boundary: the exact dot product decides
                if not row_known:  # a' = a 2**-e exactly where its lowest bit stays at or above 2**-1074
                    row_hi, row_lo = _bits_of(a[i], a_bits[i])
                    shift = math.frexp(scale)[1] - 1  # scale = 2**shift
                    row_hi += shift
                    row_lo += shift
                    row_known = True
                if col_lo[c] > _NO_BITS:
                    col_hi[c], col_lo[c] = _bits_of(b[:, c], b_bits[:, c])
                lowest = row_lo + col_lo[c]
                spread = row_hi + col_hi[c] + log_k - lowest
                exact = t[i, c]  # every term and partial sum of it was exact when lowest and spread allow
                if not (row_lo >= -1074 and lowest >= -1074 and spread <= 53):
                    ok, exact = _exact_entry(a, i, scale, b, c, work, partials)
                    if not ok:
                        return False
                rounded = (exact + _ROUNDER) - _ROUNDER
            t[i, c] = rounded * step
    for i in range(rows_out):  # all or nothing: dest is written only once every entry is known
        for c in range(n):
            dest[d0 + i, c] = t[i, c]
    return True


@_jit
def carve(flat: np.ndarray, start: int, rows: int, cols: int) -> tuple[np.ndarray, int]:
    """A (rows, cols) view of flat from start (a multiple of 4 elements of a 32-byte aligned buffer), and where the
    next such view may start."""
    size = rows * cols
    return flat[start : start + size].reshape((rows, cols)), start + (size + 3) // 4 * 4


@_jit
def _dot2(a: np.ndarray, ra: int, b: np.ndarray, rb: int, n: int, ones: bool) -> float:
    """0.0 + sum_k a[ra, k] * b[rb, k] (b all ones when `ones`) in einsum's two-lane order."""
    acc0 = 0.0
    acc1 = 0.0
    c = 0
    while n - c >= 8:
        for t in (6, 4, 2, 0):
            if ones:
                acc0 = acc0 + a[ra, c + t] * 1.0
                acc1 = acc1 + a[ra, c + t + 1] * 1.0
            else:
                acc0 = acc0 + a[ra, c + t] * b[rb, c + t]
                acc1 = acc1 + a[ra, c + t + 1] * b[rb, c + t + 1]
        c += 8
    while c < n:
        acc0 = acc0 + a[ra, c] * (1.0 if ones else b[rb, c])
        if c + 1 < n:
            acc1 = acc1 + a[ra, c + 1] * (1.0 if ones else b[rb, c + 1])
        c += 2
    return 0.0 + (acc0 + acc1)


@_jit
def _dot2_column(p: np.ndarray, start: int, x: np.ndarray, row0: int, n: int) -> float:
    """0.0 + the two-lane sum of p[start + j] * x[row0 + j, 0] for j < n, then the bias term p[start + n] * 1."""
    acc0 = 0.0
    acc1 = 0.0
    total = n + 1
    c = 0
    while total - c >= 8:
        for t in (6, 4, 2, 0):
            j = c + t
            acc0 = acc0 + p[start + j] * (x[row0 + j, 0] if j < n else 1.0)
            acc1 = acc1 + p[start + j + 1] * (x[row0 + j + 1, 0] if j + 1 < n else 1.0)
        c += 8
    while c < total:
        acc0 = acc0 + p[start + c] * (x[row0 + c, 0] if c < n else 1.0)
        if c + 1 < total:
            acc1 = acc1 + p[start + c + 1] * (x[row0 + c + 1, 0] if c + 1 < n else 1.0)
        c += 2
    return 0.0 + (acc0 + acc1)


@_jit
def _padded(n: int) -> int:
    return (n + 3) // 4 * 4


@_jit
def _grid_forward(p: np.ndarray, lay: np.ndarray, consts: np.ndarray, l: int, prev: np.ndarray, prev_row: int,
                  Z: np.ndarray, scratch: tuple) -> bool:  # type: ignore[type-arg]
    """Z's rows of layer l = W @ prev (with its ones row) through the grid; False where the plan must run."""
    n_in, n_out = lay[l - 1, SIZE], lay[l, SIZE]
    w0, row = lay[l, OFFSET], lay[l, ROW]
    batch = Z.shape[1]
    width = n_in + 1
    weights = p[w0 : w0 + n_out * width].reshape((n_out, width))
    operand, at = carve(scratch[0], lay[l, SCRATCH], width, _padded(batch))
    sums = carve(scratch[0], at, n_out, _padded(batch))[0]
    operand[:, batch:] = 0.0
    for j in range(n_in):
        for b in range(batch):
            operand[j, b] = prev[prev_row + j, b]
    for b in range(batch):
        operand[n_in, b] = 1.0
    return grid_product(weights, operand, sums, Z, row, n_out, batch, int(consts[l, 0]), consts[l, 1], *scratch[1:])


@_jit
def _forward_layer(p: np.ndarray, lay: np.ndarray, consts: np.ndarray, l: int, prev: np.ndarray, prev_row: int,
                   Z: np.ndarray, A: np.ndarray, R: np.ndarray, scratch: tuple) -> int:  # type: ignore[type-arg]
    """Layer l's z and rounded a into the stacks, its raw f(z) into R's first rows; 1 when a raw value lies
    near a grid boundary (the caller fixes those before the next layer overwrites R), ABORT when a grid
    product calls for the plan, else 0."""
    n_in, n_out = lay[l - 1, SIZE], lay[l, SIZE]
    w0, row, code = lay[l, OFFSET], lay[l, ROW], lay[l, CODE]
    batch = Z.shape[1]
    width = n_in + 1
    Rb = R.view(np.int64)
    Ab = A.view(np.int64)
    near = False
    grid = False
    if scratch is not None:  # None (no grid product in the network): numba compiles none of the grid code
        grid = lay[l, GRID] & FORWARD != 0
        if grid and not _grid_forward(p, lay, consts, l, prev, prev_row, Z, scratch):
            return ABORT
    for i in range(n_out):
        start = w0 + i * width
        if grid:
            pass
        elif batch == 1:
            Z[row + i, 0] = _dot2_column(p, start, prev, prev_row, n_in)
        else:
            for b in range(batch):
                Z[row + i, b] = 0.0
            for j in range(n_in):
                w = p[start + j]
                for b in range(batch):
                    Z[row + i, b] = Z[row + i, b] + w * prev[prev_row + j, b]
            w = p[start + n_in]
            for b in range(batch):
                Z[row + i, b] = Z[row + i, b] + w * 1.0
        if code == SOFTMAX:  # its columns need every row's z: below
            continue
        for b in range(batch):
            z = Z[row + i, b]
            if code == LINEAR:
                A[row + i, b] = z
                continue
            if code == RELU:  # np.maximum(z, 0.0)
                A[row + i, b] = z if (z >= 0.0 or z != z) else 0.0
                continue
            if code == LEAKY_RELU:  # np.maximum(z, z * slope)
                m = z * _SLOPE
                A[row + i, b] = z if (z >= m or z != z) else m
                continue
            R[i, b] = math.tanh(z) if code == TANH else math.exp(-z)
            bits = Rb[i, b]
            if ((bits + _HALF_MARGIN) & _PROBE) == 0:
                near = True
            Ab[row + i, b] = (bits + _HALF) & _KEEP
            if code == SIGMOID:
                A[row + i, b] = 1.0 / (A[row + i, b] + 1.0)
    if code == SOFTMAX:
        near = _softmax_exps(Z, A, R, row, n_out)
        if not near:  # else the caller fixes the values near a boundary, then divides (as numpy: same bits)
            for b in range(batch):
                total = A[row, b]
                for i in range(1, n_out):
                    total = total + A[row + i, b]
                for i in range(n_out):
                    A[row + i, b] = A[row + i, b] / total
    return 1 if near else 0


@_jit
def _softmax_exps(Z: np.ndarray, A: np.ndarray, R: np.ndarray, row: int, n: int) -> bool:
    """A = exp(Z - the column's max) rounded to the grid, raw values in R; True when one lies near a boundary."""
    Rb = R.view(np.int64)
    Ab = A.view(np.int64)
    near = False
    for b in range(Z.shape[1]):
        top = Z[row, b]
        for i in range(1, n):  # np.maximum.reduce: a NaN wins
            v = Z[row + i, b]
            if top == top and (v > top or v != v):
                top = v
        for i in range(n):
            R[i, b] = math.exp(Z[row + i, b] - top)
            bits = Rb[i, b]
            if ((bits + _HALF_MARGIN) & _PROBE) == 0:
                near = True
            Ab[row + i, b] = (bits + _HALF) & _KEEP
    return near


@_jit
def _factor(code: int, a: float) -> float:
    """f'(z) from a = f(z), as activations.py writes it."""
    if code == TANH:
        return 1.0 - a * a
    if code == SIGMOID:
        return a - a * a
    step = 1.0 if a > 0.0 else 0.0  # np.greater(a, 0.0)
    if code == RELU:
        return step
    return step * (1.0 - _SLOPE) + _SLOPE  # leaky ReLU: the greater, times 1 - slope, plus slope


@_jit
def forward(start: int, p: np.ndarray, lay: np.ndarray, consts: np.ndarray, x: np.ndarray, Z: np.ndarray,
            A: np.ndarray, R: np.ndarray, scratch: tuple) -> int:  # type: ignore[type-arg]
    """The forward pass from weight layer `start`: z, raw and rounded values of every later layer into the stacks.

    Returns the neuron layer whose rounded values need the exact path (see train_step), ABORT when a grid
    product calls for the numpy plan, or 0 when done.
    """
    for l in range(start + 1, lay.shape[0]):
        prev, prev_row = (x, 0) if l == 1 else (A, lay[l - 1, ROW])
        status = _forward_layer(p, lay, consts, l, prev, prev_row, Z, A, R, scratch)
        if status == ABORT:
            return ABORT
        if status:
            return l
    return 0


@_jit
def _grid_gradient(g: np.ndarray, lay: np.ndarray, consts: np.ndarray, k: int, x_rows: np.ndarray, A: np.ndarray,
                   D: np.ndarray, scratch: tuple) -> bool:  # type: ignore[type-arg]
    """Weight layer k's gradient delta @ a_aug^T through the grid; False where the plan must run."""
    l = k + 1
    n_in, n_o, w0, drow = lay[k, SIZE], lay[l, SIZE], lay[l, OFFSET], lay[l, ROW]
    batch = D.shape[1]
    width = n_in + 1
    operand, at = carve(scratch[0], lay[l, SCRATCH], batch, _padded(width))  # the inputs sample-major
    sums = carve(scratch[0], at, n_o, _padded(width))[0]
    operand[:, width:] = 0.0
    for b in range(batch):
        if k == 0:  # x_rows has its ones column
            for j in range(width):
                operand[b, j] = x_rows[b, j]
        else:
            for j in range(n_in):
                operand[b, j] = A[lay[k, ROW] + j, b]
            operand[b, n_in] = 1.0
    grads = g[w0 : w0 + n_o * width].reshape((n_o, width))
    return grid_product(D[drow : drow + n_o], operand, sums, grads, 0, n_o, width, int(consts[l, 2]), consts[l, 3],
                        *scratch[1:])


@_jit
def _grid_backward(p: np.ndarray, lay: np.ndarray, consts: np.ndarray, k: int, D: np.ndarray,
                   scratch: tuple) -> bool:  # type: ignore[type-arg]
    """Layer k's delta rows = W[k]^T @ delta through the grid (the spare bias row counts for the checks only)."""
    l = k + 1
    n_in, n_o, w0, drow = lay[k, SIZE], lay[l, SIZE], lay[l, OFFSET], lay[l, ROW]
    batch = D.shape[1]
    width = n_in + 1
    operand, at = carve(scratch[0], lay[l, SCRATCH], n_o, _padded(batch))
    sums, at = carve(scratch[0], at, width, _padded(batch))
    transposed = carve(scratch[0], at, width, n_o)[0]
    operand[:, batch:] = 0.0
    for i in range(n_o):
        for b in range(batch):
            operand[i, b] = D[drow + i, b]
        for j in range(width):
            transposed[j, i] = p[w0 + i * width + j]
    return grid_product(transposed, operand, sums, D, lay[k, ROW], n_in, batch, int(consts[l, 4]), consts[l, 5],
                        *scratch[1:])


@_jit
def train_step(start: int, p: np.ndarray, g: np.ndarray, lay: np.ndarray, consts: np.ndarray, x: np.ndarray,
               x_rows: np.ndarray, y: np.ndarray, Z: np.ndarray, A: np.ndarray, R: np.ndarray, D: np.ndarray,
               settings: np.ndarray, scratch: tuple) -> int:  # type: ignore[type-arg]
    """Forward from weight layer `start`, then backward and (settings[2] > 0) SGD: params -= lr * grad.

    Returns the neuron layer (1..L) whose rounded values need the exact path (the caller fixes them and
    calls again with that layer as start), ABORT (before any update) when a grid product calls for the numpy
    plan, or 0 when the step is done; settings[3] gets the batch's error
    figure. settings: lr, the output delta's scale, whether to update, the error figure; `start` counts
    weight layers from 0.
    """
    L = lay.shape[0] - 1
    batch = x.shape[1]
    stopped = forward(start, p, lay, consts, x, Z, A, R, scratch)
    if stopped:
        return stopped
    # output delta: a - y, then * f'(z) (mse after an output with a factor), then * scale
    out_row, n_out, code_out = lay[L, ROW], lay[L, SIZE], lay[L, CODE]
    square_sum = 0.0
    with_factor = lay[L, FACTOR] != 0
    scale = settings[1]
    for i in range(n_out):
        for b in range(batch):
            d = A[out_row + i, b] - y[i, b]
            square_sum = square_sum + d * d
            if with_factor:
                d = d * _factor(code_out, A[out_row + i, b])
            if scale != 1.0:
                d = d * scale
            D[out_row + i, b] = d
    for k in range(L - 1, -1, -1):  # weight layer k: neuron layer k -> k + 1
        l = k + 1
        n_in, n_o, w0, drow = lay[k, SIZE], lay[l, SIZE], lay[l, OFFSET], lay[l, ROW]
        width = n_in + 1
        src, src_row = (x, 0) if k == 0 else (A, lay[k, ROW])
        if scratch is not None and lay[l, GRID] & GRADIENT:
            if not _grid_gradient(g, lay, consts, k, x_rows, A, D, scratch):
                return ABORT
        else:
            for i in range(n_o):
                for j in range(n_in):
                    g[w0 + i * width + j] = _dot2(D, drow + i, src, src_row + j, batch, False)
                g[w0 + i * width + n_in] = _dot2(D, drow + i, D, 0, batch, True)
        if k:
            row_k, factor_k, code_k = lay[k, ROW], lay[k, FACTOR] != 0, lay[k, CODE]
            grid_back = False
            if scratch is not None:
                grid_back = lay[l, GRID] & BACKWARD != 0
                if grid_back and not _grid_backward(p, lay, consts, k, D, scratch):
                    return ABORT
            for i in range(n_in):
                if not grid_back:
                    for b in range(batch):
                        D[row_k + i, b] = 0.0
                    for j in range(n_o):
                        w = p[w0 + j * width + i]
                        for b in range(batch):
                            D[row_k + i, b] = D[row_k + i, b] + w * D[drow + j, b]
                if factor_k:
                    for b in range(batch):
                        D[row_k + i, b] = D[row_k + i, b] * _factor(code_k, A[row_k + i, b])
    w_last = lay[L, OFFSET] + lay[L - 1, SIZE]  # the first output's bias gradient
    settings[3] = g[w_last] if settings[4] > 0.0 else square_sum
    if settings[2] > 0.0:
        lr = settings[0]
        for q in range(p.shape[0]):
            p[q] = p[q] - g[q] * lr
    return 0


@_jit
def adam(p: np.ndarray, g: np.ndarray, M: np.ndarray, V: np.ndarray, beta1: float, beta2: float, eps: float,
         inverse_c: float, moves: bool) -> None:
    """Optimizer._adam's passes in one: M = M b1 + g, V = V b2 + g g, then (when moves) p -= M / ((sqrt(V) +
    eps) (1/c)), each operation rounded as numpy rounds it (the same bits)."""
    for q in range(p.shape[0]):
        m = M[q] * beta1
        m = m + g[q]
        M[q] = m
        square = g[q] * g[q]
        v = V[q] * beta2
        v = v + square
        V[q] = v
        if moves:
            t = math.sqrt(v)
            t = t + eps
            t = t * inverse_c
            t = m / t
            p[q] = p[q] - t
