"""The float32 forward pass the live heatmaps are drawn from: tanh and sigmoid through one exp each (issue 23).

A live frame's heatmaps are nearly all tanh: spiral 6x8's output grid alone is about
104² cells x 49 neurons a frame. numpy's float32 tanh costs about twice its exp on this
kind of machine (3 ns against 1.5 ns a value, AVX2), and three more passes of an add or a
divide cost 0.15 ns each. So here

    tanh(z) = 1 - 2 / (1 + exp(2z))      sigmoid(z) = 1 / (1 + exp(-z))

with the factor (2, or -1) folded into the layer's weights and bias: a power of two, so
the products and their sums are the same numbers, exactly scaled. The results differ from
np.tanh by a few float32 roundings of a number of size 1 (about 1e-7, absolute), far
below a colour level (2 / 255); saturated arguments need no care: exp gives inf or 0 and
the formulas give the limits ±1, 0, 1. The pictures only: training and every figure shown
as a number use the engine's own activations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine.workspace import Workspace

WEIGHT_FACTORS = {"tanh": 2.0, "sigmoid": -1.0}  # folded into the weights: the product gives the exp its argument


def display_weights(weights: Sequence[np.ndarray], activations: Sequence[str],
                    out: list[np.ndarray] | None = None) -> list[np.ndarray]:
    """Each layer's (n_out, n_in + 1) weights times its activation's WEIGHT_FACTORS (into `out` when its shapes fit)."""
    if out is None or [o.shape for o in out] != [w.shape for w in weights]:
        out = [np.empty_like(w) for w in weights]
    for w, name, scaled in zip(weights, activations, out, strict=True):
        np.multiply(w, w.dtype.type(WEIGHT_FACTORS.get(name, 1.0)), out=scaled)
    return out


def activate(name: str, z: np.ndarray, out: np.ndarray) -> None:
    """out = the activation of the pre-activation `z` made with display_weights (z and out may be one array)."""
    one = out.dtype.type(1.0)
    if name == "tanh":  # z = 2 x the engine's pre-activation
        np.exp(z, out=out)
        np.add(out, one, out=out)
        np.divide(out.dtype.type(2.0), out, out=out)
        np.subtract(one, out, out=out)
    elif name == "sigmoid":  # z = - the engine's pre-activation
        np.exp(z, out=out)
        np.add(out, one, out=out)
        np.divide(one, out, out=out)
    else:
        act.apply(name, z, out, reproducible=False)


def forward(weights: Sequence[np.ndarray], activations: Sequence[str], ws: Workspace, x_aug: np.ndarray,
            between: Callable[[], None] | None = None) -> None:
    """Every layer's activations of x_aug (n_0 + 1, cells), ones row last, into ws.a (a forward-only Workspace).

    `weights` come from display_weights; callers silence float overflow (np.errstate). `between` is called between
    two layers (the reader gives way there to the user's input: a layer of 64 is ~0.3 ms at 8x64's chunk).
    """
    prev = x_aug
    for k, (w, name) in enumerate(zip(weights, activations, strict=True)):
        if k and between is not None:
            between()
        z = ws.a[k + 1]  # (n_{k+1}, cells): a forward-only workspace's z is its a
        np.dot(w, prev, out=z)
        activate(name, z, z)
        prev = ws.a_aug[k + 1]
