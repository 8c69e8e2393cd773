"""How often a costly part of the window redraws while training runs: at most once per interval.

A paused or stepped frame is always drawn whole; while training runs, a part whose
drawing costs more than it shows (the loss chart's axes, the status figures, the
graph's edges) waits for its interval, and the next frame after it brings it up to date.
Two such parts seldom redraw in the same running frame: the one that would join waits a frame, so a
frame rarely holds the GUI thread for both (a click waits for at most one of them). It waits one frame,
not more: when frames come slower than the other part's pace (a busy machine: 15 frames a second or
fewer for the edges), the other part is due in every frame, and a part that waited for it would never
redraw (the loss chart stood still while training ran at 12 frames a second).
"""

from __future__ import annotations

import time
from collections.abc import Callable

# seconds between frames while training: the frames keep this cadence (session/frame_cadence.py), so 32 are drawn a
# second: the 30 of smooth motion, with a margin. Every frame drawn costs the GUI process its heatmaps and paint: 35 a
# second cost it a tenth more for no visible gain (issue 23)
FRAME_INTERVAL = 1 / 32
LOSS_INTERVAL = 0.1  # the loss chart redraws at most ~10 times a second while training
STATUS_INTERVAL = 0.25  # the status bar figures change at most 4 times a second while training
EDGES_INTERVAL = 1 / 15  # the graph's edges are stroked anew at most ~15 times a second while training (issue 23)
# the neurons' thumbnails are coloured and painted anew every other frame while training (16 a second at 32 frames;
# every frame when frames come slower than ~21 a second); the output map and the hovered neuron's picture every frame
THUMBS_INTERVAL = 1.5 * FRAME_INTERVAL


class Pacer:
    """Says whether a part is due to redraw: always when not running, else once per `interval` seconds."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.perf_counter) -> None:
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self._gave_way = False  # due in the frame before, it waited for another part: it redraws in this one

    def due(self, running: bool, another: bool = False) -> bool:
        """Whether to redraw now; a True answer starts the next interval.

        another: a costly part redraws in this frame already; while running, this one then waits a frame (one
        frame: in the next it redraws, whatever the other part does).
        """
        now = self._clock()
        if running and self._last is not None and now - self._last < self.interval:
            return False
        if running and another and not self._gave_way:
            self._gave_way = True
            return False
        self._gave_way = False
        self._last = now
        return True
