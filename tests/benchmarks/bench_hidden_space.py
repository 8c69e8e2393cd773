"""Benchmark the hidden-space view: the spiral 6x8 trained in the app with the view closed and open.

Run from the repository root (it prints figures; it is not a test):

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tests/benchmarks/bench_hidden_space.py

Each round measures the engine alone (the reference), then the app (default training backend)
with the hidden-space dock closed, then open on hidden layer 3. Target (issue 11.4): with the
view open the app keeps >= 300 epochs/s at >= 30 frames/s.
"""

from __future__ import annotations

import argparse
import sys
import time

from bench_app import SCENARIOS, PaintCounter, engine_only, load, spin  # the same scenario and helpers

from nnviz.session import Session
from nnviz.ui.style import apply_style
from nnviz.ui.window.main_window import MainWindow

SPIRAL = SCENARIOS["spiral 6x8 tanh, 7 features, batch 10"]


def run(app, seconds: float, open_view: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Train flat out for `seconds`; epochs/s, frames/s and hidden-space redraws/s."""
    window = MainWindow(Session(SPIRAL))
    drawn = [0]  # frames the window drew
    window.surface.frameDrawn.connect(lambda _packet: drawn.__setitem__(0, drawn[0] + 1))
    window.resize(1280, 800)
    window.show()
    hidden = window.features["teaching"].hidden
    if open_view:
        hidden.dock.show()
        hidden.view.layer.setCurrentIndex(2)
    painted = PaintCounter()
    window.boundary_view.canvas.viewport().installEventFilter(painted)
    spin(app, 0.3)
    window.set_speed(None)  # flat out (the app starts at a gentler pace)
    window.play()
    deadline = time.perf_counter() + 10
    while (window.latest is None or not window.latest.running) and time.perf_counter() < deadline:
        spin(app, 0.05)
    spin(app, 0.7)
    redraws = [0]
    original = hidden.redraw

    def counted(force: bool = False) -> None:
        redraws[0] += 1
        original(force)

    hidden.redraw = counted  # type: ignore[method-assign]
    e0, f0, t0 = window.frame.epoch, drawn[0], time.perf_counter()
    spin(app, seconds)
    e1, f1, t1 = window.frame.epoch, drawn[0], time.perf_counter()
    window.close()
    window.deleteLater()
    spin(app, 0.1)
    dt = t1 - t0
    return {"epochs/s": (e1 - e0) / dt, "frames/s": (f1 - f0) / dt, "hidden redraws/s": redraws[0] / dt}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    apply_style(app)
    for r in range(args.rounds):
        reference = engine_only(SPIRAL, args.seconds)
        engine = float(reference["epochs/s"])
        print(f"round {r + 1}: engine alone {engine:.0f} epochs/s ({reference['load']})")
        for open_view in (False, True):
            fig = run(app, args.seconds, open_view)
            print(f"  view {'open  ' if open_view else 'closed'}: {fig['epochs/s']:.0f} epochs/s "
                  f"({fig['epochs/s'] / engine:.0%} of engine), {fig['frames/s']:.1f} frames/s, "
                  f"{fig['hidden redraws/s']:.1f} hidden-space redraws/s ({load()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
