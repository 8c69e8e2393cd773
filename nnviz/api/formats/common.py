"""What every network JSON reader and writer shares: the parts of a network, and layer sizes.

Readers turn a parsed JSON object into `Parts` (sizes, squashes, weight
matrices, biases, training settings) and raise ModelFormatError, with a
one-line message saying what is wrong and what is supported, for anything else;
their value checks come from the validator kit (`nnviz.io.Checker`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.engine import MLP
from nnviz.io import Checker, caps


@dataclass
class Parts:
    """A network's layout, parameters and training settings, independent of any file format."""

    sizes: tuple[int, ...]
    squashes: list[sq.Squash]  # one per layer after the input
    weights: list[np.ndarray]  # weights[k]: (n_{k+1}, n_k), row j = neuron j's incoming weights
    biases: list[np.ndarray]  # biases[k]: (n_{k+1},)
    in_bias: list[float] | None = None
    in_squash: list[sq.Squash] | None = None
    rule: str = "backprop"
    learning_rate: float = 0.3
    momentum: float = 0.1
    iterations: int = 20000
    extra: dict[str, Any] = field(default_factory=dict)

    def mlp(self) -> MLP:
        """A new engine MLP holding these parameters."""
        net = MLP(self.sizes, [s.engine for s in self.squashes])
        for k, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            net.W[k][:, :-1] = w
            net.W[k][:, -1] = b
        return net


def sizes_of(value: Any, check: Checker) -> tuple[int, ...]:
    """Layer sizes: at least two whole numbers >= 1, within the layer, neuron and parameter caps."""
    items = check.array(value, "sizes")
    if len(items) < 2:
        raise check.fail(f"sizes must list at least an input and an output layer, got {items}")
    caps.check_count(len(items), caps.MAX_LAYERS, "layers", check.error, check.source)
    sizes = tuple(check.whole(n, f"sizes[{i}]", 1) for i, n in enumerate(items))
    caps.check_layers(sizes, check.error, check.source)
    return sizes
