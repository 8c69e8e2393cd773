"""What the kernels and their caller (engine/fused_step.py) agree on, and how every kernel is compiled.

Activation codes; the layout's columns (an int64 array (L + 1, 7), one row per neuron layer); the bits that
send a product through the grid; ABORT; and `jit`, numba's options for every kernel.
"""

from __future__ import annotations

import numba

TANH, SIGMOID, LINEAR, RELU, LEAKY_RELU, SOFTMAX = 0, 1, 2, 3, 4, 5
CODES = {"tanh": TANH, "sigmoid": SIGMOID, "linear": LINEAR, "relu": RELU, "leaky_relu": LEAKY_RELU,
         "softmax": SOFTMAX}

# layout rows (int64 array (L + 1, 7)): per neuron layer l: size, parameter offset of the weights into it,
# first row in the stacked buffers, activation code, whether f' is not identically 1, which products of weight
# layer l - 1 go through the grid (bits FORWARD, GRADIENT, BACKWARD: see grid_product), and where that
# layer's operands start in the scratch buffer (a flat float64 array)
SIZE, OFFSET, ROW, CODE, FACTOR, GRID, SCRATCH = range(7)
FORWARD, GRADIENT, BACKWARD = 1, 2, 4
# grid constants (float64 array (L + 1, 6)): rounded_product.grid_constants of the forward, gradient and backward
# products' inner sizes, as (base, limit) pairs
ABORT = -1  # a grid product that rounded_product would hand to einsum or to fractions: the caller runs the plan

# no fast-math: no fused multiply-add, no reordered sums; numpy's error model: x / 0 is inf, not an exception.
# Cached on disk by kernels/disk_cache.py, under a stamp of every kernel module (not numba's cache=True)
jit = numba.njit(fastmath=False, error_model="numpy", nogil=True)
