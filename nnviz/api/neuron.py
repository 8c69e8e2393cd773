"""Neuron and Connection: Synaptic's vocabulary, as live views into a core's storage.

A Neuron object holds no numbers of its own: `bias`, `activation`, a
connection's `weight` and the rest are read from (and written to) the core
that the neuron belongs to, which is the same storage the whole network
computes with. So reading after training gives the trained value, and writing
changes what the network computes.
"""

from __future__ import annotations

import itertools
from typing import Any

from nnviz.api import neuron_ops, randomness
from nnviz.api import squash as sq
from nnviz.api.neuron_storage import GroupStorage, finite
from nnviz.errors import ConfigError

_serials = itertools.count()
INIT_RANGE = 0.1  # Synaptic draws new biases and weights from U(-0.1, 0.1)


class _SquashAttribute:
    """`Neuron.squash` is the namespace of squash functions; `neuron.squash` is the neuron's own."""

    def __get__(self, obj: Neuron | None, owner: type) -> Any:
        if obj is None:
            return sq.SQUASH
        return obj._core.squash_of(obj)

    def __set__(self, obj: Neuron, value: object) -> None:
        obj._core.set_squash([obj], value)


class NeuronGroup:
    """What a neuron can project to as a whole, neuron by neuron (a Layer): its `neurons`."""

    @property
    def neurons(self) -> list[Neuron]:
        """The neurons of the group, in order."""
        raise NotImplementedError


class Neuron:
    """One neuron: `project`, `activate`, `propagate`, and live `bias`, `squash`, `activation`."""

    squash = _SquashAttribute()
    __slots__ = ("__weakref__", "_core", "_serial")

    def __init__(self) -> None:
        self._serial = next(_serials)
        self._core = GroupStorage.lone(self, randomness.uniform(-INIT_RANGE, INIT_RANGE), sq.LOGISTIC)

    @classmethod
    def _blank(cls) -> Neuron:
        """A neuron without storage yet (the caller attaches it to a core)."""
        n = cls.__new__(cls)
        n._serial = next(_serials)
        return n

    def __repr__(self) -> str:
        return f"Neuron#{self._serial}"

    # --- live values -------------------------------------------------------------------
    @property
    def bias(self) -> float:
        """The bias (live)."""
        return self._core.bias_of(self)

    @bias.setter
    def bias(self, value: float) -> None:
        self._core.set_bias(self, value)

    @property
    def activation(self) -> float:
        """The output of the last activation."""
        return self._core.activation_of(self)

    @property
    def state(self) -> float:
        """The last state: bias plus the weighted inputs."""
        return self._core.state_of(self)

    @property
    def responsibility(self) -> float:
        """The last error responsibility (the delta) from propagate."""
        return self._core.responsibility_of(self)

    # --- structure -----------------------------------------------------------------------
    def project(self, other: Any, weight: float | None = None) -> Any:
        """Connect this neuron to another (or to every neuron of a Layer); returns the Connection(s)."""
        if isinstance(other, NeuronGroup):
            return [self.project(n, weight) for n in other.neurons]
        if not isinstance(other, Neuron):
            raise ConfigError(f"a neuron projects to a Neuron or a Layer, got {type(other).__name__}")
        if other is self:
            raise ConfigError("self-connections are not supported: nnviz supports layered feed-forward networks")
        w = randomness.uniform(-INIT_RANGE, INIT_RANGE) if weight is None else finite(weight, "a weight")
        connect(self, other, w, weight is not None)
        return Connection(self, other)

    def gate(self, connection: Connection) -> None:
        """Gating is not supported (always raises ConfigError)."""
        raise ConfigError("gates are not supported: nnviz supports layered feed-forward networks, "
                          "not gated (LSTM-style) connections")

    def inputs(self) -> list[Connection]:
        """The connections into this neuron."""
        return [Connection(src, self) for src in self._core.inputs_of(self)]

    def outputs(self) -> list[Connection]:
        """The connections out of this neuron."""
        return [Connection(self, dst) for dst in self._core.outputs_of(self)]

    def connected(self, other: Neuron) -> Connection | None:
        """The connection between this neuron and another (either direction), or None."""
        if other._core is not self._core:
            return None
        if self._core.weight_of(self, other) is not None:
            return Connection(self, other)
        if self._core.weight_of(other, self) is not None:
            return Connection(other, self)
        return None

    # --- computing ------------------------------------------------------------------------
    def activate(self, value: float | None = None) -> float:
        """With a value, output it (as an input neuron does); without, compute the state and squash it."""
        return neuron_ops.activate(self._core, self, value)

    def propagate(self, rate: float | None = None, target: float | None = None) -> None:
        """Learn: with a target this is an output neuron; otherwise take the error from the next layer."""
        neuron_ops.propagate(self._core, self, rate, target)


def connect(src: Neuron, dst: Neuron, weight: float, overwrite: bool) -> None:
    """Add src -> dst to the cores' sketch (merging cores); an existing projection keeps or takes the weight."""
    core = src._core
    existing = core is dst._core and core.weight_of(src, dst) is not None
    if existing:
        if overwrite:
            core.set_weight(src, dst, weight)
        return
    if dst._core is not core:
        big, small = (core, dst._core) if len(core.members) >= len(dst._core.members) else (dst._core, core)
        big.absorb(small)
        core = big
    sketch = core.to_sketch()
    sketch.connect(src, dst, weight)
    core.bump(structure=True)


class Connection:
    """A projection between two neurons, with a live `weight`."""

    __slots__ = ("from_neuron", "to_neuron")
    gater = None

    def __init__(self, from_neuron: Neuron, to_neuron: Neuron) -> None:
        self.from_neuron = from_neuron
        self.to_neuron = to_neuron

    @property
    def weight(self) -> float:
        """The weight (live)."""
        w = self.from_neuron._core.weight_of(self.from_neuron, self.to_neuron)
        if w is None:
            raise ConfigError(f"{self.from_neuron!r} no longer projects to {self.to_neuron!r}")
        return w

    @weight.setter
    def weight(self, value: float) -> None:
        self.from_neuron._core.set_weight(self.from_neuron, self.to_neuron, value)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Connection) and other.from_neuron is self.from_neuron
                and other.to_neuron is self.to_neuron)

    def __hash__(self) -> int:
        return hash((id(self.from_neuron), id(self.to_neuron)))

    def __repr__(self) -> str:
        return f"Connection({self.from_neuron!r} -> {self.to_neuron!r}, weight={self.weight:.6g})"
