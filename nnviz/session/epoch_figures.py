"""The figures of one epoch end: loss and accuracy over every point, and the outputs behind the confusion matrices.

The session evaluates every training and test point at the epoch ends its history records (that pass is part
of training: it checks for divergence and feeds the loss chart). `EpochFigures` keeps what that pass found, so
a frame made while training shows the figures of the newest recorded epoch end without a pass of its own: for a
big network on many points a pass costs as much as dozens of batches, and frames then come at their own rate
(issue 23). The figures are exactly the history's record of `epoch`, and the confusion matrices count the same
outputs the accuracy was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnviz.session.model_spec import ModelSpec
from nnviz.session.session_state import Metrics

Key = tuple[int, int, int]  # (steps, data_version, structure_version) of the state evaluated


@dataclass(frozen=True)
class EpochFigures:
    """Loss, accuracy and outputs of the evaluation pass at the end of `epoch` (state `key`)."""

    epoch: int
    key: Key
    metrics: Metrics
    outputs: np.ndarray | None  # (n_out, n_train + n_test) at that epoch end; None: no points
    n_train: int
    _confusion: list[tuple[np.ndarray, np.ndarray] | None] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def of_pass(cls, epoch: int, key: Key, metrics: Metrics, outputs: np.ndarray | None,
                n_train: int) -> EpochFigures:
        """Keep a pass's figures; `outputs` is copied (the engine reuses its buffers)."""
        kept = None if outputs is None else np.array(outputs, copy=True)
        if kept is not None:
            kept.setflags(write=False)
        return cls(epoch, key, metrics, kept, n_train)

    def fits(self, data_version: int, structure_version: int, steps: int) -> bool:
        """Whether these figures belong to the run now: same points, same layout, not ahead of it."""
        return self.key[1:] == (data_version, structure_version) and self.key[0] <= steps

    def confusion(self, spec: ModelSpec, train_labels: np.ndarray,
                  test_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """(K, K) counts [true, predicted] on the training and the test part (None for regression); made once."""
        if not self._confusion:
            self._confusion.append(self._count(spec, train_labels, test_labels))
        return self._confusion[0]

    def _count(self, spec: ModelSpec, train_labels: np.ndarray,
               test_labels: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        if spec.problem == "regression":
            return None
        k = spec.n_classes
        matrices = []
        parts = (slice(0, self.n_train), slice(self.n_train, None))
        for part, labels in zip(parts, (train_labels, test_labels), strict=True):
            matrix = np.zeros((k, k), np.int64)
            if self.outputs is not None and len(labels):
                np.add.at(matrix, (labels, spec.predict_classes(self.outputs[:, part])), 1)
            matrix.setflags(write=False)
            matrices.append(matrix)
        return matrices[0], matrices[1]
