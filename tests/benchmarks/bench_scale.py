"""Benchmark the app at every size: live speed against the engine alone, frames/s, CPU per process, memory.

Run from the repository root (it prints figures and verdicts; it is not a test; about 45 s a scenario and tree):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/bench_scale.py
    .venv/bin/python tests/benchmarks/bench_scale.py --only "spiral 8x64" --seconds 2 --pairs 10
    .venv/bin/python tests/benchmarks/bench_scale.py --only "spiral 6x8, 1000" --compare /tmp/start-commit

With --compare TREE, every scenario runs for this tree and then for another checkout (say the start commit's
worktree) in the same minutes, with this script: each line names the tree whose nnviz its processes imported.

How "live ÷ engine alone" is measured, and why it is fair. The window opens in a fresh process and trains the
scenario flat out in its default backend (a training process); a third process holds the engine alone
(Session.step, no GUI), idle until asked. Then, --pairs times (default 12), one pair of slices of --seconds
each (default 1): the live run is paused, its training process writes its session's training state to a
file (weights, optimizer moments, random streams, the place in the epoch), and
- the engine alone trains that copy flat out for a slice, while the window and its trainer stay paused;
- the live run carries on from the same state for a slice (measured after 0.25 s, once its frames flow again).
So both sides of a pair train the same batches from the same epoch, seconds apart: the network
converging (the circle's epochs get cheaper as it does), the CPU's clock and the other jobs on the
machine move both sides alike. Pairs alternate which side goes first (engine, live; live, engine; ...), so
a drift during a pair favours neither. The ratio printed is the median of the per-pair ratios, with the
median's 90 % interval (distribution-free: with 12 pairs, the 3rd smallest to the 3rd largest ratio, which
hold the median 96 % of the time) and the extremes; the verdict (met / NOT met) is the median's, and says
"not sure" when the threshold lies within that interval. Other jobs are measured, not guessed: in every
slice, the machine's busy CPU time (/proc/stat) less this benchmark's processes' (the window, its trainer,
the engine, the burner, the Xvfb that draws the window). When they took more than 0.3 of a core (median),
each wall-time verdict says "busy machine": they slow the live run's two processes otherwise than the
engine's one, and not alike from one slice to the next. Beside the ratio, the same pairs per CPU second
(live epochs per trainer CPU second ÷ the engine's per its own): it moves far less with the load and shows
whether a gap is the trainer's extra work or its share of the CPU; it is not the target. The earlier
design (the engine alone for 6 s, then the window for 6 s, in two processes, each from a fresh network)
printed 76-125 % for the same code in one session: the engine alone itself moved from 11.3 to 17.4 epochs/s
between runs.

Live epochs/s are the slope of the batches trained over the time of the frames drawn in a slice (so slow
networks are measured finely); frames/s, the CPU of the GUI process (all its threads: drawing, and the
heatmaps computed for every frame) and of the trainer are per live slice; memory is the GUI process's
resident set after the pairs (the engine's copy never enters it). On the spiral (not with a core burnt),
the window then trains flat out while --clicks clicks (default 60) land on "Discretize output", each a
different fraction of a frame after a frame was drawn (spread over the frame's period): the time from the
click posted to the window's QWindow (as the window system delivers one) until the boundary view's next paint
event, printed as the median, the 95th percentile and the slowest, and how many clicks had a frame drawn
between the click and its pixels. The spiral 6x8 also runs with a fourth process burning one core throughout.

Targets (issue 23): 8x32 and 8x64 on 1,000 points >= 30 frames/s and live >= 80 % of the engine; spiral
6x8 GUI process <= 0.3 core at 30 frames/s; with a core burnt, live >= 70 % of the engine; GUI
<= 250 MB at 8x64; slowest click-to-pixels <= 10 ms while the spiral trains flat out (judged on the spiral
6x8 and 8x64, 1,000 points). The verdicts are computed by bench_verdicts.py (unit-tested with made-up
numbers: tests/test_bench_verdicts.py); the readings from /proc are bench_procs.py's, the clicks bench_clicks.py's.

The memory here is read after a minute or less; the GUI's memory over a long run (a minute and more, beside
another checkout's in the same run) is soak.py's: `soak.py app --hidden 8x64 --points 1000 --minutes 1.1
--report-seconds 5 --reference TREE`. `--one NAME` (used by tools that sample threads) measures the window
alone for --seconds, as before, and prints its figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app as app_bench  # noqa: E402  (sets the platform default, one BLAS thread)
import bench_verdicts as bv  # noqa: E402
from bench_clicks import click_to_pixels  # noqa: E402
from bench_procs import OtherJobs, process_cpu, rss_mb, x_server_pids  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config  # noqa: E402

SHAPES = {"2-4-2-1": (4, 2), "6x8": (8,) * 6, "8x32": (32,) * 8, "8x64": (64,) * 8}
SETTLE = 0.25  # seconds after a live slice resumes before it is measured (its frames flow again)


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


class TrainingWindow:
    """The main window at 1280x800 training a scenario flat out, with the frames it drew (time, batches)."""

    def __init__(self, name: str) -> None:
        from nnviz.session import Session
        from nnviz.ui.gui_gc import collect_in_gui_thread
        from nnviz.ui.style import apply_style
        from nnviz.ui.window.main_window import MainWindow

        self.config = scenarios()[name]
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        apply_style(self.app)
        collect_in_gui_thread(self.app)  # as the app does: garbage is collected on a GUI timer
        self.window = MainWindow(Session(self.config))
        self.frames: list[tuple[float, int]] = []  # (when drawn, batches trained) of every frame drawn
        self.requests = 0  # copies of the live run asked for
        self.window.surface.frameDrawn.connect(self._drawn)
        self.window.resize(1280, 800)
        self.window.show()
        app_bench.spin(self.app, 0.3)
        self.window.toolbar.flat_out.setChecked(True)
        self.window.play()
        deadline = time.perf_counter() + 15
        while (self.window.latest is None or not self.window.latest.running) and time.perf_counter() < deadline:
            app_bench.spin(self.app, 0.05)
        app_bench.spin(self.app, 1.0)  # warm up: compiled steps, chunk sizing, heatmap sizes
        self.per_epoch = -(-len(self.window.frame.train_points) // self.config.batch_size)  # batches in an epoch

    def _drawn(self, packet: Any) -> None:
        self.frames.append((time.perf_counter(), packet.frame.steps))

    def trainer_pid(self) -> int | None:
        """The training process's id (None in thread mode)."""
        process = getattr(self.window.training.worker.backend, "process", None)
        return None if process is None else process.pid

    def measure(self, seconds: float, others: OtherJobs | None = None) -> dict[str, float]:
        """Live epochs/s, frames/s and CPU per process over the next `seconds` (training as it is)."""
        mark, t0, gui0, child0 = len(self.frames), time.perf_counter(), process_cpu(), app_bench.child_cpu(self.window)
        machine = others.mark() if others is not None else None
        app_bench.spin(self.app, seconds)
        t1, gui1, child1 = time.perf_counter(), process_cpu(), app_bench.child_cpu(self.window)
        drawn = self.frames[mark:]
        dt = t1 - t0
        batches_per_second = bv.slope([t for t, _ in drawn], [float(b) for _, b in drawn])
        return {"live": batches_per_second / self.per_epoch, "fps": len(drawn) / dt,
                "gui_cores": (gui1 - gui0) / dt, "trainer_cores": (child1 - child0) / dt,
                "others": others.cores_since(machine) if others is not None and machine else float("nan")}

    def pause_and_copy(self, path: str) -> Any:
        """Pause the live run and have its training process write its state to `path` ("": nothing written, the
        answer only says the pause took effect); wait for the answer."""
        from engine_copy import EngineCopyWritten, WriteEngineCopy

        answers: list[Any] = []
        self.requests += 1
        seq = self.requests

        def answered(result: object) -> None:
            if isinstance(result, EngineCopyWritten) and result.seq == seq:
                answers.append(result)

        self.window.surface.taskDone.connect(answered)
        self.window.pause()
        for _ in range(2):  # asked again once: at load 10 a first request once had no answer in 30 s (cause not found)
            self.window.send(WriteEngineCopy(path, seq))  # commands run in order: after the pause
            deadline = time.perf_counter() + 30
            while not answers and time.perf_counter() < deadline:
                app_bench.spin(self.app, 0.02)
            if answers:
                break
        self.window.surface.taskDone.disconnect(answered)
        if not answers or answers[0].error:
            raise RuntimeError(f"the live run's copy failed: {answers[0].error if answers else 'no answer in 60 s'}")
        app_bench.spin(self.app, 0.05)  # the frame of the pause is drawn
        return answers[0]

    def live_slice(self, seconds: float, others: OtherJobs) -> dict[str, float]:
        """Resume the live run, measure a slice of it, pause it again."""
        self.window.play()
        app_bench.spin(self.app, SETTLE)
        figures = self.measure(seconds, others)
        self.pause_and_copy("")
        return figures

    def close(self) -> None:
        """Close the window (its training process ends with it)."""
        self.window.close()


class EngineAlone:
    """The engine alone in a process of its own, idle until asked to train a copy of the live run for a slice."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--engine-server"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def measure(self, path: str, seconds: float) -> dict[str, float]:
        """Epochs/s of the copy in `path`, trained flat out for `seconds`."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"path": path, "seconds": seconds}) + "\n")
        self.process.stdin.flush()
        while (answer := self.process.stdout.readline()) and not answer.startswith("{"):
            pass
        if not answer:
            raise RuntimeError(f"the engine's process ended (exit {self.process.wait()})")
        figures: dict[str, float] = json.loads(answer)
        return figures

    def close(self) -> None:
        """End the engine's process."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_engine() -> int:
    """The engine's process: for each request line, train the copy named for the seconds asked; answer a line."""
    from engine_copy import engine_epochs_per_second

    warmed = False
    for request in sys.stdin:
        asked = json.loads(request)
        if not warmed:  # the first copy loads the compiled step: a throwaway slice
            engine_epochs_per_second(asked["path"], 0.3)
            warmed = True
        print(json.dumps(engine_epochs_per_second(asked["path"], asked["seconds"])), flush=True)
    return 0


def paired(name: str, seconds: float, pairs: int, clicks: int, burner: int | None) -> dict[str, Any]:
    """The paired measurement of one scenario (see the module's docstring), in this process and two others."""
    engine = EngineAlone()
    tw = TrainingWindow(name)
    xvfb = x_server_pids()
    others = OtherJobs(lambda: [os.getpid(), engine.process.pid, *xvfb,
                                *(pid for pid in (tw.trainer_pid(), burner) if pid is not None)])
    try:
        return _pairs_and_clicks(tw, engine, others, seconds, pairs, clicks)
    finally:
        engine.close()
        tw.close()


def _pairs_and_clicks(tw: TrainingWindow, engine: EngineAlone, others: OtherJobs, seconds: float, pairs: int,
                      clicks: int) -> dict[str, Any]:
    out: dict[str, Any] = {"live": [], "engine": [], "fps": [], "gui_cores": [], "trainer_cores": [],
                           "engine_cores": [], "others": [], "load": [os.getloadavg()[0]]}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        path = str(Path(folder) / "live-copy.json")
        epochs = []
        for order in bv.pair_orders(pairs):
            epochs.append(tw.pause_and_copy(path).epoch)
            for side in order:
                if side == "engine":
                    machine = others.mark()
                    alone = engine.measure(path, seconds)
                    out["others"].append(others.cores_since(machine))
                    out["engine"].append(alone["epochs/s"])
                    out["engine_cores"].append(alone["cores"])
                else:
                    live = tw.live_slice(seconds, others)
                    for key in ("live", "fps", "gui_cores", "trainer_cores", "others"):
                        out[key].append(live[key])
        epochs.append(tw.pause_and_copy("").epoch)
    out["epochs"] = [epochs[0], epochs[-1]]
    out["rss_mb"] = rss_mb()
    out["clicks"], out["clicks_behind_a_frame"] = [], 0
    if clicks:
        tw.window.play()
        app_bench.spin(tw.app, 1.0)
        out["clicks"], out["clicks_behind_a_frame"] = click_to_pixels(tw, clicks)
    out["load"].append(os.getloadavg()[0])
    out["tree"] = measured_tree() if os.environ.get("NNVIZ_BENCH_TREE") else ""
    return out


def measured_tree() -> str:
    """The checkout whose nnviz this process imported (the figures' lines name it when another tree is compared)."""
    import nnviz

    return str(Path(nnviz.__file__).resolve().parents[1])


def window_flat_out(name: str, seconds: float, clicks: int) -> dict[str, float]:
    """The window alone training the scenario flat out for `seconds`, in this process (`--one`: threads.sh)."""
    tw = TrainingWindow(name)
    figures: dict[str, Any] = {**tw.measure(seconds), "rss_mb": rss_mb()}
    figures.pop("others")  # (measured by the paired run only)
    click_times, between = click_to_pixels(tw, clicks) if clicks else ([], 0)
    tw.close()
    return {**figures, "click_max": max(click_times, default=float("nan")),
            "click_median": bv.percentile(click_times, 50), "clicks_behind_a_frame": between,
            "clicks": len(click_times), "load": os.getloadavg()[0]}


def child_figures(args: list[str], tree: str = "") -> dict[str, Any]:
    """Run this script with these arguments in a fresh process (measuring `tree`'s nnviz if given); the figures
    it printed."""
    env = dict(os.environ, NNVIZ_BENCH_TREE=tree) if tree else None
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                         timeout=600, env=env)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()[-600:]}")
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures


def run_child(name: str, args: argparse.Namespace, burn: bool, tree: str = "") -> dict[str, Any]:
    """One scenario, paired, in fresh processes (optionally with a core burnt throughout)."""
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if burn else None
    try:
        clicks = (60 if args.clicks is None else args.clicks) if "spiral" in name and not burn else 0
        burnt = ["--burner-pid", str(burner.pid)] if burner is not None else []
        return child_figures(["--paired", name, "--seconds", str(args.seconds), "--pairs", str(args.pairs),
                              "--clicks", str(clicks), *burnt], tree)
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()


def report(label: str, f: dict[str, Any]) -> list[str]:
    """The printed lines of one scenario: figures, spreads of the pairs, clicks, verdicts."""
    ratios = [100 * r for r in bv.pair_ratios(f["live"], f["engine"])]
    per_cpu = [100 * r for r in bv.pair_ratios(bv.per_core(f["live"], f["trainer_cores"]),
                                                bv.per_core(f["engine"], f["engine_cores"]))]
    name = f"{label} [{f['tree']}]" if f.get("tree") else label
    lines = [f"{name}: {len(ratios)} pairs over epochs {f['epochs'][0]:,}–{f['epochs'][1]:,}; other jobs took "
             f"{bv.Spread.of(f['others']).median:.2f} cores (median over the slices; all "
             f"{bv.Spread.of(f['others']).low:.2f}–{bv.Spread.of(f['others']).high:.2f}), load "
             f"{f['load'][0]:.2f} → {f['load'][1]:.2f}",
             f"    live ÷ engine alone, per pair: {bv.Spread.of(ratios).text('.0f', ' %')}",
             f"    live {bv.Spread.of(f['live']).median:,.1f} epochs/s, engine alone "
             f"{bv.Spread.of(f['engine']).median:,.1f} (medians; engine from "
             f"{bv.Spread.of(f['engine']).low:,.1f} to {bv.Spread.of(f['engine']).high:,.1f})",
             f"    per CPU second (live per trainer CPU-s ÷ engine per its CPU-s; not the target, it shows whether "
             f"a gap is work or CPU share): {bv.Spread.of(per_cpu).text('.0f', ' %')}",
             f"    frames/s {bv.Spread.of(f['fps']).text('.1f')}; cores GUI {bv.Spread.of(f['gui_cores']).median:.2f}, "
             f"trainer {bv.Spread.of(f['trainer_cores']).median:.2f}, engine alone "
             f"{bv.Spread.of(f['engine_cores']).median:.2f} (medians); GUI {f['rss_mb']:.0f} MB"]
    if f["clicks"]:
        lines.append("    " + bv.click_summary(f["clicks"], f["clicks_behind_a_frame"]))
    verdicts = bv.verdicts(label, f["fps"], ratios, f["gui_cores"], f["rss_mb"], f["clicks"], f["others"])
    return lines + [f"    {v}" for v in verdicts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds of each slice (engine, live)")
    parser.add_argument("--pairs", type=int, default=12, help="pairs of slices (engine alone, live) per scenario")
    parser.add_argument("--clicks", type=int, nargs="?", const=60, default=None,
                        help="clicks per spiral scenario (default 60; with --one: none unless given)")
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--paired", help=argparse.SUPPRESS)
    parser.add_argument("--engine-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--burner-pid", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--compare", default="", help="another checkout: each scenario runs for it too, after this one")
    args = parser.parse_args()
    if args.engine_server:
        return serve_engine()
    if args.paired:
        print(json.dumps(paired(args.paired, args.seconds, args.pairs, args.clicks or 0, args.burner_pid)))
        return 0
    if args.one:
        print(json.dumps(window_flat_out(args.one, args.seconds, args.clicks or 0)))
        return 0
    print(f"platform {os.environ.get('QT_QPA_PLATFORM')}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; "
          f"{args.pairs} pairs of {args.seconds:g} s slices a scenario", flush=True)
    trees = [str(app_bench.ROOT), str(Path(args.compare).resolve())] if args.compare else [""]
    burnt = "spiral 6x8, 1000 points"
    runs = [(name, False) for name in scenarios() if args.only in name]
    runs += [(burnt, True)] if args.only in burnt else []
    for name, burn in runs:
        label = name + (" + 1 core burnt" if burn else "")
        for tree in trees:  # this tree, then the reference, in the same minutes
            try:
                figures = run_child(name, args, burn, tree)
            except (RuntimeError, subprocess.TimeoutExpired) as exc:  # the next scenario still runs
                print(f"{label}{f' [{tree}]' if tree else ''}: no figures: {str(exc).splitlines()[-1]}", flush=True)
                continue
            print("\n".join(report(label, figures)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
