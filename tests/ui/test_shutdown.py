"""Closing the window at random moments: while training, mid-save, in the explain mode, in a training process.

After the close no thread, QThread or child process may be left, and the file being saved is either the
old one or the whole new one, with no temporary file beside it. Seeded: a failing case can be replayed.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import threading
from collections.abc import Callable
from typing import Any

import pytest

from nnviz.session import LEARNING_RATES, Config, Session
from nnviz.session.files import load_session, save_session
from nnviz.session.graph_refs import EdgeRef

WAIT_MS = 60_000  # a liveness bound (a process spawn on a loaded machine), not a speed check
OLD_POINTS, NEW_POINTS = 20, 1000


def _edit(window: Any, rng: random.Random) -> None:
    sizes = window.frame.sizes
    layer = rng.randint(1, len(sizes) - 1)
    window.graph_view.edit(EdgeRef(layer, rng.randrange(sizes[layer - 1]), rng.randrange(sizes[layer])),
                           rng.uniform(-2, 2))


ACTIONS: list[Callable[[Any, random.Random], None]] = [
    lambda w, r: w.play(),
    lambda w, r: w.pause(),
    lambda w, r: w.step_epoch(),
    lambda w, r: w.reset(),
    lambda w, r: w.request_config({"learning_rate": r.choice(LEARNING_RATES)}),
    lambda w, r: w.request_config({"hidden": tuple(r.randint(1, 8) for _ in range(r.randint(0, 3)))}),
    _edit,
]


def _explain(window: Any, rng: random.Random) -> None:
    """Enter the explain mode and walk a few phases of one sample."""
    window.features["teaching"].explain.toggle.setChecked(True)
    for _ in range(rng.randint(0, 4)):
        window.features["teaching"].explain.next_phase()


CASES = ([pytest.param("thread", seed, False, id=f"thread-{seed}") for seed in range(8)]
         + [pytest.param("thread", seed, True, id=f"thread-explain-{seed}") for seed in range(3)]
         + [pytest.param("process", seed, False, id=f"process-{seed}") for seed in range(2)])


@pytest.mark.parametrize(("backend", "seed", "explain"), CASES)
def test_closing_at_a_random_moment_leaves_no_thread_and_no_partial_file(qtbot, styled_app, tmp_path, monkeypatch,
                                                                         backend, seed, explain):
    from nnviz.ui.window.main_window import MainWindow

    rng = random.Random(seed)
    target = tmp_path / "run.json"
    save_session(Session(Config(points=OLD_POINTS)), target)  # what the user had
    old_text = target.read_text(encoding="utf-8")
    threads_before = set(threading.enumerate())

    window = MainWindow(Session(Config(points=NEW_POINTS, hidden=(8, 8))), backend=backend, resolution=40)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.frame is not None, timeout=WAIT_MS)
    window.play()
    if explain:
        _explain(window, rng)
    for _ in range(rng.randint(0, 6)):
        rng.choice(ACTIONS)(window, rng)
        qtbot.wait(rng.randint(0, 40))
    saving = rng.random() < 0.75
    if saving:
        window.save_session(str(target))
        qtbot.wait(rng.choice([0, 0, 1, 2, 5, 20]))  # close before, during or after the save
    window.close()

    assert not window.training.qthread.isRunning() and window.training.qthread.isFinished()
    left = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert left == [], f"seed {seed}: threads left after the close: {left}"
    assert mp.active_children() == [], f"seed {seed}: child processes left after the close"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"], "a temporary file was left"
    text = target.read_text(encoding="utf-8")
    saved = load_session(target)  # whole, whichever it is
    n_points = len(saved.train_set.points) + len(saved.test_set.points)
    if text == old_text:
        assert n_points == OLD_POINTS
    else:
        assert saving and n_points == NEW_POINTS
