"""Products rounded to a grid (engine/rounded_product.py) inside the one-call step: the very bits of BLAS + grid.

`rounded_product.matmul` makes every entry grid(double(exact a' . b)), where a'
is a with row i scaled by a power of 2 chosen from exact maxima: a function of
the operands alone, whatever order the dot products are summed in. So a
compiled loop may sum them in its own order (here: across the outputs of a
row, which vectorizes) and round each entry as that module does:

- an entry further than the margin from a rounding boundary rounds to the grid
  point of the exact product;
- an entry near a boundary needs the exact dot product rounded once to double.
  When every term of it is a multiple of 2**lo and the terms are small enough
  that every partial sum has at most 53 significant bits (often: data such as
  pixels / 16 and gradients already on a grid give exact half-way sums), the
  sum the loop made is exact already. Otherwise the terms are split into exact
  two-products and summed with Shewchuk's error-free expansion, rounded to
  nearest-even once, as math.fsum does.

Where `rounded_product.matmul` would hand a product to einsum (a non-finite
operand, exponents outside the safe range) or use fractions (a product near
underflow), `grid_product` returns False and the caller runs the numpy plan.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.engine.kernels.conventions import OFFSET, ROW, SCRATCH, SIZE, jit
from nnviz.engine.kernels.exact_sums import (
    HUGE_BITS,
    MAGNITUDE,
    NO_BITS,
    ROUNDER,
    TINY_BITS,
    bits_of,
    exact_entry,
    exponent_of,
)


@jit
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


@jit
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


@jit
def grid_product(a: np.ndarray, b: np.ndarray, t: np.ndarray, dest: np.ndarray, d0: int, rows_out: int, n: int,
                 base: int, limit: float, scales: np.ndarray, work: np.ndarray, partials: np.ndarray,
                 col_hi: np.ndarray, col_lo: np.ndarray) -> bool:
    """dest[d0 + i, c] = grid(double(exact a'[i] . b[:, c])) for i < rows_out and c < n, as rounded_product.matmul
    gives; False (dest untouched) where that function returns False or would use fractions.

    a is (m, k), every row of it counts for the checks and the scales (rows past rows_out are not written);
    b is (k, n rounded up to a multiple of 4) and t (m, as many) accumulators, both 32-byte aligned (see
    `carve`: the sums run twice as fast on aligned rows); b's extra columns are zeros. base and limit are
    rounded_product.grid_constants(k). Scratch: scales (m,), work (2k,), partials (2k + 1,), col_hi and col_lo (n,).
    """
    m, k = a.shape
    padded = b.shape[1]
    # maxima of |values| on the bit patterns (integer maxima vectorize): NaN and inf lie above every finite
    # magnitude, so one comparison with _HUGE finds what rounded_product hands to einsum
    b_bits = b.view(np.int64)
    b_top = 0
    for l in range(k):
        for c in range(padded):
            b_top = max(b_top, b_bits[l, c] & MAGNITUDE)
    a_bits = a.view(np.int64)
    top = 0
    low = MAGNITUDE
    for i in range(m):
        row_top = 0
        for l in range(k):
            row_top = max(row_top, a_bits[i, l] & MAGNITUDE)
        top = max(top, row_top)
        low = min(low, row_top)
        scales[i] = exponent_of(row_top)
    if top >= HUGE_BITS or b_top >= HUGE_BITS or 0 < low < TINY_BITS or 0 < b_top < TINY_BITS:
        return False
    eb = exponent_of(b_top) + base
    for i in range(m):  # a' = a with row i times 2**-(ea_i + eb + base): its products are in grid steps
        scales[i] = math.ldexp(1.0, -(int(scales[i]) + eb))
    for i in range(0, rows_out - 3, 4):
        _accumulate(a, i, scales, b, t)
    for i in range(rows_out - rows_out % 4, rows_out):
        _accumulate_row(a, i, scales, b, t)
    for c in range(n):
        col_lo[c] = NO_BITS + 1  # not yet known
    log_k = max(1, math.ceil(math.log2(k)))
    for i in range(rows_out):
        scale = scales[i]
        step = 1.0 / scale
        row_known = False
        row_hi = row_lo = 0
        for c in range(n):
            rounded = (t[i, c] + ROUNDER) - ROUNDER
            if abs(t[i, c] - rounded) > limit:  # near a boundary: the exact dot product decides
                if not row_known:  # a' = a 2**-e exactly where its lowest bit stays at or above 2**-1074
                    row_hi, row_lo = bits_of(a[i], a_bits[i])
                    shift = math.frexp(scale)[1] - 1  # scale = 2**shift
                    row_hi += shift
                    row_lo += shift
                    row_known = True
                if col_lo[c] > NO_BITS:
                    col_hi[c], col_lo[c] = bits_of(b[:, c], b_bits[:, c])
                lowest = row_lo + col_lo[c]
                spread = row_hi + col_hi[c] + log_k - lowest
                exact = t[i, c]  # every term and partial sum of it was exact when lowest and spread allow
                if not (row_lo >= -1074 and lowest >= -1074 and spread <= 53):
                    ok, exact = exact_entry(a, i, scale, b, c, work, partials)
                    if not ok:
                        return False
                rounded = (exact + ROUNDER) - ROUNDER
            t[i, c] = rounded * step
    for i in range(rows_out):  # all or nothing: dest is written only once every entry is known
        for c in range(n):
            dest[d0 + i, c] = t[i, c]
    return True


@jit
def carve(flat: np.ndarray, start: int, rows: int, cols: int) -> tuple[np.ndarray, int]:
    """A (rows, cols) view of flat from start (a multiple of 4 elements of a 32-byte aligned buffer), and where the
    next such view may start."""
    size = rows * cols
    return flat[start : start + size].reshape((rows, cols)), start + (size + 3) // 4 * 4


@jit
def _padded(n: int) -> int:
    return (n + 3) // 4 * 4


@jit
def grid_forward(p: np.ndarray, lay: np.ndarray, consts: np.ndarray, l: int, prev: np.ndarray, prev_row: int,
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



@jit
def grid_gradient(g: np.ndarray, lay: np.ndarray, consts: np.ndarray, k: int, x_rows: np.ndarray, A: np.ndarray,
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


@jit
def grid_backward(p: np.ndarray, lay: np.ndarray, consts: np.ndarray, k: int, D: np.ndarray,
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

