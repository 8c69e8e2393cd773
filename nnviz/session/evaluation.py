"""A session's training and test points as one forward pass: their inputs, encoded targets and cached metrics."""

from __future__ import annotations

import numpy as np

from nnviz.engine import MLP, losses
from nnviz.session.model_spec import ModelSpec
from nnviz.session.session_state import Metrics


class EvaluationSet:
    """The points a session measures its loss and accuracy on; rebuilt whenever the points or the network change."""

    def __init__(self, net: MLP, spec: ModelSpec, x_train: np.ndarray, x_test: np.ndarray,
                 train_labels: np.ndarray, test_labels: np.ndarray, n_train: int) -> None:
        self._net, self._spec, self._n_train = net, spec, n_train
        self._train_labels, self._test_labels = train_labels, test_labels
        both = np.concatenate([x_train, x_test]) if len(x_test) else x_train
        self.x = net.augment(both) if len(both) else None  # (n_0 + 1, n_train + n_test)
        self.y = spec.encode(np.concatenate([train_labels, test_labels])).T
        n = n_train
        self.targets_vary = bool(n and np.any(self.y[:, :n] != self.y[:, :1]))  # else a constant output is right
        self.cached: tuple[tuple[int, int, int], Metrics] | None = None  # (steps, data and structure version), figures

    def measure(self) -> Metrics:
        """Loss and accuracy of the training and test points at the network's current weights (one forward pass)."""
        if self.x is None:
            return Metrics(float("nan"), float("nan"), None, None)
        ws = self._net.workspace(self.x.shape[1])
        y, spec = self.y, self._spec
        tr, te = slice(0, self._n_train), slice(self._n_train, None)
        # weights a step has just blown up (the divergence check sees them at the next step) give outputs whose
        # squares overflow: the loss is then inf, as the outputs may be, without a warning
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            self._net.forward_into(ws, self.x)
            out = ws.a[-1]  # (n_out, n_train + n_test)
            return Metrics(
                losses.value(spec.loss, out[:, tr], y[:, tr]),
                losses.value(spec.loss, out[:, te], y[:, te]),
                spec.accuracy(out[:, tr], self._train_labels),
                spec.accuracy(out[:, te], self._test_labels),
            )

    def activations(self) -> list[np.ndarray] | None:
        """Every layer's activations of the last `measure` (None without points)."""
        return None if self.x is None else self._net.workspace(self.x.shape[1]).a
