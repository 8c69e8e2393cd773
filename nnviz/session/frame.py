"""Frame: an immutable snapshot of a session, everything a view needs to draw.

Grids are image-ordered: grid[iy, ix] with y ascending from -extent (row 0)
to +extent and x ascending along a row (see `nnviz.data.grid_points`).
Arrays in a Frame are never written to after the Frame is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.data.inputs import Plane, Scaling, SliceSpec
from nnviz.session.history import HistoryView
from nnviz.session.slicing import ColumnStats

NO_DATA = "no data"  # what a part without samples shows instead of a loss, an accuracy or a confusion matrix


@dataclass(frozen=True)
class Frame:
    """One snapshot: weights, figures, history, data, and every neuron's heatmap."""

    epoch: int
    steps: int  # batches trained since the last reset
    sizes: tuple[int, ...]  # neurons per layer, inputs first
    activations: tuple[str, ...]  # one per non-input layer
    feature_names: tuple[str, ...]
    problem: str  # "binary", "multiclass" or "regression"
    n_classes: int
    loss_name: str
    weights: tuple[np.ndarray, ...]  # weights[k]: (n_{k+1}, n_k), from layer k to layer k+1
    biases: tuple[np.ndarray, ...]  # biases[k]: (n_{k+1},), of layer k+1
    train_loss: float
    test_loss: float
    train_accuracy: float | None
    test_accuracy: float | None
    history: HistoryView
    extent: float  # the plane is [-extent, extent]^2
    resolution: int
    neuron_grids: tuple[np.ndarray, ...]  # [l]: (n_l, R, R) float32, l = 0 (inputs) .. L (outputs); see outputs
    output_range: tuple[float, float]  # the range of the output activation, for colour scales
    train_points: np.ndarray  # (n_train, 2)
    train_labels: np.ndarray  # (n_train,) class index or target
    test_points: np.ndarray
    test_labels: np.ndarray
    data_version: int  # changes whenever the points change
    structure_version: int  # changes whenever the layout (sizes, features) changes
    diverged: str = ""  # non-empty: why training stopped
    warning: str = ""  # non-empty: the network has collapsed (see session/health.py)
    # timeline: while an earlier epoch is shown, the live run's epoch (None: this frame is the live run)
    live_epoch: int | None = None
    # heatmaps at the size they are drawn (issue 23): when set, the output layer at `resolution`,
    # (n_out, R, R), and neuron_grids hold every neuron at the thumbnails' coarser resolution
    outputs: np.ndarray | None = None
    # your own data (issue 21): names, the plane the boundary shows (points are drawn at their place on it)
    column_names: tuple[str, ...] = ()  # the data's columns (x1, x2 for generated points)
    class_names: tuple[str, ...] = ()  # empty: a class is named by its number
    plane: Plane | None = None  # None: the points' own two columns, unscaled
    train_distance: np.ndarray | None = None  # (n_train,) distance from the plane in scaled units
    test_distance: np.ndarray | None = None
    column_stats: ColumnStats | None = None  # raw min, median, max per column
    scaling: Scaling | None = None  # None: the inputs are the raw values
    slice: SliceSpec | None = None
    confusion: tuple[np.ndarray, np.ndarray] | None = None  # (K, K) [true, predicted]: training, test
    data_name: str = ""  # the training points' own name ("and" from the generator; "input 1, target 0" by hand)
    # big networks at 30 frames/s (issue 23): the epoch at whose end the loss, accuracy and confusion were
    # measured, while training (the history's record of that epoch); None: at this frame's own weights
    figures_epoch: int | None = None
    # big networks (issue 23): the neuron under the graph's mouse, (layer, neuron, (R, R) grid at `resolution`),
    # computed by the output pass while neuron_grids hold the thumbnails at the (smaller) size they are drawn
    neuron_picture: tuple[int, int, np.ndarray] | None = None

    def class_name(self, index: int) -> str:
        """The name of class `index` (its number when the data has no names)."""
        return self.class_names[index] if 0 <= index < len(self.class_names) else str(index)

    @property
    def n_layers(self) -> int:
        """The number of weight layers."""
        return len(self.weights)

    @property
    def output_grid(self) -> np.ndarray:
        """The output neurons over the plane: (n_out, R, R)."""
        return self.neuron_grids[-1] if self.outputs is None else self.outputs

    def neuron_grid(self, layer: int, neuron: int) -> np.ndarray:
        """The finest grid this frame holds of one neuron (R, R): the output's, the hovered one's, or its thumbnail."""
        if layer == len(self.sizes) - 1:
            return self.output_grid[neuron]
        picture = self.neuron_picture
        if picture is not None and picture[:2] == (layer, neuron):
            return picture[2]
        return self.neuron_grids[layer][neuron]

    def boundary(self) -> np.ndarray:
        """The value to draw under the data: (R, R).

        Binary and regression: the single output. Multi-class: the winning class
        index (as float32).
        """
        out = self.output_grid
        if out.shape[0] == 1:
            return out[0]
        return np.argmax(out, axis=0).astype(np.float32)

    def confidence(self) -> np.ndarray:
        """For multi-class output: the winning probability (R, R); ones otherwise."""
        out = self.output_grid
        if out.shape[0] == 1:
            return np.ones(out.shape[1:], np.float32)
        return out.max(axis=0)


def frame_with(frame: Frame, **changes: object) -> Frame:
    """`frame` with these fields changed: dataclasses.replace without calling __init__ with every field (issue 23:
    about 20 us a frame of the window's worker thread, for a Frame of 40 fields; a Frame has no __post_init__)."""
    unknown = changes.keys() - frame.__dict__.keys()
    if unknown:
        raise TypeError(f"Frame has no field {', '.join(sorted(unknown))}")
    new = object.__new__(Frame)
    new.__dict__.update(frame.__dict__)
    new.__dict__.update(changes)
    return new
