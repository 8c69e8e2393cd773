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

The parts: `conventions.py` (codes, the layout, `jit`), `exact_sums.py`, `grid_products.py`, `step.py`; and
`disk_cache.py`, which keys numba's on-disk cache of every kernel on all of them at once.
"""

from __future__ import annotations

from nnviz.engine.kernels import disk_cache
from nnviz.engine.kernels.conventions import (
    ABORT,
    BACKWARD,
    CODE,
    CODES,
    FACTOR,
    FORWARD,
    GRADIENT,
    GRID,
    OFFSET,
    ROW,
    SCRATCH,
    SIZE,
)
from nnviz.engine.kernels.exact_sums import bit_range, exact_sum
from nnviz.engine.kernels.grid_products import carve, grid_product
from nnviz.engine.kernels.step import adam, forward, train_step

STAMP = disk_cache.cache_kernels(__name__)  # every kernel module is loaded: one stamp of them all

__all__ = ["ABORT", "BACKWARD", "CODE", "CODES", "FACTOR", "FORWARD", "GRADIENT", "GRID", "OFFSET", "ROW", "SCRATCH",
           "SIZE", "STAMP", "adam", "bit_range", "carve", "exact_sum", "forward", "grid_product", "train_step"]
