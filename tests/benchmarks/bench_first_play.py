"""Seconds from pressing Play to the first frame that shows a trained epoch, in a real window (not a test).

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/bench_first_play.py

Each round is a fresh process: the window (the default circle) is shown, Play is pressed `--delay` seconds
later (by then the training process has started and, since 2026-12-07, loaded its compiled step), and the
time to the first drawn frame with an epoch over 0 is printed. To compare two trees, run this script with
each first on the path (`PYTHONPATH=<tree>`), alternating.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def one_round(delay: float) -> str:
    """In this process: the seconds to the first trained frame after Play, printed as one line."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from nnviz.session import Config, Session
    from nnviz.ui.style import apply_style
    from nnviz.ui.window.main_window import MainWindow

    def run(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()

    app = QApplication([sys.argv[0]])
    apply_style(app)
    window = MainWindow(Session(Config()))
    window.resize(1280, 800)
    window.show()
    first: list[float] = []
    window.surface.frameDrawn.connect(
        lambda packet: first.append(time.perf_counter()) if packet.running and packet.frame.epoch > 0 else None)
    run(delay)
    pressed = time.perf_counter()
    window.actions_.play.trigger()
    while not first and time.perf_counter() - pressed < 30:
        run(0.01)
    window.close()
    window.shutdown()
    return f"{first[0] - pressed if first else float('nan'):.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--delay", type=float, default=2.0, help="seconds from showing the window to Play")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(one_round(args.delay), flush=True)
        return 0
    times = []
    for _ in range(args.rounds):
        out = subprocess.run([sys.executable, os.path.join(HERE, "bench_first_play.py"), "--one", "--delay",
                              str(args.delay)], capture_output=True, text=True, timeout=120)
        times.append(float(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 and out.stdout.strip()
                     else float("nan"))
    print(f"Play {args.delay:.1f} s after the window shows, to the first trained frame (load "
          f"{os.getloadavg()[0]:.2f}): " + " / ".join(f"{t:.3f} s" for t in times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
