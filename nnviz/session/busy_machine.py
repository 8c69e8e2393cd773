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

A share below BUSY_SHARE while the other processes took less than OTHERS_BUSY of a core (session/machine_cpu.py)
is the app competing with itself (on two cores the window's paint and its heatmap reader at times run beside the
trainer at once): that is no busy machine, and the frames keep their interval (the stretch comes back as when free).
On one core the window always takes from training, and the trainer's share alone decides.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from nnviz.session.machine_cpu import AppCpu

LOOK_SECONDS = 1.0  # wall time between two looks at the training thread's share of a core
BUSY_SHARE = 0.8  # below this share of a core the window yields frames to training
FREE_SHARE = 0.9  # above it the frames come back, a STEP at a time
STEP = 1.3
MAX_STRETCH = 3.0  # frames at least every MAX_STRETCH frame intervals (1/35 s: about 12 a second)
OTHERS_BUSY = 0.4  # cores the machine's other processes take from which it counts as busy (with app_cpu)


class BusyMachine:
    """The factor on the frame interval, from the training thread's share of a core while it trains flat out."""

    def __init__(self, wall: Callable[[], float], cpu: Callable[[], float], app_cpu: AppCpu | None = None,
                 cores: int | None = None) -> None:
        self._wall, self._cpu = wall, cpu  # cpu: the training thread's CPU seconds (time.thread_time)
        # app_cpu: (the machine's busy CPU seconds, this app's); None: the trainer's share alone decides
        self._app_cpu = app_cpu if ((os.cpu_count() if cores is None else cores) or 1) > 1 else None
        self._mark: tuple[float, float] | None = None  # (wall, cpu) at the last look
        self._app_mark: tuple[float, float] | None = None  # app_cpu's reading at the last look
        self.stretch = 1.0
        self.others = float("nan")  # cores the other processes took between the last two looks (nan: unknown)

    def reset(self) -> None:
        """Training paused, was paced, or started again: back to every frame, and a fresh look."""
        self._mark, self._app_mark, self.stretch = None, None, 1.0

    def look(self) -> float:
        """While training flat out: the factor on the frame interval now (updated once every LOOK_SECONDS)."""
        wall, cpu = self._wall(), self._cpu()
        if self._mark is None:
            self._mark, self._app_mark = (wall, cpu), self._read_app()
        elif wall - self._mark[0] >= LOOK_SECONDS:
            seconds = wall - self._mark[0]
            share = (cpu - self._mark[1]) / seconds
            app = self._read_app()
            only_the_app = self._only_the_app(app, seconds)
            if share < BUSY_SHARE and not only_the_app:
                self.stretch = min(MAX_STRETCH, self.stretch * STEP)
            elif share > FREE_SHARE or share < BUSY_SHARE:  # free, or short of a core only for the app's own work
                self.stretch = max(1.0, self.stretch / STEP)
            self._mark, self._app_mark = (wall, cpu), app
        return self.stretch

    def _read_app(self) -> tuple[float, float] | None:
        return None if self._app_cpu is None else self._app_cpu()

    def _only_the_app(self, app: tuple[float, float] | None, seconds: float) -> bool:
        """Whether the other processes took less than OTHERS_BUSY of a core since the last look (False: unknown)."""
        before = self._app_mark
        if app is None or before is None:
            self.others = float("nan")
            return False
        self.others = max(0.0, (app[0] - before[0]) - (app[1] - before[1])) / seconds
        return self.others < OTHERS_BUSY
