"""Benchmark what the window's reader thread pays to take in the trainer's frames and checkpoints (issue 23).

Run from the repository root (it prints figures; it is not a test; about 1 minute):

    .venv/bin/python tests/benchmarks/bench_wire.py [--rounds 5] [--compare OTHER_TREE]

For every frame it draws, the window's process receives the trainer's packed frame over a pipe, unpickles it
and rebuilds the whole Frame (`frame_wire.FrameReceiver`); every 2 s it also takes in a checkpoint of the whole
session (`checkpoint_wire.CheckpointReceiver`). Measured here in thread CPU, on frames of a spiral run in
progress (1,000 points, the frames the trainer would send, in order): per frame, the trainer's packing and
pickling, the bytes, and the window's unpickling and unpacking; per checkpoint, the window's unpacking. With
--compare, each round runs this tree and the other one in fresh processes, one after the other, and the ratio
of their medians is printed: a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHAPES = {"6x8": (8,) * 6, "8x64": (64,) * 8}


def measure(tree: Path) -> dict[str, float]:
    """This process's figures for the nnviz of `tree`."""
    sys.path.insert(0, str(tree))
    from multiprocessing.reduction import ForkingPickler

    from nnviz.data import FEATURES
    from nnviz.session import Config, Session
    from nnviz.session import events as ev
    from nnviz.session.checkpoint_wire import CheckpointReceiver, CheckpointSender
    from nnviz.session.files import session_to_dict
    from nnviz.session.frame_wire import FrameReceiver, FrameSender

    out: dict[str, float] = {}
    for name, hidden in SHAPES.items():
        session = Session(Config(dataset="spiral", hidden=hidden, features=FEATURES, points=1000, batch_size=10))
        session.step(1500)
        packets = []
        for _ in range(30):
            session.step(13)
            packets.append(ev.FramePacket(session.snapshot(100, grids=False), True, 100.0, None))
        t0 = time.thread_time()
        sender = FrameSender()
        messages = [bytes(ForkingPickler.dumps(sender.pack(packet))) for packet in packets]
        out[f"{name} pack us"] = (time.thread_time() - t0) / len(packets) * 1e6
        out[f"{name} bytes"] = statistics.median(len(m) for m in messages[1:])
        best = float("inf")
        for _ in range(10):
            receiver = FrameReceiver()
            t0 = time.thread_time()
            for message in messages:
                receiver.unpack(pickle.loads(message))
            best = min(best, (time.thread_time() - t0) / len(messages) * 1e6)
        out[f"{name} receive us"] = best
        checkpoints = CheckpointSender(), CheckpointReceiver()
        state = ev.Checkpoint(session_to_dict(session), session.grid.extent, (1, 2))
        checkpoints[1].unpack(pickle.loads(pickle.dumps(checkpoints[0].pack(state))))
        best = float("inf")
        for _ in range(10):
            packed = pickle.loads(pickle.dumps(checkpoints[0].pack(state)))
            t0 = time.thread_time()
            checkpoints[1].unpack(packed)
            best = min(best, time.thread_time() - t0)
        out[f"{name} checkpoint ms"] = best * 1e3
    return out


def run_one(tree: Path) -> dict[str, float]:
    """The figures of `tree`, measured in a fresh process."""
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", str(tree)], capture_output=True,
                         text=True, timeout=300, check=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    """Rounds of this tree (and the other), medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compare", default="", help="another source tree of nnviz, measured in the same rounds")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(Path(args.one))))
        return
    trees = [ROOT] + ([Path(args.compare).resolve()] if args.compare else [])
    runs: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; medians of {args.rounds} rounds, thread CPU")
    for _ in range(args.rounds):
        for tree in trees:
            runs[tree].append(run_one(tree))
    for key in runs[ROOT][0]:
        medians = [statistics.median(run[key] for run in runs[tree]) for tree in trees]
        line = f"  {key:<22} " + "   ".join(f"{m:10.2f} [{tree}]" for m, tree in zip(medians, trees, strict=True))
        if len(trees) == 2:
            line += f"   ratio {medians[0] / medians[1]:.2f}"
        print(line)
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
