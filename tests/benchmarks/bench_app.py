"""Benchmark the app: training speed while the window repaints, against the engine alone in the same run.

Run from the repository root (it prints figures; it is not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_app.py [--seconds 3] [--rounds 3]
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/bench_app.py

Every round measures, one after the other, the engine alone (Session.step, no GUI)
and the app with each training backend ("process": a child process, the default;
"thread": the worker thread), and reports app / engine for that round, so a busy
machine slows both sides of a ratio alike. The load average is printed with every
figure. Also measured: per-thread CPU of the GUI process, event-loop lag (a 10 ms
QTimer), close-while-training time, the graph's set_frame on an unchanged shape,
the speed limit held, and the launch time.

Targets (issue 9): spiral 6x8 tanh, 7 features, 200² boundary, every heatmap live:
>= 60 % of engine-alone epochs/s at >= 30 frames/s, lag p99 < 50 ms; circle
default >= 80 % at >= 30 frames/s; quit while training well under 1 s (issue 10.18).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

# the checkout measured: this one, or another named by NNVIZ_BENCH_TREE (bench_scale --compare: the reference of
# the same run). PYTHONPATH cannot name it: this line puts the tree first on the path, ahead of PYTHONPATH
ROOT = Path(os.environ.get("NNVIZ_BENCH_TREE") or Path(__file__).resolve().parents[2]).resolve()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from nnviz.engine.blas import limit_threads  # noqa: E402

limit_threads()

import numpy as np  # noqa: E402
from bench_procs import pid_cpu  # noqa: E402  (this folder: the script's own)
from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config, Session  # noqa: E402
from nnviz.ui.gui_gc import collect_in_gui_thread  # noqa: E402
from nnviz.ui.style import apply_style  # noqa: E402
from nnviz.ui.window.main_window import MainWindow  # noqa: E402

SCENARIOS: dict[str, Config] = {
    "circle default (2-4-2-1 tanh)": Config(),
    "spiral 6x8 tanh, 7 features, batch 10": Config(dataset="spiral", hidden=(8,) * 6, features=FEATURES,
                                                    batch_size=10, train_ratio=50.0),
}
BACKENDS = ("process", "thread")


def load() -> str:
    """The 1-minute load average, for the line it is printed on."""
    return f"load {os.getloadavg()[0]:.2f}"


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


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each thread of this process, by thread name (Linux /proc)."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
                name = f.read().strip()
        except OSError:
            continue
        key = "GUI" if int(tid) == os.getpid() else name
        out[key] = out.get(key, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def child_cpu(window: MainWindow) -> float:
    """CPU seconds of the training process, 0 in thread mode."""
    process = getattr(window.training.worker.backend, "process", None)
    if process is None or process.pid is None:
        return 0.0
    return pid_cpu(process.pid)


def spin(app: QApplication, seconds: float) -> None:
    """Run the application's event loop for a while, as the app runs it: waiting in the loop, not polling it.

    (A loop of processEvents and 1 ms sleeps cost the GUI process 0.03 core of its own, idle, and delayed
    every event by up to 1 ms: the measured window paid for the benchmark's polling.)
    """
    loop = QEventLoop(app)
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()


def run_app(app: QApplication, config: Config, seconds: float, backend: str) -> dict[str, float]:
    """Train flat out with the window on screen; measure epochs/s, frames/s, lag, CPU, close time."""
    window = MainWindow(Session(config), backend=backend)  # type: ignore[arg-type]
    drawn = [0]  # frames the window drew
    window.surface.frameDrawn.connect(lambda _packet: drawn.__setitem__(0, drawn[0] + 1))
    window.resize(1280, 800)
    window.show()
    painted = PaintCounter()
    window.boundary_view.canvas.viewport().installEventFilter(painted)
    spin(app, 0.3)
    window.toolbar.flat_out.setChecked(True)  # the app opens at a watchable pace; the benchmark goes flat out
    window.play()
    deadline = time.perf_counter() + 10
    while (window.latest is None or not window.latest.running) and time.perf_counter() < deadline:
        spin(app, 0.05)  # a training process takes a moment to start
    spin(app, 0.7)  # warm up: compiled steps, chunk sizing
    probe = LagProbe()
    e0, f0, p0, t0 = window.frame.epoch, drawn[0], painted.count, time.perf_counter()
    cpu0, child0 = thread_cpu(), child_cpu(window)
    probe.start()
    spin(app, seconds)
    probe.stop()
    e1, f1, p1, t1 = window.frame.epoch, drawn[0], painted.count, time.perf_counter()
    cpu1, child1 = thread_cpu(), child_cpu(window)
    t_close = time.perf_counter()
    window.close()  # while training: issue 10.18
    closed_in = time.perf_counter() - t_close
    window.deleteLater()
    spin(app, 0.1)
    dt = t1 - t0
    lags = np.asarray(probe.lags) if probe.lags else np.asarray([float("nan")])
    figures = {
        "epochs/s": (e1 - e0) / dt,
        "frames drawn/s": (f1 - f0) / dt,
        "boundary paints/s": (p1 - p0) / dt,
        "lag p50 ms": float(np.percentile(lags, 50)),
        "lag p99 ms": float(np.percentile(lags, 99)),
        "GUI thread cores": (cpu1.get("GUI", 0) - cpu0.get("GUI", 0)) / dt,
        "worker thread cores": (cpu1.get("nnviz-training", 0) - cpu0.get("nnviz-training", 0)) / dt,
        "child process cores": (child1 - child0) / dt,
        "close s": closed_in,
    }
    trainer_cpu = (child1 - child0) if backend == "process" else figures["worker thread cores"] * dt
    figures["epochs/cpu-s"] = (e1 - e0) / trainer_cpu if trainer_cpu > 0 else float("nan")
    return figures


def engine_only(config: Config, seconds: float) -> dict[str, float | str]:
    """Epochs/s of Session.step alone, no GUI (the reference), per wall second and per CPU second."""
    session = Session(config)
    session.step(200)
    per_epoch = -(-len(session.train_set.points) // config.batch_size)  # batches in an epoch
    start, t0, c0 = session.steps, time.perf_counter(), time.thread_time()
    while time.perf_counter() - t0 < seconds:
        session.step(50)
    epochs = (session.steps - start) / per_epoch  # from batches: fine even when an epoch takes long
    return {"epochs/s": epochs / (time.perf_counter() - t0), "epochs/cpu-s": epochs / (time.thread_time() - c0),
            "load": load()}


def graph_set_frame_ms(app: QApplication, repeats: int = 40) -> float:
    """Median time of NetworkGraphView.set_frame for a new frame of the same network (spiral 6x8)."""
    from nnviz.ui.graph.view import NetworkGraphView

    session = Session(SCENARIOS["spiral 6x8 tanh, 7 features, batch 10"])
    frames = []
    for _ in range(2):
        session.train(2)
        frames.append(session.snapshot(100))
    view = NetworkGraphView()
    view.resize(900, 520)
    view.show()
    view.set_frame(frames[0])
    spin(app, 0.1)
    times = []
    for i in range(repeats):
        t = time.perf_counter()
        view.set_frame(frames[i % 2])
        times.append(time.perf_counter() - t)
    view.close()
    return 1000 * statistics.median(times)


def drawing_cost(app: QApplication, frames: int = 150, interval_ms: int = 30,
                 history_epochs: int = 0) -> dict[str, float]:
    """The window's own cost of drawing a live run: a recorded spiral 6x8 run replayed at ~33 frames/s.

    No trainer runs (the "none" backend), so the figure is the GUI thread's alone and steadier
    under load than a live run's: CPU per frame (thread time), and the wall time of each draw.
    history_epochs: the run is recorded after this many epochs, so the loss chart draws a history as long as a
    live run's after a few seconds (one row an epoch up to 2,048; the replay alone adds about 45).
    """
    from nnviz.session.events import FramePacket
    from nnviz.session.frame_grids import FrameGrids

    config = replace(SCENARIOS["spiral 6x8 tanh, 7 features, batch 10"], points=1000, train_ratio=50.0)
    window = MainWindow(Session(config), backend="none")
    window.resize(1280, 800)
    window.show()
    spin(app, 0.5)
    session, grids = Session(config), FrameGrids(window.heatmap_sizes.finest, window.heatmap_sizes)
    while session.epoch < history_epochs:
        session.step(500)
    packets = []
    for _ in range(frames + 20):
        session.step(13)
        frame = grids.with_grids(session.snapshot(grids.resolution, grids=False), running=True)
        packets.append(FramePacket(frame, True, 1e3, None))
    for packet in packets[:20]:  # warm up: the run's first frames fit the axes and the heatmap sizes
        window.draw(packet)
        spin(app, 0.01)
    walls: list[float] = []
    queue = iter(packets[20:])

    def draw_next() -> None:
        packet = next(queue, None)
        if packet is not None:
            t = time.perf_counter()
            window.draw(packet)
            walls.append(time.perf_counter() - t)

    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(draw_next)
    cpu0, t0 = time.thread_time(), time.perf_counter()
    timer.start()
    while len(walls) < frames:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    cpu, wall = time.thread_time() - cpu0, time.perf_counter() - t0
    window.close()
    window.deleteLater()
    return {"ms_per_frame": 1000 * cpu / frames, "cores": cpu / wall, "fps": frames / wall,
            "history_rows": len(packets[-1].frame.history),
            "draw_median_ms": 1000 * statistics.median(walls), "draw_max_ms": 1000 * max(walls)}


def speed_limit_held(app: QApplication, limit: float = 10.0, seconds: float = 3.0) -> float:
    """Epochs/s measured with the speed limit set to `limit` (thread backend)."""
    window = MainWindow(Session(Config()), backend="thread")
    drawn = [0]  # frames the window drew
    window.surface.frameDrawn.connect(lambda _packet: drawn.__setitem__(0, drawn[0] + 1))
    window.show()
    window.set_speed(limit)
    window.play()
    spin(app, 0.5)
    e0, t0 = window.frame.epoch, time.perf_counter()
    spin(app, seconds)
    rate = (window.frame.epoch - e0) / (time.perf_counter() - t0)
    window.close()
    window.deleteLater()
    return rate


def launch_times(runs: int = 3) -> list[float]:
    """Wall time from starting `python -m nnviz` to its exit right after the first paint."""
    env = dict(os.environ, NNVIZ_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM=os.environ["QT_QPA_PLATFORM"])
    env.pop("NNVIZ_TRAINING", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm = compiled, as an installed app is (the first run writes it)
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


def report(name: str, rounds: list[dict[str, dict[str, float]]]) -> None:
    """Per round: engine alone, and each backend's figures with its ratio to that round's engine."""
    print(f"\n{name}")
    for i, r in enumerate(rounds, 1):
        engine, engine_cpu = r["engine"]["epochs/s"], r["engine"]["epochs/cpu-s"]
        print(f"  round {i}: engine alone {engine:,.0f} epochs/s, {engine_cpu:,.0f} per CPU second "
              f"({r['engine']['load']})")
        for backend in BACKENDS:
            f = r[backend]
            print(f"    {backend:<8} {f['epochs/s']:7,.0f} epochs/s = {f['epochs/s'] / engine:4.0%} of engine, "
                  f"per trainer CPU second {f['epochs/cpu-s']:,.0f} = {f['epochs/cpu-s'] / engine_cpu:4.0%}, "
                  f"{f['frames drawn/s']:4.1f} frames/s, lag p50/p99 {f['lag p50 ms']:.0f}/{f['lag p99 ms']:.0f} ms, "
                  f"cores GUI {f['GUI thread cores']:.2f} worker {f['worker thread cores']:.2f} "
                  f"child {f['child process cores']:.2f}, close {f['close s']:.2f} s ({load()})")
    for backend in BACKENDS:
        ratios = [r[backend]["epochs/s"] / r["engine"]["epochs/s"] for r in rounds]
        cpu_ratios = [r[backend]["epochs/cpu-s"] / r["engine"]["epochs/cpu-s"] for r in rounds]
        fps = [r[backend]["frames drawn/s"] for r in rounds]
        p99 = [r[backend]["lag p99 ms"] for r in rounds]
        print(f"  {backend}: median app/engine {statistics.median(ratios):.0%} per wall second, "
              f"{statistics.median(cpu_ratios):.0%} per trainer CPU second, frames/s {statistics.median(fps):.1f}, "
              f"lag p99 {statistics.median(p99):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per figure")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per scenario")
    parser.add_argument("--no-launch", action="store_true", help="skip the launch-time measurement")
    parser.add_argument("--drawing-only", action="store_true", help="measure the window's drawing cost only")
    parser.add_argument("--history-epochs", type=int, default=0,
                        help="with --drawing-only: record the replayed run after this many epochs (long loss history)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_style(app)
    collect_in_gui_thread(app)  # as the app does: garbage is collected on a GUI timer
    print(f"platform {app.platformName()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {load()}")
    for _ in range(args.rounds if args.drawing_only else 1):
        d = drawing_cost(app, history_epochs=args.history_epochs)
        print(f"window drawing a recorded spiral 6x8 run (1,000 points, 1280x800, no trainer, "
              f"{d['history_rows']:,} history rows): GUI thread "
              f"{d['ms_per_frame']:.2f} ms CPU a frame = {d['cores']:.2f} cores at {d['fps']:.1f} frames/s; "
              f"a draw takes {d['draw_median_ms']:.1f} ms (median), {d['draw_max_ms']:.1f} ms (longest) ({load()})",
              flush=True)
    if args.drawing_only:
        return 0
    for name, config in SCENARIOS.items():
        rounds = []
        for _ in range(args.rounds):
            r = {"engine": engine_only(config, args.seconds)}
            for backend in BACKENDS:
                r[backend] = run_app(app, config, args.seconds, backend)
            rounds.append(r)
        report(name, rounds)  # type: ignore[arg-type]
    print(f"\ngraph set_frame, same shape (spiral 6x8): median {graph_set_frame_ms(app):.2f} ms ({load()})")
    print(f"speed limit 10 epochs/s held at {speed_limit_held(app):.1f} epochs/s ({load()})")
    if not args.no_launch:
        times = launch_times()
        print(f"launch to first paint (python -m nnviz, warm): median {statistics.median(times):.2f} s, "
              f"runs {', '.join(f'{t:.2f}' for t in times)} ({load()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
