"""How much CPU the whole machine and this app use, for the busy-machine look (session/busy_machine.py; Linux).

A training thread that gets less than its core is not proof of another job: on two cores the window's own
threads (its paint, and the reader that computes every frame's heatmaps) at times run both at once beside
the trainer, and the trainer then gets two thirds of a core for those moments. Yielding frames for that
only costs the window its frame rate (8x64 fell from 32 to 25 frames a second on an otherwise idle machine)
while two cores are enough for both. So the look also asks how much of the machine the other processes
took: the machine's busy time (/proc/stat) less this app's two processes (/proc/<pid>/stat of the window's
process, os.times of the trainer's). Where /proc cannot be read (not Linux), the reader says nothing and
the look keeps to the trainer's share alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

# /proc/stat's first line: cpu user nice system idle iowait irq softirq steal ...; busy = all but idle and iowait
_BUSY_FIELDS = (0, 1, 2, 5, 6, 7)  # user nice system irq softirq steal (guest time is inside user already)

AppCpu = Callable[[], "tuple[float, float] | None"]  # () -> (machine busy CPU-s, this app's CPU-s), or None


def machine_busy_ticks(stat_text: str) -> int:
    """Clock ticks every core of the machine spent busy, from /proc/stat's text (its first, "cpu", line)."""
    first = stat_text.split("\n", 1)[0].split()
    if not first or first[0] != "cpu":
        raise ValueError("not a /proc/stat text")
    values = [int(v) for v in first[1:]]
    return sum(values[i] for i in _BUSY_FIELDS if i < len(values))


def process_ticks(stat_text: str) -> int:
    """Clock ticks one process spent running (user + system, its threads included), from /proc/<pid>/stat."""
    after_name = stat_text.rsplit(")", 1)[1].split()  # the name (field 2) may hold spaces and brackets
    return int(after_name[11]) + int(after_name[12])  # fields 14 and 15: utime, stime


def app_cpu_reader(other_pid: int, proc: Path = Path("/proc")) -> AppCpu:
    """A reader of (the machine's busy CPU seconds, this process's plus process `other_pid`'s CPU seconds);
    it returns None once /proc cannot be read (then never reads again)."""
    try:
        tick = float(os.sysconf("SC_CLK_TCK"))
    except (AttributeError, ValueError, OSError):
        tick = 100.0
    broken: list[bool] = []

    def read() -> tuple[float, float] | None:
        if broken:
            return None
        try:
            machine = machine_busy_ticks((proc / "stat").read_text(encoding="ascii")) / tick
            other = process_ticks((proc / str(other_pid) / "stat").read_text(encoding="utf-8",
                                                                             errors="replace")) / tick
        except (OSError, ValueError, IndexError) as exc:
            log.debug("the machine's CPU use cannot be read (%s); the busy look uses the trainer's share", exc)
            broken.append(True)
            return None
        own = os.times()
        return machine, other + own.user + own.system

    return read
