"""Heatmaps at the size they are drawn (issue 23): thumbnails at theirs, the output at its panel's."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

import nnviz.session.grid as grid_module
from nnviz.data import FEATURES
from nnviz.engine import MLP
from nnviz.session import Config, Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.grid import GridEvaluator
from nnviz.session.heatmap_sizes import OUTPUT_MIN, THUMB_FLOOR, THUMB_MIN, HeatmapSizes, cost_per_cell


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
    chunked = evaluator.live(session.net, session.config.features, 8, 64)[1]
    assert max(ws.A.size for ws in evaluator._chunk_ws.values()) <= 4000  # (82 rows, 48 cells) at a time
    whole = GridEvaluator().evaluate(session.net, session.config.features, 64)[-1]
    np.testing.assert_allclose(chunked, whole, atol=1e-5)



def test_8x64_trains_with_an_output_grid_of_at_most_a_sixteenth_of_the_panel_s_cells() -> None:
    """Issue 23: frames at 30/s for 8x64 leave the output pass a few ms, so its grid may be coarse (smoothed)."""
    sizes = HeatmapSizes(200)
    big = (7, *(64,) * 8, 1)
    assert 4 * sizes.output(big, running=True) <= sizes.output(big, running=False) == 200


def test_while_training_thumbnails_are_computed_at_the_size_drawn_however_small() -> None:
    """A 64-neuron column draws its thumbnails about 7 px wide: 7² cells while training, THUMB_MIN² paused."""
    sizes = HeatmapSizes(200)
    sizes.show(thumb=7.2, panel=300)
    assert sizes.thumbs(running=True) == 7 and sizes.thumbs(running=False) == THUMB_MIN
    sizes.show(thumb=41.6, panel=300)  # a small network: the same size either way
    assert sizes.thumbs(running=True) == sizes.thumbs(running=False) == 42
    sizes.show(thumb=0.5, panel=300)
    assert sizes.thumbs(running=True) == THUMB_FLOOR


@pytest.mark.parametrize("layer, neuron", [(1, 3), (2, 0), (0, 1)])
def test_the_hovered_neuron_comes_at_the_output_s_size_from_the_output_pass(layer: int, neuron: int) -> None:
    session, light = _frame((6, 5))
    sizes = HeatmapSizes(90)
    sizes.show(thumb=7, panel=90)
    sizes.hover(layer, neuron)
    frame = FrameGrids(90, sizes).with_grids(light, running=True)
    assert frame.neuron_grids[1].shape == (6, 7, 7)  # every thumbnail at the size drawn
    assert frame.neuron_picture is not None and frame.neuron_picture[:2] == (layer, neuron)
    full = GridEvaluator().evaluate(session.net, session.config.features, frame.resolution)
    picture = frame.neuron_grid(layer, neuron)
    assert picture.shape == (frame.resolution, frame.resolution) == frame.output_grid.shape[1:]
    np.testing.assert_allclose(picture, full[layer][neuron], atol=1e-6)
    other = frame.neuron_grid(layer, neuron + 1)  # any other neuron: its thumbnail
    assert other.shape == (7, 7)
    assert frame.neuron_grid(3, 0).shape == (frame.resolution, frame.resolution)  # the output: always its own grid
    with pytest.raises(ValueError):
        picture[0, 0] = 1.0
    sizes.hover(-1, -1)  # the mouse left: nothing extra
    assert FrameGrids(90, sizes).with_grids(light, running=True).neuron_picture is None
    sizes.hover(3, 0)  # an output neuron: already in `outputs`
    assert FrameGrids(90, sizes).with_grids(light, running=True).neuron_picture is None
    paused = FrameGrids(90, sizes).with_grids(light, running=False)
    assert paused.neuron_grids[1].shape == (6, THUMB_MIN, THUMB_MIN)


def test_the_hovered_neuron_is_kept_from_every_chunk_of_the_output_pass(monkeypatch) -> None:
    session, _ = _frame((40, 40))
    monkeypatch.setattr(grid_module, "CHUNK_CELLS", 4000)  # about 50 cells at a time: 82 chunks
    features = session.config.features
    _, outputs, picture = GridEvaluator().live(session.net, features, 8, 64, None, (2, 17))
    whole = GridEvaluator().evaluate(session.net, features, 64)
    assert picture is not None
    np.testing.assert_allclose(picture, whole[2][17], atol=1e-5)
    np.testing.assert_allclose(outputs, whole[-1], atol=1e-5)
    session.net.params[:] *= 1e300  # past float32's range: the saturating pass, chunk by chunk too
    _, _, saturated = GridEvaluator().live(session.net, features, 8, 64, None, (2, 17))
    expected = GridEvaluator().evaluate(session.net, features, 64)[2][17]
    assert saturated is not None
    np.testing.assert_allclose(saturated, expected, atol=1e-6)
    assert GridEvaluator().live(session.net, features, 8, 64, None, (2, 40))[2] is None  # no such neuron


def test_input_grids_dropped_by_resizes_are_freed() -> None:
    features = tuple(FEATURES[:3])
    net = MLP((3, 6, 5, 1), ["tanh", "tanh", "tanh"], np.float64)
    net.params[:] = np.random.default_rng(0).normal(0.0, 1.0, net.params.shape)
    evaluator = GridEvaluator()
    seen = []
    for thumbs in range(8, 16):  # the window resized 8 times: new thumbnail sizes each time
        evaluator.live(net, features, thumbs, 40)
        seen.append(weakref.ref(evaluator.joined_grid(thumbs, 40, features)[0]))
    gc.collect()
    alive = sum(ref() is not None for ref in seen)
    assert alive <= 3  # what the joined cache holds (up to 3 sizes), not every size ever drawn
