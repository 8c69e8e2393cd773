"""An engine MLP's parameters with a plain-list mirror: exactly one side is the record at a time.

Straight-line scalar code reads and writes Python lists far faster than numpy
arrays (one numpy call costs about 0.5 us, a list item about 20 ns), so the
per-sample scalar path works on the list `p`, while numpy paths work on
`mlp.params`. Switching the record copies the values across; readers and
writers go through `get`/`set`, which always use the record, so no one ever
sees a stale value. In live mode (a network shared with a Session) the array is
always the record between operations.
"""

from __future__ import annotations

import numpy as np

from nnviz.engine import MLP


class ParamStore:
    """The weights, biases and last momentum changes of one network, as array and list."""

    def __init__(self, mlp: MLP, live: bool = False) -> None:
        self.mlp = mlp
        self.live = live
        self.array_changes = np.zeros(mlp.n_params)  # the backprop rule's previous changes, params layout
        self.p: list[float] = mlp.params.tolist()  # never rebound: generated code holds it
        self.c: list[float] = [0.0] * mlp.n_params
        self.on_list = not live

    def get(self, i: int) -> float:
        """Parameter i (flat layout of MLP.params)."""
        return self.p[i] if self.on_list else float(self.mlp.params[i])

    def set(self, i: int, value: float) -> None:
        """Set parameter i."""
        if self.on_list:
            self.p[i] = value
        else:
            self.mlp.params[i] = value

    def to_list(self) -> bool:
        """Make the list the record; True when values were copied."""
        if self.on_list:
            return False
        self.p[:] = self.mlp.params.tolist()
        self.c[:] = self.array_changes.tolist()
        self.on_list = True
        return True

    def to_array(self) -> bool:
        """Make the array the record; True when values were copied."""
        if not self.on_list:
            return False
        self.mlp.params[:] = self.p
        self.array_changes[:] = self.c
        self.on_list = False
        return True

    def array(self) -> np.ndarray:
        """The current values in `mlp.params`, for reading (the record does not move)."""
        if self.on_list:
            self.mlp.params[:] = self.p
        return self.mlp.params

    def load(self, values: np.ndarray, changes: np.ndarray) -> None:
        """Overwrite every parameter and previous change (params layout), on whichever side is the record."""
        if self.on_list:
            self.p[:] = np.asarray(values, dtype=np.float64).tolist()
        else:
            self.mlp.params[:] = values
        self.set_changes(changes)

    def changes(self) -> np.ndarray:
        """A copy of the previous changes (momentum state), params layout."""
        return np.array(self.c) if self.on_list else self.array_changes.copy()

    def set_changes(self, values: np.ndarray) -> None:
        """Overwrite the previous changes (momentum state)."""
        if self.on_list:
            self.c[:] = np.asarray(values, dtype=np.float64).tolist()
        else:
            self.array_changes[:] = values
