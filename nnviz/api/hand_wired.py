"""Neurons connected by hand, before they are laid out: the sketch, and grouping it into layers.

Neurons and projections made one by one (`Neuron.project`, `Layer.project`)
are kept here as plain dicts. When the group is first used, `layer_out` groups
the neurons by depth (the longest path from a neuron without inputs) and checks
that the result is what nnviz computes: a layered feed-forward chain in which
every neuron projects to every neuron of the next layer and nowhere else.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from nnviz.api.squash import Squash
from nnviz.errors import ConfigError

SUPPORTED = ("nnviz supports layered feed-forward networks, in which every neuron of a layer projects "
             "to every neuron of the next layer and nowhere else")

Node = Any  # a Neuron (kept untyped here to avoid an import cycle)


@dataclass
class Sketch:
    """Biases, squashes, projections and last values of neurons not yet laid out in layers."""

    bias: dict[Node, float] = field(default_factory=dict)
    squash: dict[Node, Squash] = field(default_factory=dict)
    edges: dict[tuple[Node, Node], float] = field(default_factory=dict)  # (from, to) -> weight
    outgoing: dict[Node, list[Node]] = field(default_factory=dict)
    incoming: dict[Node, list[Node]] = field(default_factory=dict)
    activation: dict[Node, float] = field(default_factory=dict)
    state: dict[Node, float] = field(default_factory=dict)
    responsibility: dict[Node, float] = field(default_factory=dict)

    def add_neuron(self, n: Node, bias: float, squash: Squash) -> None:
        """Add a neuron with no connections."""
        self.bias[n] = bias
        self.squash[n] = squash
        self.outgoing[n] = []
        self.incoming[n] = []
        self.activation[n] = 0.0
        self.state[n] = 0.0
        self.responsibility[n] = 0.0

    def absorb(self, other: Sketch) -> None:
        """Take over every neuron and projection of another sketch."""
        for name in ("bias", "squash", "edges", "outgoing", "incoming", "activation", "state", "responsibility"):
            getattr(self, name).update(getattr(other, name))

    def connect(self, src: Node, dst: Node, weight: float) -> None:
        """Add the projection src -> dst (it must not exist yet)."""
        self.edges[(src, dst)] = weight
        self.outgoing[src].append(dst)
        self.incoming[dst].append(src)


def _label(n: Hashable) -> str:
    return repr(n)


def layer_out(members: list[Node], sketch: Sketch) -> list[list[Node]]:
    """Group neurons into layers by depth, or raise ConfigError saying what is not supported."""
    depth: dict[Node, int] = {}
    pending = {n: len(sketch.incoming[n]) for n in members}
    ready = [n for n in members if pending[n] == 0]
    for n in ready:
        depth[n] = 0
    while ready:  # Kahn's algorithm; depth = longest path from a source
        n = ready.pop()
        for m in sketch.outgoing[n]:
            depth[m] = max(depth.get(m, 0), depth[n] + 1)
            pending[m] -= 1
            if pending[m] == 0:
                ready.append(m)
    if len(depth) < len(members):
        loop = sorted((n for n in members if n not in depth), key=lambda n: n._serial)
        names = ", ".join(_label(n) for n in loop[:4])
        raise ConfigError(f"the projections among {names} form a loop (a recurrent network); {SUPPORTED}")
    n_layers = max(depth.values()) + 1
    layers: list[list[Node]] = [[] for _ in range(n_layers)]
    for n in sorted(members, key=lambda n: n._serial):
        layers[depth[n]].append(n)
    for (src, dst) in sketch.edges:
        if depth[dst] != depth[src] + 1:
            raise ConfigError(f"{_label(src)} (layer {depth[src]}) projects to {_label(dst)} (layer {depth[dst]}), "
                              f"skipping a layer; {SUPPORTED}")
    for d in range(n_layers - 1):
        nxt = layers[d + 1]
        for n in layers[d]:
            if len(sketch.outgoing[n]) != len(nxt):
                missing = next(m for m in nxt if (n, m) not in sketch.edges)
                raise ConfigError(f"{_label(n)} (layer {d}) does not project to {_label(missing)} "
                                  f"(layer {d + 1}); {SUPPORTED}")
    return layers
