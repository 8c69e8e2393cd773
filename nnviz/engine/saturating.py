"""A forward pass for weights of any finite size, for pictures: a tanh of a huge number is ±1, never NaN.

After a divergence the weights can be 1e142 (lesson 7 keeps the last finite ones). In float32, where
heatmaps are drawn, they are infinite, and inf * 0 or inf - inf make NaN: a blank or one-coloured plot
where the weights describe a clear straight boundary. Here each neuron's weight row is divided by a
power of two that brings it to at most 1 (exact), the sum is taken in float64 (no overflow, no
inf - inf), and only then multiplied back: z may become ±inf, which tanh, sigmoid and step turn
into their saturated values with the right sign.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine.mlp import MLP


@functools.cache
def _limits(dtype: np.dtype) -> tuple[float, float, float]:
    """The largest weight whose products, summed, stay finite in `dtype`; the largest |z|; its log."""
    largest = float(np.finfo(dtype).max)
    return largest**0.5 / 1e3, largest / 1e3, math.log(largest / 1e3)


def needs_scaling(net: MLP, dtype: np.dtype, input_bound: float = 1.0) -> bool:
    """Whether a plain forward pass of `net` in `dtype`, on inputs within ±input_bound, could overflow.

    Either weights so large that a product of two would, or a bound on every |z| past the type's range:
    |z| <= (n_in + 1) max|w| max(1, max|a|) layer by layer, where a bounded activation (tanh, sigmoid, step,
    softmax) starts again from its range and an unbounded one (ReLU, linear) carries |z| on (ReLU -> ReLU
    with weights of 1e15 reaches 1e46 in the third layer).
    """
    biggest = float(np.abs(net.params).max(initial=0.0))
    weight_limit, limit, log_limit = _limits(dtype)
    if biggest > weight_limit:
        return True
    a_bound = max(1.0, input_bound)  # the ones row is part of every layer's input
    # every layer unbounded, as wide as the widest and with the largest weight: most networks stop here
    widest = max(net.sizes[:-1]) + 1
    if net.n_layers * math.log(max(1.0, widest * biggest)) + math.log(a_bound) < log_limit:
        return False
    layer_max = np.maximum.reduceat(np.abs(net.params), net.offsets[:-1]).tolist()  # max |w| of each layer
    for n_in, w_max, name in zip(net.sizes[:-1], layer_max, net.activations, strict=True):
        z_bound = (n_in + 1) * w_max * a_bound
        if not z_bound < limit:
            return True
        low, high = act.SPECS[name].output_range
        a_bound = max(1.0, -low, high) if math.isfinite(low - high) else max(1.0, z_bound)
    return False


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
