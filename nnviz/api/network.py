"""Network: a layered feed-forward network built from projected Layers (Synaptic) or from layer sizes.

`activate` and `propagate` run generated straight-line code (codegen.py) on the
network's core; the neurons of `layers` stay live views of the same storage.
See docs/scripting.md for the two update rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.api import neuron_ops, randomness
from nnviz.api import squash as sq
from nnviz.api.formats import dot, json_io
from nnviz.api.formats.common import Parts
from nnviz.api.layer import Layer, as_values
from nnviz.api.network_checks import all_finite, check_chain, check_rule, check_sizes, layer_squashes
from nnviz.api.neuron import Neuron
from nnviz.api.neuron_storage import GroupStorage, check_rate, finite
from nnviz.engine import MLP
from nnviz.errors import ConfigError
from nnviz.io import caps

SIZE_LIST_INIT_RANGE = 1.0  # a network from layer sizes draws weights and biases from U(-1, 1)


class Network:
    """A layered feed-forward network: `activate`, `propagate`, `train`, live `layers`, JSON in and out."""

    def __init__(self, sizes: Sequence[int] | dict[str, Any] | None = None, *, input: Layer | None = None,
                 hidden: Sequence[Layer] | Layer | None = None, output: Layer | None = None,
                 activation: Any = None, learning_rate: float | None = None, momentum: float | None = None,
                 iterations: int = 20000, rule: str | None = None, init_range: float | None = None) -> None:
        if isinstance(sizes, dict):
            input, hidden, output = sizes.get("input"), sizes.get("hidden"), sizes.get("output")
            sizes = None
        if isinstance(sizes, Layer):
            raise ConfigError("pass layers by name: Network(input=..., hidden=[...], output=...)")
        self._core: GroupStorage = GroupStorage()
        self._prepared_at = -1
        self._version = -1
        if sizes is not None:
            if input is not None or hidden is not None or output is not None:
                raise ConfigError("give a Network either layer sizes or layers (input=, hidden=, output=), not both")
            dims = check_sizes(sizes)
            squashes = layer_squashes("sigmoid" if activation is None else activation, len(dims) - 1)
            r = SIZE_LIST_INIT_RANGE if init_range is None else finite(init_range, "init_range")
            if r < 0:
                raise ConfigError(f"init_range must be >= 0, got {init_range}")
            mlp = MLP(dims, [s.engine for s in squashes])
            mlp.params[:] = randomness.uniforms(mlp.n_params, -r, r)
            self._adopt(mlp, squashes)
            default_rule, default_lr, default_mom = "backprop", 0.3, 0.1
        else:
            if input is None or output is None:
                raise ConfigError("a Network needs layer sizes, e.g. Network([2, 3, 1]), or layers: "
                                  "Network(input=..., hidden=[...], output=...)")
            if activation is not None or init_range is not None:
                raise ConfigError("activation and init_range are for networks from layer sizes; for layers, "
                                  "use layer.set(squash=...) and the layers' own weights")
            hidden_layers = [hidden] if isinstance(hidden, Layer) else list(hidden or [])
            layers = [input, *hidden_layers, output]
            if not all(isinstance(layer, Layer) for layer in layers):
                raise ConfigError("input, hidden and output must be Layer objects")
            if len({id(layer) for layer in layers}) != len(layers):
                raise ConfigError("each layer can appear only once in a network")
            self._layers = layers
            default_rule, default_lr, default_mom = "synaptic", 0.1, 0.0
        self._rule = check_rule(rule or default_rule)
        self.learning_rate = default_lr if learning_rate is None else learning_rate
        self.momentum = default_mom if momentum is None else momentum
        if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 0:
            raise ConfigError(f"iterations must be a whole number >= 0, got {iterations!r}")
        self.iterations = iterations
        self.steps = 0
        self._layout()

    def _adopt(self, mlp: MLP, squashes: Sequence[sq.Squash], in_bias: Sequence[float] | None = None,
               in_squash: Sequence[sq.Squash] | None = None, live: bool = False) -> None:
        neurons = [[Neuron._blank() for _ in range(n)] for n in mlp.sizes]
        GroupStorage.laid_out(neurons, squashes, mlp, in_bias, in_squash, live)
        self._layers = [Layer._wrap(layer) for layer in neurons]

    @classmethod
    def _from_parts(cls, mlp: MLP, squashes: Sequence[sq.Squash], *, in_bias: Sequence[float] | None = None,
                    in_squash: Sequence[sq.Squash] | None = None, rule: str = "backprop",
                    learning_rate: float = 0.3, momentum: float = 0.1, iterations: int = 20000,
                    live: bool = False) -> Network:
        """A network over an engine MLP (the MLP becomes its storage)."""
        net = cls.__new__(cls)
        net._core, net._prepared_at, net._version = GroupStorage(), -1, -1
        net._adopt(mlp, squashes, in_bias, in_squash, live)
        net._rule = check_rule(rule)
        net.learning_rate, net.momentum, net.iterations, net.steps = learning_rate, momentum, int(iterations), 0
        net._layout()
        return net

    # --- settings ------------------------------------------------------------------------
    @property
    def rule(self) -> str:
        """The update rule of propagate and train: "synaptic" or "backprop"."""
        return self._rule

    @rule.setter
    def rule(self, value: str) -> None:
        self._rule = check_rule(value)
        self._prepared_at = -1

    @property
    def learning_rate(self) -> float:
        """The rate `train` uses (and `propagate` when given none)."""
        return self._lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._lr = check_rate(value, "the learning rate")

    @property
    def momentum(self) -> float:
        """The momentum of the backprop rule (the Synaptic rule has none)."""
        return self._mom

    @momentum.setter
    def momentum(self, value: float) -> None:
        self._mom = finite(value, "the momentum")

    # --- structure -----------------------------------------------------------------------
    def _layout(self) -> GroupStorage:
        """The laid-out core, checked to be exactly this network's layers (nothing else moves)."""
        core = self._layers[0]._neurons[0]._core
        if core.sketch is not None or core.version != self._version or core is not self._core:
            core.ensure_laid_out()
            check_chain(core, [layer._neurons for layer in self._layers])
            self._version = core.version
            self._core = core
            self._prepared_at = -1
        return core

    def _prepare(self) -> GroupStorage:
        """Check the layout, pick the kernel and record; afterwards the fast paths are valid.

        A live core must be handed back with `core.finish()` after the operation that follows.
        """
        core = self._layout()
        kernel = core.prepare_kernel()
        self._act = kernel.activate
        # propagate_synaptic(rate, t) or propagate_backprop(lr, momentum, t)
        self._prop: Any = kernel.propagate_synaptic if self._rule == "synaptic" else kernel.propagate_backprop
        self._synaptic = self._rule == "synaptic"
        self._prepared_at = -1 if core.live else core.invalidations
        return core

    @property
    def layers(self) -> list[Layer]:
        """The layers, input first (views: their neurons are live)."""
        return list(self._layers)

    def neurons(self) -> list[Neuron]:
        """Every neuron, input layer first."""
        return [n for layer in self._layers for n in layer._neurons]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Neurons per layer, input first."""
        return tuple(len(layer) for layer in self._layers)

    @property
    def squashes(self) -> tuple[sq.Squash, ...]:
        """The squash of each layer after the input."""
        core = self._layout()
        return tuple(s for s in core.squashes[1:] if s is not None)

    @property
    def activations(self) -> tuple[str, ...]:
        """The engine's activation name of each layer after the input."""
        return tuple(s.engine for s in self.squashes)

    def inputs(self) -> int:
        """The number of inputs."""
        return len(self._layers[0])

    def outputs(self) -> int:
        """The number of outputs."""
        return len(self._layers[-1])

    def __repr__(self) -> str:
        return f"Network(sizes={list(self.sizes)}, rule={self._rule!r})"

    # --- computing -------------------------------------------------------------------------
    def activate(self, input: Any) -> list[float]:
        """The outputs for one input sample (a list or 1-D array of numbers)."""
        if self._prepared_at == self._core.invalidations and type(input) is list:
            try:
                return self._act(input)  # the kernels raise ValueError on a nan or inf input
            except (OverflowError, ValueError, TypeError):
                pass  # nothing was written; the careful path below handles it
        return self._run(self._activate, input)

    def _activate(self, x: Any) -> list[float]:
        if type(x) is not list or not all_finite(x):
            x = as_values(x, len(self._layers[0]), "the network's input")  # a non-finite input is refused here
        try:
            return self._act(x)
        except OverflowError:
            return neuron_ops.activate_all(self._core, x)
        except (ValueError, TypeError):
            as_values(x, len(self._layers[0]), "the network's input")  # raises the clear error
            raise

    def propagate(self, rate: float | None, target: Any) -> None:
        """Learn from the last activation toward `target` with the network's rule (see docs/scripting.md)."""
        if (self._prepared_at == self._core.invalidations and type(target) is list and type(rate) is float
                and 0.0 < rate <= caps.MAX_LEARNING_RATE):  # the generated code checks the target
            try:
                if self._synaptic:
                    self._prop(rate, target)
                else:
                    self._prop(rate, self._mom, target)
                return
            except (OverflowError, ValueError, TypeError):
                pass  # raised before any update; the careful path below reports it
        self._run(self._propagate, rate, target)

    def _propagate(self, rate: float | None, t: Any) -> None:
        if type(t) is not list or not all_finite(t):
            t = as_values(t, len(self._layers[-1]), "the target")  # a non-finite target is refused here
        rate = self._lr if rate is None else check_rate(rate, "the rate")
        try:
            if self._synaptic:
                self._prop(rate or 0.1, t)
            else:
                self._prop(rate, self._mom, t)
        except (ValueError, TypeError):
            as_values(t, len(self._layers[-1]), "the target")
            raise

    def _run(self, op: Any, *args: Any) -> Any:
        if self._prepared_at == self._core.invalidations:
            return op(*args)
        core = self._prepare()
        try:
            return op(*args)
        finally:
            core.finish()

    def train(self, input: Any, target: Any) -> list[float]:
        """One per-sample update with the network's rule, learning rate and momentum; returns the outputs."""
        out = self.activate(input)
        self.propagate(self._lr, target)
        self.steps += 1
        return out

    def predict(self, X: Any) -> np.ndarray:
        """The outputs for a batch of inputs (n, n_in), in one engine forward pass: (n, n_out)."""
        try:
            batch = np.asarray(X, dtype=np.float64)
        except (TypeError, ValueError):
            raise ConfigError("predict takes a table of numbers (n, n_inputs), each row as long") from None
        if not np.isfinite(batch).all():
            raise ConfigError("predict takes finite numbers; the inputs hold NaN or infinity")
        return self.to_mlp().predict(batch)

    # --- copies and files -------------------------------------------------------------------
    def _engine_parts(self) -> tuple[MLP, list[sq.Squash], list[float], list[sq.Squash]]:
        """A new MLP with the current weights, its squashes, the input biases and the input squashes."""
        core = self._layout()
        squashes = [s for s in core.squashes[1:] if s is not None]
        mlp = MLP(core.sizes, [s.engine for s in squashes], params=core.engine_params())
        return mlp, squashes, list(core.in_bias), list(core.in_squash)

    def _parts(self) -> Parts:
        """The network's layout, current weights and settings, as the file formats take them."""
        mlp, squashes, in_bias, in_squash = self._engine_parts()
        return Parts(sizes=mlp.sizes, squashes=squashes,
                     weights=[mlp.weights(k).copy() for k in range(1, mlp.n_layers + 1)],
                     biases=[mlp.biases(k).copy() for k in range(1, mlp.n_layers + 1)],
                     in_bias=in_bias, in_squash=in_squash, rule=self._rule, learning_rate=self._lr,
                     momentum=self._mom, iterations=self.iterations)

    @classmethod
    def _from_file_parts(cls, parts: Parts, rule: str | None) -> Network:
        if rule is not None:
            parts.rule = check_rule(rule)
        return cls._from_parts(parts.mlp(), parts.squashes, in_bias=parts.in_bias, in_squash=parts.in_squash,
                               rule=parts.rule, learning_rate=parts.learning_rate, momentum=parts.momentum,
                               iterations=parts.iterations)

    def clone(self) -> Network:
        """An independent copy: same layout, weights, rule and settings."""
        mlp, squashes, in_bias, in_squash = self._engine_parts()
        copy = Network._from_parts(mlp, squashes, in_bias=in_bias, in_squash=in_squash, rule=self._rule,
                                   learning_rate=self._lr, momentum=self._mom, iterations=self.iterations)
        store, mine = copy._core.store, self._core.store
        assert store is not None and mine is not None
        store.set_changes(mine.changes())
        return copy

    def to_mlp(self) -> MLP:
        """A new engine MLP (float64) with this network's sizes, activations and weights."""
        return self._engine_parts()[0]

    @classmethod
    def from_mlp(cls, mlp: MLP, *, rule: str = "backprop", live: bool = False, learning_rate: float = 0.3,
                 momentum: float = 0.1) -> Network:
        """A network over an engine MLP: a copy, or with live=True the same weights (e.g. a Session's net)."""
        if not isinstance(mlp, MLP):
            raise ConfigError(f"from_mlp needs an nnviz.engine.MLP, got {type(mlp).__name__}")
        if "softmax" in mlp.activations:
            raise ConfigError("the scripting API has no softmax neurons; networks with a softmax output can "
                              "only be trained in a Session")
        squashes = [sq.lookup(a) for a in mlp.activations]
        if live and mlp.dtype != np.float64:
            raise ConfigError("a live view needs a float64 engine network; use live=False for a float32 one")
        target = mlp if live else MLP(mlp.sizes, mlp.activations, np.float64, mlp.params.astype(np.float64))
        return cls._from_parts(target, squashes, rule=rule, learning_rate=learning_rate, momentum=momentum,
                               live=live)

    def to_json(self, format: str = "nnviz") -> dict[str, Any]:
        """A JSON-ready dict: format "nnviz" (exact round trip), "synaptic", "brainjs" (2.x) or "brainjs1"."""
        activations = states = None
        if format == "synaptic":  # Synaptic's JSON also holds every neuron's last activation and state
            activations = [[n.activation for n in layer.neurons] for layer in self._layers]
            states = [[n.state for n in layer.neurons] for layer in self._layers]
        return json_io.write_doc(self._parts(), format, activations, states)

    @classmethod
    def from_json(cls, data: Any, *, format: str = "auto", rule: str | None = None) -> Network:
        """A network from nnviz, Synaptic or brain.js JSON (a dict, or JSON text); rule overrides the default."""
        if isinstance(data, Path):
            return cls.load(data, rule=rule)
        return cls._from_file_parts(json_io.read_parts(data, format=format), rule)

    def save(self, path: str | Path, format: str = "nnviz") -> None:
        """Write the network as a JSON file (atomically)."""
        json_io.write_file(self.to_json(format), path)

    @classmethod
    def load(cls, path: str | Path, *, rule: str | None = None) -> Network:
        """Read a network from a JSON file in any supported format."""
        return cls._from_file_parts(json_io.read_file(path), rule)

    def to_dot(self) -> str:
        """The network as Graphviz text (edges coloured by weight sign, width by magnitude)."""
        return dot.to_dot(self._parts())
