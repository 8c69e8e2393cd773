"""Every neuron's output over a grid of the input plane, in one batched float32 pass."""

from __future__ import annotations

import sys
from collections.abc import Callable

import numpy as np

from nnviz.data import PLANE_EXTENT, Plane, grid_points, plane_inputs
from nnviz.engine import saturating
from nnviz.engine.mlp import MLP
from nnviz.engine.workspace import Workspace
from nnviz.errors import ConfigError
from nnviz.io import caps
from nnviz.session import heatmap_pass

POOL_SIZE = 4
CHUNK_CELLS = 1 << 20  # values (neurons x grid cells) the output pass keeps at once: 4 MB


class GridEvaluator:
    """Computes per-neuron heatmaps; caches the grid inputs, a float32 network and buffers.

    Fresh large arrays cost page faults on every frame (measured: 2-20 ms at
    300x300), so output buffers are recycled, but only once nothing outside the
    pool refers to them any more: a Frame that is still held never changes.
    """

    def __init__(self, extent: float = PLANE_EXTENT) -> None:
        self._extent = extent
        # the input grids, each with its max |x| (saturating.needs_scaling's input_bound), measured once
        self._inputs: dict[tuple[int, tuple[str, ...], Plane | None], tuple[np.ndarray, float]] = {}
        self._net32: MLP | None = None
        self._key: tuple[object, ...] = ()
        self._pools: dict[tuple[int, int], list[np.ndarray]] = {}  # (sum(n_l + 1), R*R) float32 stacks, by shape
        self._chunk_ws: dict[int, Workspace] = {}  # the output pass's workspaces, by chunk width
        self._joined: dict[tuple[int, int, tuple[str, ...], Plane | None], tuple[np.ndarray, float]] = {}  # thumbs|out
        self._display_w: list[np.ndarray] = []  # the live pass's weights (heatmap_pass.display_weights)

    @property
    def extent(self) -> float:
        """The plane shown is [-extent, extent]^2."""
        return self._extent

    @extent.setter
    def extent(self, value: float) -> None:
        if value != self._extent:
            self._extent = float(value)
            self._inputs.clear()
            self._joined.clear()

    def inputs(self, resolution: int, features: tuple[str, ...], plane: Plane | None = None) -> np.ndarray:
        """The grid's input features with a ones row: (n_features + 1, R*R) float32, read-only.

        With a `plane` the grid lies on that slice of a table's (scaled) input space.
        """
        return self._input_grid(resolution, features, plane)[0]

    def _input_grid(self, resolution: int, features: tuple[str, ...], plane: Plane | None) -> tuple[np.ndarray, float]:
        """`inputs` and its max |x|."""
        key = (resolution, features, plane)
        known = self._inputs.get(key)
        if known is None:
            pts = grid_points(resolution, self.extent)  # (R*R, 2)
            x_aug = np.empty((len(features) + 1, len(pts)), np.float32)
            with np.errstate(over="ignore", invalid="ignore"):  # x1² of a plane past 1e19 is inf in float32
                x_aug[:-1] = plane_inputs(pts, features, plane, dtype=np.float32).T
            x_aug[-1] = 1.0
            x_aug.setflags(write=False)
            if len(self._inputs) > 4:
                self._inputs.clear()
            known = self._inputs[key] = (x_aug, float(np.abs(x_aug).max(initial=0.0)))
        return known

    def joined_grid(self, thumbs: int, resolution: int, features: tuple[str, ...],
                    plane: Plane | None = None) -> tuple[np.ndarray, float]:
        """The inputs of both grids side by side, `thumbs`' cells first ((n_features + 1, T² + R²), read-only), and
        their max |x|."""
        key = (thumbs, resolution, features, plane)
        known = self._joined.get(key)
        if known is None:
            (small, small_bound), (large, large_bound) = (self._input_grid(thumbs, features, plane),
                                                          self._input_grid(resolution, features, plane))
            x_aug = np.concatenate([small, large], axis=1)
            x_aug.setflags(write=False)
            if len(self._joined) > 2:
                self._joined.clear()
            known = self._joined[key] = (x_aug, max(small_bound, large_bound))
        return known

    def _free_stack(self, rows: int, cols: int) -> np.ndarray:
        if (rows, cols) not in self._pools and len(self._pools) >= 2:  # the drawn size changed: drop old stacks
            self._pools.clear()
        pool = self._pools.setdefault((rows, cols), [])
        for i in range(len(pool)):
            # 2 references: the pool's and getrefcount's argument; any Frame view adds one
            if sys.getrefcount(pool[i]) == 2:
                return pool[i]
        stack = np.empty((rows, cols), np.float32)
        if len(pool) < POOL_SIZE:
            pool.append(stack)
        return stack

    def _network32(self, net: MLP) -> MLP:
        """The float32 copy of `net`'s weights the grids are computed with (rebuilt when the shape changes)."""
        key = (net.sizes, net.activations)
        if key != self._key or self._net32 is None:
            self._key = key
            self._net32 = MLP(net.sizes, net.activations, np.float32, numerics="fast")  # pictures: any last bit
            self._pools, self._chunk_ws = {}, {}
        with np.errstate(over="ignore"):  # finite float64 weights past float32's range draw as saturated
            np.copyto(self._net32.params, net.params, casting="same_kind")
        return self._net32

    def evaluate(self, net: MLP, features: tuple[str, ...], resolution: int,
                 plane: Plane | None = None) -> tuple[np.ndarray, ...]:
        """Every layer's activations over the grid: [l] is (n_l, R, R) float32, inputs first.

        The arrays are read-only and never written again while anyone holds them,
        so they can go into an immutable Frame.
        """
        caps.check_heatmaps(sum(net.sizes), int(resolution), ConfigError)  # before the grid is allocated
        x_aug, bound = self._input_grid(resolution, features, plane)
        net32 = self._network32(net)
        rows = sum(n + 1 for n in net.sizes[1:])
        stack = self._free_stack(rows, x_aug.shape[1])
        stack.setflags(write=True)
        ws = Workspace(net32.sizes, net32.activations, x_aug.shape[1], net32.dtype, True, stack)
        if saturating.needs_scaling(net, net32.dtype, bound):  # a divergence: ±1 where tanh saturates
            with np.errstate(over="ignore"):  # a linear output past float32's range draws as saturated
                for layer, a in enumerate(saturating.forward_scaled(net, x_aug)[1:], start=1):
                    np.copyto(ws.a[layer], a, casting="same_kind")
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                net32.forward_into(ws, x_aug)
        stack.setflags(write=False)
        shape = (resolution, resolution)
        grids = [x_aug[:-1].reshape(-1, *shape)]
        for layer in range(1, len(net.sizes)):
            grid = ws.a[layer].reshape(-1, *shape)
            grid.setflags(write=False)
            grids.append(grid)
        return tuple(grids)

    def _chunk_workspace(self, net32: MLP, width: int) -> Workspace:
        ws = self._chunk_ws.get(width)
        if ws is None:
            if len(self._chunk_ws) >= 2:  # a chunk and a remainder: others were for another resolution
                self._chunk_ws.clear()
            ws = self._chunk_ws[width] = Workspace(net32.sizes, net32.activations, width, net32.dtype, True)
        return ws

    def live(self, net: MLP, features: tuple[str, ...], thumbs: int, resolution: int, plane: Plane | None = None,
             neuron: tuple[int, int] = (-1, -1), between: Callable[[], None] | None = None,
             ) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray | None]:
        """A live frame's heatmaps from one pass over both grids, with tanh and sigmoid as heatmap_pass makes them.

        Returns every layer at `thumbs` cells a side (as `evaluate`: [l] is (n_l, T, T), inputs first), the
        output layer at `resolution` ((n_out, R, R), owned by the caller) and the (R, R) grid of one more
        neuron (layer, index) that the pass computes anyway (None when it is not a neuron of this network or
        is an output). The hidden layers are computed CHUNK_CELLS values at a time in one reused workspace:
        memory does not grow with the network's width times R². The thumbnails are copied out of it into a
        recycled stack, so a Frame still held never changes. All arrays are read-only. `between` is called
        between two layers and two chunks (the reader gives way there to the user's input: at 8x64 a pass is two
        chunks of ~2.5 ms, a layer ~0.3 ms).
        """
        sizes = net.sizes
        caps.check_heatmaps(sum(sizes), int(thumbs), ConfigError)  # before any grid is allocated
        caps.check_heatmaps(sizes[-1], int(resolution), ConfigError)
        x_aug, bound = self.joined_grid(thumbs, resolution, features, plane)  # (n_features + 1, T² + R²)
        split, cells = thumbs * thumbs, x_aug.shape[1]
        net32 = self._network32(net)
        weights = self._display_w = heatmap_pass.display_weights(net32.W, net32.activations, self._display_w)
        rows = sum(n + 1 for n in sizes[1:])
        stack = self._free_stack(rows, split)  # (rows, T²): every layer's thumbnails, with its ones row
        stack.setflags(write=True)
        out = np.empty((sizes[-1], cells - split), np.float32)
        layer, index = neuron
        kept = np.empty(cells - split, np.float32) if 0 <= layer < len(sizes) - 1 and 0 <= index < sizes[layer] \
            else None
        scaled = saturating.needs_scaling(net, net32.dtype, bound)  # keep sign and saturation
        width = max(1, min(cells, CHUNK_CELLS // rows))
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, cells, width):
                if start and between is not None:
                    between()
                stop = min(cells, start + width)
                ws = self._chunk_workspace(net32, stop - start)
                chunk = x_aug[:, start:stop]
                if scaled:
                    for k, a in enumerate(saturating.forward_scaled(net, chunk)[1:], start=1):
                        np.copyto(ws.a[k], a, casting="same_kind")
                else:
                    heatmap_pass.forward(weights, net32.activations, ws, chunk, between)
                if start < split:  # (rows, cells of the chunk that are thumbnails' cells)
                    stack[:, start:min(stop, split)] = ws.A[:, :min(stop, split) - start]
                if stop > split:
                    first = max(start, split)
                    out[:, first - split:stop - split] = ws.a[-1][:, first - start:]
                    if kept is not None:
                        kept[first - split:stop - split] = (chunk[index] if layer == 0 else ws.a[layer][index])[
                            first - start:]
        stack.setflags(write=False)
        shape = (thumbs, thumbs)
        grids = [self.inputs(thumbs, features, plane)[:-1].reshape(-1, *shape)]
        row = 0
        for n in sizes[1:]:
            grids.append(stack[row:row + n].reshape(n, *shape))
            row += n + 1
        outputs = out.reshape(-1, resolution, resolution)
        outputs.setflags(write=False)
        if kept is None:
            return tuple(grids), outputs, None
        picture = kept.reshape(resolution, resolution)
        picture.setflags(write=False)
        return tuple(grids), outputs, picture
