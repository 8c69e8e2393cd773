"""A storm of random user actions while training: no exception, no internal error, a consistent session after.

Seeded (NNVIZ_STORM_SEED, NNVIZ_STORM_ACTIONS to vary it), so a failing sequence can be replayed; the
thread timing still differs between runs, which is the point of racing edits against rebuilds.
"""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from nnviz.data import GENERATORS
from nnviz.session import LEARNING_RATES, Config
from nnviz.session.graph_refs import BiasRef, EdgeRef
from tests.ui.probes import node_count

SEED = int(os.environ.get("NNVIZ_STORM_SEED", "1130"))
ACTIONS = int(os.environ.get("NNVIZ_STORM_ACTIONS", "500"))
WAIT_MS = 10_000
DATASETS = sorted(name for name in GENERATORS if name != "csv")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear", "leaky_relu")


def _hidden(rng: random.Random) -> tuple[int, ...]:
    return tuple(rng.randint(1, 6) for _ in range(rng.randint(0, 3)))


def _edit_shown_weight(window: Any, rng: random.Random) -> None:
    """Edit a weight or bias of the network on screen (which may already be stale)."""
    sizes = window.frame.sizes
    layer = rng.randint(1, len(sizes) - 1)
    if rng.random() < 0.7:
        window.graph_view.edit(EdgeRef(layer, rng.randrange(sizes[layer - 1]), rng.randrange(sizes[layer])),
                               rng.uniform(-3, 3))
    else:
        window.graph_view.edit(BiasRef(layer, rng.randrange(sizes[layer])), rng.uniform(-3, 3))


def _rebuild_then_edit(window: Any, rng: random.Random) -> None:
    """Ask for another shape, then at once edit the old shape's last layer: the edit races the rebuild."""
    window.request_config({"hidden": _hidden(rng)})
    _edit_shown_weight(window, rng)


def _add_point(window: Any, rng: random.Random) -> None:
    extent = window.boundary_view.extent
    window.boundary_view.pointAdded.emit(rng.uniform(-extent, extent), rng.uniform(-extent, extent),
                                         rng.randrange(2))


def _remove_point(window: Any, rng: random.Random) -> None:
    extent = window.boundary_view.extent
    window.boundary_view.pointRemoved.emit(rng.uniform(-extent, extent), rng.uniform(-extent, extent))


ACTION_TABLE: list[tuple[int, Callable[[Any, random.Random], None]]] = [  # (weight, action)
    (6, lambda w, r: w.play()),
    (3, lambda w, r: w.pause()),
    (3, lambda w, r: w.toggle_play()),
    (3, lambda w, r: w.step_epoch()),
    (3, lambda w, r: w.step_batch()),
    (2, lambda w, r: w.reset()),
    (1, lambda w, r: w.regenerate()),
    (1, lambda w, r: w.set_speed(r.choice([None, None, 30.0, 200.0]))),
    (4, lambda w, r: w.request_config({"learning_rate": r.choice(LEARNING_RATES)})),
    (3, lambda w, r: w.request_config({"activation": r.choice(ACTIVATIONS)})),
    (2, lambda w, r: w.request_config({"dataset": r.choice(DATASETS)})),
    (3, lambda w, r: w.request_config({"hidden": _hidden(r)})),
    (4, _add_point),
    (3, _remove_point),
    (6, _edit_shown_weight),
    (4, _rebuild_then_edit),
]


@pytest.fixture
def thread_errors() -> list[BaseException]:
    """Exceptions raised in any Python thread during the test."""
    caught: list[BaseException] = []
    before = threading.excepthook
    threading.excepthook = lambda args: caught.append(args.exc_value)  # type: ignore[assignment,misc]
    yield caught
    threading.excepthook = before


EDITS = (_edit_shown_weight, _rebuild_then_edit)


@pytest.mark.parametrize("edits", [pytest.param(False, id="without-edits"),
                                   pytest.param(True, id="with-edits-racing-rebuilds")])
def test_a_storm_of_random_actions_leaves_a_consistent_session(qtbot, make_window, thread_errors, edits):
    window = make_window(Config(points=200))
    messages: list[str] = []
    window.status.messageChanged.connect(messages.append)
    rng = random.Random(SEED)
    table = [(weight, action) for weight, action in ACTION_TABLE if edits or action not in EDITS]
    weights, actions = zip(*table, strict=True)
    window.play()
    for _ in range(ACTIONS):
        rng.choices(actions, weights)[0](window, rng)
        if rng.random() < 0.2:
            qtbot.wait(rng.randint(1, 10))
        else:
            QApplication.processEvents()

    window.pause()
    qtbot.waitUntil(lambda: window.latest is not None and not window.latest.running, timeout=WAIT_MS)
    qtbot.wait(100)  # the answers to the last requests land
    internal = [m for m in messages if "internal error" in m.lower()]
    assert not internal, f"seed {SEED}: {internal[:3]}"
    assert not thread_errors, f"seed {SEED}: {thread_errors[:3]}"

    config = window.config
    qtbot.waitUntil(lambda: window.frame.sizes[1:-1] == config.hidden, timeout=WAIT_MS)
    frame = window.frame
    assert frame.sizes[0] == len(config.features) and frame.feature_names == config.features
    assert node_count(window.graph_view) == sum(frame.sizes)
    assert all(np.isfinite(w).all() for w in frame.weights) and all(np.isfinite(b).all() for b in frame.biases)
    assert window.training.qthread.isRunning()
    epoch = frame.epoch
    if len(frame.train_points):  # the storm may have removed every training point; then stepping is refused
        window.step_epoch()
        qtbot.waitUntil(lambda: window.frame.epoch == epoch + 1, timeout=WAIT_MS)
    window.graph_view.edit(EdgeRef(1, 0, 0), 0.25)  # edits still reach the session
    qtbot.waitUntil(lambda: window.frame.weights[0][0, 0] == 0.25, timeout=WAIT_MS)


def test_an_edit_for_the_network_before_a_rebuild_is_dropped_quietly(qtbot, make_window):
    window = make_window(Config(hidden=(4, 2)))
    messages: list[str] = []
    window.status.messageChanged.connect(messages.append)
    window.request_config({"hidden": ()})
    window.graph_view.edit(EdgeRef(3, 1, 0), 0.5)  # layer 3 of the 2-4-2-1 on screen; the new network has one layer
    internal = lambda: [m for m in messages if "internal error" in m.lower()]  # noqa: E731
    qtbot.waitUntil(lambda: window.frame.sizes == (2, 1) or bool(internal()), timeout=WAIT_MS)
    qtbot.wait(100)
    assert not internal()
    window.step_epoch()
    qtbot.waitUntil(lambda: window.frame.epoch == 1, timeout=WAIT_MS)
    assert window.frame.weights[0].shape == (1, 2) and 0.5 not in window.frame.weights[0]
