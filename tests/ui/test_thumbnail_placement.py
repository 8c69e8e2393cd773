"""Each neuron's heatmap lands in its own box in the window, also when it is copied pixel for pixel."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint

from nnviz.session import Config
from tests.ui.probes import node_position

WAIT_MS = 10_000


def _rgb_at(image, point: QPoint) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    c = image.pixelColor(point)
    return c.red(), c.green(), c.blue()


def test_thumbnails_at_their_drawn_size_are_drawn_inside_their_boxes(make_window, qtbot):
    window = make_window(Config(hidden=(4, 2)))
    window.actions_.play.trigger()
    view = window.graph_view
    # a frame whose neuron heatmaps were computed at the size they are drawn: the 1:1 copy path
    qtbot.waitUntil(lambda: window.frame.epoch > 2
                    and abs(window.frame.neuron_grids[0].shape[-1] - view.thumbnail_pixels()) <= 0.5, timeout=WAIT_MS)
    window.actions_.play.trigger()  # pause: the picture below is the frame checked
    qtbot.wait(200)
    shot = window.grab().toImage()
    x1 = view.viewport().mapTo(window, view.mapFromScene(node_position(view, 0, 0)))
    # the input x1's thumbnail runs from orange (x1 < 0) to blue (x1 > 0) across its box: its two halves differ
    half = round(view.thumbnail_pixels() / 4)
    left, right = _rgb_at(shot, x1 - QPoint(half, 0)), _rgb_at(shot, x1 + QPoint(half, 0))
    assert left != right and left != (255, 255, 255) and right != (255, 255, 255), (left, right)
    assert left[0] > left[2] and right[2] > right[0]  # orange on the left, blue on the right
    out = view.viewport().mapTo(window, view.mapFromScene(node_position(view, 3, 0)))
    below = out + QPoint(0, round(2 * view.thumbnail_pixels()))  # nothing is drawn under the output neuron
    pixels = np.array([_rgb_at(shot, below + QPoint(dx, 0)) for dx in range(-10, 11, 5)])
    assert (pixels.max(axis=1) - pixels.min(axis=1)).max() < 30, pixels  # grey or white, not a heatmap
