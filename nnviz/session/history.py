"""A bounded loss history: memory stays flat over millions of epochs.

Records are kept every `stride` epochs. When the buffer fills up, every other
record is dropped and the stride doubles, so the history always spans the
whole run with between capacity/2 and capacity points.
"""

from __future__ import annotations

import numpy as np

from nnviz.session.message import Message

COLUMNS: tuple[str, ...] = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
CAPACITY = 2048  # rows kept; older ones are merged (downsampled)


class HistoryView(Message):
    """An immutable copy of the history: one array per column, nan where not measured."""

    epoch: np.ndarray
    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray

    def __len__(self) -> int:
        return len(self.epoch)


class History:
    """Train/test loss and accuracy per recorded epoch, downsampled to a fixed capacity."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        if capacity < 4 or capacity % 2:
            raise ValueError("capacity must be an even number >= 4")
        self.capacity = capacity
        self._data = np.full((capacity, len(COLUMNS)), np.nan)  # (capacity, 5)
        self._n = 0
        self.stride = 1
        self.version = 0  # bumps on every change, so views can be cached

    def __len__(self) -> int:
        return self._n

    def wants(self, epoch: int) -> bool:
        """Whether a record for this epoch would be kept (so the caller can skip measuring)."""
        return epoch % self.stride == 0

    def record(
        self,
        epoch: int,
        train_loss: float,
        test_loss: float,
        train_accuracy: float | None = None,
        test_accuracy: float | None = None,
    ) -> None:
        """Add one epoch's figures if the stride keeps it."""
        if not self.wants(epoch):
            return
        if self._n and epoch <= self._data[self._n - 1, 0]:
            return
        if self._n == self.capacity:
            kept = self._data[: self._n : 2].copy()
            self._n = len(kept)
            self._data[: self._n] = kept
            self._data[self._n :] = np.nan
            self.stride *= 2
            if not self.wants(epoch):
                return
        nan = float("nan")
        self._data[self._n] = (
            epoch,
            train_loss,
            test_loss,
            nan if train_accuracy is None else train_accuracy,
            nan if test_accuracy is None else test_accuracy,
        )
        self._n += 1
        self.version += 1

    def clear(self) -> None:
        """Forget everything (after a reset)."""
        self._data[:] = np.nan
        self._n = 0
        self.stride = 1
        self.version += 1

    def view(self) -> HistoryView:
        """An immutable copy of the recorded columns."""
        cols = self._data[: self._n].T.copy()
        cols.setflags(write=False)
        return HistoryView(*cols)

    def last(self) -> dict[str, float]:
        """The newest record as a dict (empty when there is none)."""
        if not self._n:
            return {}
        return dict(zip(COLUMNS, (float(v) for v in self._data[self._n - 1]), strict=True))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (for session files)."""
        return {"stride": self.stride, "rows": self._data[: self._n].tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, object], capacity: int = CAPACITY) -> History:
        """Restore a history saved by to_dict."""
        h = cls(capacity)
        rows = np.asarray(data.get("rows", []), dtype=np.float64).reshape(-1, len(COLUMNS))[-capacity:]
        h._data[: len(rows)] = rows
        h._n = len(rows)
        h.stride = max(1, int(data.get("stride", 1)))  # type: ignore[call-overload]
        return h
