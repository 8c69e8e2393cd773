"""Heatmaps for a Frame that came without them: computed from the frame's own weights, where it is drawn.

A training process sends light frames (weights, figures, points); the process
that draws them fills in every neuron's heatmap here, through the same
GridEvaluator a Session uses, so the result is bit for bit what
`Session.snapshot` would have produced for those weights. Given the views'
`HeatmapSizes`, it computes every heatmap at the size it is drawn instead: the
thumbnails at theirs, the output at its panel's (coarser while training a big network),
all in one pass (`GridEvaluator.live`, with the pictures' own tanh: `heatmap_pass`). A paused frame whose
pictures would be the paused frame's before (the same weights, shape, inputs and sizes: sent again for new
points, a new learning rate or the like) gets that frame's arrays without a pass: at 8 hidden layers of 64, a
paused frame's pass (every neuron at the panel's size) takes about 0.1 s. While training, weights change with
every frame and nothing is compared.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nnviz.engine import MLP
from nnviz.session.frame import Frame, frame_with
from nnviz.session.frame_wire import same_array
from nnviz.session.grid import GridEvaluator
from nnviz.session.heatmap_sizes import HeatmapSizes


class FrameGrids:
    """Fills in the heatmaps of light frames; keeps one network and one evaluator between frames."""

    def __init__(self, resolution: int, sizes: HeatmapSizes | None = None,
                 give_way: Callable[[], None] | None = None) -> None:
        self.resolution = int(resolution)
        self.sizes = sizes  # None: every layer at `resolution`
        self._give_way = give_way  # called between the layers of a running frame's pass (the user's input first)
        self._grid = GridEvaluator()
        self._net: MLP | None = None
        self._paused: tuple[tuple[object, ...], np.ndarray, dict[str, object]] | None = None  # the last paused pass:
        # what it was made of (its key, the weights) and what it made (the Frame fields)

    def with_grids(self, frame: Frame, running: bool = False) -> Frame:
        """The frame with every neuron's heatmap (a frame that has them comes back as is).

        Without sizes: every layer at this resolution. With sizes: neuron_grids at the thumbnails'
        size (`HeatmapSizes.thumbs`: while running, the size drawn), `outputs` at the panel's
        (`HeatmapSizes.output`; `running` allows a coarser one), and the hovered neuron's grid at the
        output's size as `neuron_picture`.
        """
        if frame.neuron_grids:
            return frame
        net = self.network(frame)
        self._grid.extent = frame.extent
        if self.sizes is None:
            grids = self._grid.evaluate(net, frame.feature_names, self.resolution, frame.plane)
            return frame_with(frame, neuron_grids=grids, resolution=self.resolution)
        resolution, thumb_cells, hovered = self.sizes.output(frame.sizes, running), self.sizes.thumbs(running), \
            self.sizes.hovered
        key = (frame.sizes, frame.activations, frame.feature_names, frame.plane, frame.extent, thumb_cells, resolution,
               hovered)
        paused = self._paused
        if not running and paused is not None and paused[0] == key and same_array(paused[1], net.params):
            return frame_with(frame, **paused[2])  # the same pictures as the paused frame before
        thumbs, outputs, picture = self._grid.live(net, frame.feature_names, thumb_cells, resolution, frame.plane,
                                                   hovered, self._give_way if running else None)
        made: dict[str, object] = {"neuron_grids": thumbs, "outputs": outputs, "resolution": resolution,
                                   "neuron_picture": None if picture is None else (*hovered, picture)}
        self._paused = None if running else (key, net.params.copy(), made)
        return frame_with(frame, **made)

    def network(self, frame: Frame) -> MLP:
        """A network with the frame's weights (one kept between frames of the same shape, rewritten each time)."""
        net = self._net
        if net is None or net.sizes != frame.sizes or net.activations != frame.activations:
            net = self._net = MLP(frame.sizes, frame.activations, np.float64)
        for k, (w, b) in enumerate(zip(frame.weights, frame.biases, strict=True)):
            net.W[k][:, :-1] = w  # (n_{k+1}, n_k)
            net.W[k][:, -1] = b
        return net
