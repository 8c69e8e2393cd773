"""Heatmaps at the size they are drawn (issue 23): thumbnails at theirs, the output at its panel's."""

from __future__ import annotations

import numpy as np
import pytest

import nnviz.session.grid as grid_module
from nnviz.data import FEATURES
from nnviz.session import Config, Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.grid import GridEvaluator
from nnviz.session.heatmap_sizes import OUTPUT_MIN, THUMB_MIN, HeatmapSizes, cost_per_cell


def test_sizes_follow_what_the_views_draw_within_their_bounds() -> None:
    sizes = HeatmapSizes(200)
    sizes.show(thumb=41.6, panel=150.2)
    assert (sizes.thumb, sizes.panel) == (42, 150)
    sizes.show(thumb=3, panel=5000)  # a tiny node still gets a readable hover picture; the panel is capped
    assert (sizes.thumb, sizes.panel) == (THUMB_MIN, 200)
    assert HeatmapSizes(40).panel == 40  # never finer than the window asked for


def test_a_big_network_gets_a_coarser_output_only_while_it_trains() -> None:
    sizes = HeatmapSizes(200)
    small, big = (7, 8, 8, 8, 8, 8, 8, 1), (7, *(64,) * 8, 1)
    assert cost_per_cell(big) > 10 * cost_per_cell(small)
    assert sizes.output(big, running=False) == 200
    assert OUTPUT_MIN <= sizes.output(big, running=True) < sizes.output(small, running=True) <= 200


def _frame(hidden: tuple[int, ...]) -> tuple[Session, object]:
    session = Session(Config(dataset="spiral", points=60, hidden=hidden, features=FEATURES[:3]))
    session.train(2)
    return session, session.snapshot(10, grids=False)


def test_frame_grids_compute_thumbnails_and_output_at_their_own_sizes() -> None:
    session, light = _frame((6, 5))
    sizes = HeatmapSizes(90)
    sizes.show(thumb=30, panel=90)
    frame = FrameGrids(90, sizes).with_grids(light)
    assert [g.shape for g in frame.neuron_grids] == [(3, 30, 30), (6, 30, 30), (5, 30, 30), (1, 30, 30)]
    assert frame.output_grid.shape == (1, 90, 90) and frame.resolution == 90
    assert frame.boundary().shape == (90, 90)
    full = session.snapshot(90)  # the old way: every layer at 90²
    np.testing.assert_allclose(frame.output_grid, full.output_grid, atol=1e-6)
    np.testing.assert_allclose(frame.neuron_grids[1], session.snapshot(30).neuron_grids[1], atol=1e-6)
    with pytest.raises(ValueError):
        frame.output_grid[0, 0, 0] = 1.0  # immutable, like every array of a Frame


def test_the_output_pass_keeps_a_bounded_workspace_however_wide_the_network(monkeypatch) -> None:
    session, _ = _frame((40, 40))
    monkeypatch.setattr(grid_module, "CHUNK_CELLS", 4000)  # about 50 cells of 82 rows at a time
    evaluator = GridEvaluator()
    chunked = evaluator.outputs(session.net, session.config.features, 64)
    assert max(ws.A.size for ws in evaluator._chunk_ws.values()) <= 4000  # (82 rows, 48 cells) at a time
    whole = GridEvaluator().evaluate(session.net, session.config.features, 64)[-1]
    np.testing.assert_allclose(chunked, whole, atol=1e-5)



def test_8x64_trains_with_an_output_grid_of_at_most_a_sixteenth_of_the_panel_s_cells() -> None:
    """Issue 23: frames at 30/s for 8x64 leave the output pass a few ms, so its grid may be coarse (smoothed)."""
    sizes = HeatmapSizes(200)
    big = (7, *(64,) * 8, 1)
    assert 4 * sizes.output(big, running=True) <= sizes.output(big, running=False) == 200
