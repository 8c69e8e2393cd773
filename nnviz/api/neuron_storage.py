"""The storage behind a group of connected neurons, which every Neuron, Connection and Layer views.

A GroupStorage is in one of two forms:

- a *sketch* (hand_wired.py) while neurons are being connected by hand: dicts of
  biases, squashes and projections;
- *laid out* in layers once it is used: an engine MLP holds the weights and
  biases (storage of record, with a list mirror for the scalar path, see
  param_mirror.py), Python lists hold every neuron's activation A, state S and
  responsibility R (flat, layer by layer), and a kernel (codegen.py for small
  networks, vector_kernel.py for large ones) runs whole-network passes.

Input neurons (layer 0) have no place in the MLP; their biases and squashes
live in `in_bias` and `in_squash` (Synaptic zeroes an input neuron's bias when
it is given a value, and so do we).

`invalidations` counts everything that invalidates a fast path (a new layout,
a new kernel, the record moving between list and array, an input bias
written); a Network compares it with the count it prepared at before each fast
call. (It is not a training epoch.)
"""

from __future__ import annotations

from collections.abc import Sequence
from math import isfinite
from typing import Any

import numpy as np

from nnviz.api import squash as sq
from nnviz.api.codegen import ScalarKernel, prefers_scalar
from nnviz.api.hand_wired import Sketch, layer_out
from nnviz.api.param_mirror import ParamStore
from nnviz.api.vector_kernel import VectorKernel
from nnviz.engine import MLP
from nnviz.errors import ConfigError
from nnviz.io import caps

Node = Any  # a Neuron


def check_rate(value: object, what: str) -> float:
    """A learning rate as the CLI takes it, in [0, MAX_LEARNING_RATE] (0: the rule's default), or ConfigError."""
    v = finite(value, what)
    if not 0.0 <= v <= caps.MAX_LEARNING_RATE:
        raise ConfigError(f"{what} must be in [0, {caps.MAX_LEARNING_RATE:g}], got {value!r}")
    return v


def finite(value: object, what: str) -> float:
    """value as a finite float, or ConfigError naming `what`."""
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError(f"{what} must be a number, got {value!r}") from None
    except OverflowError:  # an int beyond the float range (its digits are not quoted: there may be thousands)
        raise ConfigError(f"{what} must be a finite number, got a whole number beyond the float range") from None
    if not isfinite(v):
        raise ConfigError(f"{what} must be a finite number, got {value!r}")
    return v


class GroupStorage:
    """Weights, biases and neuron values of one group of connected neurons (see module docstring)."""

    def __init__(self) -> None:
        self.invalidations = 0  # bumped whenever the fast paths become invalid
        self.version = 0  # structure version
        self.members: list[Node] = []
        self.sketch: Sketch | None = Sketch()
        self.layers: list[list[Node]] = []
        self.index: dict[Node, tuple[int, int, int, int]] = {}  # neuron -> (layer, j, flat, param row)
        self.sizes: tuple[int, ...] = ()
        self.first: list[int] = []  # flat index of each layer's first neuron
        self.squashes: list[sq.Squash | None] = []  # per layer; [0] is None
        self.in_squash: list[sq.Squash] = []
        self.in_bias: list[float] = []
        self.store: ParamStore | None = None
        self.A: list[float] = []
        self.S: list[float] = []
        self.R: list[float] = []
        self.kernel: ScalarKernel | VectorKernel | None = None
        self.touched = 0  # counts neuron-level activations (the numpy kernel re-reads A after them)

    # --- building ----------------------------------------------------------------------
    @classmethod
    def lone(cls, neuron: Node, bias: float, squash: sq.Squash) -> GroupStorage:
        """A core holding one unconnected neuron."""
        core = cls()
        core.members.append(neuron)
        assert core.sketch is not None
        core.sketch.add_neuron(neuron, bias, squash)
        return core

    @classmethod
    def laid_out(cls, layers: list[list[Node]], squashes: Sequence[sq.Squash], mlp: MLP,
                 in_bias: Sequence[float] | None = None, in_squash: Sequence[sq.Squash] | None = None,
                 live: bool = False) -> GroupStorage:
        """A core over existing neuron objects in layers, storing its parameters in `mlp`."""
        core = cls()
        core.sketch = None
        for layer in layers:
            for n in layer:
                n._core = core
                core.members.append(n)
        n0 = len(layers[0])
        core._install(layers, [None, *squashes], list(in_squash or [sq.LOGISTIC] * n0),
                      list(in_bias if in_bias is not None else [0.0] * n0), mlp, live)
        return core

    def _install(self, layers: list[list[Node]], squashes: list[sq.Squash | None], in_squash: list[sq.Squash],
                 in_bias: list[float], mlp: MLP | None, live: bool = False) -> None:
        self.layers = layers
        self.sizes = tuple(len(layer) for layer in layers)
        self.first = [sum(self.sizes[:k]) for k in range(len(self.sizes))]
        self.squashes = squashes
        self.in_squash = in_squash
        self.in_bias = in_bias
        self.index = {}
        for l, layer in enumerate(layers):
            for j, n in enumerate(layer):
                row = -1 if l == 0 else int(mlp.offsets[l - 1]) + j * (self.sizes[l - 1] + 1)  # type: ignore[union-attr]
                self.index[n] = (l, j, self.first[l] + j, row)
        total = sum(self.sizes)
        self.A, self.S, self.R = [0.0] * total, [0.0] * total, [0.0] * total
        self.store = ParamStore(mlp, live) if mlp is not None else None
        self.kernel = None
        self.bump(structure=True)

    def bump(self, structure: bool = False) -> None:
        """Invalidate every fast path (and, with structure, every layout check)."""
        self.invalidations += 1
        if structure:
            self.version += 1

    @property
    def n_layers(self) -> int:
        """Weight layers L (0 for a layer of unconnected neurons)."""
        return len(self.sizes) - 1

    # --- sketch <-> layout ---------------------------------------------------------------
    def ensure_laid_out(self) -> None:
        """Group a sketch into layers (raises ConfigError when it is not a layered feed-forward net)."""
        sketch = self.sketch
        if sketch is None:
            return
        layers = layer_out(self.members, sketch)
        in_squash = [sketch.squash[n] for n in layers[0]]
        squashes: list[sq.Squash | None] = [None]
        for l, layer in enumerate(layers[1:], start=1):
            kinds = {sketch.squash[n] for n in layer}
            if len(kinds) > 1:
                names = ", ".join(sorted(k.name for k in kinds))
                raise ConfigError(f"the neurons of layer {l} mix the squash functions {names}; nnviz gives every "
                                  "neuron of a layer the same squash (set it with layer.set(squash=...))")
            squashes.append(kinds.pop())
        mlp = None
        if len(layers) > 1:
            mlp = MLP([len(layer) for layer in layers], [s.engine for s in squashes[1:] if s is not None])
            for l in range(1, len(layers)):
                W = mlp.W[l - 1]
                for j, n in enumerate(layers[l]):
                    for i, m in enumerate(layers[l - 1]):
                        W[j, i] = sketch.edges[(m, n)]
                    W[j, -1] = sketch.bias[n]
        self._install(layers, squashes, in_squash, [sketch.bias[n] for n in layers[0]], mlp)
        for n, (_, _, f, _) in self.index.items():
            self.A[f] = sketch.activation[n]
            self.S[f] = sketch.state[n]
            self.R[f] = sketch.responsibility[n]
        self.sketch = None

    def to_sketch(self) -> Sketch:
        """Back to the sketch form (before a structure change); returns it."""
        if self.sketch is not None:
            return self.sketch
        if self.store is not None and self.store.live:
            raise ConfigError("a network that views a session's engine network live cannot change its structure; "
                              "make a copy with Network.from_mlp(mlp) first")
        sketch = Sketch()
        for n in self.members:
            sketch.add_neuron(n, self.bias_of(n), self.squash_of(n))
            sketch.activation[n] = self.activation_of(n)
            sketch.state[n] = self.state_of(n)
            sketch.responsibility[n] = self.responsibility_of(n)
        for l in range(1, len(self.layers)):
            for dst in self.layers[l]:
                for src in self.layers[l - 1]:
                    w = self.weight_of(src, dst)
                    assert w is not None
                    sketch.connect(src, dst, w)
        self.sketch = sketch
        self.layers, self.index, self.sizes, self.store, self.kernel = [], {}, (), None, None
        self.bump(structure=True)
        return sketch

    def absorb(self, other: GroupStorage) -> None:
        """Take over every neuron of another core (both become sketches)."""
        mine, theirs = self.to_sketch(), other.to_sketch()
        mine.absorb(theirs)
        for n in other.members:
            n._core = self
        self.members.extend(other.members)
        other.members = []
        other.sketch = Sketch()
        other.bump(structure=True)
        self.bump(structure=True)

    # --- views: reading and writing one value ------------------------------------------------
    def bias_of(self, n: Node) -> float:
        """A neuron's bias."""
        if self.sketch is not None:
            return self.sketch.bias[n]
        l, j, _, row = self.index[n]
        if l == 0:
            return float(self.in_bias[j])
        assert self.store is not None
        return float(self.store.get(row + self.sizes[l - 1]))

    def set_bias(self, n: Node, value: object) -> None:
        """Set a neuron's bias."""
        v = finite(value, "a bias")
        if self.sketch is not None:
            self.sketch.bias[n] = v
            return
        l, j, _, row = self.index[n]
        if l == 0:
            self.in_bias[j] = v
            self.bump()
        else:
            assert self.store is not None
            self.store.set(row + self.sizes[l - 1], v)

    def _weight_index(self, src: Node, dst: Node) -> int | None:
        ls, js, _, _ = self.index[src]
        ld, _, _, row = self.index[dst]
        return row + js if ld == ls + 1 else None

    def weight_of(self, src: Node, dst: Node) -> float | None:
        """The weight of src -> dst, or None when they are not connected."""
        if self.sketch is not None:
            return self.sketch.edges.get((src, dst))
        i = self._weight_index(src, dst)
        if i is None:
            return None
        assert self.store is not None
        return float(self.store.get(i))

    def set_weight(self, src: Node, dst: Node, value: object) -> None:
        """Set the weight of src -> dst (they must be connected)."""
        v = finite(value, "a weight")
        if self.sketch is not None:
            if (src, dst) not in self.sketch.edges:
                raise ConfigError(f"{src!r} does not project to {dst!r}")
            self.sketch.edges[(src, dst)] = v
            return
        i = self._weight_index(src, dst)
        if i is None:
            raise ConfigError(f"{src!r} does not project to {dst!r}")
        assert self.store is not None
        self.store.set(i, v)

    def inputs_of(self, n: Node) -> list[Node]:
        """The neurons projecting to n, in order."""
        if self.sketch is not None:
            return list(self.sketch.incoming[n])
        l = self.index[n][0]
        return list(self.layers[l - 1]) if l else []

    def outputs_of(self, n: Node) -> list[Node]:
        """The neurons n projects to, in order."""
        if self.sketch is not None:
            return list(self.sketch.outgoing[n])
        l = self.index[n][0]
        return list(self.layers[l + 1]) if l + 1 < len(self.layers) else []

    def squash_of(self, n: Node) -> sq.Squash:
        """A neuron's squash function."""
        if self.sketch is not None:
            return self.sketch.squash[n]
        l, j, _, _ = self.index[n]
        s = self.in_squash[j] if l == 0 else self.squashes[l]
        assert s is not None
        return s

    def set_squash(self, neurons: Sequence[Node], value: object) -> None:
        """Give neurons a squash; once laid out, a layer beyond the input changes only as a whole."""
        new = sq.lookup(value)
        if self.sketch is not None:
            for n in neurons:
                self.sketch.squash[n] = new
            return
        chosen = set(neurons)
        for l, layer in enumerate(self.layers):
            hit = [n for n in layer if n in chosen]
            if not hit:
                continue
            if l == 0:
                for n in hit:
                    self.in_squash[self.index[n][1]] = new
            elif self.squashes[l] is not new:
                if len(hit) != len(layer):
                    raise ConfigError(f"every neuron of a layer shares one squash in nnviz, and layer {l} uses "
                                      f"{self.squashes[l]!r}; set the whole layer with layer.set(squash=...)")
                if self.live:
                    raise ConfigError("a network that views a session's engine network live cannot change its "
                                      "activations; make a copy with Network.from_mlp(mlp) first")
                self.squashes[l] = new
                self._change_activation()

    def _change_activation(self) -> None:
        assert self.store is not None
        old = self.store
        values, changes, on_list = old.array().copy(), old.changes(), old.on_list
        acts = [s.engine for s in self.squashes[1:] if s is not None]
        mlp = MLP(self.sizes, acts, params=values)
        self.store = ParamStore(mlp)
        self.store.set_changes(changes)
        if not on_list:
            self.store.to_array()
        self.kernel = None
        self.bump()

    def activation_of(self, n: Node) -> float:
        """A neuron's last activation."""
        if self.sketch is not None:
            return float(self.sketch.activation[n])
        return float(self.A[self.index[n][2]])

    def state_of(self, n: Node) -> float:
        """A neuron's last state (weighted input plus bias)."""
        if self.sketch is not None:
            return float(self.sketch.state[n])
        return float(self.S[self.index[n][2]])

    def responsibility_of(self, n: Node) -> float:
        """A neuron's last error responsibility (delta)."""
        if self.sketch is not None:
            return float(self.sketch.responsibility[n])
        return float(self.R[self.index[n][2]])

    # --- records and kernels -------------------------------------------------------------------
    def use_list(self) -> None:
        """Make the list mirror the record (scalar code runs next)."""
        if self.store is not None and self.store.to_list():
            self.bump()

    def use_array(self) -> None:
        """Make the MLP's params the record (numpy code runs next, or a live view is left)."""
        if self.store is not None and self.store.to_array():
            self.bump()

    def finish(self) -> None:
        """After an operation: a live core hands the record back to the shared array."""
        if self.store is not None and self.store.live:
            self.use_array()

    @property
    def live(self) -> bool:
        """True when the parameters are shared with an engine MLP used elsewhere."""
        return self.store is not None and self.store.live

    def prepare_kernel(self) -> ScalarKernel | VectorKernel:
        """Lay out, pick the record the kernel needs, zero input biases; return the kernel."""
        self.ensure_laid_out()
        if self.store is None:
            raise ConfigError("a network needs at least two layers, with the first projecting to the next")
        if any(self.in_bias):
            self.in_bias[:] = [0.0] * len(self.in_bias)
        scalar = prefers_scalar(self.store.mlp.n_params, self.n_layers)
        if scalar:
            self.use_list()
        else:
            self.use_array()
        if self.kernel is None:
            store, lists = self.store, (self.A, self.S, self.R)
            if scalar:
                self.kernel = ScalarKernel(self.sizes, self.squashes, store.p, store.c, *lists)
            else:
                self.kernel = VectorKernel(store.mlp, self.squashes, store.array_changes, self)
        return self.kernel

    def engine_params(self) -> np.ndarray:
        """The current parameters in the MLP layout (a fresh copy)."""
        self.ensure_laid_out()
        if self.store is None:
            raise ConfigError("a network needs at least two layers, with the first projecting to the next")
        return self.store.array().copy()
