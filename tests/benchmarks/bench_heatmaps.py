"""Benchmark a live frame's heatmaps (issue 23): the pass the GUI process makes for every frame it draws.

Run from the repository root (it prints figures; it is not a test; about 20 s):

    .venv/bin/python tests/benchmarks/bench_heatmaps.py [--rounds 5] [--frames 40]

While a network trains, the window's worker thread fills in every frame's heatmaps from the frame's
weights (`FrameGrids.with_grids`): every neuron's thumbnail at the size the graph draws it and the
output grid at the panel's size within `heatmap_sizes.TRAINING_BUDGET`. Measured here, per frame in
thread CPU ms, at the sizes a 1280x800 window draws (spiral, 7 features, 1,000 points), against the
reference of the same run: the same grids made the way they were before the live pass, in two
exact passes (`GridEvaluator.evaluate` at the thumbnails' size, then at the output's: every layer
at both sizes, np.tanh), rounds of the two interleaved so that a busy machine slows both alike.

Target (issue 23): spiral 6x8 <= 1.5 ms a frame (it was 3-4 ms on a quiet 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nnviz.engine.blas import limit_threads  # noqa: E402

limit_threads()  # as in the GUI process: BLAS on one thread

from nnviz.data import FEATURES  # noqa: E402
from nnviz.session import Config, Session  # noqa: E402
from nnviz.session.frame import Frame  # noqa: E402
from nnviz.session.frame_grids import FrameGrids  # noqa: E402
from nnviz.session.grid import GridEvaluator  # noqa: E402
from nnviz.session.heatmap_sizes import HeatmapSizes  # noqa: E402

# hidden layers -> thumbnails' size on screen (px) in a 1280x800 window (the graph reports it after a draw)
SHAPES = {"6x8": ((8,) * 6, 33), "8x32": ((32,) * 8, 14), "8x64": ((64,) * 8, 7)}
TARGET_MS = 1.5  # spiral 6x8


def light_frames(hidden: tuple[int, ...], count: int) -> list[Frame]:
    """Frames without heatmaps of a spiral run in progress, as the training process sends them."""
    session = Session(Config(dataset="spiral", hidden=hidden, features=FEATURES, points=1000, batch_size=10))
    session.step(1500)
    frames = []
    for _ in range(count):
        session.step(13)
        frames.append(session.snapshot(100, grids=False))
    return frames


def reference(sizes: HeatmapSizes) -> Callable[[Frame], object]:
    """The grids of a frame made as before the live pass: thumbnails and output in two passes, np.tanh."""
    grid, filler = GridEvaluator(), FrameGrids(sizes.finest, sizes)

    def make(frame: Frame) -> object:
        net = filler.network(frame)
        grid.extent = frame.extent
        thumbs = grid.evaluate(net, frame.feature_names, sizes.thumbs(True), frame.plane)
        outputs = grid.evaluate(net, frame.feature_names, sizes.output(frame.sizes, True), frame.plane)[-1]
        return thumbs, outputs

    return make


def ms_per_frame(make: Callable[[Frame], object], frames: list[Frame]) -> float:
    """Thread CPU ms a frame."""
    t0 = time.thread_time()
    for frame in frames:
        make(frame)
    return 1000 * (time.thread_time() - t0) / len(frames)


def main() -> None:
    """Interleaved rounds of the live pass and the reference, per shape."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    for name, (hidden, drawn) in SHAPES.items():
        sizes = HeatmapSizes()
        sizes.show(drawn, 400)  # the output panel at least as large as the budget lets a training run compute
        frames = light_frames(hidden, args.frames)
        live = FrameGrids(sizes.finest, sizes)
        passes = {"live": lambda frame, live=live: live.with_grids(frame, True), "reference": reference(sizes)}
        for make in passes.values():  # warm up: grid inputs, workspaces, buffers
            ms_per_frame(make, frames[:5])
        times: dict[str, list[float]] = {key: [] for key in passes}
        for _ in range(args.rounds):
            for key, make in passes.items():
                times[key].append(ms_per_frame(make, frames))
        new, old = statistics.median(times["live"]), statistics.median(times["reference"])
        cells = sizes.output(frames[0].sizes, True)
        print(f"spiral {name:<5} thumbnails {sizes.thumbs(True)}², output {cells}²: live pass {new:5.2f} ms a frame, "
              f"reference {old:5.2f} ms, ratio {new / old:.2f} (median of {args.rounds} rounds, thread CPU, "
              f"load {os.getloadavg()[0]:.2f})")
        if name == "6x8":
            print(f"    target <= {TARGET_MS} ms a frame: {'met' if new <= TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
