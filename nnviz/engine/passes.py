"""The forward and backward passes of an MLP, written as plan calls (see `engine/plan.py`).

These builders are the only place the passes are spelled out: `MLP.forward_into`
and `MLP.backward_into` run the plans they make, and the trainer compiles them
(with the optimizer's update) into its straight-line step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.engine import reproducible as rep
from nnviz.engine import rounded_product as rp
from nnviz.engine.plan import Plan, run
from nnviz.engine.workspace import Workspace


class PassNetwork(Protocol):
    """What the passes read of a network (`nnviz.engine.mlp.MLP` has it; the network imports this module)."""

    W: list[np.ndarray]
    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    shapes: list[tuple[int, int]]
    dtype: np.dtype

    @property
    def n_layers(self) -> int:
        """The number of weight layers."""

    @property
    def reproducible(self) -> bool:
        """Whether the network computes the same bits on every machine."""


def forward_calls(plan: Plan, net: PassNetwork, ws: Workspace, x_aug: Any, careful: bool = False) -> None:
    """Add the forward pass of x_aug (n_0 + 1, batch), ones row last, into ws's buffers.

    A reproducible network rounds its tanh and sigmoid values and checks them
    all at the end (`reproducible.Verifier`); careful checks each on its own.
    """
    prev = x_aug
    reproducible = net.reproducible
    stacked = reproducible and not careful and bool(ws.raw)
    for k in range(net.n_layers):
        # (n_out, n_in + 1) @ (n_in + 1, batch)
        plan.add(product_function(net, prev, ws.batch, k), net.W[k], prev, ws.z[k + 1])
        name = net.activations[k]
        if stacked and name in act.ROUNDED:
            plan.extend(act.rounded_calls(name, ws.z[k + 1], ws.raw[k + 1], ws.a[k + 1]))
        else:
            plan.extend(act.apply_calls(name, ws.z[k + 1], ws.a[k + 1], reproducible))
        prev = ws.a_aug[k + 1]
    if stacked and any(name in act.ROUNDED for name in net.activations):

        def redo(x: np.ndarray) -> None:
            again = Plan()
            forward_calls(again, net, ws, x, careful=True)
            run(again)

        plan.add(rep.Verifier(ws.R, redo), x_aug)


def product_function(net: PassNetwork, b: Any, batch: int, k: int) -> Callable[..., Any]:
    """The product f(W[k], b, out) a network's passes use: BLAS when fast; when reproducible, BLAS rounded
    to a grid for large products (engine/rounded_product.py), else the fixed-order einsum.

    b is an array or a plan slot (the trainer's batches are contiguous), with `batch` columns.
    """
    if not net.reproducible:
        return np.dot
    n_out, n_in = net.shapes[k]
    if rp.applies(n_out, n_in, batch, net.dtype):
        return rp.product
    return rep.matmul if isinstance(b, np.ndarray) and not b.flags.c_contiguous else rep.matmul_contiguous


def factor_calls(plan: Plan, ws: Workspace, with_output: bool) -> None:
    """Add the calls writing f'(z) of every hidden layer (and of the output when asked) into ws.S."""
    acts = ws.activations
    if ws.uniform_factor and (not with_output or acts[-1] == ws.uniform_factor):
        # one call over every layer's stacked rows; rows of other layers are never read
        plan.add(act.factor_function(ws.uniform_factor), ws.A, ws.S)
        return
    for layer in ws.factor_layers:
        if layer < len(acts) or with_output:
            plan.add(act.factor_function(acts[layer - 1]), ws.a[layer], ws.s[layer])


def backward_calls(
    plan: Plan,
    net: PassNetwork,
    ws: Workspace,
    x_aug: Any,
    x_rows: Any,
    y: Any,
    loss: str,
    grad_views: list[np.ndarray],
    scale: float,
) -> None:
    """Add the backward pass after forward_calls: scale * summed gradients into grad_views, deltas into ws.

    x_aug is the input neuron-major (n_0 + 1, batch) and x_rows the same sample-major (batch, n_0 + 1),
    y the targets (n_L, batch).
    The plan's result is a number that is non-finite exactly when the batch's
    loss is: the summed squared output error (see `losses.output_delta_calls`),
    or, after a bounded output activation, where only a NaN output can make the
    loss non-finite, the first output's bias gradient: a sum over the batch of
    deltas, NaN exactly when an output is (one element read, no numpy call).
    """
    L = net.n_layers
    with_output = losses.uses_output_factor(loss) and L in ws.factor_layers
    factor_calls(plan, ws, with_output)
    factor = ws.s[L] if with_output else None
    bounded = act.nan_spreads_to_first_output(net.activations[-1], net.sizes[-1])
    losses.output_delta_calls(plan, loss, ws.a[L], y, factor, ws.delta[L], scale, with_error=not bounded)
    together = _same_shape_run(net, ws, grad_views) if net.reproducible else None
    if together is not None and _rounded(net, grad_views[together[0]].shape[0], ws.batch, net.sizes[together[0]] + 1):
        together = None  # large batches: each gradient through BLAS and the grid instead
    for k in range(L - 1, -1, -1):
        if together is not None and together[0] <= k <= together[1]:
            if k == together[0]:  # every delta of the run is known now: their gradients in one call
                plan.add(rep.batched_nt, *_run_operands(ws, grad_views, together))
        elif _rounded(net, grad_views[k].shape[0], ws.batch, grad_views[k].shape[1]):
            plan.add(rp.product_nt, ws.delta[k + 1], x_aug if k == 0 else ws.a_aug[k], grad_views[k])
        elif net.reproducible:  # delta @ a_aug^T, with a_aug neuron-major: contiguous operands, a fixed order
            inp = x_aug if k == 0 else ws.a_aug[k]
            loose = isinstance(inp, np.ndarray) and not inp.flags.c_contiguous
            plan.add(rep.matmul_nt if loose else rep.matmul_nt_contiguous, ws.delta[k + 1], inp, grad_views[k])
        else:  # BLAS multiplies a contiguous sample-major operand faster than a transposed one
            plan.add(np.dot, ws.delta[k + 1], x_rows if k == 0 else ws.a_aug[k].T, grad_views[k])
        if bounded and k == L - 1:
            plan.add_result(grad_views[k].item, 0, grad_views[k].shape[1] - 1)
        if k:
            # W^T delta with the bias column included lands in the spare row of d_aug
            if _rounded(net, net.shapes[k][1], net.shapes[k][0], ws.batch):
                plan.add(rp.product_tn, net.W[k], ws.delta[k + 1], ws.d_aug[k])
            elif net.reproducible:
                plan.add(rep.matmul_tn_contiguous, net.W[k], ws.delta[k + 1], ws.d_aug[k])  # (n_in + 1, batch)
            else:
                plan.add(np.dot, net.W[k].T, ws.delta[k + 1], ws.d_aug[k])
            if k in ws.factor_layers:
                plan.add(np.multiply, ws.delta[k], ws.s[k], ws.delta[k])


def _rounded(net: PassNetwork, m: int, k: int, n: int) -> bool:
    """Whether a reproducible network's (m x k) @ (k x n) product goes through BLAS and the grid."""
    return net.reproducible and rp.applies(m, k, n, net.dtype)


def _same_shape_run(net: PassNetwork, ws: Workspace, grad_views: list[np.ndarray]) -> tuple[int, int] | None:
    """The longest run k0..k1 of hidden-to-hidden weight layers (1 <= k <= L - 2) of one width whose
    gradient views lie end to end in memory: their gradients can be one batched product."""
    best: tuple[int, int] | None = None
    k = 1
    while k <= net.n_layers - 2:
        if net.sizes[k + 1] != net.sizes[k]:
            k += 1
            continue
        end = k
        while end + 1 <= net.n_layers - 2 and net.sizes[end + 2] == net.sizes[k] and _adjacent(grad_views, end):
            end += 1
        if end > k and (best is None or end - k > best[1] - best[0]):
            best = (k, end)
        k = end + 1
    return best


def _adjacent(views: list[np.ndarray], k: int) -> bool:
    a, b = views[k], views[k + 1]
    start = a.__array_interface__["data"][0]
    return bool(a.flags.c_contiguous and b.flags.c_contiguous and a.shape == b.shape
                and b.__array_interface__["data"][0] == start + a.nbytes)


def _run_operands(ws: Workspace, grad_views: list[np.ndarray], run: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """(deltas (count, m, batch), inputs (count, m + 1, batch), gradients (count, m, m + 1)) of a run, as views."""
    k0, k1 = run
    count = k1 - k0 + 1
    m, batch = grad_views[k0].shape[0], ws.batch
    rows = m + 1  # every neuron layer's block in the stacks: m rows and the ones (or spare) row
    d_start = int(ws.d_aug[k0 + 1].__array_interface__["data"][0] - ws.D.__array_interface__["data"][0])
    a_start = int(ws.a_aug[k0].__array_interface__["data"][0] - ws.A.__array_interface__["data"][0])
    d_row, a_row = d_start // ws.D.strides[0], a_start // ws.A.strides[0]
    deltas = ws.D[d_row : d_row + count * rows].reshape(count, rows, batch)[:, :m]
    inputs = ws.A[a_row : a_row + count * rows].reshape(count, rows, batch)
    g = grad_views[k0]
    grads = np.lib.stride_tricks.as_strided(g, (count, m, rows), (g.nbytes, *g.strides))
    return deltas, inputs, grads
