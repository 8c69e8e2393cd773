"""A forward pass for weights of any finite size, for pictures: a tanh of a huge number is ±1, never NaN.

After a divergence the weights can be 1e142 (lesson 7 keeps the last finite ones). In float32, where
heatmaps are drawn, they are infinite, and inf * 0 or inf - inf make NaN: a blank or one-coloured plot
where the weights describe a clear straight boundary. Here each neuron's weight row is divided by a
power of two that brings it to at most 1 (exact), the sum is taken in float64 (no overflow, no
inf - inf), and only then multiplied back: z may become ±inf, which tanh, sigmoid and step turn
into their saturated values with the right sign.
"""

from __future__ import annotations

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine.mlp import MLP


def needs_scaling(params: np.ndarray, dtype: np.dtype) -> bool:
    """Whether weights this large would overflow a plain forward pass in `dtype`."""
    limit = np.finfo(dtype).max ** 0.5 / 1e3  # a product of two such numbers, summed, stays finite
    return bool(np.abs(params).max(initial=0.0) > limit)


def forward_scaled(net: MLP, x_aug: np.ndarray) -> list[np.ndarray]:
    """Every layer's activations, float64 (n_l, batch), inputs first; x_aug is (n_0 + 1, batch) with a ones row."""
    a_aug = np.asarray(x_aug, np.float64)
    outs = [a_aug[:-1]]
    for k in range(net.n_layers):
        W = net.W[k].astype(np.float64)
        biggest = np.abs(W).max(axis=1, keepdims=True)  # (n_out, 1)
        _, exponent = np.frexp(np.where(biggest > 0.0, biggest, 1.0))
        scaled = np.ldexp(W, -exponent)  # every |w| < 1, exactly
        with np.errstate(over="ignore", invalid="ignore"):
            z = np.ldexp(scaled @ a_aug, exponent)  # may be ±inf: the sign survives
            a = np.empty_like(z)
            act.apply(net.activations[k], z, a, reproducible=False)
        outs.append(a)
        a_aug = np.vstack([a, np.ones((1, a.shape[1]))])
    return outs
