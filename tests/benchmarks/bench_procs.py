"""bench_scale's readings from /proc (Linux): a process's memory and CPU, the machine's busy time, the X server
that draws the window, and the cores that jobs other than the benchmark's took."""

from __future__ import annotations

import os
import time
from typing import Any


def rss_mb() -> float:
    """This process's resident memory, MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def process_cpu() -> float:
    """CPU seconds of this whole process (every thread)."""
    t = os.times()
    return t.user + t.system


def machine_busy() -> float:
    """CPU seconds that all the machine's cores have spent busy since it started (Linux /proc/stat)."""
    with open("/proc/stat", encoding="ascii") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in f.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def pid_cpu(pid: int) -> float:
    """CPU seconds of one process (all its threads; 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def x_server_pids() -> list[int]:
    """The X server that draws this process's windows (Xvfb on $DISPLAY), if it runs here."""
    display, found = os.environ.get("DISPLAY", ""), []
    for entry in os.listdir("/proc") if display else []:
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"Xvfb") and display.encode() in argv:
            found.append(int(entry))
    return found


class OtherJobs:
    """The cores that processes other than this benchmark's took (the machine's busy time less ours)."""

    def __init__(self, ours: Any) -> None:
        self.ours = ours  # () -> the benchmark's process ids now (the window's, its trainer, the engine's, ...)

    def mark(self) -> tuple[float, float, float]:
        """Now: (wall, the machine's busy CPU seconds, ours)."""
        return time.perf_counter(), machine_busy(), sum(pid_cpu(pid) for pid in self.ours())

    def cores_since(self, mark: tuple[float, float, float]) -> float:
        """Cores that other jobs took since `mark`."""
        now = self.mark()
        return ((now[1] - mark[1]) - (now[2] - mark[2])) / (now[0] - mark[0])
