"""Benchmark the app at every size: live speed against the engine alone, frames/s, CPU per process, memory.

Run from the repository root (it prints figures; it is not a test; about 2 minutes):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/bench_scale.py
    .venv/bin/python tests/benchmarks/bench_scale.py --only "spiral 8x64" --seconds 4
    .venv/bin/python tests/benchmarks/bench_scale.py --only "spiral 6x8, 1000" --compare /tmp/start-commit

With --compare TREE, every scenario runs for this tree and then for another checkout (say the start commit's
worktree) in the same minutes, with this script: each line names the tree whose nnviz its processes imported.

Each scenario runs in two fresh Python processes, one after the other: the engine alone
(Session.step, no GUI: the reference of the same moment), then the window training flat out in
its default backend (a child process). The window's process never runs a training step itself, so
its memory is what the app's GUI process holds (the engine's compiled kernels live in the trainer).
Printed per scenario: live epochs/s (from the batches trained, so that slow networks are measured
finely) and its share of the engine's, frames drawn per second, CPU of the GUI process (all its threads:
drawing, and the heatmaps computed for every frame) and of the trainer, the GUI process's memory
(resident set), and the slowest and median click-to-pixels time (a click on "Discretize output"
posted to the event loop, until the boundary view has painted it). The spiral 6x8 also runs with
a third process burning one core during both measurements.

Targets (issue 23): 8x32 and 8x64 on 1,000 points >= 30 frames/s and live >= 80 % of the engine; spiral
6x8 GUI process <= 0.3 core at 30 frames/s; with a core burnt, live >= 70 % of the engine; GUI
<= 250 MB at 8x64; slowest click-to-pixels <= 10 ms while the spiral trains flat out.

The memory here is read after a few seconds; the GUI's memory over a long run (a minute and more, beside
another checkout's in the same run) is soak.py's: `soak.py app --hidden 8x64 --points 1000 --minutes 1.1
--report-seconds 5 --reference TREE`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app as app_bench  # noqa: E402  (sets the platform default, one BLAS thread)
import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config  # noqa: E402

SHAPES = {"2-4-2-1": (4, 2), "6x8": (8,) * 6, "8x32": (32,) * 8, "8x64": (64,) * 8}


def scenarios() -> dict[str, Config]:
    """Every shape on the spiral (7 features), the default circle and the circle 8x32 and 8x64, on 500 and 1,000
    points."""
    out: dict[str, Config] = {}
    for points in (500, 1000):
        out[f"circle 2-4-2-1, {points} points"] = Config(points=points)
        for shape, hidden in SHAPES.items():
            if shape != "2-4-2-1":
                out[f"spiral {shape}, {points} points"] = Config(dataset="spiral", hidden=hidden, features=FEATURES,
                                                                 points=points, batch_size=10)
        for shape in ("8x32", "8x64"):
            out[f"circle {shape}, {points} points"] = Config(points=points, hidden=SHAPES[shape], batch_size=10)
    return out


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


class PaintClock(QObject):
    """The time of the last paint event of a widget."""

    def __init__(self, clock: QElapsedTimer) -> None:
        super().__init__()
        self.clock, self.last = clock, -1.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.last = self.clock.nsecsElapsed() / 1e6
        return False


def click_to_pixels(app: QApplication, window: object, drawn: list[int], clicks: int = 12) -> tuple[list[float], int]:
    """ms from posting a click on the Discretize checkbox to the boundary view's next paint, while training; and
    how many clicks had a frame drawn between them and their pixels (`drawn`: the frames drawn so far)."""
    box = window.parts.boundary_controls.discretize  # type: ignore[attr-defined]
    target = window.boundary_view.canvas.viewport()  # type: ignore[attr-defined]
    clock = QElapsedTimer()
    clock.start()
    painted = PaintClock(clock)
    target.installEventFilter(painted)
    times, between = [], 0
    # posted to the window's QWindow, where the window system delivers a real click (it finds the checkbox)
    handle = box.window().windowHandle()
    centre = QPointF(box.mapTo(box.window(), box.rect().center()))
    for _ in range(clicks):
        app_bench.spin(app, 0.12)
        before = box.isChecked()
        t0, frames0 = clock.nsecsElapsed() / 1e6, drawn[0]
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            QApplication.postEvent(handle, QMouseEvent(kind, centre, QPointF(box.window().mapToGlobal(centre)),
                                                       Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                                                       Qt.KeyboardModifier.NoModifier))
        deadline = time.perf_counter() + 2.0
        while (box.isChecked() == before or painted.last < t0) and time.perf_counter() < deadline:
            app.processEvents()
        times.append(painted.last - t0 if box.isChecked() != before else float("nan"))
        between += drawn[0] > frames0
    target.removeEventFilter(painted)
    return times, between


def engine_alone(name: str, seconds: float) -> dict[str, float]:
    """Epochs/s of the scenario's engine alone, in this process (no window)."""
    return {"engine": float(app_bench.engine_only(scenarios()[name], seconds)["epochs/s"])}


def measured_tree() -> str:
    """The checkout whose nnviz this process imported (the figures' lines name it when another tree is compared)."""
    import nnviz

    return str(Path(nnviz.__file__).resolve().parents[1])


def window_flat_out(name: str, seconds: float, clicks: bool) -> dict[str, float]:
    """Measure the window training the scenario flat out, in this process."""
    from nnviz.session import Session
    from nnviz.ui.gui_gc import collect_in_gui_thread
    from nnviz.ui.style import apply_style
    from nnviz.ui.window.main_window import MainWindow

    config = scenarios()[name]
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    collect_in_gui_thread(app)  # as the app does: garbage is collected on a GUI timer
    window = MainWindow(Session(config))
    drawn = [0]  # frames the window drew
    window.surface.frameDrawn.connect(lambda _packet: drawn.__setitem__(0, drawn[0] + 1))
    window.resize(1280, 800)
    window.show()
    app_bench.spin(app, 0.3)
    window.toolbar.flat_out.setChecked(True)
    window.play()
    deadline = time.perf_counter() + 15
    while (window.latest is None or not window.latest.running) and time.perf_counter() < deadline:
        app_bench.spin(app, 0.05)
    app_bench.spin(app, 1.0)  # warm up: compiled steps, chunk sizing, heatmap sizes
    per_epoch = -(-len(window.frame.train_points) // config.batch_size)  # batches in an epoch
    e0, f0, t0 = window.frame.steps / per_epoch, drawn[0], time.perf_counter()
    gui0, child0 = process_cpu(), app_bench.child_cpu(window)
    app_bench.spin(app, seconds)
    e1, f1, t1 = window.frame.steps / per_epoch, drawn[0], time.perf_counter()
    gui1, child1 = process_cpu(), app_bench.child_cpu(window)
    memory = rss_mb()
    click_times, between = click_to_pixels(app, window, drawn) if clicks else ([], 0)
    window.close()
    dt = t1 - t0
    return {"live": (e1 - e0) / dt, "fps": (f1 - f0) / dt,
            "gui_cores": (gui1 - gui0) / dt, "trainer_cores": (child1 - child0) / dt, "rss_mb": memory,
            "click_max": max(click_times, default=float("nan")),
            "click_median": float(np.median(click_times)) if click_times else float("nan"),
            "clicks_behind_a_frame": between, "clicks": len(click_times), "load": os.getloadavg()[0],
            "tree": measured_tree() if os.environ.get("NNVIZ_BENCH_TREE") else ""}


def child_figures(args: list[str], tree: str = "") -> dict[str, float]:
    """Run this script with these arguments in a fresh process (measuring `tree`'s nnviz if given); the figures
    it printed."""
    env = dict(os.environ, NNVIZ_BENCH_TREE=tree) if tree else None
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                         timeout=120, env=env)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()[-600:]}")
    figures: dict[str, float] = json.loads(lines[-1])
    return figures


def run_child(name: str, seconds: float, burn: bool, tree: str = "") -> dict[str, float]:
    """One scenario: the engine alone, then the window, each in a fresh process (optionally a core burnt)."""
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if burn else None
    try:
        engine = child_figures(["--engine", name, "--seconds", str(seconds)], tree)
        clicks = ["--clicks"] if "spiral" in name and not burn else []
        return {**engine, **child_figures(["--one", name, "--seconds", str(seconds), *clicks], tree)}
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()


def line(name: str, f: dict[str, float]) -> str:
    """One printed line of figures."""
    click = (f" click-to-pixels median {f['click_median']:.1f} ms, slowest {f['click_max']:.1f} ms, a frame drawn "
             f"in between in {f['clicks_behind_a_frame']} of {f['clicks']},") if f["clicks"] else ""
    name = f"{name} [{f['tree']}]" if f.get("tree") else name
    return (f"{name:<34} live {f['live']:7,.1f} epochs/s = {f['live'] / f['engine']:4.0%} of engine "
            f"{f['engine']:7,.1f}, {f['fps']:4.1f} frames/s, cores GUI {f['gui_cores']:.2f} trainer "
            f"{f['trainer_cores']:.2f}, GUI {f['rss_mb']:.0f} MB,{click} (load {f['load']:.2f})")


def verdicts(name: str, f: dict[str, float]) -> list[str]:
    """Issue 23's targets that this scenario's figures meet or miss, one line each."""
    checks: list[tuple[str, bool]] = []
    if name.endswith(("8x32, 1000 points", "8x64, 1000 points")):
        checks += [(">= 30 frames/s", f["fps"] >= 30), (">= 80 % of the engine", f["live"] >= 0.8 * f["engine"]),
                   ("GUI <= 250 MB", f["rss_mb"] <= 250)]
    if name == "spiral 6x8, 1000 points":
        checks += [("GUI <= 0.3 core at >= 30 frames/s", f["gui_cores"] <= 0.3 and f["fps"] >= 30),
                   ("slowest click-to-pixels <= 10 ms", f["click_max"] <= 10)]
    if name.endswith("core burnt"):
        checks.append((">= 70 % of the engine", f["live"] >= 0.7 * f["engine"]))
    return [f"    target {label}: {'met' if ok else 'NOT met'}" for label, ok in checks]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.5, help="measuring time per figure")
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--clicks", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--compare", default="", help="another checkout: each scenario runs for it too, after this one")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(engine_alone(args.engine, args.seconds)))
        return 0
    if args.one:
        print(json.dumps(window_flat_out(args.one, args.seconds, args.clicks)))
        return 0
    print(f"platform {os.environ.get('QT_QPA_PLATFORM')}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    trees = [str(app_bench.ROOT), str(Path(args.compare).resolve())] if args.compare else [""]
    burnt = "spiral 6x8, 1000 points"
    runs = [(name, False) for name in scenarios() if args.only in name]
    runs += [(burnt, True)] if args.only in burnt else []
    for name, burn in runs:
        label = name + (" + 1 core burnt" if burn else "")
        for tree in trees:  # this tree, then the reference, in the same minutes
            figures = run_child(name, args.seconds, burn, tree)
            print("\n".join([line(label, figures), *verdicts(label, figures)]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
