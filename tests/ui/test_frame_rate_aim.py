"""While training, the window asks for about 31 frames a second: the 30 of smooth motion with a margin, no more
(every frame drawn costs the GUI process its heatmaps and paint; issue 23)."""

from __future__ import annotations

from nnviz.session.runner import CHUNK_SECONDS
from nnviz.ui.window.main_window import FRAME_INTERVAL


def test_frames_come_a_little_over_30_a_second() -> None:
    # a frame is made at the end of the first training chunk past the interval: half a chunk later on average
    drawn_per_second = 1.0 / (FRAME_INTERVAL + CHUNK_SECONDS / 2)
    assert 30.0 < drawn_per_second < 32.5
