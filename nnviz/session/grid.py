"""Every neuron's output over a grid of the input plane, in one batched float32 pass."""

from __future__ import annotations

import numpy as np

from nnviz.data import PLANE_EXTENT, compute_features, grid_points
from nnviz.engine.network import MLP, Workspace


class GridEvaluator:
    """Computes per-neuron heatmaps; caches the grid inputs and a float32 copy of the network."""

    def __init__(self, extent: float = PLANE_EXTENT) -> None:
        self.extent = extent
        self._inputs: dict[tuple[int, tuple[str, ...]], np.ndarray] = {}
        self._net32: MLP | None = None

    def inputs(self, resolution: int, features: tuple[str, ...]) -> np.ndarray:
        """The grid's input features with a ones row: (n_features + 1, R*R) float32, read-only."""
        key = (resolution, features)
        x_aug = self._inputs.get(key)
        if x_aug is None:
            pts = grid_points(resolution, self.extent)  # (R*R, 2)
            x_aug = np.empty((len(features) + 1, len(pts)), np.float32)
            x_aug[:-1] = compute_features(pts, features, dtype=np.float32).T
            x_aug[-1] = 1.0
            x_aug.setflags(write=False)
            if len(self._inputs) > 4:
                self._inputs.clear()
            self._inputs[key] = x_aug
        return x_aug

    def evaluate(self, net: MLP, features: tuple[str, ...], resolution: int) -> tuple[np.ndarray, ...]:
        """Every layer's activations over the grid: [l] is (n_l, R, R) float32, inputs first.

        The arrays are fresh (never reused), so they can go into an immutable Frame.
        """
        net32 = self._net32
        if net32 is None or net32.sizes != net.sizes or net32.activations != net.activations:
            net32 = self._net32 = MLP(net.sizes, net.activations, np.float32)
        np.copyto(net32.params, net.params, casting="same_kind")
        x_aug = self.inputs(resolution, features)
        ws = Workspace(net32.sizes, net32.activations, x_aug.shape[1], net32.dtype, forward_only=True)
        with np.errstate(over="ignore", invalid="ignore"):
            net32.forward_into(ws, x_aug)
        shape = (resolution, resolution)
        grids = [x_aug[:-1].reshape(-1, *shape)]
        for layer in range(1, len(net.sizes)):
            g = ws.a[layer].reshape(-1, *shape)
            g.setflags(write=False)
            grids.append(g)
        return tuple(grids)
