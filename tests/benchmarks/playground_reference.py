"""TensorFlow Playground's training loop, timed in Node in the same run as nnviz (for bench_engine.py).

`playground_ref.js` (next to this file) is a hand-written JavaScript port of the
loop of Playground's `nn.ts`: per-sample forward and backward passes through
node and link objects, a weight update every batch, and the mean loss over the
training and test points after every epoch. It gets the session's own points,
features, targets and initial weights. The first epoch is run on nnviz's
first-epoch order on both sides, and the weights are compared, so the figure
is the speed of a loop that computes what nnviz computes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnviz.engine import MLP, MinibatchTrainer, Optimizer
from nnviz.session import Session

SCRIPT = Path(__file__).with_name("playground_ref.js")


@dataclass(frozen=True)
class PlaygroundTiming:
    """Epochs/s of the Playground loop in Node: best and median over the timed runs."""

    best: float
    median: float
    runs: int
    node: str
    max_weight_diff: float  # |w_playground - w_nnviz| after one identical epoch


def measure_playground(session: Session, epochs: int, rounds: int) -> PlaygroundTiming | str:
    """Time `rounds` runs of `epochs` epochs of the port on the session's data; a reason string when it cannot."""
    node = shutil.which("node")
    if node is None:
        return "Node.js (node) is not installed: not measured"
    if session.spec.sizes[-1] != 1 or set(session.net.activations) != {"tanh"}:
        return "the port covers Playground's own case only (tanh, one output): not measured"
    order = np.random.default_rng(0).permutation(session.trainer.n_samples)
    train = _rows(session.train_set.points[order], session.spec.encode(session.train_set.labels)[order])
    workload = {
        "sizes": list(session.net.sizes),
        "params": session.net.params.tolist(),
        "features": list(session.config.features),
        "train": train,
        "test": _rows(session.test_set.points, session.spec.encode(session.test_set.labels)),
        "batch": session.config.batch_size,
        "learning_rate": session.config.learning_rate,
        "epochs": epochs,
        "rounds": rounds,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "workload.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(workload, handle)
        try:
            out = subprocess.run([node, str(SCRIPT), path], capture_output=True, text=True, timeout=600, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            return f"the Node run failed ({exc}): not measured"
    result = json.loads(out.stdout.strip().splitlines()[-1])
    seconds = np.asarray(result["seconds"])
    diff = float(np.max(np.abs(np.asarray(result["weights_after_one_epoch"]) - _nnviz_one_epoch(session, order))))
    return PlaygroundTiming(
        epochs / float(seconds.min()), epochs / float(np.median(seconds)), len(seconds), result["node"], diff
    )


def _rows(points: np.ndarray, targets: np.ndarray) -> list[list[float]]:
    return np.column_stack([points, targets.reshape(len(points), -1)[:, 0]]).tolist()


def _nnviz_one_epoch(session: Session, order: np.ndarray) -> np.ndarray:
    """nnviz's weights after one epoch from the session's initial weights, on the samples in `order`."""
    from nnviz.data import compute_features

    net = MLP(session.net.sizes, session.net.activations, np.float64, session.net.params.copy())
    trainer = MinibatchTrainer(net, "mse", Optimizer("sgd", session.config.learning_rate, net.weight_mask),
                               session.config.batch_size)
    trainer.set_data(compute_features(session.train_set.points, session.config.features),
                     session.spec.encode(session.train_set.labels))
    trainer.resume_epoch(order, 0)
    trainer.epoch(np.random.default_rng(0))
    return net.params
