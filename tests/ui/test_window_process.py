"""The window with its default backend, a training process: it trains, draws heatmaps, and closes cleanly."""

from __future__ import annotations

import multiprocessing as mp

import numpy as np

from nnviz.session import Config, Session
from tests.ui.probes import heatmap_rgba

WAIT_MS = 60_000  # a liveness bound for a spawn on a loaded machine, not a speed check


def test_a_window_trains_in_a_child_process_and_leaves_nothing_behind(qtbot, styled_app):
    from nnviz.ui.window.main_window import MainWindow

    window = MainWindow(Session(Config(points=100)), resolution=40)  # the default backend: a child process
    qtbot.addWidget(window)
    window.show()
    backend = window.training.worker.backend
    child = backend.process
    assert child is not None and child.is_alive()
    try:
        image_before = np.array(heatmap_rgba(window.boundary_view), copy=True)
        window.play()
        qtbot.waitUntil(lambda: window.frame.epoch > 5, timeout=WAIT_MS)
        window.pause()
        qtbot.waitUntil(lambda: not window.latest.running, timeout=WAIT_MS)
        assert window.frame.output_grid.shape == (1, 40, 40)  # paused: the output at the finest size asked for
        thumb = window.heatmap_sizes.thumb  # every neuron's thumbnail at the size the graph draws it
        assert [g.shape[1:] for g in window.frame.neuron_grids] == [(thumb, thumb)] * len(window.frame.sizes)
        assert not np.array_equal(heatmap_rgba(window.boundary_view), image_before)
    finally:
        window.close()
    assert not window.training.qthread.isRunning()
    assert not child.is_alive() and backend.process is None
    assert mp.active_children() == []
