"""Train the reference sessions and print a digest of every weight, optimizer moment and loss, as JSON.

Run as a script (a subprocess of test_reproducible_across_machines.py, under a forced BLAS kernel or
SIMD level), or with --write to store the digests once in data/reproducible_runs.json.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

ALL_FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
# name -> (Config settings, epochs): the cases issue 19 names, small enough for CI
CASES: dict[str, tuple[dict[str, object], int]] = {
    "spiral 6x8, all features, tanh": (
        {"dataset": "spiral", "points": 200, "noise": 10.0, "features": ALL_FEATURES, "hidden": (8,) * 6}, 300),
    "circle, the default": ({}, 300),
    "softmax, 3 classes": ({"dataset": "spiral3", "points": 150, "problem": "multiclass", "hidden": (6, 6)}, 150),
    "regression": ({"dataset": "multigauss", "points": 200, "hidden": (5, 3)}, 150),
    "relu, Adam, L2": ({"dataset": "xor", "points": 200, "activation": "relu", "optimizer": "adam",
                        "learning_rate": 0.01, "regularization": "l2", "reg_rate": 0.003, "hidden": (6, 4)}, 150),
    "float32": ({"dtype": "float32", "dataset": "moons", "points": 200, "hidden": (6, 6)}, 150),
    # products large enough for BLAS rounded to a grid (engine/rounded_product.py): full batches of 300
    # through 32-wide layers, and the evaluation of all 600 points
    "wide, full batch: BLAS products on the grid": (
        {"dataset": "spiral", "points": 600, "hidden": (32, 32), "batch_size": 300}, 60),
}
DIGESTS = Path(__file__).parent / "data" / "reproducible_runs.json"


def digest(name: str) -> str:
    """Train one case from its seed and return a SHA-256 of its weights, optimizer state and loss history."""
    from nnviz.session import Config, Session

    settings, epochs = CASES[name]
    session = Session(Config(seed=3, **settings))  # type: ignore[arg-type]
    session.train(epochs)
    h = hashlib.sha256(session.net.params.tobytes())
    for key, value in sorted(session.optimizer.state_dict().items()):
        h.update(key.encode() + np.asarray(value, np.float64).tobytes())
    h.update(json.dumps(session.history.to_dict(), sort_keys=True).encode())
    return h.hexdigest()


def main() -> None:
    """Print {case: digest} as JSON; with --write, store it as the reference."""
    digests = {name: digest(name) for name in CASES}
    if "--write" in sys.argv[1:]:
        DIGESTS.write_text(json.dumps(digests, indent=1) + "\n")
    print(json.dumps(digests))


if __name__ == "__main__":
    main()
