"""File ▸ Export network and File ▸ Export data: the drawn frame's weights as network JSON, its points as CSV.

Both work from the latest Frame (the GUI never touches the training session) and
write all or nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from nnviz import data as nd
from nnviz.engine import MLP
from nnviz.errors import NnvizError, unknown_name
from nnviz.session import Frame
from nnviz.ui.export.output import ExportError, replace_atomically, write_atomically

NETWORK_FORMATS: dict[str, str] = {
    "nnviz": "nnviz network JSON",
    "synaptic": "Synaptic network JSON (Network.toJSON)",
    "brainjs": "brain.js network JSON (NeuralNetwork.toJSON)",
}


def frame_network(frame: Frame) -> MLP:
    """An engine network (float64) holding the frame's weights and biases."""
    net = MLP(frame.sizes, frame.activations, np.float64)
    for k, (w, b) in enumerate(zip(frame.weights, frame.biases, strict=True)):
        net.weights(k + 1)[...] = w
        net.biases(k + 1)[...] = b
    return net


def network_json(frame: Frame, fmt: str) -> str:
    """The frame's network as JSON text in a format of NETWORK_FORMATS (ExportError when it cannot be)."""
    # lazy: the scripting API loads only when a network is exported
    from nnviz.api import Network

    if fmt not in NETWORK_FORMATS:
        raise ExportError(unknown_name("network format", fmt, NETWORK_FORMATS))
    try:
        return json.dumps(Network.from_mlp(frame_network(frame)).to_json(fmt), indent=1) + "\n"
    except NnvizError as exc:
        raise ExportError(f"cannot export the network as {NETWORK_FORMATS[fmt]}: {exc}") from None


def export_network(frame: Frame, path: str | os.PathLike[str], fmt: str = "nnviz") -> Path:
    """Write the frame's network to a JSON file; its inputs are the frame's features, in order."""
    return write_atomically(path, network_json(frame, fmt).encode("utf-8"))


def frame_dataset(frame: Frame) -> nd.Dataset:
    """The frame's training and test points as one data set (training points first)."""
    regression = frame.problem == "regression"
    return nd.Dataset(
        points=np.concatenate([frame.train_points, frame.test_points]),
        labels=np.concatenate([frame.train_labels, frame.test_labels]),
        kind=nd.REGRESSION if regression else nd.CLASSIFICATION,
        n_classes=0 if regression else max(2, frame.n_classes),
    )


def export_data(frame: Frame, path: str | os.PathLike[str]) -> Path:
    """Write the frame's points as a CSV file that Load CSV reads back."""
    dataset = frame_dataset(frame)
    try:
        return replace_atomically(path, lambda tmp: nd.save_csv(dataset, tmp))
    except NnvizError as exc:
        raise ExportError(str(exc)) from None
