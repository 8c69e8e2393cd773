"""A network of 8 hidden layers of 64 stays legible (issue 23): every neuron drawn and found, weak edges fade."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from nnviz.data import FEATURES
from nnviz.session import Config, Frame, Session
from nnviz.session.frame_grids import FrameGrids
from nnviz.session.graph_refs import BiasRef
from nnviz.session.heatmap_sizes import HeatmapSizes
from nnviz.ui import colors
from nnviz.ui.graph.edges_item import DENSE_EDGES
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.probes import drawn_edges, edge_color, edge_count, edge_runs, node_count, node_position, pixels_of

HIDDEN = (64,) * 8


@pytest.fixture(scope="module")
def big_frame() -> Frame:
    session = Session(Config(dataset="spiral", points=100, hidden=HIDDEN, features=FEATURES))
    session.train(1)
    return FrameGrids(200, HeatmapSizes()).with_grids(session.snapshot(200, grids=False))


def _view(qtbot, frame: Frame, size: tuple[int, int] = (700, 520)) -> NetworkGraphView:
    view = NetworkGraphView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_frame(frame)
    QApplication.processEvents()
    return view


def _move(view: NetworkGraphView, point: QPoint) -> None:
    QApplication.sendEvent(view.viewport(), QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def test_every_neuron_of_a_tall_layer_is_drawn_compactly_and_found_by_hovering(qtbot, big_frame):
    view = _view(qtbot, big_frame)
    lay = view.graph_layout
    assert lay is not None and lay.compact and lay.shown == big_frame.sizes  # no "+32 more": each neuron is there
    assert node_count(view) == sum(big_frame.sizes)
    seen: list[tuple[int, int]] = []
    view.neuronHovered.connect(lambda layer, j: seen.append((layer, j)))
    wanted = [(layer, j) for layer in range(len(big_frame.sizes)) for j in range(big_frame.sizes[layer])]
    for layer, j in wanted:
        _move(view, view.mapFromScene(node_position(view, layer, j)))
    assert seen == wanted


def test_a_compact_node_edits_its_bias_on_a_click(qtbot, monkeypatch, big_frame):
    view = _view(qtbot, big_frame)
    monkeypatch.setattr(view._editing, "ask_value", lambda title, current: 0.25)
    with qtbot.waitSignal(view.biasEdited) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.mapFromScene(node_position(view, 3, 40)))
    assert sig.args == [BiasRef(3, 40), 0.25]


def test_only_the_strongest_edges_are_drawn_and_the_weak_ones_fade(qtbot, big_frame):
    view = _view(qtbot, big_frame)
    edges = view._edges
    assert edges is not None
    weights = np.abs(np.concatenate([w.ravel() for w in big_frame.weights]))
    drawn = drawn_edges(edges)
    assert edge_count(view) == len(weights) > DENSE_EDGES == len(drawn)
    assert weights[drawn].min() >= np.sort(weights)[-DENSE_EDGES]  # the strongest ones
    strongest, weakest = drawn[np.argmax(weights[drawn])], drawn[np.argmin(weights[drawn])]
    assert list(drawn).index(strongest) > list(drawn).index(weakest)  # strong on top
    light = [edge_color(view, *_ref(view, e)).lightness() for e in (weakest, strongest)]
    assert light[0] > light[1]  # the weakest drawn is faded towards the white background
    lines = sum(len(run) for _, run in edge_runs(edges))
    assert lines == DENSE_EDGES and len(edge_runs(edges)) < DENSE_EDGES / 4  # a few pens, one call each


def _ref(view: NetworkGraphView, edge: int) -> tuple[int, int, int]:
    lay = view.graph_layout
    assert lay is not None
    return int(lay.edge_layer[edge]), int(lay.edge_src[edge]), int(lay.edge_dst[edge])


def test_the_graph_reports_how_large_it_draws_a_thumbnail(qtbot, big_frame):
    small = Session(Config(points=40)).snapshot(40)
    px = [_view(qtbot, frame).thumbnail_pixels() for frame in (small, big_frame)]
    assert 30 < px[0] < 100 and px[1] < 12  # the default network's nodes, and 64 neurons in 520 px
    sizes = HeatmapSizes()
    sizes.show(px[0], 300)
    assert sizes.thumb == round(px[0])  # computed at the size drawn (40 px: 40², not 200²)


def test_thumbnails_use_the_neuron_grids_own_size_not_the_output_panels(qtbot):
    session = Session(Config(points=40))
    sizes = HeatmapSizes()
    sizes.show(40, 200)
    frame = FrameGrids(200, sizes).with_grids(session.snapshot(200, grids=False))
    assert frame.resolution == 200 and frame.neuron_grids[1].shape[1:] == (40, 40)
    view = _view(qtbot, frame)
    assert view._nodes is not None
    pixels = pixels_of(view._nodes, 3)
    assert pixels is not None and pixels.shape == (40, 40)  # every cell drawn


def test_the_next_frame_repaints_the_same_thumbnail_images_with_its_own_pixels(qtbot, big_frame):
    """500 QImages are made once per layout, not per frame: the next frame's pixels are copied into them."""
    view = _view(qtbot, big_frame)
    nodes = view._nodes
    assert nodes is not None
    images = list(nodes._images)
    before = [pixels_of(nodes, k) for k in (0, 100, len(images) - 1)]
    weights = tuple(-w for w in big_frame.weights)  # another network: every hidden thumbnail changes
    other = FrameGrids(200, HeatmapSizes()).with_grids(
        dataclasses.replace(big_frame, weights=weights, neuron_grids=(), outputs=None))
    view.set_frame(other)
    QApplication.processEvents()
    assert all(a is b for a, b in zip(nodes._images, images, strict=True))  # the same QImages
    shown = nodes._images[100]
    after = pixels_of(nodes, 100)
    assert after is not None and not np.array_equal(after, before[1])
    rgb = shown.pixelColor(3, 5).rgb() & 0xFFFFFF
    assert rgb == int(after[5, 3]) & 0xFFFFFF  # what the image shows is the new frame's pixel


def test_neighbouring_edges_with_the_same_pen_are_drawn_in_one_call_in_the_same_order(qtbot):
    from nnviz.ui.graph.edges_item import EdgesItem

    xy = np.array([[0, k, 10, k] for k in range(5)], float)
    item = EdgesItem(xy)
    item.set_weights(np.array([0.5, 0.5, -0.5, 0.5, 0.9]), 6.0)
    runs = edge_runs(item)
    assert [len(lines) for _, lines in runs] == [1, 3, 1]  # by pen (orange below blue at one strength): 2 | 0 1 3 | 4
    drawn = [line for _, lines in runs for line in lines]
    assert [int(line.y1()) for line in drawn] == drawn_edges(item).tolist() == [2, 0, 1, 3, 4]


def test_a_stroke_looks_up_one_pen_per_run_not_one_per_edge(qtbot, monkeypatch):
    """Choosing the pens of a stroke is numpy work plus one pen per run of equal pens (issue 23)."""
    from nnviz.ui.graph.edges_item import EdgesItem

    xy = np.array([[0, k, 10, k] for k in range(40)], float)
    item = EdgesItem(xy)
    looked_up: list[tuple[int, ...]] = []
    pen = EdgesItem._pen
    monkeypatch.setattr(EdgesItem, "_pen", lambda self, *key: (looked_up.append(key), pen(self, *key))[1])
    weights = np.full(40, 0.5)
    weights[[5, 6]] = 0.9  # the strongest two, drawn last
    weights[7] = 0.0  # switched off: drawn first, dashed
    item.set_weights(weights, 6.0)
    runs = edge_runs(item)
    assert [len(lines) for _, lines in runs] == [1, 37, 2]
    assert len(looked_up) == 2  # the switched-off edge has its own pen
    assert runs[0][0].style() != Qt.PenStyle.SolidLine and item.pen_of(7) is runs[0][0]
    assert item.pen_of(5) is runs[2][0] and item.pen_of(0) is runs[1][0]


def test_a_bias_marker_takes_its_new_colour_on_the_next_frame_and_keeps_it(qtbot):
    """Markers are recoloured only where a bias's colour changed; a change is never missed."""
    session = Session(Config(points=40, hidden=(4, 2)))
    frame = session.snapshot(40)
    view = _view(qtbot, frame)
    nodes = view._nodes
    assert nodes is not None and view.graph_layout is not None
    node = view.graph_layout.node_id(1, 2)
    biases = [b.copy() for b in frame.biases]
    for value in (-0.9, 0.8, 0.8, -0.9):
        biases[0][2] = value
        view.set_frame(dataclasses.replace(frame, biases=tuple(biases)))
        assert nodes._bias_colors[node] == colors.weight_color(value)


def test_a_frame_maps_every_bias_to_its_colour_in_one_pass(qtbot, monkeypatch):
    """The bias markers of all layers are recoloured from one numpy pass a frame, not one per layer (issue 23)."""
    session = Session(Config(points=40, hidden=(4, 3, 2)))
    frame = session.snapshot(40)
    view = _view(qtbot, frame)
    passes: list[int] = []
    weight_index = colors.weight_index
    monkeypatch.setattr(colors, "weight_index", lambda w: (passes.append(np.size(w)), weight_index(w))[1])
    session.train(3)
    moved = session.snapshot(40)
    view.set_frame(moved, edges=False)
    assert passes == [4 + 3 + 2 + 1]
    nodes, layout = view._nodes, view.graph_layout
    assert nodes is not None and layout is not None
    for layer, size in enumerate(moved.sizes[1:], start=1):
        for neuron in range(size):
            value = float(moved.biases[layer - 1][neuron])
            assert nodes._bias_colors[layout.node_id(layer, neuron)] == colors.weight_color(value)


def test_a_frame_hands_over_its_pictures_and_the_graph_makes_them_when_it_paints(qtbot, monkeypatch, big_frame):
    """Inside the window's frame hand-over (the trainer waits) the graph only takes the frame: thumbnails and edge
    pens are made when the graph paints or is read, after it, and never for a graph that is not shown."""
    import nnviz.ui.graph.view as view_module

    made = {"thumbnails": 0, "pens": 0}
    thumbnails, edge_width = view_module.network_thumbnails, colors.edge_width

    def counted_thumbnails(*args, **kwargs):  # type: ignore[no-untyped-def]
        made["thumbnails"] += 1
        return thumbnails(*args, **kwargs)

    def counted_widths(*args, **kwargs):  # type: ignore[no-untyped-def]
        made["pens"] += 1
        return edge_width(*args, **kwargs)

    monkeypatch.setattr(view_module, "network_thumbnails", counted_thumbnails)
    monkeypatch.setattr(colors, "edge_width", counted_widths)
    view = NetworkGraphView()  # never shown: nothing is painted
    qtbot.addWidget(view)
    view.resize(700, 520)
    view.set_frame(big_frame)
    other = dataclasses.replace(big_frame, weights=tuple(-w for w in big_frame.weights))
    view.set_frame(other)
    QApplication.processEvents()
    assert made == {"thumbnails": 0, "pens": 0}
    nodes, edges = view._nodes, view._edges
    assert nodes is not None and edges is not None
    assert pixels_of(nodes, 0) is not None and len(drawn_edges(edges)) == DENSE_EDGES  # read: made once, the last
    assert made == {"thumbnails": 1, "pens": 1}
