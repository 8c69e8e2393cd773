"""The reader's heatmap pass gives way to the user's input: between layers of a live frame's pass it waits until the
window says the input is drawn, HOLD_SECONDS after the input at most (issue 23: at 8x64 the pass shared the GUI's
core with a click's pixels). A fake clock; the waits are recorded, not slept."""

from __future__ import annotations

import numpy as np
import pytest

import nnviz.session.grid as grid_module
from nnviz.data import FEATURES
from nnviz.session import Config, Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.frame_handoff import HOLD_SECONDS, FrameHandoff
from nnviz.session.heatmap_sizes import HeatmapSizes
from tests.session.test_input_hold import Clock


def recorded_waits(handoff: FrameHandoff, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds each give_way waited for (nothing is slept)."""
    waits: list[float] = []
    monkeypatch.setattr(handoff._drawn, "wait", lambda timeout=None: waits.append(timeout) or False)
    return waits


def test_after_input_the_pass_waits_until_the_input_is_drawn_and_no_longer_than_the_hold(monkeypatch):
    clock = Clock()
    handoff = FrameHandoff(clock)
    waits = recorded_waits(handoff, monkeypatch)
    assert handoff.input_pause() == 0.0  # no input: the pass goes on
    handoff.input_seen()  # a press
    assert handoff.input_pause() == pytest.approx(HOLD_SECONDS)
    handoff.give_way()
    assert waits == [pytest.approx(HOLD_SECONDS)]
    clock.now += HOLD_SECONDS / 3
    assert handoff.input_pause() == pytest.approx(2 * HOLD_SECONDS / 3)
    handoff.input_drawn()  # the window painted it
    assert handoff.input_pause() == 0.0
    handoff.give_way()
    assert len(waits) == 1  # did not wait
    handoff.input_seen()  # the release
    clock.now += 2 * HOLD_SECONDS  # never said to be drawn (the window went away): the hold bounds the wait
    assert handoff.input_pause() == 0.0


def spiral_frame(hidden: tuple[int, ...]):  # type: ignore[no-untyped-def]
    session = Session(Config(dataset="spiral", hidden=hidden, features=FEATURES, batch_size=10, seed=2))
    session.train(2)
    return session.snapshot(20, grids=False)


def filler(give_way=None) -> FrameGrids:  # type: ignore[no-untyped-def]
    sizes = HeatmapSizes(40)
    sizes.show(thumb=12, panel=40)
    return FrameGrids(40, sizes, give_way)


@pytest.mark.parametrize("chunk_cells", [grid_module.CHUNK_CELLS, 80 * 70])  # one chunk; ~80 cells a chunk
def test_a_running_frames_pass_gives_way_between_layers_and_makes_the_same_pictures(monkeypatch, chunk_cells):
    frame = spiral_frame((16,) * 4)  # 5 weight layers
    monkeypatch.setattr(grid_module, "CHUNK_CELLS", chunk_cells)
    whole = filler().with_grids(frame, running=True)  # the same chunks (a BLAS product's sums follow its width)
    calls: list[int] = []
    chunked = filler(lambda: calls.append(1)).with_grids(frame, running=True)
    assert len(calls) >= 4  # between every two layers (and chunks): even a pass in one chunk gives way
    assert np.array_equal(chunked.outputs, whole.outputs)
    for a, b in zip(chunked.neuron_grids, whole.neuron_grids, strict=True):
        assert np.array_equal(a, b)
    calls.clear()
    filler(lambda: calls.append(1)).with_grids(frame, running=False)  # a paused frame answers the user: no wait
    assert calls == []


def test_the_training_process_reader_gives_way_to_the_windows_input(monkeypatch):
    from nnviz.session.training_process import TrainingProcess

    sizes = HeatmapSizes(40)
    sizes.show(thumb=12, panel=40)
    session = Session(Config(dataset="spiral", hidden=(16,) * 4, features=FEATURES, batch_size=10, seed=2))
    process = TrainingProcess(session, lambda event: None, resolution=40, heatmaps=sizes, spawn_now=False)
    try:
        waits = recorded_waits(process._handoff, monkeypatch)
        monkeypatch.setattr(process._handoff, "_clock", Clock())  # time stands still: no wall clock in the test
        frame = spiral_frame((16,) * 4)
        process.input_seen()  # the window's press
        process._grids.with_grids(frame, running=True)  # the reader's pass of a frame taken before it
        assert waits and all(0 < w <= HOLD_SECONDS for w in waits)
        process.input_drawn()  # the window painted it
        waits.clear()
        process._grids.with_grids(spiral_frame((16,) * 4), running=True)
        assert waits == []
    finally:
        process.close()
