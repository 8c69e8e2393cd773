"""A Session's state as an immutable Frame: weights, figures, history, points and every neuron's heatmap."""

from __future__ import annotations

import numpy as np

from nnviz.engine import activations as act
from nnviz.session.epoch_figures import EpochFigures
from nnviz.session.frame import Frame
from nnviz.session.session_state import SessionState
from nnviz.session.slicing import frame_fields


def take_snapshot(session: SessionState, resolution: int = 100, grids: bool = True,
                  figures: EpochFigures | None = None) -> Frame:
    """The Frame of `session` now; with grids=False, neuron_grids is empty (see Session.snapshot).

    With `figures`, the loss, accuracy and confusion matrices are those of that epoch end (no pass over
    every point now) and the frame says which epoch they belong to (`figures_epoch`).
    """
    net = session.net
    m = session.metrics() if figures is None else figures.metrics
    table = frame_fields(session, confusion=figures is None)  # the plane shown (sets the grid's extent), points
    if figures is not None:
        table["confusion"] = figures.confusion(session.spec, session.train_set.labels, session.test_set.labels)
        table["figures_epoch"] = figures.epoch
    plane = table.get("plane")
    heatmaps = session.grid.evaluate(net, session.feature_names, int(resolution), plane) if grids else ()
    weights = tuple(_frozen(net.weights(layer).astype(np.float64)) for layer in range(1, net.n_layers + 1))
    biases = tuple(_frozen(net.biases(layer).astype(np.float64)) for layer in range(1, net.n_layers + 1))
    lo, hi = act.output_range(session.spec.output_activation)
    if not np.isfinite(lo) or not np.isfinite(hi):
        lo, hi = (-1.0, 1.0)
    return Frame(
        epoch=session.epoch,
        steps=session.steps,
        sizes=net.sizes,
        activations=net.activations,
        feature_names=session.feature_names,
        problem=session.spec.problem,
        n_classes=session.spec.n_classes,
        loss_name=session.spec.loss,
        weights=weights,
        biases=biases,
        train_loss=m.train_loss,
        test_loss=m.test_loss,
        train_accuracy=m.train_accuracy,
        test_accuracy=m.test_accuracy,
        history=session.history.view(),
        extent=table.pop("extent", session.grid.extent),
        resolution=int(resolution),
        neuron_grids=heatmaps,
        output_range=(lo, hi),
        train_points=table.pop("train_points", session.train_set.points),
        train_labels=session.train_set.labels,
        test_points=table.pop("test_points", session.test_set.points),
        test_labels=session.test_set.labels,
        data_version=session.points.version,
        structure_version=session.structure_version,
        diverged=session.diverged,
        warning=session.warning,
        data_name=session.train_set.name,
        **table,
    )


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.setflags(write=False)
    return a
