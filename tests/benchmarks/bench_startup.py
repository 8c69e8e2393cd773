"""Launch to first paint and to the complete window, warm: nnviz from source and the bundle, against a bare Qt window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_startup.py [--runs 7] [--bundle dist/nnviz/nnviz]
        [--compare OTHER_TREE]  (another source tree of nnviz, say an older commit's, measured interleaved too)

Each figure is the median wall time from spawning the process to its "first paint" line
(NNVIZ_EXIT_AFTER_PAINT=1), after one discarded warm-up run, and beside it the CPU seconds the
process had used by then (its own figure on that line: less moved by other jobs than wall time).
The reference, measured in the same run and interleaved, is a bare PySide6 window that paints
once: the part of start-up nnviz cannot shave. nnviz's first paint is its main window titled, at its
size, with its menu bar, before numpy and the session load; the window's parts are made in the next
turn, then its plots (pyqtgraph): the time to its "plots painted" line (the output plot's first
paint: the complete window) is the second figure, also against the bare window.
Targets (issue 23): first paint <= 0.5 s and <= 3.5x the bare window; (issue 13) bundle <= source + 0.2 s.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE_QT = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("bare"); w.resize(1280, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, lambda: (print(f"first paint, {sum(os.times()[:2]):.3f} s CPU", flush=True),
                                          app.quit()))
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def launch(command: list[str], pythonpath: str = "") -> tuple[float, float, float, float]:
    """Seconds from spawn to the "first paint" line on stdout, to the "plots painted" line (or the first paint
    again: the bare window has no plots), and the CPU seconds each of the two lines gives (NaN when a line gives
    none); the process then quits."""
    env = dict(os.environ, NNVIZ_EXIT_AFTER_PAINT="1")
    if pythonpath:  # another tree's nnviz (PYTHONPATH wins over the editable install)
        env["PYTHONPATH"] = pythonpath
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # warm = compiled: the warm-up writes the bytecode an install has
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                          cwd=pythonpath or ROOT) as proc:  # (`-m` puts the working folder first on the path)
        assert proc.stdout is not None
        first = cpu = 0.0
        plots_cpu = math.nan
        for line in proc.stdout:
            if "first paint" in line:
                first = time.perf_counter() - start
                cpu = plots_cpu = _cpu(line)
            if "plots painted" in line:
                plots_cpu = _cpu(line)
                break
        plots = time.perf_counter() - start
        proc.wait(timeout=60)
        if first:
            return first, plots, cpu, plots_cpu

    raise RuntimeError(f"{command[0]} never painted (exit {proc.returncode})")


def _cpu(line: str) -> float:
    """The CPU seconds a launch's line gives ("..., 0.350 s CPU"), or NaN."""
    return float(line.rsplit(" s CPU", 1)[0].split()[-1]) if " s CPU" in line else math.nan


def imported_modules() -> list[str]:
    """The heavy packages a source launch has imported when its window first paints (titled, with its menu bar)."""
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from test_launch_shell import PROBE  # the probe the test of the import list runs

    code = PROBE + ("mods = shell_seen[0]\nprint(' '.join(sorted({m.split('.')[0] + ('.' + m.split('.')[1] if "
                    "m.startswith('PySide6.Qt') else '') for m in mods if m.startswith(('PySide6.Qt', 'PIL', "
                    "'pyqtgraph', 'scipy', 'numpy'))})))\n")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), NNVIZ_EXIT_AFTER_PAINT="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    return out.stdout.strip().splitlines()[-1:] if out.stdout.strip() else [out.stderr[-300:]]


def main() -> int:
    """Measure and print the medians and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", default=str(ROOT / "dist" / "nnviz" / "nnviz"))
    parser.add_argument("--compare", default="", help="another nnviz source tree, run with PYTHONPATH set to it")
    args = parser.parse_args()
    commands = {"bare Qt window (reference)": [sys.executable, "-c", BARE_QT],
                "nnviz from source": [sys.executable, "-m", "nnviz"]}
    paths = {}
    if args.compare:
        paths[f"nnviz at {args.compare}"] = args.compare
        commands[f"nnviz at {args.compare}"] = [sys.executable, "-m", "nnviz"]
    if Path(args.bundle).is_file():
        commands["nnviz bundle"] = [args.bundle]
    else:
        print(f"(no bundle at {args.bundle}: build it with bash packaging/build.sh)")
    times: dict[str, list[float]] = {name: [] for name in commands}
    plots: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    plots_cpus: dict[str, list[float]] = {name: [] for name in commands}
    for name, command in commands.items():
        launch(command, paths.get(name, ""))  # warm-up: disk cache, compiled bytecode
    for _ in range(args.runs):
        for name, command in commands.items():  # interleaved: a busy moment hits every command alike
            first, drawn, cpu, drawn_cpu = launch(command, paths.get(name, ""))
            plots_cpus[name].append(drawn_cpu)
            times[name].append(first)
            plots[name].append(drawn)
            cpus[name].append(cpu)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"launch, warm, median of {args.runs} (load average {load:.1f}, "
          f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}):")
    reference = "bare Qt window (reference)"
    ref, ref_cpu = statistics.median(times[reference]), statistics.median(cpus[reference])
    print(f"  {reference:<28} first paint {ref:6.3f} s  (min {min(times[reference]):.3f}, "
          f"max {max(times[reference]):.3f}); CPU {ref_cpu:.3f} s")
    for name in commands:
        if name == reference:
            continue
        for label, values in (("first paint", times[name]),
                              ("complete window (plots painted)", plots[name])):
            ratios = sorted(v / r for v, r in zip(values, times[reference], strict=True))
            med = statistics.median(values)
            print(f"  {name:<28} {label:<32} {med:6.3f} s  (min {min(values):.3f}, max {max(values):.3f})  "
                  f"{med / ref:4.2f}x reference (pair by pair {ratios[0]:.2f} / {statistics.median(ratios):.2f} / "
                  f"{ratios[-1]:.2f})")
        cpu, drawn_cpu = statistics.median(cpus[name]), statistics.median(plots_cpus[name])
        print(f"  {name:<28} CPU at the first paint {cpu:.3f} s ({cpu / ref_cpu:.2f}x reference), "
              f"at the complete window {drawn_cpu:.3f} s ({drawn_cpu / ref_cpu:.2f}x)")
    if "nnviz bundle" in times:
        gap = statistics.median(times["nnviz bundle"]) - statistics.median(times["nnviz from source"])
        print(f"  bundle - source: {gap:+.3f} s (target <= +0.2 s)")
    print(f"  first paint target <= 0.5 s and <= 3.5x; imported before it: {' '.join(imported_modules())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
