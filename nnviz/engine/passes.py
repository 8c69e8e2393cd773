"""The forward and backward passes of an MLP, written as plan calls (see `engine/plan.py`).

These builders are the only place the passes are spelled out: `MLP.forward_into`
and `MLP.backward_into` run the plans they make, and the trainer compiles them
(with the optimizer's update) into its straight-line step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import losses
from nnviz.engine.plan import Plan

if TYPE_CHECKING:
    from nnviz.engine.network import MLP, Workspace


def forward_calls(plan: Plan, net: MLP, ws: Workspace, x_aug: Any) -> None:
    """Add the forward pass of x_aug (n_0 + 1, batch), ones row last, into ws's buffers."""
    prev = x_aug
    for k in range(net.n_layers):
        plan.add(np.dot, net.W[k], prev, ws.z[k + 1])  # (n_out, n_in + 1) @ (n_in + 1, batch)
        plan.add(act.apply_function(net.activations[k]), ws.z[k + 1], ws.a[k + 1])
        prev = ws.a_aug[k + 1]


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
    net: MLP,
    ws: Workspace,
    x_rows: Any,
    y: Any,
    loss: str,
    grad_views: list[np.ndarray],
    scale: float,
) -> None:
    """Add the backward pass after forward_calls: scale * summed gradients into grad_views, deltas into ws.

    x_rows is the input sample-major (batch, n_0 + 1), y the targets (n_L, batch).
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
    for k in range(L - 1, -1, -1):
        inp = x_rows if k == 0 else ws.a_aug[k].T  # (batch, n_in + 1)
        plan.add(np.dot, ws.delta[k + 1], inp, grad_views[k])  # (n_out, n_in + 1)
        if bounded and k == L - 1:
            plan.add_result(grad_views[k].item, 0, grad_views[k].shape[1] - 1)
        if k:
            # W^T delta with the bias column included lands in the spare row of d_aug
            plan.add(np.dot, net.W[k].T, ws.delta[k + 1], ws.d_aug[k])  # (n_in + 1, batch)
            if k in ws.factor_layers:
                plan.add(np.multiply, ws.delta[k], ws.s[k], ws.delta[k])
