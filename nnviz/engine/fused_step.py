"""The training step and forward pass of a reproducible network as one compiled call (engine/kernels/).

`build` returns a step with the trainer's signature, bit-identical to the
compiled numpy plan of `passes.py`, for float64 networks whose activations are
tanh, sigmoid, linear, ReLU or leaky ReLU (softmax at the output), with the mse loss (bce after a
sigmoid, cross-entropy after a softmax). Products the plan sums with the
fixed-order einsum are summed in einsum's order; products the plan sends
through BLAS and the grid (`rounded_product.py`) are rounded to the same grid
(`kernels/`). Anything else returns None and the trainer compiles the
numpy plan; a step whose operands the grid cannot take (inf, NaN, extreme
exponents) runs the plan for that step.
`forward_into` does the same for `MLP.forward_into` (the per-epoch evaluation).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol, cast

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp
from nnviz.engine.optimizers import Optimizer
from nnviz.engine.passes import PassNetwork
from nnviz.engine.plan import Plan, compile_plan
from nnviz.engine.rounding_grid import near_boundary
from nnviz.engine.workspace import Workspace

log = logging.getLogger(__name__)
# a forward pass through the kernel saves numpy's calls (some 10 us a layer) but calls libm's tanh and exp one
# value at a time (some 4 ns a value slower than numpy's loops, measured on an AMD EPYC with numpy 2.4): it is
# used up to this many rounded values per layer (spiral 6x8: 430 points; the circle's 4-2: 1,280)
FORWARD_VALUES_PER_LAYER = 3000


class KernelNetwork(PassNetwork, Protocol):
    """What the kernels read of a network besides the passes' needs (`nnviz.engine.mlp.MLP` has it)."""

    params: np.ndarray
    offsets: np.ndarray


StepFn = Callable[[np.ndarray, np.ndarray, np.ndarray, float], float]
# kernel, layout, grid constants, first rows, raw values, grid scratch
ForwardKernel = tuple[Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, ...] | None]
ACTIVATIONS = ("tanh", "sigmoid", "linear", "relu", "leaky_relu", "softmax")  # the kernel's CODES
KERNELS = "nnviz.engine.kernels"  # the compiled module, loaded by the first step that uses it


def _forward_applies(net: KernelNetwork, batch: int) -> bool:
    """Whether the kernel can make this network's forward pass of `batch` columns (shapes and names only)."""
    if not net.reproducible or net.dtype != np.float64:
        return False
    if any(name not in ACTIVATIONS for name in net.activations):
        return False
    return not (net.activations[-1] == "softmax" and batch == 1 and net.sizes[-1] >= 8)  # numpy sums it pairwise


def applies(net: KernelNetwork, loss: str, batch: int) -> bool:
    """Whether a step of this network, loss and batch size can be the one compiled call (shapes and names only)."""
    return loss in ("mse", "bce", "cross_entropy") and _forward_applies(net, batch)


def _grid(kernels: Any, net: KernelNetwork, layout: np.ndarray,
          batch: int) -> tuple[np.ndarray, tuple[Any, ...] | None]:
    """Mark in layout the products the plan sends through BLAS and the grid, exactly as passes.py decides
    (forward W @ a, gradient delta @ a^T, backward W^T @ delta); returns their constants and the scratch
    (None when there is none: the kernel is then compiled without the grid code, 3-4 times faster)."""
    consts = np.zeros((net.n_layers + 1, 6))
    flat = 0
    widest = inner = tallest = 1
    for k, (n_out, width) in enumerate(net.shapes):
        products = {  # bit: (its constants' column, the product's shape m x inner @ inner x n)
            kernels.FORWARD: (0, (n_out, width, batch)),
            kernels.GRADIENT: (2, (n_out, batch, width)),
            kernels.BACKWARD: (4, (width, n_out, batch)),
        }
        bits = size = 0
        for bit, (column, (m, inner_k, n)) in products.items():
            if (bit == kernels.BACKWARD and k == 0) or not rp.applies(m, inner_k, n, net.dtype):
                continue
            bits |= bit
            consts[k + 1, column], consts[k + 1, column + 1] = rp.grid_constants(inner_k)
            # its operand b (inner, n padded to 4) and sums (m, n padded), after them W^T for the backward product
            pieces = [inner_k * _padded(n), m * _padded(n)] + ([width * n_out] if bit == kernels.BACKWARD else [])
            size = max(size, sum(_padded(piece) for piece in pieces))
            widest, inner, tallest = max(widest, n), max(inner, inner_k), max(tallest, m)
        layout[k + 1, kernels.GRID], layout[k + 1, kernels.SCRATCH] = bits, flat
        flat += size
    if not layout[:, kernels.GRID].any():
        return consts, None
    scratch = (_aligned(max(flat, 1)), np.zeros(tallest), np.zeros(2 * inner), np.zeros(2 * inner + 1),
               np.zeros(widest, np.int64), np.zeros(widest, np.int64))
    return consts, scratch


def _padded(n: int) -> int:
    """n rounded up to a multiple of 4 (32 bytes of float64)."""
    return -(-n // 4) * 4


def _aligned(size: int) -> np.ndarray:
    """Zeros whose first element lies on a 64-byte boundary (the kernel's sums run twice as fast on aligned rows)."""
    raw = np.zeros(size + 8)
    first = (-raw.ctypes.data % 64) // raw.itemsize
    return raw[first : first + size]


_missing: list[str] = []  # why the kernels could not be loaded, once that has been tried and failed


def _kernels() -> Any:
    """engine/kernels/, or None where numba cannot be loaded (then the numpy plan runs, with the same bits)."""
    if _missing:
        return None
    try:  # lazy: numba takes 0.4 s and some 200 MB of address space; only a process that trains a small net needs it
        from nnviz.engine import kernels
    except (ImportError, OSError, MemoryError) as error:  # not installed, or LLVM's library cannot be mapped
        _missing.append(str(error))  # (under `ulimit -v`, for example): not tried again in this process
        log.info("the one-call training step is off (%s); the numpy plan runs instead", error)
        return None
    return kernels


def _layout(kernels: Any, net: KernelNetwork, rows: np.ndarray, loss: str | None) -> np.ndarray:
    """The kernel's layout: per neuron layer its size, weight offset, first row in the stacks, activation code
    and whether its delta is multiplied by f'(z) (with loss None, for a forward pass, every f' counts)."""
    L = net.n_layers
    layout = np.zeros((L + 1, 7), np.int64)
    layout[:, kernels.SIZE] = net.sizes
    for layer in range(1, L + 1):
        name = net.activations[layer - 1]
        has_factor = act.DERIVATIVE_FACTOR.get(name) is not None
        if layer == L and loss is not None:
            has_factor = has_factor and losses.uses_output_factor(loss)
        layout[layer, kernels.OFFSET] = net.offsets[layer - 1]
        layout[layer, kernels.ROW] = rows[layer - 1]
        layout[layer, kernels.CODE] = kernels.CODES[name]
        layout[layer, kernels.FACTOR] = has_factor
    return layout


def _exact(net: KernelNetwork, layer: int, first: int, Z: np.ndarray, A: np.ndarray, R: np.ndarray) -> None:
    """Compute layer `layer`'s values that lie near a grid boundary exactly (reproducible.exactly_rounded);
    its rows start at `first` in the stacks, its raw values are R's first rows."""
    name = net.activations[layer - 1]
    block = slice(first, first + net.sizes[layer])
    shifted = Z[block] - Z[block].max(axis=0) if name == "softmax" else Z[block]  # exp's argument there
    for i, b in zip(*np.nonzero(near_boundary(R[: net.sizes[layer]].view(np.int64))), strict=True):
        z = float(shifted[i, b])
        if name == "tanh":
            A[first + i, b] = rep.exactly_rounded("tanh", z)
        elif name == "sigmoid":  # 1 / (1 + e^-z), as activations.apply_calls writes it
            A[first + i, b] = 1.0 / (rep.exactly_rounded("exp", -z) + 1.0)
        else:
            A[first + i, b] = rep.exactly_rounded("exp", z)
    if name == "softmax":  # the kernel left the exps undivided: divide as activations.py does
        A[block] /= A[block].sum(axis=0)


def forward_into(net: KernelNetwork, ws: Workspace, x_aug: np.ndarray) -> bool:
    """The forward pass of x_aug (ones row last) into ws through the kernel; False (nothing done) when it
    does not apply, and the caller runs the numpy plan."""
    if ws.Z is None or not net.reproducible:  # a forward-only workspace computes in place; numerics can change
        return False
    if ws.fused is None:  # once per workspace (its structure and batch are fixed), once a step loaded the kernels:
        if sys.modules.get(KERNELS) is None:  # a forward pass alone never pays numba's import (0.4 s, ~150 MB); it
            return False  # would land in the window's process before its first paint (the window never trains)
        ws.fused = _forward_kernel(net, ws) or False
    if not ws.fused:
        return False
    kernel, layout, consts, rows, R, scratch = cast(ForwardKernel, ws.fused)
    Z, A = ws.Z, ws.A
    layer = kernel(0, net.params, layout, consts, x_aug, Z, A, R, scratch)
    while layer > 0:
        _exact(net, layer, int(rows[layer - 1]), Z, A, R)
        layer = kernel(layer, net.params, layout, consts, x_aug, Z, A, R, scratch)
    return layer == 0  # else an operand the grid cannot take: the plan runs this pass


def forward_uses_kernel(net: KernelNetwork, batch: int) -> bool:
    """Whether a forward pass of `batch` columns goes through the kernel once it is loaded (cheaper than numpy's
    calls at this size, and a network the kernel can compute)."""
    cheaper = batch * sum(net.sizes[1:]) <= FORWARD_VALUES_PER_LAYER * net.n_layers
    return cheaper and _forward_applies(net, batch)


def _forward_kernel(net: KernelNetwork, ws: Workspace) -> ForwardKernel | None:
    """(the kernel, its layout, each layer's first row in ws's stacks, a buffer of raw values), or None."""
    kernels = _kernels() if forward_uses_kernel(net, ws.batch) else None
    if kernels is None:
        return None
    starts = np.array([b.__array_interface__["data"][0] for b in ws.a_aug[1:]], np.int64)
    rows = (starts - ws.A.__array_interface__["data"][0]) // ws.A.strides[0]
    raw = np.empty((max(net.sizes[1:]), ws.batch))  # one layer's raw f(z) at a time
    layout = _layout(kernels, net, rows, None)
    consts, scratch = _grid(kernels, net, layout, ws.batch)
    return kernels.forward, layout, consts, rows, raw, scratch


def build(net: KernelNetwork, loss: str, optimizer: Optimizer, grad: np.ndarray, batch: int,
          plan_step: Callable[[], StepFn]) -> StepFn | None:
    """The step for one batch size as one compiled call, or None when `applies` says no.

    plan_step makes the numpy plan's step, for a batch whose operands the grid cannot take.
    """
    if not applies(net, loss, batch):
        return None
    kernels = _kernels()
    if kernels is None:
        return None
    sizes = net.sizes
    rows = np.concatenate([[0], np.cumsum(sizes[1:])]).astype(np.int64)
    layout = _layout(kernels, net, rows, loss)
    consts, scratch = _grid(kernels, net, layout, batch)
    stack = (int(rows[-1]), batch)
    Z, A, D = (np.zeros(stack) for _ in range(3))
    R = np.zeros((max(sizes[1:]), batch))  # one layer's raw f(z) at a time
    update = Plan()  # which gradient scale the backward pass applies, and the update unless it is plain SGD
    scale = optimizer.update_calls(update, net.params, grad, 1.0 / batch)
    fused_sgd = optimizer.fusable
    # lr, the output delta's scale, whether to update (plain SGD), the error figure, whether it is bounded
    bounded = act.nan_spreads_to_first_output(net.activations[-1], sizes[-1])
    settings = np.array([0.0, scale, float(fused_sgd), 0.0, float(bounded)])
    after = compile_plan(Plan(update.calls[:1]) if fused_sgd else update, (), name="update")  # plain SGD: count
    kernel, params = kernels.train_step, net.params
    fallback: list[StepFn] = []

    def step(x: np.ndarray, x_rows: np.ndarray, y: np.ndarray, lr: float) -> Any:
        settings[0] = lr
        layer = kernel(0, params, grad, layout, consts, x, x_rows, y, Z, A, R, D, settings, scratch)
        while layer > 0:
            _exact(net, layer, int(rows[layer - 1]), Z, A, R)
            layer = kernel(layer, params, grad, layout, consts, x, x_rows, y, Z, A, R, D, settings, scratch)
        if layer == kernels.ABORT:  # nothing was updated yet: the plan takes this step
            if not fallback:
                fallback.append(plan_step())
            return fallback[0](x, x_rows, y, lr)
        adam = None if fused_sgd else optimizer.plain_adam(params)
        if adam is not None:  # Adam's passes in one call
            kernels.adam(params, grad, *adam)
        else:
            after()  # plain SGD (its update was in the kernel): count the step; other optimizers: their update
        return float(settings[3])

    return step
