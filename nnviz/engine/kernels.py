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

TANH, SIGMOID, LINEAR, RELU, LEAKY_RELU, SOFTMAX = 0, 1, 2, 3, 4, 5
CODES = {"tanh": TANH, "sigmoid": SIGMOID, "linear": LINEAR, "relu": RELU, "leaky_relu": LEAKY_RELU,
         "softmax": SOFTMAX}
_SLOPE = act.LEAKY_SLOPE
_HALF = rep._HALF
_KEEP = rep._KEEP
_HALF_MARGIN = rep._HALF + rep.MARGIN
_PROBE = rep._PROBE_MASK

# layout rows (int64 array (L + 1, 5)): per neuron layer l: size, parameter offset of the weights into it,
# first row in the stacked buffers, activation code, whether f' is not identically 1
SIZE, OFFSET, ROW, CODE, FACTOR = range(5)

# no fast-math: no fused multiply-add, no reordered sums; numpy's error model: x / 0 is inf, not an exception
# cached beside this file (or in numba's user cache folder where that is read-only); a frozen app has no source
# file to key a cache on, and compiles once per process instead
_jit = numba.njit(cache=os.path.isfile(__file__), fastmath=False, error_model="numpy", nogil=True)


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
def _forward_layer(p: np.ndarray, lay: np.ndarray, l: int, prev: np.ndarray, prev_row: int, Z: np.ndarray,
                   A: np.ndarray, R: np.ndarray) -> bool:
    """Layer l's z and rounded a into the stacks, its raw f(z) into R's first rows; True when a raw value lies
    near a grid boundary (the caller fixes those before the next layer overwrites R)."""
    n_in, n_out = lay[l - 1, SIZE], lay[l, SIZE]
    w0, row, code = lay[l, OFFSET], lay[l, ROW], lay[l, CODE]
    batch = Z.shape[1]
    width = n_in + 1
    Rb = R.view(np.int64)
    Ab = A.view(np.int64)
    near = False
    for i in range(n_out):
        start = w0 + i * width
        if batch == 1:
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
    return near


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
def forward(start: int, p: np.ndarray, lay: np.ndarray, x: np.ndarray, Z: np.ndarray, A: np.ndarray,
            R: np.ndarray) -> int:
    """The forward pass from weight layer `start`: z, raw and rounded values of every later layer into the stacks.

    Returns the neuron layer whose rounded values need the exact path (see train_step), or 0 when done.
    """
    for l in range(start + 1, lay.shape[0]):
        prev, prev_row = (x, 0) if l == 1 else (A, lay[l - 1, ROW])
        if _forward_layer(p, lay, l, prev, prev_row, Z, A, R):
            return l
    return 0


@_jit
def train_step(start: int, p: np.ndarray, g: np.ndarray, lay: np.ndarray, x: np.ndarray, y: np.ndarray,
               Z: np.ndarray, A: np.ndarray, R: np.ndarray, D: np.ndarray, settings: np.ndarray) -> int:
    """Forward from weight layer `start`, then backward and (settings[2] > 0) SGD: params -= lr * grad.

    Returns the neuron layer (1..L) whose rounded values need the exact path (the caller fixes them and
    calls again with that layer as start), or 0 when the step is done; settings[3] gets the batch's error
    figure. settings: lr, the output delta's scale, whether to update, the error figure; `start` counts
    weight layers from 0.
    """
    L = lay.shape[0] - 1
    batch = x.shape[1]
    stopped = forward(start, p, lay, x, Z, A, R)
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
        for i in range(n_o):
            for j in range(n_in):
                g[w0 + i * width + j] = _dot2(D, drow + i, src, src_row + j, batch, False)
            g[w0 + i * width + n_in] = _dot2(D, drow + i, D, 0, batch, True)
        if k:
            row_k, factor_k, code_k = lay[k, ROW], lay[k, FACTOR] != 0, lay[k, CODE]
            for i in range(n_in):
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
