"""Layer: a list of neuron views that project, activate and propagate together (Synaptic's Layer)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from nnviz.api import neuron_ops
from nnviz.api.neuron import Connection, Neuron, NeuronGroup
from nnviz.api.neuron_storage import finite
from nnviz.errors import ConfigError
from nnviz.io import caps


def as_values(values: Any, n: int, what: str) -> list[float]:
    """A list of n floats from a list, tuple, numpy array or (for n == 1) a number; ConfigError otherwise."""
    if isinstance(values, np.ndarray):
        values = values.ravel().tolist()
    elif isinstance(values, int | float) and not isinstance(values, bool) and n == 1:
        values = [values]
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise ConfigError(f"{what} must be a list of {n} numbers, got {type(values).__name__}")
    if len(values) != n:
        raise ConfigError(f"{what} must be a list of {n} numbers, got {len(values)}")
    return [finite(v, what) for v in values]


class Layer(NeuronGroup):
    """A group of neurons: `project` all-to-all, `activate`, `propagate`, `set`, and `neurons` (views)."""

    def __init__(self, size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ConfigError(f"a layer needs a whole number of neurons >= 1, got {size!r}")
        caps.check_count(size, caps.MAX_NEURONS, "neurons in one layer", ConfigError)
        self._neurons = [Neuron() for _ in range(size)]

    @classmethod
    def _wrap(cls, neurons: list[Neuron]) -> Layer:
        """A layer over existing neurons."""
        layer = cls.__new__(cls)
        layer._neurons = neurons
        return layer

    @property
    def neurons(self) -> list[Neuron]:
        """The neurons (views), in order."""
        return list(self._neurons)

    @property
    def size(self) -> int:
        """The number of neurons."""
        return len(self._neurons)

    def __len__(self) -> int:
        return len(self._neurons)

    def __iter__(self) -> Iterator[Neuron]:
        return iter(self._neurons)

    def __getitem__(self, i: int) -> Neuron:
        return self._neurons[i]

    def __repr__(self) -> str:
        return f"Layer({len(self._neurons)})"

    @property
    def biases(self) -> list[float]:
        """Every neuron's bias (live values, as a new list)."""
        return [n.bias for n in self._neurons]

    @property
    def activations(self) -> list[float]:
        """Every neuron's last activation."""
        return [n.activation for n in self._neurons]

    def project(self, other: Layer, weight: float | None = None) -> list[Connection]:
        """Connect every neuron of this layer to every neuron of `other`; returns the connections."""
        if not isinstance(other, Layer):
            raise ConfigError(f"a layer projects to another Layer, got {type(other).__name__}")
        if other is self:
            raise ConfigError("a layer cannot project to itself: nnviz supports layered feed-forward networks")
        return [src.project(dst, weight) for src in self._neurons for dst in other._neurons]

    def set(self, squash: object = None, bias: float | None = None) -> Layer:
        """Give every neuron a squash and/or a bias; returns the layer."""
        if squash is not None:
            cores = {id(n._core): n._core for n in self._neurons}
            for core in cores.values():
                core.set_squash([n for n in self._neurons if n._core is core], squash)
        if bias is not None:
            for n in self._neurons:
                n.bias = bias
        return self

    def activate(self, values: Any = None) -> list[float]:
        """With values, the neurons output them (an input layer); without, each computes its activation."""
        if values is None:
            return [n.activate() for n in self._neurons]
        vals = as_values(values, len(self._neurons), "the layer's input")
        return [neuron_ops.activate(n._core, n, v) for n, v in zip(self._neurons, vals, strict=True)]

    def propagate(self, rate: float | None = None, target: Any = None) -> None:
        """Learn, neurons last to first as Synaptic does: with targets as an output layer, else from the next."""
        if target is None:
            for n in reversed(self._neurons):
                n.propagate(rate)
            return
        targets = as_values(target, len(self._neurons), "the layer's target")
        for n, t in zip(reversed(self._neurons), reversed(targets), strict=True):
            n.propagate(rate, t)
