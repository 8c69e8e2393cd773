"""Straight-line training steps generated for one network layout and batch size.

Small networks are limited by the cost of each numpy call (about 0.5 us), not by
arithmetic, so the Python around the calls matters. As Synaptic does for
JavaScript, we generate the source of one training step with every buffer bound
as a local name: no loops, no list indexing, no attribute lookups. The step does
the same operations, in the same order, as `MLP.forward_into` and
`MLP.backward_into`, so it gives bit-identical results (tests check this).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine.network import MLP, Workspace

StepFn = Callable[[np.ndarray, np.ndarray, np.ndarray, float, float], None]



def compile_step(
    net: MLP, ws: Workspace, loss: str, grad: np.ndarray, grad_views: list[np.ndarray], inline_sgd: bool
) -> StepFn:
    """Return step(x_aug, x_rows, y, scale, lr): forward, then scale * summed gradients into grad_views.

    x_aug is (n_0 + 1, batch) with a ones row last, x_rows the same values
    sample-major and contiguous (batch, n_0 + 1), y is (n_L, batch); all must
    have the workspace's batch size. With inline_sgd the step also does the
    plain SGD update params -= lr * scale * sum_grad, and leaves the summed
    gradient (scale not applied) in `grad`; otherwise `lr` is ignored.
    """
    L = net.n_layers
    env: dict[str, object] = {"dot": np.dot, "tanh": np.tanh, "subtract": np.subtract, "multiply": np.multiply}
    lines = ["def step(x, x_rows, y, scale, lr):"]
    # forward
    for k in range(L):
        env[f"W{k}"] = net.W[k]
        env[f"z{k + 1}"] = ws.z[k + 1]
        env[f"a{k + 1}"] = ws.a[k + 1]
        env[f"aa{k + 1}"] = ws.a_aug[k + 1]
        env[f"aaT{k + 1}"] = ws.a_aug[k + 1].T
        env[f"WT{k}"] = net.W[k].T
        env[f"G{k}"] = grad_views[k]
        env[f"d{k + 1}"] = ws.delta[k + 1]
        env[f"da{k + 1}"] = ws.d_aug[k + 1]
        env[f"s{k + 1}"] = ws.s[k + 1]
        prev = "x" if k == 0 else f"aa{k}"
        lines.append(f"    dot(W{k}, {prev}, z{k + 1})")
        name = net.activations[k]
        if name == "tanh":
            lines.append(f"    tanh(z{k + 1}, a{k + 1})")
        else:
            env[f"f{k + 1}"] = act._APPLY[name]
            lines.append(f"    f{k + 1}(z{k + 1}, a{k + 1})")
    # derivative factors, as Workspace.compute_factors does
    use_output_factor = loss == "mse" and L in ws.factor_layers
    env["A"], env["S"] = ws.A, ws.S
    if ws.uniform_factor and (not use_output_factor or net.activations[-1] == ws.uniform_factor):
        env["factor_all"] = act.DERIVATIVE_FACTOR[ws.uniform_factor]
        lines.append("    factor_all(A, S)")
    else:
        for layer in ws.factor_layers:
            if layer < L or use_output_factor:
                env[f"factor{layer}"] = act.DERIVATIVE_FACTOR[net.activations[layer - 1]]
                lines.append(f"    factor{layer}(a{layer}, s{layer})")
    # output delta, as losses.output_delta does
    lines.append(f"    subtract(a{L}, y, d{L})")
    if use_output_factor:
        lines.append(f"    multiply(d{L}, s{L}, d{L})")
    if not inline_sgd:
        lines.append("    if scale != 1.0:")
        lines.append(f"        multiply(d{L}, scale, d{L})")
    # backward
    for k in range(L - 1, -1, -1):
        inp = "x_rows" if k == 0 else f"aaT{k}"
        lines.append(f"    dot(d{k + 1}, {inp}, G{k})")
        if k:
            lines.append(f"    dot(WT{k}, d{k + 1}, da{k})")
            if k in ws.factor_layers:
                lines.append(f"    multiply(d{k}, s{k}, d{k})")
    if inline_sgd:
        env["P"], env["G"], env["T"] = net.params, grad, np.empty_like(grad)
        lines.append("    multiply(G, lr * scale, T)")
        lines.append("    subtract(P, T, P)")
    source = "\n".join(lines) + "\n"
    exec(compile(source, f"<nnviz step {net.sizes} batch {ws.batch}>", "exec"), env)
    step = env["step"]
    step.source = source  # type: ignore[attr-defined]
    return step  # type: ignore[return-value]
