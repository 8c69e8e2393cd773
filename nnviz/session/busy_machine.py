"""Flat out on a busy machine, the window takes fewer frames so that training keeps its speed (issue 23).

Every frame costs the GUI process its heatmaps, its hand-over and its paint (about 15 ms of CPU on
the spiral 6x8). On a machine whose cores are all busy (another job, a video call, a second app),
those milliseconds come out of the training process's share: with one core taken by another job,
training flat out ran at 36-64 % of the engine alone while the window kept 30 frames a second. Flat
out is the user asking for speed first. So while training flat out, the runner looks, once every
LOOK_SECONDS, at the share of a core its own thread got (its thread's CPU time over the wall time):
below BUSY_SHARE, the frame interval grows by STEP (up to MAX_STRETCH times: about 12 frames a
second instead of 31); above FREE_SHARE, it shrinks back. On a machine with a core to spare the
training thread gets 0.95-1.0 of a core and nothing changes. With a speed limit set, or paused,
frames keep the interval (the trainer is idle part of the time by design, and its share says nothing).
"""

from __future__ import annotations

from collections.abc import Callable

LOOK_SECONDS = 1.0  # wall time between two looks at the training thread's share of a core
BUSY_SHARE = 0.8  # below this share of a core the window yields frames to training
FREE_SHARE = 0.9  # above it the frames come back, a STEP at a time
STEP = 1.3
MAX_STRETCH = 3.0  # frames at least every MAX_STRETCH frame intervals (1/35 s: about 12 a second)


class BusyMachine:
    """The factor on the frame interval, from the training thread's share of a core while it trains flat out."""

    def __init__(self, wall: Callable[[], float], cpu: Callable[[], float]) -> None:
        self._wall, self._cpu = wall, cpu  # cpu: the training thread's CPU seconds (time.thread_time)
        self._mark: tuple[float, float] | None = None  # (wall, cpu) at the last look
        self.stretch = 1.0

    def reset(self) -> None:
        """Training paused, was paced, or started again: back to every frame, and a fresh look."""
        self._mark, self.stretch = None, 1.0

    def look(self) -> float:
        """While training flat out: the factor on the frame interval now (updated once every LOOK_SECONDS)."""
        wall, cpu = self._wall(), self._cpu()
        if self._mark is None:
            self._mark = (wall, cpu)
        elif wall - self._mark[0] >= LOOK_SECONDS:
            share = (cpu - self._mark[1]) / (wall - self._mark[0])
            if share < BUSY_SHARE:
                self.stretch = min(MAX_STRETCH, self.stretch * STEP)
            elif share > FREE_SHARE:
                self.stretch = max(1.0, self.stretch / STEP)
            self._mark = (wall, cpu)
        return self.stretch
