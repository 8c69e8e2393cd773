"""How fine the heatmaps are computed: each at the size it is drawn (issue 23).

A neuron's thumbnail drawn 40 px wide needs 40² cells, not the output panel's 200²;
the output heatmap needs its panel's size. The views report what they draw (GUI
thread, `show`); whoever computes the heatmaps reads it for every frame (another
thread). Plain int attributes: a reader sees the old or the new value, never a mix.

While training runs flat out, a network whose output pass at full size would cost
more than TRAINING_BUDGET is drawn from a coarser output grid (never below
OUTPUT_MIN cells a side; the panel smooths it), so that big networks keep their
frame rate; every frame drawn while paused is at the full size again. While training,
thumbnails are computed at the size they are drawn even when that is tiny (a 64-neuron
column draws them about 7 px wide); the neuron under the mouse, which the output panel
shows large, is then taken from the output pass at the output's size; paused, the window asks for the frame again
(cmd.ShowAgain) when the mouse moves to another neuron, so the same holds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from nnviz.io import caps

THUMB_MIN = 24  # cells a side at least while paused (a hovered neuron shows so, smoothed, in the output panel
# until the frame sent again for it, cmd.ShowAgain, brings it at the output's size)
THUMB_FLOOR = 4  # while training: thumbnails at the size they are drawn, down to this (the hovered neuron comes
# from the output pass, at the output's size)
THUMB_DEFAULT = 32  # until the graph has said how large it draws its nodes
OUTPUT_MIN = 48  # the coarsest output grid while training (8x64: 7 ms a frame instead of 13 at 64²)
MACS_PER_UNIT = 64  # an activation (tanh) costs about as much as this many float32 multiply-adds
TRAINING_BUDGET = 600_000  # cost units of one output pass while training: cells x (neurons + MACs / 64)


def cost_per_cell(sizes: Sequence[int]) -> float:
    """The work of one grid cell's forward pass, in activations: neurons + multiply-adds / MACS_PER_UNIT."""
    macs = sum((n_in + 1) * n_out for n_in, n_out in itertools.pairwise(sizes))
    return sum(sizes[1:]) + macs / MACS_PER_UNIT


class HeatmapSizes:
    """The drawn sizes of the neuron thumbnails and of the output panel, in cells a side."""

    def __init__(self, finest: int = caps.HEATMAP_RESOLUTION) -> None:
        self.finest = int(min(caps.HEATMAP_RESOLUTION, max(1, finest)))  # the output grid is never finer
        self.thumb = min(THUMB_DEFAULT, self.finest)  # cells a side of the thumbnails while paused
        self.drawn = self.thumb  # ... and while training: their size on screen
        self.panel = self.finest
        self.hovered = (-1, -1)  # (layer, neuron) under the mouse in the graph; (-1, -1): none

    def show(self, thumb: float, panel: float) -> None:
        """The views draw thumbnails `thumb` px wide and the output `panel` px wide (device pixels)."""
        finest = self.finest
        self.thumb = int(min(caps.THUMB_RESOLUTION, finest, max(THUMB_MIN, round(thumb))))
        self.drawn = int(min(self.thumb, max(THUMB_FLOOR, round(thumb))))
        self.panel = int(min(finest, max(OUTPUT_MIN, round(panel))))

    def hover(self, layer: int, neuron: int) -> None:
        """The graph's mouse is over this neuron ((-1, -1): none): its heatmap comes at the output's size."""
        self.hovered = (int(layer), int(neuron))

    def thumbs(self, running: bool) -> int:
        """Cells a side of every neuron's thumbnail: the size drawn while training; paused, at least THUMB_MIN."""
        return self.drawn if running else self.thumb

    def output(self, sizes: Sequence[int], running: bool) -> int:
        """Cells a side of the output grid: the panel's size; while running, within TRAINING_BUDGET."""
        full = self.panel
        if not running:
            return full
        fitted = int(math.sqrt(TRAINING_BUDGET / max(1.0, cost_per_cell(sizes))))
        return max(min(OUTPUT_MIN, full), min(full, fitted))

    def __repr__(self) -> str:
        return f"HeatmapSizes(thumb={self.thumb}, drawn={self.drawn}, panel={self.panel}, finest={self.finest})"
