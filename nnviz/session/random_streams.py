"""The three random streams a session's seed fixes: the data, the initial weights, the shuffling."""

from __future__ import annotations

from typing import Any

import numpy as np

STREAMS = ("data", "weights", "shuffle")


class SeededStreams:
    """A session's random streams, all spawned from its seed, so a seed gives every student the same run."""

    def __init__(self, seed: int) -> None:
        self.data, self.weights, self.shuffle = self._spawn(seed)

    @staticmethod
    def _spawn(seed: int) -> tuple[np.random.Generator, ...]:
        return tuple(np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(3))

    def restart_training(self, seed: int) -> None:
        """The seed's own initial-weight and shuffle streams again (Reset); the data stream goes on."""
        _, self.weights, self.shuffle = self._spawn(seed)

    def state(self, streams: tuple[str, ...] = STREAMS) -> dict[str, Any]:
        """The states of the streams named (JSON-ready)."""
        return {name: getattr(self, name).bit_generator.state for name in streams}

    def set_state(self, state: dict[str, Any]) -> None:
        """Put back what `state()` gave for all three streams (then restart the trainer's epoch, or resume one)."""
        for name in STREAMS:
            getattr(self, name).bit_generator.state = state[name]
