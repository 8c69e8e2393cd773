"""What every network JSON reader and writer shares: the parts of a network, and value checks.

Readers turn a parsed JSON object into `Parts` (sizes, squashes, weight
matrices, biases, training settings) and raise ModelFormatError, with a
one-line message saying what is wrong and what is supported, for anything else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import isfinite
from typing import TYPE_CHECKING, Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.engine import MLP
from nnviz.errors import ModelFormatError

if TYPE_CHECKING:
    from nnviz.api.network import Network


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


def parts_of(network: Network) -> Parts:
    """The Parts of a network, with its current weights."""
    from nnviz.api.bridge import parts

    mlp, squashes, in_bias, in_squash = parts(network)
    return Parts(
        sizes=mlp.sizes,
        squashes=squashes,
        weights=[mlp.weights(k).copy() for k in range(1, mlp.n_layers + 1)],
        biases=[mlp.biases(k).copy() for k in range(1, mlp.n_layers + 1)],
        in_bias=in_bias,
        in_squash=in_squash,
        rule=network.rule,
        learning_rate=network.learning_rate,
        momentum=network.momentum,
        iterations=network.iterations,
    )


def fail(kind: str, message: str) -> ModelFormatError:
    """A ModelFormatError for a file of `kind` (e.g. "Synaptic JSON")."""
    return ModelFormatError(f"{kind}: {message}")


def number(value: Any, where: str, kind: str) -> float:
    """A finite JSON number, or ModelFormatError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(kind, f"{where} must be a number, got {_show(value)}")
    try:
        v = float(value)
    except OverflowError:  # an int beyond the float range
        v = float("inf")
    if not isfinite(v):
        raise fail(kind, f"{where} must be a finite number, got {_show(value)}")
    return v


def whole(value: Any, where: str, kind: str, low: int = 0) -> int:
    """A JSON whole number >= low, or ModelFormatError."""
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise fail(kind, f"{where} must be a whole number >= {low}, got {_show(value)}")
    return int(value)


def obj(value: Any, where: str, kind: str) -> dict[str, Any]:
    """A JSON object, or ModelFormatError."""
    if not isinstance(value, dict):
        raise fail(kind, f"{where} must be a JSON object, got {_show(value)}")
    return value


def array(value: Any, where: str, kind: str, length: int | None = None) -> list[Any]:
    """A JSON array (of a given length), or ModelFormatError."""
    if not isinstance(value, list):
        raise fail(kind, f"{where} must be a JSON array, got {_show(value)}")
    if length is not None and len(value) != length:
        raise fail(kind, f"{where} must have {length} entries, got {len(value)}")
    return value


def numbers(value: Any, where: str, kind: str, length: int) -> list[float]:
    """A JSON array of `length` finite numbers, or ModelFormatError."""
    items = array(value, where, kind, length)
    return [number(v, f"{where}[{i}]", kind) for i, v in enumerate(items)]


def sizes_of(value: Any, kind: str) -> tuple[int, ...]:
    """Layer sizes: at least two whole numbers >= 1."""
    items = array(value, "sizes", kind)
    if len(items) < 2:
        raise fail(kind, f"sizes must list at least an input and an output layer, got {items}")
    return tuple(whole(n, f"sizes[{i}]", kind, 1) for i, n in enumerate(items))


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null or missing)"
    try:
        text = repr(value)
    except ValueError:  # an int with more digits than Python will print
        text = "(too many digits)"
    return f"{type(value).__name__} {text[:40]}{'...' if len(text) > 40 else ''}"
