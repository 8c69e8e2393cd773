"""Benchmark GIF recording: training speed in the app with and without Record, on the spiral 6x8.

Run from the repository root (it prints figures; it is not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_record.py [--seconds 4] [--rounds 3]

Target (issue 12): recording the boundary every 10 epochs costs at most 15 % of the
epochs/s the same window trains at without recording. Runs alternate (off, on, off,
on, ...) so that load from other processes falls on both alike; the figure is the
ratio of the medians. Peak memory (max RSS) is printed to show it stays bounded.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config, Session  # noqa: E402
from nnviz.ui.style import apply_style  # noqa: E402
from nnviz.ui.window.main_window import MainWindow  # noqa: E402

# bench_app's spiral 6x8 scenario
CONFIG = Config(dataset="spiral", hidden=(8,) * 6, features=FEATURES, batch_size=10, train_ratio=50.0)


def spin(app: QApplication, seconds: float) -> None:
    """Run the event loop for a while."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def engine_only(seconds: float = 1.0) -> float:
    """Epochs/s of Session.step alone, no GUI (the ceiling)."""
    session = Session(CONFIG)
    session.step(200)
    start, t0 = session.epoch, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        session.step(50)
    return (session.epoch - start) / (time.perf_counter() - t0)


class RecorderClock:
    """The GUI-thread CPU time the recorder spends capturing and writing frames (wraps those two calls)."""

    def __init__(self) -> None:
        from nnviz.ui.export import gif_frames, gif_writer

        self.seconds = 0.0
        self._undo = [(gif_frames, "recorded_frame", gif_frames.recorded_frame),
                      (gif_writer.GifWriter, "add", gif_writer.GifWriter.add)]
        for owner, name, original in self._undo:
            setattr(owner, name, self._timed(original))

    def _timed(self, original: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.thread_time() - started
        return timed

    def stop(self) -> None:
        """Put the wrapped calls back."""
        for owner, name, original in self._undo:
            setattr(owner, name, original)


def run(app: QApplication, seconds: float, record: str, every: int, folder: Path,
        backend: str = "process") -> dict[str, float]:
    """Epochs/s of the window training flat out; record "" (off), "boundary" or "window"."""
    window = MainWindow(Session(CONFIG), backend=backend)  # type: ignore[arg-type]
    window.resize(1280, 800)
    window.show()
    spin(app, 0.3)
    window.set_speed(None)  # flat out
    window.play()
    deadline = time.perf_counter() + 10
    while (window.latest is None or not window.latest.running) and time.perf_counter() < deadline:
        spin(app, 0.05)  # a training process takes a moment to start
    spin(app, 0.7)  # warm up
    tools = window.features["export"]
    gif = folder / f"run-{record or 'off'}-{time.monotonic_ns()}.gif"
    if record:
        tools.record_window.setChecked(record == "window")
        tools.start_recording(str(gif), every)
    clock = RecorderClock()
    e0, t0 = window.frame.epoch, time.perf_counter()
    cpu0 = time.thread_time()
    spin(app, seconds)
    e1, t1 = window.frame.epoch, time.perf_counter()
    gui_cpu = time.thread_time() - cpu0
    frames = tools.recorder.frames
    busy = clock.seconds
    clock.stop()
    if record:
        tools.stop_recording()
    window.pause()
    spin(app, 0.1)
    window.close()
    window.deleteLater()
    spin(app, 0.1)
    return {"epochs/s": (e1 - e0) / (t1 - t0), "frames": frames, "gif kB": gif.stat().st_size / 1e3 if record else 0,
            "gui cpu %": 100 * gui_cpu / (t1 - t0), "recorder cpu %": 100 * busy / (t1 - t0),
            "ms/frame": 1000 * busy / max(1, frames)}


def main() -> int:
    """Alternate runs without and with recording; print each and the cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="measuring time per run")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (off, on)")
    parser.add_argument("--every", type=int, default=10, help="record every N epochs")
    parser.add_argument("--window", action="store_true", help="record the whole window, not just the boundary")
    parser.add_argument("--backend", default="process", choices=("process", "thread"), help="where training runs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    mode = "window" if args.window else "boundary"
    print(f"platform {app.platformName()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; "
          f"spiral 6x8 engine alone: {engine_only():,.0f} epochs/s; "
          f"training backend {args.backend}")
    off: list[float] = []
    on: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.rounds):
            for record, into in (("", off), (mode, on)):
                r = run(app, args.seconds, record, args.every, Path(folder), args.backend)
                into.append(r["epochs/s"])
                print(f"round {i + 1} {'record ' + mode if record else 'no recording':<16} "
                      f"{r['epochs/s']:8,.0f} epochs/s  GUI thread CPU {r['gui cpu %']:4.0f} %  "
                      f"frames {r['frames']:4.0f} ({r['ms/frame']:4.1f} ms CPU each, {r['recorder cpu %']:4.1f} % of "
                      f"the wall time)  GIF {r['gif kB']:7,.0f} kB")
    a, b = statistics.median(off), statistics.median(on)
    print(f"\nmedian without recording {a:,.0f} epochs/s, recording {mode} every {args.every} epochs {b:,.0f} "
          f"epochs/s: cost {100 * (1 - b / a):.1f} % (target <= 15 %)")
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB; "
          f"load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
