"""A fully-connected network stored in one flat parameter buffer, with forward and backward.

Layers of neurons are numbered 0 (the inputs) to L (the outputs). Weight layer l
(1..L) connects neuron layer l-1 to layer l and is stored as a matrix
W[l-1] of shape (n_l, n_{l-1} + 1): row j holds neuron j's incoming weights,
and the last column is its bias (the bias is folded in as a ones row of the
input). All W matrices are views into one flat buffer `params`, so an optimizer
updates every parameter with one call.

Activations are neuron-major, (n_neurons, batch): each neuron's outputs are
one contiguous row, which is what per-neuron heatmaps need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.engine import activations as act
from nnviz.engine import fused_step, losses, passes
from nnviz.engine.plan import Plan, X, run
from nnviz.engine.workspace import Workspace
from nnviz.errors import ConfigError, unknown_name

WORKSPACE_CACHE = 8  # batch sizes whose buffers (and compiled steps) are kept at once
# how a network computes: "reproducible" gives the same bits on every machine (engine/reproducible.py);
# "fast" uses BLAS and numpy's own transcendentals, whose last bits depend on the CPU
NUMERICS: tuple[str, ...] = ("reproducible", "fast")


@dataclass(frozen=True)
class Trace:
    """Every layer's pre-activation z and activation a for one batch, neuron-major.

    `a[l]` and `z[l]` are (n_l, batch) for l = 0..L; layer 0 is the input, where z = a.
    """

    z: list[np.ndarray]
    a: list[np.ndarray]
    a_aug: list[np.ndarray]
    workspace: Workspace

    @property
    def output(self) -> np.ndarray:
        """The network's output, (n_out, batch)."""
        return self.a[-1]


@dataclass(frozen=True)
class Grads:
    """The mean-over-batch gradient of every parameter, and every neuron's delta dL/dz.

    `flat` has the layout of `MLP.params`; `weights[l]`/`biases[l]` are views for
    weight layer l+1; `deltas[l]` is (n_l, batch) for l = 1..L (deltas[0] is unused).
    """

    flat: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    deltas: list[np.ndarray]


class MLP:
    """A fully-connected feed-forward network with one activation per layer."""

    def __init__(
        self,
        sizes: Sequence[int],
        activations: Sequence[str],
        dtype: np.dtype | type = np.float64,
        params: np.ndarray | None = None,
        numerics: str = "reproducible",
    ) -> None:
        sizes = tuple(int(n) for n in sizes)
        if numerics not in NUMERICS:
            raise ConfigError(unknown_name("numerics", numerics, NUMERICS))
        self.numerics = numerics
        if len(sizes) < 2 or min(sizes) < 1:
            raise ConfigError(f"a network needs at least an input and an output layer of size >= 1, got {sizes}")
        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        acts = tuple(act.canonical(a) for a in activations)
        if len(acts) != len(sizes) - 1:
            raise ConfigError(f"{len(sizes) - 1} weight layers need {len(sizes) - 1} activations, got {len(acts)}")
        if "softmax" in acts[:-1]:
            raise ConfigError("softmax is only supported on the output layer")
        self.sizes = sizes
        self.activations = acts
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise ConfigError("dtype must be float32 or float64")
        self.shapes = [(sizes[k + 1], sizes[k] + 1) for k in range(len(sizes) - 1)]
        counts = [r * c for r, c in self.shapes]
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(int)
        total = int(self.offsets[-1])
        if params is None:
            self.params = np.zeros(total, self.dtype)
        else:
            if params.shape != (total,):
                raise ConfigError(f"expected {total} parameters, got {params.shape}")
            self.params = np.array(params, dtype=self.dtype)
        self.W = self._views(self.params)
        self.weight_mask = np.ones(total, self.dtype)  # 1 for weights, 0 for biases
        for Wm in self._views(self.weight_mask):
            Wm[:, -1] = 0.0
        self._workspaces: dict[int, Workspace] = {}

    # --- structure -----------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        """The number of weight layers L."""
        return len(self.sizes) - 1

    @property
    def n_params(self) -> int:
        """The number of weights and biases."""
        return int(self.params.size)

    def _views(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offsets[k] : self.offsets[k + 1]].reshape(shape) for k, shape in enumerate(self.shapes)]

    def weights(self, layer: int) -> np.ndarray:
        """A live view of the weights into neuron layer `layer` (1..L): (n_layer, n_{layer-1})."""
        return self.W[self._k(layer)][:, :-1]

    def biases(self, layer: int) -> np.ndarray:
        """A live view of the biases of neuron layer `layer` (1..L): (n_layer,)."""
        return self.W[self._k(layer)][:, -1]

    def _k(self, layer: int) -> int:
        if not 1 <= layer <= self.n_layers:
            raise IndexError(f"layer must be in 1..{self.n_layers}, got {layer}")
        return layer - 1

    def get_weight(self, layer: int, src: int, dst: int) -> float:
        """The weight from neuron `src` of layer-1 to neuron `dst` of `layer`."""
        return float(self.weights(layer)[dst, src])

    def set_weight(self, layer: int, src: int, dst: int, value: float) -> None:
        """Set the weight from neuron `src` of layer-1 to neuron `dst` of `layer`."""
        self.weights(layer)[dst, src] = value

    def get_bias(self, layer: int, neuron: int) -> float:
        """The bias of neuron `neuron` of `layer` (1..L)."""
        return float(self.biases(layer)[neuron])

    def set_bias(self, layer: int, neuron: int, value: float) -> None:
        """Set the bias of neuron `neuron` of `layer` (1..L)."""
        self.biases(layer)[neuron] = value

    @property
    def reproducible(self) -> bool:
        """Whether this network computes the same bits on every machine (see NUMERICS)."""
        return self.numerics == "reproducible"

    def copy(self, dtype: np.dtype | type | None = None) -> MLP:
        """A deep copy, optionally in another dtype."""
        return MLP(self.sizes, self.activations, dtype or self.dtype, self.params.copy(), self.numerics)

    def new_grads(self) -> Grads:
        """A zeroed gradient buffer with this network's layout."""
        flat = np.zeros_like(self.params)
        views = self._views(flat)
        return Grads(flat, [v[:, :-1] for v in views], [v[:, -1] for v in views], [])

    # --- forward and backward -------------------------------------------------------
    def workspace(self, batch: int) -> Workspace:
        """Cached preallocated buffers for a batch size (reused: copy what you keep)."""
        ws = self._workspaces.get(batch)
        if ws is None:
            if len(self._workspaces) >= WORKSPACE_CACHE:
                self._workspaces.clear()
            ws = self._workspaces[batch] = Workspace(self.sizes, self.activations, batch, self.dtype)
        return ws

    def forward_into(self, ws: Workspace, x_aug: np.ndarray) -> None:
        """Forward pass of x_aug (n_0 + 1, batch), ones row last, into ws's buffers."""
        if fused_step.forward_into(self, ws, x_aug):  # a small reproducible network: one compiled call
            return
        if not x_aug.flags.c_contiguous:  # the einsum's order of sums follows the layout: a plan for this one
            plan = Plan()
            passes.forward_calls(plan, self, ws, x_aug)
            run(plan)
            return
        key = (self.W[0], self.numerics)  # the workspace keeps the plan it made for this network (the per-epoch
        kept = ws.forward_plan  # evaluation saves making its calls again)
        if kept is None or kept[0] is not key[0] or kept[1] != key[1]:
            plan = Plan()
            passes.forward_calls(plan, self, ws, X)
            kept = ws.forward_plan = (*key, plan)
        run(kept[2], x=x_aug)

    def backward_into(
        self,
        ws: Workspace,
        x_aug: np.ndarray,
        y: np.ndarray,
        loss: str,
        grad_views: list[np.ndarray],
        scale: float,
        x_rows: np.ndarray | None = None,
    ) -> float:
        """Backward pass after forward_into: scale * summed gradients into grad_views, deltas into ws.

        With scale = 1/batch the gradients and deltas are those of the mean loss.
        x_rows, when given, is x_aug sample-major and contiguous (batch, n_0 + 1).
        Returns a figure that is non-finite exactly when the batch's loss is (see passes.backward_calls).
        """
        plan = Plan()
        rows = x_aug.T if x_rows is None else x_rows
        passes.backward_calls(plan, self, ws, x_aug, rows, y, loss, grad_views, scale)
        return float(run(plan))

    def augment(self, X: np.ndarray) -> np.ndarray:
        """Sample-major X (batch, n_0) as a neuron-major input with a ones row: (n_0 + 1, batch)."""
        X = np.asarray(X, dtype=self.dtype)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ConfigError(f"the network takes {self.sizes[0]} inputs per sample, got shape {X.shape}")
        x_aug = np.empty((X.shape[1] + 1, X.shape[0]), self.dtype)
        x_aug[:-1] = X.T
        x_aug[-1] = 1.0
        return x_aug

    def forward(self, X: np.ndarray) -> Trace:
        """Forward pass of sample-major X (batch, n_0) into fresh buffers: the full Trace."""
        x_aug = self.augment(X)
        ws = Workspace(self.sizes, self.activations, x_aug.shape[1], self.dtype)
        ws.a_aug[0][...] = x_aug
        self.forward_into(ws, ws.a_aug[0])
        return Trace(ws.z, ws.a, ws.a_aug, ws)

    def backward(self, trace: Trace, Y: np.ndarray, loss: str = "mse") -> Grads:
        """Mean gradients of `loss` over the batch of `trace`; Y is sample-major (batch, n_L)."""
        loss = losses.canonical(loss)
        losses.check_pairing(loss, self.activations[-1])
        batch = trace.a[0].shape[1]
        y = np.asarray(Y, dtype=self.dtype).reshape(batch, self.sizes[-1]).T
        grads = self.new_grads()
        ws = trace.workspace
        self.backward_into(ws, ws.a_aug[0], y, loss, self._views(grads.flat), 1.0 / batch)
        deltas = [np.full_like(ws.delta[0], np.nan)] + [d.copy() for d in ws.delta[1:]]
        return Grads(grads.flat, grads.weights, grads.biases, deltas)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The outputs for sample-major X (batch, n_0), sample-major: (batch, n_L)."""
        return self.forward(X).output.T.copy()

    def loss(self, X: np.ndarray, Y: np.ndarray, loss: str = "mse") -> float:
        """The mean loss over sample-major X and Y."""
        out = self.forward(X).output
        y = np.asarray(Y, dtype=self.dtype).reshape(out.shape[1], self.sizes[-1]).T
        return losses.value(losses.canonical(loss), out, y, self.reproducible)

