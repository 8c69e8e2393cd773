"""Neuron thumbnails copied pixel for pixel land in their boxes, also when the view is painted inside a window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from nnviz.session import Config, Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.probes import node_position


def test_a_thumbnail_is_drawn_in_its_box_when_the_view_sits_inside_a_window(qtbot):
    session = Session(Config(points=40))
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(120, 90, 10, 10)  # the view is painted at an offset inside its window
    view = NetworkGraphView()
    layout.addWidget(view)
    window.resize(830, 620)
    window.show()
    qtbot.waitExposed(window)
    view.set_frame(session.snapshot(40))
    QApplication.processEvents()
    sizes = HeatmapSizes()
    sizes.show(view.thumbnail_pixels(), 200)  # as the window does: thumbnails computed at the size drawn
    frame = FrameGrids(200, sizes).with_grids(session.snapshot(200, grids=False))
    view.set_frame(frame)
    QApplication.processEvents()
    image = window.grab().toImage()
    nodes = view._nodes
    assert nodes is not None
    for layer, j in [(0, 0), (1, 2), (len(frame.sizes) - 1, 0)]:
        pixels = nodes.pixels_of(view.graph_layout.node_id(layer, j))
        assert pixels is not None
        box = view.mapFromScene(node_position(view, layer, j))
        centre = view.viewport().mapTo(window, box)
        h, w = pixels.shape
        assert abs(w - view.thumbnail_pixels()) <= 0.5  # copied pixel for pixel, not scaled
        half = view.thumbnail_pixels() / 2
        diffs = []
        for k in range(-8, 9):  # a row across the middle of the box, against the thumbnail's middle row
            x = centre.x() + round(k * half / 10)
            want = int(pixels[h // 2, min(w - 1, int((k * half / 10 + half) / (2 * half) * w))])
            got = image.pixel(x, centre.y())
            diffs.append(max(abs(((want >> s) & 255) - ((got >> s) & 255)) for s in (0, 8, 16)))
        assert sum(diffs) / len(diffs) < 12, diffs  # the neuron's own heatmap is there, not the background
