"""Soak: does nnviz hold its memory and its speed over a long run? Prints figures; it is not a test.

    .venv/bin/python tests/benchmarks/soak.py headless [--epochs 1000000] [--report-every 50000]
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/soak.py app [--minutes 10] [--report-seconds 30]
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/soak.py app \
        --hidden 8x64 --points 1000 --minutes 1.1 --report-seconds 5 --reference /tmp/base [--rounds 2]

headless: a Session on a small network (circle, 2-4-2-1, 100 points, batch 10) trains --epochs epochs,
taking a 50² snapshot every 1,000 epochs as a window would. app: the main window (1280x800, the
app's garbage collector) trains the --dataset (spiral) flat out for --minutes (its default backend: a
training process); --hidden 8x64 --points 1000 is issue 23's largest size, with the spiral's 7 features
and batch 10 as bench_scale.py sets them. Every line gives the time, epochs so far, epochs/s over the last
interval, the resident memory (RSS) of each process and the load average; the summary gives the RSS growth
from the first report to the last and the last interval's speed against the first's, both measured in
this run. With --reference TREE, each round runs the app soak in a fresh process for this tree, then for
TREE (another checkout, e.g. the session's start commit), and prints the GUI process's memory side by
side: after 10 s, the most over the run, and at the end (issue 23: <= 250 MB for the whole run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# --tree PATH: measure the nnviz of another checkout (the reference run of --reference); its training child
# is spawned with this sys.path, so it runs that tree's code too
TREE = Path(sys.argv[sys.argv.index("--tree") + 1]).resolve() if "--tree" in sys.argv[:-1] else ROOT
sys.path.insert(0, str(TREE))

from nnviz.engine.blas import limit_threads  # noqa: E402

limit_threads()

MB = 1024 * 1024


def rss(pid: int | None = None) -> int:
    """Resident memory of a process (this one by default) in bytes, from /proc."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/<pid>/status")


@dataclass
class Log:
    """The soak's reports: (seconds, epochs, epochs/s in the interval, RSS by process)."""

    start: float = field(default_factory=time.perf_counter)
    rows: list[tuple[float, int, float, dict[str, int]]] = field(default_factory=list)

    def report(self, epochs: int, memory: dict[str, int]) -> None:
        """Record and print one line."""
        now = time.perf_counter() - self.start
        last_t, last_e = (self.rows[-1][0], self.rows[-1][1]) if self.rows else (0.0, 0)
        speed = (epochs - last_e) / max(now - last_t, 1e-9)
        self.rows.append((now, epochs, speed, memory))
        mem = ", ".join(f"{name} RSS {value / MB:7.1f} MB" for name, value in memory.items())
        print(f"{now:8.1f} s  {epochs:>10,} epochs  {speed:9.1f} epochs/s  {mem}  load {os.getloadavg()[0]:.2f}",
              flush=True)

    def summary(self) -> None:
        """RSS growth (from the start, and from the first report after warm-up) and speed drift."""
        if len(self.rows) < 3:
            print("too short for a summary: fewer than two reports after the start")
            return
        start, warm, last = self.rows[0], self.rows[1], self.rows[-1]
        for name, now in last[3].items():
            at_start, at_warm = start[3].get(name, now), warm[3].get(name, now)
            print(f"{name}: RSS {at_start / MB:.1f} MB at start, {at_warm / MB:.1f} MB at {warm[0]:.0f} s, "
                  f"{now / MB:.1f} MB at {last[0]:.0f} s: growth {(now - at_start) / MB:+.1f} MB from the start, "
                  f"{(now - at_warm) / MB:+.1f} MB after warm-up")
        speeds = [row[2] for row in self.rows[1:]]
        print(f"epochs/s: first interval {speeds[0]:.1f}, last {speeds[-1]:.1f} "
              f"(last/first {speeds[-1] / max(speeds[0], 1e-9):.2f}), min {min(speeds):.1f}, max {max(speeds):.1f}; "
              f"{last[1]:,} epochs in {last[0]:.0f} s = {last[1] / last[0]:.1f} epochs/s overall")


def headless(epochs: int, report_every: int) -> None:
    """Train a Session for `epochs` epochs; report every `report_every`."""
    from nnviz.session import Config, Session

    session = Session(Config(dataset="circle", points=100, hidden=(4, 2), batch_size=10))
    per_epoch = session.trainer.batches_per_epoch
    log = Log()
    log.report(0, {"python": rss()})
    chunk = 1000  # epochs between snapshots, as a window takes frames
    while session.epoch < epochs:
        session.step(min(chunk, epochs - session.epoch) * per_epoch)
        session.snapshot(50)
        if session.epoch % report_every == 0 or session.epoch >= epochs:
            log.report(session.epoch, {"python": rss()})
    log.summary()


def soak_config(args: argparse.Namespace) -> Any:
    """The app soak's Config: the spiral by default; a --hidden shape trains on every feature, batch 10."""
    from nnviz.data import FEATURES
    from nnviz.session import Config

    if not args.hidden:
        return Config(dataset=args.dataset, points=args.points)
    depth, width = (int(n) for n in args.hidden.split("x"))
    features = FEATURES if args.dataset == "spiral" else Config().features
    return Config(dataset=args.dataset, points=args.points, hidden=(width,) * depth, features=features, batch_size=10)


def app(minutes: float, report_seconds: float, config: Any) -> None:
    """Run the main window on `config`, flat out, for `minutes`; report every `report_seconds`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def quiet(kind: QtMsgType, context: object, message: str) -> None:
        if "propagateSizeHints" not in message:  # the offscreen platform says so on every resize
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)

    import nnviz
    from nnviz.session import Session
    from nnviz.ui.gui_gc import collect_in_gui_thread
    from nnviz.ui.style import apply_style
    from nnviz.ui.window.main_window import MainWindow

    print(f"nnviz from {Path(nnviz.__file__).parent.parent}, platform {os.environ['QT_QPA_PLATFORM']}", flush=True)
    qapp = QApplication.instance() or QApplication([])
    apply_style(qapp)  # type: ignore[arg-type]
    collect_in_gui_thread(qapp)  # as the app does: garbage is collected on a GUI timer
    window = MainWindow(Session(config))
    drawn = [0]  # frames the window drew
    window.surface.frameDrawn.connect(lambda _packet: drawn.__setitem__(0, drawn[0] + 1))
    window.resize(1280, 800)
    window.show()
    log = Log()

    def memory() -> dict[str, int]:
        found = {"gui": rss()}
        process = getattr(window.training.worker.backend, "process", None)
        if process is not None and process.pid and process.is_alive():
            found["trainer"] = rss(process.pid)
        return found

    def tick() -> None:
        frame = window.frame
        log.report(0 if frame is None else frame.epoch, memory())
        if time.perf_counter() - log.start >= minutes * 60 - report_seconds / 2:  # the tick nearest the end
            timer.stop()
            window.close()
            qapp.quit()

    def begin() -> None:
        window.set_speed(None)
        window.play()
        log.report(0, memory())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(int(report_seconds * 1000))
    QTimer.singleShot(0, begin)
    qapp.exec()
    print(f"backend: {type(window.training.worker.backend).__name__}; frames drawn: {drawn[0]}")
    log.summary()
    gui = [row[3]["gui"] / MB for row in log.rows]
    after_10 = next((row[3]["gui"] / MB for row in log.rows if row[0] >= 10), gui[-1])
    print(json.dumps({"seconds": log.rows[-1][0], "epochs": log.rows[-1][1], "frames": drawn[0], "at_10s": after_10,
                      "most": max(gui), "end": gui[-1], "load": os.getloadavg()[0],
                      "nnviz": str(Path(nnviz.__file__).parent.parent)}))


def compare(args: argparse.Namespace, reference: Path) -> None:
    """Rounds of the app soak, each in a fresh process: this tree, then `reference`; the GUI's memory side by side."""
    flags = ["app", "--minutes", str(args.minutes), "--report-seconds", str(args.report_seconds),
             "--dataset", args.dataset, "--points", str(args.points)]
    flags += ["--hidden", args.hidden] if args.hidden else []
    print(f"{args.dataset} {args.hidden or 'default'}, {args.points} points, flat out, {args.minutes * 60:.0f} s a "
          f"run; GUI process RSS (MB) after 10 s / most / at the end", flush=True)
    for round_ in range(1, args.rounds + 1):
        for name, tree in (("this tree", ROOT), ("reference", reference)):
            out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *flags, "--tree", str(tree)],
                                 capture_output=True, text=True, timeout=args.minutes * 60 + 120)
            lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
            if out.returncode != 0 or not lines:
                raise RuntimeError(f"{tree}: {out.stderr.strip()[-600:]}")
            f = json.loads(lines[-1])
            verdict = "<= 250 MB throughout" if f["most"] <= 250 else "over 250 MB"
            print(f"round {round_} {name:<9} (nnviz of {f['nnviz']}): "
                  f"{f['at_10s']:5.0f} / {f['most']:5.0f} / {f['end']:5.0f} MB "
                  f"({verdict}), {f['epochs']:,} epochs, {f['frames'] / f['seconds']:.1f} frames/s in "
                  f"{f['seconds']:.0f} s (load {f['load']:.2f})", flush=True)


def main() -> None:
    """Parse the mode and its flags, and soak."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    one = modes.add_parser("headless", help="a Session alone")
    one.add_argument("--epochs", type=int, default=1_000_000, help="epochs to train (default 1,000,000)")
    one.add_argument("--report-every", type=int, default=50_000, help="epochs between reports (default 50,000)")
    two = modes.add_parser("app", help="the window, flat out on the spiral")
    two.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    two.add_argument("--report-seconds", type=float, default=30.0, help="seconds between reports (default 30)")
    two.add_argument("--dataset", default="spiral", help="the data set (default spiral)")
    two.add_argument("--points", type=int, default=500, help="points in the data set (default 500)")
    two.add_argument("--hidden", default="", help="hidden layers as DEPTHxWIDTH, e.g. 8x64 (default: the config's)")
    two.add_argument("--reference", type=Path, help="another checkout: run both, a fresh process each, side by side")
    two.add_argument("--rounds", type=int, default=1, help="rounds of this tree then the reference (default 1)")
    two.add_argument("--tree", type=Path, help=argparse.SUPPRESS)  # read before the imports (TREE)
    args = parser.parse_args()
    if args.mode == "headless":
        if args.epochs < 1 or args.report_every < 1000 or args.report_every % 1000:
            parser.error("--epochs must be >= 1 and --report-every a positive multiple of 1,000")
        headless(args.epochs, args.report_every)
    else:
        if args.minutes <= 0 or args.report_seconds <= 0 or args.rounds < 1:
            parser.error("--minutes, --report-seconds and --rounds must be > 0")
        sizes = args.hidden.split("x")
        if args.hidden and not (len(sizes) == 2 and all(n.isdigit() and int(n) > 0 for n in sizes)):
            parser.error("--hidden must be DEPTHxWIDTH, e.g. 8x64")
        if args.reference is not None:
            compare(args, args.reference.resolve())
        else:
            app(args.minutes, args.report_seconds, soak_config(args))


if __name__ == "__main__":
    main()
