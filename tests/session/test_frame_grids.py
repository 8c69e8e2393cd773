"""A paused frame whose pictures would be the last paused frame's gets them without a pass (issue 23)."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.data import FEATURES
from nnviz.session import Config, Session
from nnviz.session.frame import Frame
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.grid import GridEvaluator
from nnviz.session.heatmap_sizes import HeatmapSizes


def light(session: Session) -> Frame:
    return session.snapshot(10, grids=False)


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many passes GridEvaluator.live made."""
    passes = [0]
    live = GridEvaluator.live

    def counting(self, *args, **kwargs):
        passes[0] += 1
        return live(self, *args, **kwargs)

    monkeypatch.setattr(GridEvaluator, "live", counting)
    return passes


def filler() -> FrameGrids:
    sizes = HeatmapSizes(40)
    sizes.show(thumb=12, panel=40)
    return FrameGrids(40, sizes)


def test_a_paused_frame_sent_again_with_the_same_weights_reuses_the_last_pictures(counted):
    session = Session(Config(dataset="spiral", points=60, hidden=(6, 5), features=FEATURES[:3]))
    session.train(2)
    grids = filler()
    first = grids.with_grids(light(session))
    session.set_learning_rate(0.3)  # a paused frame sent again: the same weights
    again = grids.with_grids(light(session))
    assert counted[0] == 1
    assert again.outputs is first.outputs and again.neuron_grids is first.neuron_grids
    assert again.resolution == first.resolution


def test_anything_the_pictures_depend_on_makes_a_new_pass(counted):
    session = Session(Config(dataset="spiral", points=60, hidden=(6, 5), features=FEATURES[:3]))
    session.train(2)
    grids = filler()
    grids.with_grids(light(session))
    session.set_bias(1, 0, float(session.net.W[0][0, -1]) + 1e-12)  # one weight, by a hair
    moved = grids.with_grids(light(session))
    assert counted[0] == 2
    fresh = filler().with_grids(light(session))
    assert np.array_equal(moved.outputs, fresh.outputs)
    grids.sizes.hover(1, 2)  # another neuron under the mouse: its picture comes from the pass
    hovered = grids.with_grids(light(session))
    assert counted[0] == 4 and hovered.neuron_picture is not None and hovered.neuron_picture[:2] == (1, 2)
    grids.sizes.show(thumb=30, panel=40)  # the graph draws its thumbnails larger
    assert grids.with_grids(light(session)).neuron_grids[1].shape[1:] == (30, 30) and counted[0] == 5


def test_frames_made_while_training_always_make_their_pass(counted):
    session = Session(Config(points=60, hidden=(4,)))
    grids = filler()
    frame = light(session)
    grids.with_grids(frame, running=True)
    grids.with_grids(frame, running=True)
    assert counted[0] == 2  # nothing compared or kept while training: its weights change with every frame
