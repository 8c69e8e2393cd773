"""The one-call training step: forward, backward and the plain-SGD update of a small reproducible network, and
Adam's passes in one; products in numpy's einsum order, or on the grid (grid_products.py) where the plan puts
them there. See the package's docstring for why its bits are the plan's.
"""

from __future__ import annotations

import math

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import rounding_grid as grid
from nnviz.engine.kernels.conventions import (
    ABORT,
    BACKWARD,
    CODE,
    FACTOR,
    FORWARD,
    GRADIENT,
    GRID,
    LEAKY_RELU,
    LINEAR,
    OFFSET,
    RELU,
    ROW,
    SIGMOID,
    SIZE,
    SOFTMAX,
    TANH,
    jit,
)
from nnviz.engine.kernels.grid_products import grid_backward, grid_forward, grid_gradient

_SLOPE = act.LEAKY_SLOPE
_HALF = grid.HALF
_KEEP = grid.KEEP
_HALF_MARGIN = grid.HALF + grid.MARGIN
_PROBE = grid.PROBE_MASK


@jit
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


@jit
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



@jit
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
        if grid and not grid_forward(p, lay, consts, l, prev, prev_row, Z, scratch):
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


@jit
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


@jit
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


@jit
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



@jit
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
            if not grid_gradient(g, lay, consts, k, x_rows, A, D, scratch):
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
                if grid_back and not grid_backward(p, lay, consts, k, D, scratch):
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


@jit
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
