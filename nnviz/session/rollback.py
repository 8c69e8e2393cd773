"""Where a diverging run goes back to: the last good state, and the epoch ends since that were not checked yet."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import numpy as np

ROLLBACK_CANDIDATES = 4  # unchecked epoch ends kept as rollback targets (see DivergenceGuard.epoch_ended)


class Rollback:
    """The last state whose weights and loss were finite, and up to ROLLBACK_CANDIDATES newer epoch ends.

    Only states at the end of an epoch become the rollback target: while a run
    blows up, the last finite state inside an epoch is usually already absurd
    (weights of 1e100, a loss of 1e5), which is no state to give the user back.
    """

    def __init__(self, params: np.ndarray) -> None:
        self._good_params = params.copy()
        self._good_counters = (0, 0)  # (epoch, steps) of the good state
        # unchecked epoch ends newer than the last good state: (params, epoch, steps), newest last
        self.candidates: deque[tuple[np.ndarray, int, int]] = deque(maxlen=ROLLBACK_CANDIDATES)

    def mark_good(self, params: np.ndarray, epoch: int, steps: int) -> None:
        """Remember these weights and counters as the last state whose weights and loss were finite."""
        np.copyto(self._good_params, params)
        self._good_counters = (epoch, steps)
        self.candidates.clear()

    def keep_candidate(self, params: np.ndarray, epoch: int, steps: int) -> None:
        """An epoch end whose loss was not evaluated: a target if a divergence comes before the next check."""
        self.candidates.append((params.copy(), epoch, steps))

    def restore(self, params: np.ndarray, train_loss: Callable[[], float]) -> tuple[int, int]:
        """Put the target state's weights into `params`: the newest candidate whose training loss
        (`train_loss()` at the weights in `params`) is finite, else the good state; its (epoch, steps)."""
        good, counters = self._good_params, self._good_counters
        while self.candidates:
            candidate, epoch, steps = self.candidates.pop()
            np.copyto(params, candidate)
            if math.isfinite(train_loss()):
                good, counters = candidate, (epoch, steps)
                break
        np.copyto(params, good)
        return counters
