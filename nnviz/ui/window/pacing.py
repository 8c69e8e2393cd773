"""How often a costly part of the window redraws while training runs: at most once per interval.

A paused or stepped frame is always drawn whole; while training runs, a part whose
drawing costs more than it shows (the loss chart's axes, the status figures, the
graph's edges) waits for its interval, and the next frame after it brings it up to date.
Two such parts never redraw in the same running frame: the one that would join waits a frame,
so no single frame holds the GUI thread for both (a click waits for at most one of them).
"""

from __future__ import annotations

import time
from collections.abc import Callable


class Pacer:
    """Says whether a part is due to redraw: always when not running, else once per `interval` seconds."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.perf_counter) -> None:
        self.interval = interval
        self._clock = clock
        self._last: float | None = None

    def due(self, running: bool, another: bool = False) -> bool:
        """Whether to redraw now; a True answer starts the next interval.

        another: a costly part redraws in this frame already; while running, this one then waits a frame.
        """
        now = self._clock()
        if running and (another or (self._last is not None and now - self._last < self.interval)):
            return False
        self._last = now
        return True
