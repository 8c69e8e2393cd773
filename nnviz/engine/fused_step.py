"""The training step of a small reproducible network as one compiled call (engine/kernels.py), when it can be.

`build` returns a step with the trainer's signature, bit-identical to the
compiled numpy plan of `passes.py`, for float64 networks whose activations are
tanh, sigmoid or linear, with the mse loss (or bce after a sigmoid), whose
products all go through the fixed-order einsum (none large enough for BLAS on
a grid). Anything else returns None and the trainer compiles the numpy plan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp
from nnviz.engine.mlp import MLP
from nnviz.engine.optimizers import Optimizer
from nnviz.engine.plan import Plan, compile_plan

log = logging.getLogger(__name__)
StepFn = Callable[[np.ndarray, np.ndarray, np.ndarray, float], float]
ACTIVATIONS = ("tanh", "sigmoid", "linear")  # the kernel's CODES
_EXACT_NAME = {"tanh": "tanh", "sigmoid": "exp"}


def applies(net: MLP, loss: str, batch: int) -> bool:
    """Whether a step of this network, loss and batch size can be the one compiled call (shapes and names only)."""
    if not net.reproducible or net.dtype != np.float64 or loss not in ("mse", "bce"):
        return False
    if any(name not in ACTIVATIONS for name in net.activations):
        return False
    for n_out, width in net.shapes:  # forward W @ a, gradient delta @ a^T, backward W^T @ delta
        if any(rp.applies(m, k, n, net.dtype) for m, k, n in
               ((n_out, width, batch), (n_out, batch, width), (width, n_out, batch))):
            return False
    return True


def build(net: MLP, loss: str, optimizer: Optimizer, grad: np.ndarray, batch: int) -> StepFn | None:
    """The step for one batch size as one compiled call, or None when `applies` says no."""
    if not applies(net, loss, batch):
        return None
    try:  # lazy: numba takes 0.4 s and some 150 MB; only a process that trains a small network needs it
        from nnviz.engine import kernels
    except ImportError as error:  # a build without numba: the numpy plan gives the same bits, slower
        log.info("the one-call training step is off (%s); the numpy plan runs instead", error)
        return None

    sizes, L = net.sizes, net.n_layers
    rows = np.concatenate([[0], np.cumsum(sizes[1:])]).astype(np.int64)
    layout = np.zeros((L + 1, 5), np.int64)
    layout[:, kernels.SIZE] = sizes
    for layer in range(1, L + 1):
        name = net.activations[layer - 1]
        has_factor = act.DERIVATIVE_FACTOR.get(name) is not None
        if layer == L:
            has_factor = has_factor and losses.uses_output_factor(loss)
        layout[layer, kernels.OFFSET] = net.offsets[layer - 1]
        layout[layer, kernels.ROW] = rows[layer - 1]
        layout[layer, kernels.CODE] = kernels.CODES[name]
        layout[layer, kernels.FACTOR] = has_factor
    stack = (int(rows[-1]), batch)
    Z, A, R, D = (np.zeros(stack) for _ in range(4))
    update = Plan()  # which gradient scale the backward pass applies, and the update unless it is plain SGD
    scale = optimizer.update_calls(update, net.params, grad, 1.0 / batch)
    fused_sgd = optimizer.fusable
    # lr, the output delta's scale, whether to update (plain SGD), the error figure, whether it is bounded
    bounded = act.nan_spreads_to_first_output(net.activations[-1], sizes[-1])
    settings = np.array([0.0, scale, float(fused_sgd), 0.0, float(bounded)])
    after = compile_plan(Plan(update.calls[:1]) if fused_sgd else update, (), name="update")  # plain SGD: count
    kernel, params = kernels.train_step, net.params

    def exact(layer: int) -> None:
        """Compute layer `layer`'s values that lie near a grid boundary exactly (reproducible.exactly_rounded)."""
        name = net.activations[layer - 1]
        first = int(rows[layer - 1])
        block = slice(first, first + sizes[layer])
        for i, b in zip(*np.nonzero(rep.near_boundary(R[block].view(np.int64))), strict=True):
            z = float(Z[first + i, b])
            if name == "tanh":
                A[first + i, b] = rep.exactly_rounded("tanh", z)
            else:  # sigmoid: 1 / (1 + e^-z), as activations.apply_calls writes it
                A[first + i, b] = 1.0 / (rep.exactly_rounded("exp", -z) + 1.0)

    def step(x: np.ndarray, x_rows: np.ndarray, y: np.ndarray, lr: float) -> Any:
        settings[0] = lr
        layer = kernel(0, params, grad, layout, x, y, Z, A, R, D, settings)
        while layer:
            exact(layer)
            layer = kernel(layer, params, grad, layout, x, y, Z, A, R, D, settings)
        after()  # plain SGD (its update was in the kernel): count the step; other optimizers: their update
        return float(settings[3])

    return step
