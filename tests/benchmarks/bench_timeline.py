"""Benchmark the timeline on lesson 6's spiral: memory, time to show a random epoch, cost to training speed.

Run from the repository root (it prints figures; it is not a test):

    .venv/bin/python tests/benchmarks/bench_timeline.py [--epochs 100000] [--shows 15] [--rounds 5]

Budget (README "Teaching": the timeline): at most 64 MB and 0.3 s to show any epoch
of a 100,000-epoch spiral run, and keeping the timeline costs at most 5 % of the
flat-out epochs/s. The cost is measured as a ratio in the same run: rounds alternate
between a session that keeps its timeline and one whose timeline is stopped, so load
from other processes falls on both alike; the figure is the ratio of the medians.
Memory is the timeline's own count (arrays, random states and data sets), checked
once against tracemalloc.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nnviz.session import Session  # noqa: E402
from nnviz.session.lesson_book import spiral  # noqa: E402
from nnviz.session.timeline_view import Rewinder  # noqa: E402

MARKS = (1_000, 10_000, 100_000)


def speed_ratio(rounds: int, epochs: int) -> tuple[float, float, float]:
    """Epochs/s with and without the timeline (medians of alternating rounds) and their ratio."""
    on: list[float] = []
    off: list[float] = []
    for _ in range(rounds):
        for keep, out in ((True, on), (False, off)):
            session = spiral()
            if not keep:
                session.timeline.stop()
            t0 = time.perf_counter()
            session.train(epochs)
            out.append(epochs / (time.perf_counter() - t0))
    with_tl, without = statistics.median(on), statistics.median(off)
    return with_tl, without, with_tl / without


def show_times(session: Session, shows: int, rng: np.random.Generator) -> list[float]:
    """Seconds to show a random epoch: rebuild it and draw its Frame with every heatmap at 200 x 200."""
    rewinder = Rewinder()
    times = []
    for epoch in rng.integers(0, session.epoch + 1, size=shows):
        t0 = time.perf_counter()
        rewinder.frame_at(session, int(epoch), resolution=200)
        times.append(time.perf_counter() - t0)
    return times


def traced_bytes(session: Session) -> int:
    """What copies of the checkpoints' arrays and random states take, by tracemalloc (data sets left out)."""
    parts = [(c.params, c.optimizer, c.rng, c.position) for c in session.timeline.checkpoints]
    tracemalloc.start()
    kept = copy.deepcopy(parts)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return size


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=MARKS[-1])
    parser.add_argument("--shows", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--speed-epochs", type=int, default=600)
    args = parser.parse_args()
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}")  # noqa: SIM115
    with_tl, without, ratio = speed_ratio(args.rounds, args.speed_epochs)
    print(f"training speed, first {args.speed_epochs} epochs (every one checkpointed): with the timeline "
          f"{with_tl:.0f} epochs/s, without {without:.0f} epochs/s: ratio {ratio:.3f} (cost {1 - ratio:+.1%})")
    rng = np.random.default_rng(0)
    session = spiral()
    t0 = time.perf_counter()
    for mark in (m for m in MARKS if m <= args.epochs):
        session.train(mark - session.epoch)
        times = show_times(session, args.shows, rng)
        tl = session.timeline
        print(f"{mark:>7} epochs: timeline {tl.nbytes() / 2**20:.2f} MB in {len(tl.checkpoints)} checkpoints "
              f"(stride {tl.stride}); show a random epoch: median {statistics.median(times) * 1e3:.0f} ms, "
              f"max {max(times) * 1e3:.0f} ms; trained so far in {time.perf_counter() - t0:.0f} s")
    print(f"tracemalloc check: checkpoint copies take {traced_bytes(session) / 2**20:.2f} MB "
          f"(the timeline counts {session.timeline.nbytes() / 2**20:.2f} MB with its data)")
    t0 = time.perf_counter()
    session.snapshot(200)
    print(f"reference in this run: the live session's own Frame takes {(time.perf_counter() - t0) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
