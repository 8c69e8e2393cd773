"""Between the training process and the GUI: the newest frame, and how many frames the GUI has yet to draw.

The child makes a frame only when asked (its Runner waits for FrameConsumed, with no timeout of its own):
the reader asks it for the next frame when it hands one on to the GUI, so the child makes it while the GUI
draws (at most one every frame_interval) and it waits here until the GUI has drawn every frame handed on
(or ACK_TIMEOUT passed, measured here only: one clock for the one timeout). So every frame the child sends
is drawn, one is ready whenever the GUI is (a frame made just in time comes late from a starved child: 11
frames/s instead of 20 with a core burnt), and none waits longer than one drawing. A frame handed on early
(forced by an event that must follow it, or after ACK_TIMEOUT) is counted, so the frames after it wait
until the GUI has drawn it too: the GUI's queue never holds a stale frame for the rest of the run.

The user's input first (issue 23): a click reaches the pixels in three turns of the GUI's event loop (press,
release, the scene's repaint), and a live frame drawn meanwhile (8-9 ms of the GUI thread on the spiral 6x8)
made it wait. So the window tells the hand-off of every press, release, key (not its auto-repeat) and wheel
(`input_seen`), and a live frame is handed on no sooner than HOLD_SECONDS after it; input that goes on holds a
frame MAX_HOLD_SECONDS at most, so the pictures never freeze under a wheel turned on and on. As the child makes
the next frame only when one is handed on, a frame held here is the only one made meanwhile. A frame made while
paused answers the user (Step, Reset, an edit of a weight) and is never held, nor is one forced out by an event.
The reader also gives way while it computes a live frame's heatmaps (a frame taken before the input): between
layers of that pass it waits until the GUI says the input is drawn (`input_drawn`), HOLD_SECONDS after the input
at most. On two cores with the trainer on one, the pass (~5 ms a frame at 8x64) shared the other with the click's
pixels and doubled their time.
A live frame handed on just before the input reached the GUI (in its queue as the user clicked) would still be
drawn before the click's pixels: the GUI draws each frame after the events queued before it and asks
`hold_left` first, so it waits as long as it would have waited here (one rule, kept here).
Thread-safe: the reader thread offers and takes, the GUI thread acknowledges and reports input.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from nnviz.session.events import FramePacket
from nnviz.session.runner import ACK_TIMEOUT

HOLD_SECONDS = 0.03  # a click's own work, its scene's update and its paint: about 4-5 ms on a quiet machine
MAX_HOLD_SECONDS = 0.1  # input that goes on (a wheel turned, fast typing) holds a frame back no longer


class FrameHandoff:
    """The newest frame not yet handed on, and the frames handed on that the GUI has not drawn yet."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._latest: FramePacket | None = None
        self._undrawn = 0  # frames handed on that the GUI has not said it drew
        self._delivered = -float("inf")  # when the last frame was handed on
        self._input_until = -float("inf")  # live frames wait until then for the user's input to be drawn
        self._held_since: float | None = None  # when the hold first kept back the waiting frame
        self._input_at = -float("inf")  # when the user's last input came
        self._first_input = -float("inf")  # the first input since the last frame was handed on
        self._handed_live = False  # the frame handed on last was made while training ran
        self._drawn = threading.Event()  # set: the GUI drew the user's input so far (a heatmap pass goes on)
        self._drawn.set()

    def input_seen(self) -> None:
        """The user pressed, released, typed or scrolled in the window: live frames wait HOLD_SECONDS."""
        with self._lock:
            now = self._clock()
            if self._input_at < self._delivered:
                self._first_input = now
            self._input_at, self._input_until = now, now + HOLD_SECONDS
            self._drawn.clear()

    def input_drawn(self) -> None:
        """The GUI painted the pixels of the user's input so far (thread-safe): a heatmap pass paused for it goes on."""
        self._drawn.set()

    def input_pause(self) -> float:
        """Seconds a live frame's heatmap pass waits now for the user's input to be drawn (0: go on): until the GUI
        says it is drawn, HOLD_SECONDS after the last input at most."""
        with self._lock:
            if self._drawn.is_set():
                return 0.0
            return max(0.0, self._input_until - self._clock())

    def give_way(self) -> None:
        """Called between layers of a live frame's heatmap pass (the reader): wait while the GUI draws the input."""
        pause = self.input_pause()
        if pause > 0:
            self._drawn.wait(pause)

    def hold_left(self) -> float:
        """Seconds the GUI waits before it draws the live frame handed on last, when the user's input came after
        that frame was handed on (it was on its way as they clicked): HOLD_SECONDS after each input, as here, and
        MAX_HOLD_SECONDS from the first at most (a GUI late to draw it may have held it in its queue meanwhile)."""
        with self._lock:
            if not self._handed_live or self._input_at < self._delivered:
                return 0.0
            return max(0.0, min(self._input_until, self._first_input + MAX_HOLD_SECONDS) - self._clock())

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
        """The frame to hand on now: when the GUI drew every frame (or ACK_TIMEOUT passed) and no input holds it,
        or `force`; else None."""
        with self._lock:
            packet = self._latest
            now = self._clock()
            if packet is None:
                return None
            if not force:
                if not (self._undrawn == 0 or now - self._delivered >= ACK_TIMEOUT):
                    return None
                if now < self._held_until(packet, now):
                    if self._held_since is None:
                        self._held_since = now  # the cap counts from here, whatever input comes
                    return None
            self._latest, self._delivered, self._held_since = None, now, None
            self._handed_live = packet.running
            self._undrawn += 1
            return packet

    def _held_until(self, packet: FramePacket, now: float) -> float:
        """Until when the user's input holds `packet` back (a paused frame: never); under the lock."""
        if not packet.running:
            return -float("inf")
        since = now if self._held_since is None else self._held_since
        return min(self._input_until, since + MAX_HOLD_SECONDS)

    def drop(self) -> None:
        """Forget the waiting frame (its child died: it may be newer than the checkpoint a new child starts from)."""
        with self._lock:
            self._latest, self._held_since = None, None

    def wait_time(self, longest: float) -> float:
        """How long the reader may sleep before a waiting frame is due: the GUI's ACK_TIMEOUT or the end of the
        input's hold (at most `longest`)."""
        with self._lock:
            packet = self._latest
            if packet is None:
                return longest
            now = self._clock()
            due = max(self._held_until(packet, now), now if self._undrawn == 0 else self._delivered + ACK_TIMEOUT)
            return max(0.0, min(longest, due - now))
