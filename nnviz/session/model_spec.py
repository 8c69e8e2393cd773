"""From a config and its data to a concrete model: layer sizes, activations, loss, targets."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz import data as nd
from nnviz.data import Dataset
from nnviz.engine import MLP, losses
from nnviz.engine import activations as act
from nnviz.errors import ConfigError
from nnviz.session.config import Config, check_network_size
from nnviz.session.message import Message

_DEFAULTS = {  # problem -> (output activation, loss); see config.py
    "binary": ("tanh", "mse"),
    "multiclass": ("softmax", "cross_entropy"),
    "regression": ("linear", "mse"),
}


class ModelSpec(Message):
    """The network layout and the target encoding that a config implies for a data set."""

    problem: str  # "binary", "multiclass" or "regression"
    n_classes: int
    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str

    @property
    def output_activation(self) -> str:
        """The output layer's activation."""
        return self.activations[-1]

    @property
    def target_range(self) -> tuple[float, float]:
        """The (negative, positive) target values of a class encoding."""
        lo, _ = act.output_range(self.output_activation)
        return (0.0, 1.0) if lo == 0.0 else (-1.0, 1.0)

    @property
    def threshold(self) -> float:
        """The output value between the two classes of a binary problem."""
        lo, hi = self.target_range
        return 0.5 * (lo + hi)

    def encode(self, labels: np.ndarray) -> np.ndarray:
        """Targets (n, n_out) for labels (class indices or regression values)."""
        n_out = self.sizes[-1]
        if self.problem == "regression":
            return np.asarray(labels, dtype=np.float64).reshape(-1, 1)
        lo, hi = self.target_range
        labels = np.asarray(labels, dtype=np.int64)
        if n_out == 1:
            return np.where(labels > 0, hi, lo).reshape(-1, 1).astype(np.float64)
        out = np.full((len(labels), n_out), lo)
        out[np.arange(len(labels)), labels] = hi
        return out

    def predict_classes(self, outputs: np.ndarray) -> np.ndarray:
        """Class indices from neuron-major outputs (n_out, n)."""
        if outputs.shape[0] == 1:
            return (outputs[0] > self.threshold).astype(np.int64)
        return np.argmax(outputs, axis=0)

    def accuracy(self, outputs: np.ndarray, labels: np.ndarray) -> float | None:
        """The share of correct classes, or None for regression or no data."""
        if self.problem == "regression" or outputs.shape[1] == 0:
            return None
        return float(np.mean(self.predict_classes(outputs) == labels))


def resolve(config: Config, n_features: int, data: Dataset) -> ModelSpec:
    """The ModelSpec of a config for data; raises ConfigError on impossible pairings."""
    problem = config.problem
    if problem == "auto":
        problem = "regression" if data.kind == "regression" else "binary" if data.n_classes <= 2 else "multiclass"
    if problem != "regression" and data.kind == "regression":
        raise ConfigError(f"the {data.name} data set is a regression problem; choose problem 'regression'")
    if problem == "regression" and data.kind != "regression":
        raise ConfigError(f"the {data.name} data set has classes; choose problem 'binary' or 'multiclass'")
    if problem == "binary" and data.n_classes > 2:
        raise ConfigError(f"the {data.name} data set has {data.n_classes} classes; choose problem 'multiclass'")
    n_classes = 0 if problem == "regression" else max(data.n_classes, 2)
    default_out, default_loss = _DEFAULTS[problem]
    out_act = default_out if config.output_activation == "auto" else act.canonical(config.output_activation)
    loss = default_loss if config.loss == "auto" else losses.canonical(config.loss)
    if config.loss == "auto" and config.output_activation != "auto":
        loss = {"softmax": "cross_entropy", "sigmoid": "bce" if problem == "binary" else "mse"}.get(out_act, "mse")
    losses.check_pairing(loss, out_act)
    n_out = n_classes if problem == "multiclass" else 1
    if out_act == "softmax" and n_out < 2:
        raise ConfigError(f"a softmax output needs two or more output neurons, and a {problem} problem has one; "
                          "choose problem 'multiclass' or another output activation")
    check_network_size(config, n_out, n_features)  # before any weight matrix or heatmap is allocated
    sizes = (n_features, *config.hidden, n_out)
    return ModelSpec(problem, n_classes, sizes, (*config.activations, out_act), loss)


def settings_for_mlp(net: MLP, settings: dict[str, Any]) -> dict[str, Any]:
    """The settings of a session that trains an existing network: what `settings` leave out is read off `net`."""
    if not np.isfinite(net.params).all():
        raise ConfigError("the network's weights hold NaN or infinite values; it cannot be trained or shown")
    settings = dict(settings)
    if "features" not in settings:
        if net.sizes[0] > len(nd.FEATURES):
            raise ConfigError(f"the network has {net.sizes[0]} inputs, but a session has only "
                              f"{len(nd.FEATURES)} input features ({', '.join(nd.FEATURES)})")
        settings["features"] = nd.FEATURES[: net.sizes[0]]
    if "hidden" not in settings:
        settings["hidden"] = net.sizes[1:-1]
    settings.setdefault("activations", net.activations[:-1])
    if len(set(settings["activations"])) == 1:  # so config.activation names what every hidden layer uses
        settings.setdefault("activation", settings["activations"][0])
    settings.setdefault("output_activation", net.activations[-1])
    settings.setdefault("dtype", net.dtype.name)
    return settings
