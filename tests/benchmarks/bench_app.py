"""Benchmark the app: training speed while the window repaints, event-loop lag, launch time.

Run from the repository root (it prints figures; it is not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_app.py [--seconds 4] [--no-launch]

Targets (issue 4): spiral 6x8 tanh, all 7 features, batch 10, 50 % training data:
>= 300 epochs/s while repainting at >= 30 frames/s; circle default: >= 1,000 epochs/s at
>= 30 frames/s; event-loop lag p99 < 50 ms while training flat out; launch to first
paint <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from nnviz.engine.blas import limit_threads  # noqa: E402

limit_threads()

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config, Session  # noqa: E402
from nnviz.ui.style import apply_style  # noqa: E402
from nnviz.ui.window.main_window import MainWindow  # noqa: E402

SCENARIOS: dict[str, Config] = {
    "circle default (2-4-2-1 tanh)": Config(),
    "spiral 6x8 tanh, 7 features, batch 10": Config(dataset="spiral", hidden=(8,) * 6, features=FEATURES,
                                                    batch_size=10, train_ratio=50.0),
}


class PaintCounter(QObject):
    """Counts paint events of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class LagProbe(QObject):
    """A 10 ms QTimer; records how late each timeout fires."""

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self.interval = interval_ms
        self.lags: list[float] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.lags.clear()
        self._clock.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        elapsed = self._clock.restart()
        self.lags.append(max(0.0, elapsed - self.interval))


def spin(app: QApplication, seconds: float) -> None:
    """Run the event loop for a while."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def run_scenario(app: QApplication, name: str, config: Config, seconds: float) -> dict[str, float]:
    """Train flat out with the window on screen; measure epochs/s, paints/s and lag."""
    window = MainWindow(Session(config))
    window.resize(1280, 800)
    window.show()
    painted = PaintCounter()
    window.boundary_view.canvas.viewport().installEventFilter(painted)
    graph_painted = PaintCounter()
    window.graph_view.viewport().installEventFilter(graph_painted)
    spin(app, 0.3)
    window.play()
    spin(app, 0.7)  # warm up: compiled steps, chunk sizing
    probe = LagProbe()
    counters = (painted, graph_painted)
    e0, f0, t0 = window.frame.epoch, window.frames_drawn, time.perf_counter()
    p0, g0 = (c.count for c in counters)
    probe.start()
    spin(app, seconds)
    probe.stop()
    e1, f1, t1 = window.frame.epoch, window.frames_drawn, time.perf_counter()
    p1, g1 = (c.count for c in counters)
    window.pause()
    spin(app, 0.1)
    t_close = time.perf_counter()
    window.close()
    closed_in = time.perf_counter() - t_close
    window.deleteLater()
    spin(app, 0.1)
    dt = t1 - t0
    lags = np.asarray(probe.lags)
    return {
        "epochs/s": (e1 - e0) / dt,
        "frames drawn/s": (f1 - f0) / dt,
        "boundary paints/s": (p1 - p0) / dt,
        "graph paints/s": (g1 - g0) / dt,
        "lag p50 ms": float(np.percentile(lags, 50)) if len(lags) else float("nan"),
        "lag p99 ms": float(np.percentile(lags, 99)) if len(lags) else float("nan"),
        "lag max ms": float(lags.max()) if len(lags) else float("nan"),
        "close s": closed_in,
    }


def engine_only(config: Config, seconds: float = 1.0) -> float:
    """Epochs/s of Session.step alone, no GUI (the ceiling)."""
    session = Session(config)
    session.step(100)
    start_epoch, t0 = session.epoch, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        session.step(50)
    return (session.epoch - start_epoch) / (time.perf_counter() - t0)


def launch_times(runs: int = 3) -> list[float]:
    """Wall time from starting `python -m nnviz` to its exit right after the first paint."""
    env = dict(os.environ, NNVIZ_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM=os.environ["QT_QPA_PLATFORM"])
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "nnviz"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=60)
        elapsed = time.perf_counter() - t0
        if out.returncode != 0 or "first paint" not in out.stdout:
            raise RuntimeError(f"launch failed ({out.returncode}): {out.stderr.strip()[-400:]}")
        if i:  # the first run warms the file cache
            times.append(elapsed)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="measuring time per scenario")
    parser.add_argument("--no-launch", action="store_true", help="skip the launch-time measurement")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    print(f"platform {app.platformName()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for name, config in SCENARIOS.items():
        ceiling = engine_only(config)
        figures = run_scenario(app, name, config, args.seconds)
        print(f"\n{name}  (engine alone: {ceiling:,.0f} epochs/s)")
        for key, value in figures.items():
            print(f"  {key:<18} {value:10,.1f}")
    if not args.no_launch:
        times = launch_times()
        print(f"\nlaunch to first paint (python -m nnviz, warm): median {statistics.median(times):.2f} s, "
              f"runs {', '.join(f'{t:.2f}' for t in times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
