"""Between the training process and the GUI: the newest frame, and how many frames the GUI has yet to draw.

The child makes a frame only when asked (its Runner waits for FrameConsumed, with no timeout of its own):
the reader asks it for the next frame when it hands one on to the GUI, so the child makes it while the GUI
draws (at most one every frame_interval) and it waits here until the GUI has drawn every frame handed on
(or ACK_TIMEOUT passed, measured here only: one clock for the one timeout). So every frame the child sends
is drawn, one is ready whenever the GUI is (a frame made just in time comes late from a starved child: 11
frames/s instead of 20 with a core burnt), and none waits longer than one drawing. A frame handed on early
(forced by an event that must follow it, or after ACK_TIMEOUT) is counted, so the frames after it wait
until the GUI has drawn it too: the GUI's queue never holds a stale frame for the rest of the run.
Thread-safe: the reader thread offers and takes, the GUI thread acknowledges.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from nnviz.session.events import FramePacket
from nnviz.session.runner import ACK_TIMEOUT


class FrameHandoff:
    """The newest frame not yet handed on, and the frames handed on that the GUI has not drawn yet."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: FramePacket | None = None
        self._undrawn = 0  # frames handed on that the GUI has not said it drew
        self._delivered = -float("inf")  # when the last frame was handed on

    def offer(self, packet: FramePacket) -> None:
        """A frame arrived; it replaces one still waiting (only the newest is drawn)."""
        with self._lock:
            self._latest = packet

    def consumed(self) -> bool:
        """The GUI drew a frame handed on. True: it has drawn them all and a frame waits here (hand it on)."""
        with self._lock:
            self._undrawn = max(0, self._undrawn - 1)
            return self._undrawn == 0 and self._latest is not None

    def take(self, force: bool = False) -> FramePacket | None:
        """The frame to hand on now: when the GUI drew every frame, ACK_TIMEOUT passed, or `force`; else None."""
        with self._lock:
            packet = self._latest
            now = self._clock()
            if packet is None or not (self._undrawn == 0 or force or now - self._delivered >= ACK_TIMEOUT):
                return None
            self._latest, self._delivered = None, now
            self._undrawn += 1
            return packet

    def drop(self) -> None:
        """Forget the waiting frame (its child died: it may be newer than the checkpoint a new child starts from)."""
        with self._lock:
            self._latest = None

    def wait_time(self, longest: float) -> float:
        """How long the reader may sleep before a waiting frame's ACK_TIMEOUT is due (at most `longest`)."""
        with self._lock:
            if self._latest is None or self._undrawn == 0:
                return longest
            return max(0.0, min(longest, self._delivered + ACK_TIMEOUT - self._clock()))
