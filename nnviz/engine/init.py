"""Weight initialization, drawing only from the Generator that is passed in."""

from __future__ import annotations

import numpy as np

from nnviz.engine.mlp import MLP
from nnviz.errors import ConfigError, unknown_name

INITS: tuple[str, ...] = ("uniform", "xavier", "he", "zero")


def initialize(
    net: MLP,
    rng: np.random.Generator,
    method: str = "uniform",
    scale: float = 0.5,
    bias: float | None = None,
) -> None:
    """Fill net's weights and biases in place.

    - uniform: weights ~ U(-scale, scale); biases = `bias` (default 0.1, as in
      TensorFlow Playground), or U(-scale, scale) when bias is nan.
    - xavier: weights ~ U(±sqrt(6 / (fan_in + fan_out))), biases = `bias` or 0.
    - he: weights ~ N(0, sqrt(2 / fan_in)), biases = `bias` or 0.
    - zero: everything 0 (a classic demonstration of symmetry: hidden units stay equal).
    Layers are drawn in order, first weights then biases, so the same seed gives
    bit-identical parameters.
    """
    method = method.strip().lower()
    if method not in INITS:
        raise ConfigError(unknown_name("initialization", method, INITS))
    if not np.isfinite(scale) or scale < 0:
        raise ConfigError(f"the initialization scale must be a finite number >= 0, got {scale}")
    for W in net.W:
        fan_out, fan_in = W.shape[0], W.shape[1] - 1
        shape = (fan_out, fan_in)
        if method == "uniform":
            w = rng.uniform(-scale, scale, size=shape)
            default_bias = 0.1
        elif method == "xavier":
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-limit, limit, size=shape)
            default_bias = 0.0
        elif method == "he":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
            default_bias = 0.0
        else:
            w = np.zeros(shape)
            default_bias = 0.0
        W[:, :-1] = w
        b = default_bias if bias is None else bias
        if b is not None and np.isnan(b):
            W[:, -1] = rng.uniform(-scale, scale, size=fan_out)
        else:
            W[:, -1] = 0.0 if method == "zero" and bias is None else b
