"""The memory estimate's scratch arrays (io/memory.py) bound what a reproducible pass allocates on the way."""

from __future__ import annotations

import tracemalloc

import numpy as np

from nnviz.engine import MLP, initialize
from nnviz.io import memory


def test_a_large_reproducible_pass_stays_within_the_estimated_scratch():
    sizes = (2, 48, 48, 48, 1)
    points = 4000
    net = MLP(sizes, "tanh")
    initialize(net, np.random.default_rng(0))
    x = net.augment(np.random.default_rng(1).uniform(-4, 4, (points, 2)))
    ws = net.workspace(points)
    net.forward_into(ws, x)  # the workspace exists before the measurement
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        net.forward_into(ws, x)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    budget = memory.SCRATCH_ARRAYS * (max(sizes) + 1) * points * 8
    assert (max(sizes) + 1) * points * 8 < peak <= budget  # some scratch is made, and no more than estimated
