"""What a click waits for: every event the GUI thread handles between a click and its pixels, timed.

Run from the repository root (it prints figures; it is not a test; ~20 s):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python \
        tests/benchmarks/bench_click_trace.py --only "spiral 8x64, 1000" [--clicks 60] [--slowest 4]
    NNVIZ_BENCH_TREE=/tmp/base ... (the same, measuring another checkout's nnviz: alternate the two)

The window trains the scenario flat out while bench_clicks.py's clicks land on "Discretize output" (each a
different fraction of a frame after a frame was drawn). Every event the GUI thread delivers is timed by a
`QApplication.notify` of this script's (wall time, the thread's CPU time). Printed: per click, the GUI thread's
CPU from the click to its pixels by step (events before the press; press; release; the scenes' queued calls; the
edges' steps; the held repaint pass), the time it waited for a core (the run queue, from /proc), and the rest
("asleep": the X server's round trip before a paint, the GIL); the slowest clicks' timelines; and the longest
pieces of work the GUI thread does in one event (what a click can wait behind). The notify costs a few
microseconds an event in both trees alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_app as app_bench
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

GUI_TID = threading.get_native_id()
NAMES = {int(QEvent.Type.MouseButtonPress): "press", int(QEvent.Type.MouseButtonRelease): "release",
         int(QEvent.Type.MetaCall): "queued call", int(QEvent.Type.Timer): "timer",
         int(QEvent.Type.UpdateRequest): "repaint pass"}


def run_queue_ns(tid: int) -> int:
    """Nanoseconds the thread has waited for a core so far (/proc schedstat)."""
    with open(f"/proc/self/task/{tid}/schedstat", encoding="ascii") as f:
        return int(f.read().split()[1])


class Event:
    """One event the GUI thread delivered at the top level: what, when (s), its CPU (ms)."""

    __slots__ = ("cpu", "end", "start", "what")

    def __init__(self, what: str, start: float, end: float, cpu: float) -> None:
        self.what, self.start, self.end, self.cpu = what, start, end, cpu


class TracingApp(QApplication):
    """Times every top-level event while `recording` (wall, thread CPU)."""

    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.recording, self.depth, self.labels = False, 0, {}
        self.events: list[Event] = []

    def notify(self, receiver: QObject, event: QEvent) -> bool:
        if not self.recording or self.depth:
            return super().notify(receiver, event)
        self.depth += 1
        w0, c0 = time.perf_counter(), time.thread_time()
        try:
            return super().notify(receiver, event)
        finally:
            w1, c1 = time.perf_counter(), time.thread_time()
            self.depth -= 1
            self.events.append(Event(self.name(receiver, event), w0, w1, (c1 - c0) * 1e3))

    def name(self, receiver: QObject, event: QEvent) -> str:
        label = self.labels.get(id(receiver))
        kind = NAMES.get(int(event.type()), f"event {int(event.type())}")
        return f"{kind}: {label}" if label else f"{kind}: {type(receiver).__name__}"


def label_timers(app: TracingApp, window: Any) -> None:
    """Name the window's own timers and the FrameRepaint (its release event is the held repaint pass)."""
    app.labels[id(window._frame_turn)] = "frame hand-over"
    app.labels[id(window._loss_turn)] = "loss chart"
    app.labels[id(window.frame_repaint)] = "held repaint pass"
    edges = getattr(window.graph_view, "_edges", None)
    if edges is not None:
        app.labels[id(edges._layers._timer)] = "edge step"


def step_of(event: Event, pressed: bool) -> str:
    """The click's step an event belongs to."""
    if not pressed and not event.what.startswith("press"):
        return "before the press: " + event.what.split(": ")[-1]
    for step in ("press", "release", "edge step", "held repaint pass"):
        if step in event.what:
            return step
    return "queued calls" if event.what.startswith("queued call") else "other"


def report(app: TracingApp, times: list[float], posted: list[tuple[float, float, int]],
           painted: list[tuple[float, float, int]], slowest: int) -> None:
    """Print the per-step figures, the slowest clicks' timelines and the longest pieces of work."""
    events = sorted(app.events, key=lambda e: e.start)
    steps: dict[str, list[float]] = defaultdict(list)
    rows = []
    for (t0, cpu0, queued0), ms in zip(posted, times, strict=True):
        inside = [e for e in events if e.end > t0 and e.start < t0 + ms / 1e3]
        pressed, per = False, defaultdict(float)
        for e in inside:
            pressed = pressed or e.what.startswith("press")
            per[step_of(e, pressed)] += e.cpu
        for step, cpu in per.items():
            steps[step].append(cpu)
        # the thread's own figures from the post to the paint (the sum of the events' would leave out what lies
        # between them)
        _, cpu1, queued1 = min(painted, key=lambda p: abs(p[0] - (t0 + ms / 1e3)))
        cpu, queued = (cpu1 - cpu0) * 1e3, (queued1 - queued0) / 1e6
        rows.append((ms, cpu, queued, ms - cpu - queued, inside, t0))
    n = len(times)
    print(f"{n} clicks; median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms; load "
          f"{os.getloadavg()[0]:.2f}")
    print("  GUI thread CPU from click to pixels by step (ms a click on average; the largest):")
    for step, values in sorted(steps.items(), key=lambda kv: -sum(kv[1])):
        print(f"    {step:<40} {sum(values) / n:5.2f}  (max {max(values):4.1f}, in {len(values)} of {n})")
    for k, name in ((1, "GUI CPU"), (2, "waiting for a core"), (3, "asleep (X server, GIL)")):
        values = [r[k] for r in rows]
        print(f"  {name:<28} median {statistics.median(values):5.1f} ms, max {max(values):5.1f}")
    for ms, cpu, queued, asleep, inside, t0 in sorted(rows, key=lambda r: -r[0])[:slowest]:
        print(f"  a click of {ms:.1f} ms: CPU {cpu:.1f}, waiting for a core {queued:.1f}, asleep {asleep:.1f}")
        for e in inside:
            print(f"    {(e.start - t0) * 1e3:+6.1f} ms  {e.what:<44} wall {(e.end - e.start) * 1e3:5.1f}  "
                  f"CPU {e.cpu:5.2f}")
    span = max(e.end for e in events) - min(e.start for e in events)
    kinds: dict[str, list[float]] = defaultdict(list)
    for e in events:
        kinds[e.what].append(e.cpu)
    print("  the GUI thread's longest pieces of work in one event (CPU ms: median, 90th percentile, max; a second):")
    for what, cpus in sorted(kinds.items(), key=lambda kv: -max(kv[1]))[:8]:
        cpus.sort()
        print(f"    {what:<44} {cpus[len(cpus) // 2]:5.2f} {cpus[int(0.9 * len(cpus))]:5.2f} {cpus[-1]:5.2f}"
              f"  {len(cpus) / span:5.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="spiral 8x64, 1000", help="the scenario (bench_scale's names)")
    parser.add_argument("--clicks", type=int, default=60)
    parser.add_argument("--slowest", type=int, default=4, help="timelines of this many slowest clicks")
    args = parser.parse_args()
    app = TracingApp([sys.argv[0]])
    import bench_clicks
    import bench_scale

    name = next(n for n in bench_scale.scenarios() if args.only in n)
    tw = bench_scale.TrainingWindow(name)
    label_timers(app, tw.window)
    app_bench.spin(tw.app, 1.0)
    posted: list[tuple[float, float, int]] = []  # each press posted: when, the GUI thread's CPU and core wait
    painted: list[tuple[float, float, int]] = []  # the same at each paint of the output view
    post, paint_filter = QApplication.postEvent, bench_clicks.PaintClock.eventFilter

    def posting(receiver: QObject, event: QEvent, *rest: Any) -> None:
        if event.type() == QEvent.Type.MouseButtonPress:
            posted.append((time.perf_counter(), time.thread_time(), run_queue_ns(GUI_TID)))
        post(receiver, event, *rest)

    def at_paint(clock: Any, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            painted.append((time.perf_counter(), time.thread_time(), run_queue_ns(GUI_TID)))
        return paint_filter(clock, watched, event)

    bench_clicks.QApplication.postEvent = posting  # type: ignore[method-assign]
    bench_clicks.PaintClock.eventFilter = at_paint  # type: ignore[method-assign]
    app.recording = True
    times, _ = bench_clicks.click_to_pixels(tw, args.clicks)
    app.recording = False
    tw.close()
    print(f"{name}, nnviz from {app_bench.ROOT}")
    report(app, times, posted, painted, args.slowest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
