"""The three live views (graph, boundary, loss chart), the colours and the exports, on real Session frames."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from functools import cache

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from nnviz.data import FEATURES, nice_ceiling
from nnviz.session import Config, Frame, Session
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.ui import colors
from nnviz.ui.export.svg import ExportError, export_plot_svg, export_widget_png
from nnviz.ui.graph.layout import MAX_SHOWN, make_layout
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.loss_chart import LossChart
from nnviz.ui.plots.loss_scale import loss_range
from tests.ui.probes import (
    bias_position,
    button_position,
    count_redraws,
    edge_color,
    edge_count,
    edge_position,
    heatmap_rgba,
    node_count,
    node_position,
)
from tests.ui.shown import shown as shown_at


@cache
def trained(epochs: int = 30, **settings: object) -> Frame:
    """A frame of a freshly trained session (cached: frames are immutable)."""
    session = Session(Config(**settings))  # type: ignore[arg-type]
    session.train(epochs)
    return session.snapshot(100)


def frame_of(epochs: int = 30, **settings: object) -> Frame:
    return trained(epochs, **settings)


def pixels(image: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB of a QImage."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    rows = np.frombuffer(img.constBits(), np.uint8, count=bpl * h).reshape(h, bpl)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()  # copy: the buffer dies with img


def count_like(rgb: np.ndarray, target: tuple[int, int, int], tol: int = 40) -> int:
    """How many pixels lie within tol (per channel) of a colour."""
    return int((np.abs(rgb.astype(np.int32) - np.asarray(target)).max(axis=-1) <= tol).sum())


def is_bluish(c: QColor) -> bool:
    return c.blue() > c.red() + 40


def is_orangish(c: QColor) -> bool:
    return c.red() > c.blue() + 40


def shown(qtbot, widget, w: int = 700, h: int = 480):  # type: ignore[no-untyped-def]
    return shown_at(qtbot, widget, w, h)


# --- environment and colours ------------------------------------------------------------------
def test_text_renders_with_real_glyphs(qtbot):
    """An empty fontconfig turns every label into boxes or nothing: text must change pixels."""
    blank, text = QLabel(""), QLabel("X₁ weight −1 +1")
    for label in (blank, text):
        qtbot.addWidget(label)
        label.resize(160, 30)
    a, b = pixels(blank.grab().toImage()), pixels(text.grab().toImage())
    assert len(np.unique(b.reshape(-1, 3), axis=0)) > 2
    assert (a != b).any()


def test_diverging_map_and_class_colours():
    lut = colors.diverging_lut(257)
    assert tuple(lut[0, :3]) == colors.ORANGE and tuple(lut[128, :3]) == colors.GREY
    assert tuple(lut[-1, :3]) == colors.BLUE and (lut[:, 3] == 255).all()
    assert tuple(colors.diverging_rgb(-7.0)) == colors.ORANGE  # clamped
    for w in (-3.0, -0.2, 0.0, 0.4, 9.0):
        assert colors.weight_color(w).alpha() == 255
    assert is_bluish(colors.weight_color(0.8)) and is_orangish(colors.weight_color(-0.8))
    assert colors.edge_width(0.0) == 1.0 and colors.edge_width(-5.0) == 10.0 and colors.edge_width(50.0) == 10.0
    assert colors.edge_width(2.5) == pytest.approx(5.5) and colors.edge_width(5.0, max_width=3.0) == 3.0
    palette = colors.class_rgb(10)
    assert len({tuple(c) for c in palette}) == 10
    assert tuple(palette[0]) == colors.ORANGE and tuple(palette[1]) == colors.BLUE
    assert colors.class_color(1) == QColor(*colors.BLUE)


# --- network graph ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("features", "hidden", "dataset"),
    [(("x1", "x2"), (), "circle"), (("x1", "x2"), (4, 2), "circle"), (FEATURES, (8,) * 6, "spiral"),
     (("x1", "x2", "sinx1"), (5,), "spiral3")],
)
def test_graph_builds_nodes_and_edges_for_each_shape(qtbot, features, hidden, dataset):
    frame = frame_of(2, features=features, hidden=hidden, dataset=dataset)
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(frame)
    sizes = frame.sizes
    assert node_count(view) == sum(sizes)
    assert edge_count(view) == sum(a * b for a, b in itertools.pairwise(sizes))


def test_graph_rebuilds_only_on_shape_change(qtbot):
    view = shown(qtbot, NetworkGraphView())
    session = Session(Config(hidden=(4, 2)))
    session.train(3)
    view.set_frame(session.snapshot(40))
    nodes, edges = view._nodes, view._edges
    session.train(2)
    view.set_frame(session.snapshot(40))  # same session and shape, other weights: items are kept
    assert view._nodes is nodes and view._edges is edges
    view.set_frame(frame_of(3, hidden=(3,)))
    assert node_count(view) == 2 + 3 + 1 and edge_count(view) == 2 * 3 + 3
    assert view._nodes is not nodes and view._edges is not edges


def _weights_frame(**settings: object) -> tuple[Session, Frame]:
    session = Session(Config(**settings))  # type: ignore[arg-type]
    session.set_weight(1, 0, 0, 2.0)
    session.set_weight(1, 1, 0, -2.0)
    session.set_bias(1, 0, -0.9)
    return session, session.snapshot(60)


def test_edge_colours_follow_weight_sign(qtbot):
    _, frame = _weights_frame(hidden=(2,))
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(frame)
    assert is_bluish(edge_color(view, 1, 0, 0))
    assert is_orangish(edge_color(view, 1, 1, 0))
    tip = view._tooltip(view._hit(edge_position(view, 1, 1, 0)))
    assert "Weight -2.0000" in tip and "X₂ → H1.1" in tip
    assert "Bias -0.9000" in view._tooltip(view._hit(bias_position(view, 1, 0)))


def test_graph_pixels_show_both_weight_colours(qtbot):
    view = shown(qtbot, NetworkGraphView(), 640, 420)
    view.set_frame(_weights_frame(hidden=(2,))[1])
    rgb = pixels(view.grab().toImage())
    assert count_like(rgb, colors.BLUE) > 50
    assert count_like(rgb, colors.ORANGE) > 50


def test_edit_weight_and_bias_emit(qtbot):
    view = NetworkGraphView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.weightEdited) as sig:
        view.edit(EdgeRef(2, 1, 0), -0.25)
    assert sig.args == [EdgeRef(2, 1, 0), -0.25]
    with qtbot.waitSignal(view.biasEdited) as sig:
        view.edit(BiasRef(1, 3), 0.5)
    assert sig.args == [BiasRef(1, 3), 0.5]


def _click(qtbot, view: NetworkGraphView, scene_pos: QPointF) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_pos))


def test_clicking_an_edge_or_bias_asks_and_emits(qtbot, monkeypatch):
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(_weights_frame(hidden=(1,))[1])  # sizes (2, 1, 1): well separated edges
    asked: list[tuple[str, float]] = []

    def answer(title: str, current: float) -> float:
        asked.append((title, current))
        return 0.7

    monkeypatch.setattr(view._editing, "ask_value", answer)
    with qtbot.waitSignal(view.weightEdited) as sig:
        _click(qtbot, view, edge_position(view, 1, 1, 0))
    assert sig.args == [EdgeRef(1, 1, 0), 0.7]
    assert asked[-1][1] == pytest.approx(-2.0)
    with qtbot.waitSignal(view.weightEdited) as sig:
        _click(qtbot, view, edge_position(view, 2, 0, 0))
    assert sig.args[0] == EdgeRef(2, 0, 0)
    with qtbot.waitSignal(view.biasEdited) as sig:
        _click(qtbot, view, bias_position(view, 1, 0))
    assert sig.args == [BiasRef(1, 0), 0.7]
    assert asked[-1][1] == pytest.approx(-0.9)


def test_inline_editor_applies_on_enter_and_cancels_on_escape(qtbot):
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(_weights_frame(hidden=(1,))[1])
    edits: list[list] = []
    view.weightEdited.connect(lambda *a: edits.append(list(a)))
    _click(qtbot, view, edge_position(view, 1, 0, 0))
    editor = view._editing.editor
    assert editor.isVisible() and editor.edit.text() == "2.0000"
    qtbot.keyClicks(editor.edit, "-1.5")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert edits == [[EdgeRef(1, 0, 0), -1.5]] and not editor.isVisible()
    _click(qtbot, view, edge_position(view, 1, 0, 0))
    qtbot.keyClicks(editor.edit, "oops")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)  # not a number: stays open, nothing sent
    assert editor.isVisible() and len(edits) == 1
    qtbot.keyClick(editor.edit, Qt.Key.Key_Escape)
    assert not editor.isVisible() and len(edits) == 1


def test_plus_minus_buttons_request_neuron_changes(qtbot):
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(frame_of(1, hidden=(3, 1)))
    with qtbot.waitSignal(view.neuronCountChangeRequested) as sig:
        _click(qtbot, view, button_position(view, 0, +1))
    assert sig.args == [0, 1]
    with qtbot.waitSignal(view.neuronCountChangeRequested) as sig:
        _click(qtbot, view, button_position(view, 0, -1))
    assert sig.args == [0, -1]
    with qtbot.assertNotEmitted(view.neuronCountChangeRequested):
        _click(qtbot, view, button_position(view, 1, -1))  # a layer of one neuron cannot shrink


def test_hovering_a_node_reports_it(qtbot):
    view = shown(qtbot, NetworkGraphView())
    view.set_frame(frame_of(1, hidden=(3,)))
    qtbot.mouseMove(view.viewport(), QPoint(3, 3))  # from empty space: the cursor may rest where a test left it
    seen: list[tuple[int, int]] = []
    view.neuronHovered.connect(lambda layer, j: seen.append((layer, j)))
    QApplication.processEvents()  # any pending fit lands before positions are taken

    def move_to(point: QPoint) -> None:  # delivered at once: QTest's synthetic moves can be lost under load
        QApplication.sendEvent(view.viewport(), QMouseEvent(
            QEvent.Type.MouseMove, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
            Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))

    move_to(view.mapFromScene(node_position(view, 1, 2)))
    move_to(view.mapFromScene(node_position(view, 0, 1)))
    move_to(QPoint(2, 2))
    assert seen == [(1, 2), (0, 1), (-1, -1)]


def test_graph_set_frame_recolours_in_place_when_the_shape_is_unchanged(qtbot):
    """A new frame of the same network reuses every item (its cost: tests/benchmarks/bench_app.py)."""
    session = Session(Config(dataset="spiral", features=FEATURES, hidden=(8,) * 6))
    session.train(2)
    a = session.snapshot(20)
    session.train(3)
    b = session.snapshot(20)
    view = shown(qtbot, NetworkGraphView(), 900, 520)
    view.set_frame(a)
    edges, nodes = view._edges, view._nodes
    view.set_frame(b)
    assert view._edges is edges and view._nodes is nodes
    other = Session(Config(dataset="spiral", features=FEATURES, hidden=(8,) * 6, seed=9)).snapshot(20)
    view.set_frame(other)  # another session of the same shape: its own structure, new items
    assert view._edges is not edges


# --- decision boundary ------------------------------------------------------------------------
def test_boundary_image_shows_the_learned_circle(qtbot):
    frame = frame_of(60, dataset="circle")
    view = shown(qtbot, BoundaryView(), 460, 420)
    view.set_frame(frame)
    img = heatmap_rgba(view)
    assert img is not None and img.shape == (100, 100, 4)
    assert len(np.unique(img.reshape(-1, 4), axis=0)) > 20
    centre, corner = img[50, 50, :3].astype(int), img[2, 2, :3].astype(int)
    assert centre[2] > centre[0] and corner[0] > corner[2]  # blue disc inside, orange ring outside
    rgb = pixels(view.grab().toImage())
    assert count_like(rgb, colors.BLUE) > 200 and count_like(rgb, colors.ORANGE) > 200


def test_boundary_discretize_neuron_and_back(qtbot):
    frame = frame_of(60, dataset="circle")
    view = shown(qtbot, BoundaryView())
    view.set_frame(frame)
    output = heatmap_rgba(view).copy()
    view.set_discretize(True)
    assert len(np.unique(heatmap_rgba(view).reshape(-1, 4), axis=0)) == 2
    view.set_discretize(False)
    view.show_neuron(0, 0)  # the X1 input: orange on the left, blue on the right
    img = heatmap_rgba(view)
    assert img[50, 2, 0] > img[50, 2, 2] and img[50, 97, 2] > img[50, 97, 0]
    view.show_neuron(-1, -1)
    assert np.array_equal(heatmap_rgba(view), output)


def test_boundary_redraws_points_only_when_data_changes(qtbot):
    session = Session(Config())
    view = shown(qtbot, BoundaryView())
    view.set_frame(session.snapshot(40))
    before = view._train.data
    session.train(1)
    view.set_frame(session.snapshot(40))
    assert view._train.data is before
    session.add_point((1.0, 1.0), 1)
    view.set_frame(session.snapshot(40))
    assert view._train.data is not before and len(view._train.data) == len(before) + 1


def test_click_at_adds_and_removes_points(qtbot):
    view = BoundaryView()
    qtbot.addWidget(view)
    view.set_frame(frame_of(1))
    view.set_selected_class(0)
    with qtbot.waitSignal(view.pointAdded) as sig:
        assert view.click_at(1.5, -2.0, Qt.MouseButton.LeftButton)
    assert sig.args == [1.5, -2.0, 0]
    with qtbot.waitSignal(view.pointAdded) as sig:
        view.click_at(0.0, 0.0, Qt.MouseButton.RightButton)
    assert sig.args[2] == 1
    with qtbot.waitSignal(view.pointRemoved) as sig:
        view.click_at(3.0, 4.0, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    assert sig.args == [3.0, 4.0]
    with qtbot.assertNotEmitted(view.pointAdded):
        assert not view.click_at(7.0, 0.0)  # off the plane

    gate = frame_of(1, dataset="and")  # a truth table on 0/1 gets a plane that fits it
    view.set_frame(gate)
    assert gate.extent == 1.5
    assert view.plot_item.viewRange()[0] == pytest.approx([-1.5, 1.5])
    assert view._image.boundingRect().width() * view._image.transform().m11() == pytest.approx(3.0)
    assert not view.click_at(2.0, 0.0)  # on the ±6 plane, off this one
    view.set_frame(frame_of(1))
    assert view.plot_item.viewRange()[0] == pytest.approx([-6.0, 6.0])

    view.set_selected_class(3)  # before the data has 4 classes: used as class 1 for now
    assert view.selected_class == 1
    view.set_frame(frame_of(1, dataset="quadrants"))
    assert view.selected_class == 3
    with qtbot.waitSignal(view.pointAdded) as sig:
        view.click_at(1.0, 1.0, Qt.MouseButton.RightButton)
    assert sig.args[2] == 0  # the next class, wrapping

    view.set_frame(frame_of(1, dataset="plane"))
    with qtbot.waitSignal(view.pointAdded) as sig:
        view.click_at(1.0, 1.0, Qt.MouseButton.RightButton)
    assert sig.args[2] == -1


def test_real_mouse_clicks_reach_click_at(qtbot):
    view = shown(qtbot, BoundaryView(), 460, 420)
    view.set_frame(frame_of(1))
    view.set_selected_class(1)
    vb = view.plot_item.vb
    pos = view.canvas.mapFromScene(vb.mapViewToScene(QPointF(2.0, 3.0)))
    with qtbot.waitSignal(view.pointAdded) as sig:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    x, y, label = sig.args
    assert abs(x - 2.0) < 0.2 and abs(y - 3.0) < 0.2 and label == 1
    with qtbot.waitSignal(view.pointAdded) as sig:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.RightButton, pos=pos)
    assert sig.args[2] == 0
    with qtbot.waitSignal(view.pointRemoved):
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, pos=pos)


def test_multiclass_boundary_uses_class_colours(qtbot):
    view = shown(qtbot, BoundaryView())
    view.set_frame(frame_of(40, dataset="quadrants", hidden=(6,)))
    img = heatmap_rgba(view)
    green = colors.pale(colors.CLASS_RGB[2]).astype(int)  # the background is the pale class colour
    dist = np.abs(img[..., :3].astype(int) - green).max(axis=-1)
    assert (dist < 90).any()  # some of the plane leans to class 2's green


# --- loss chart -------------------------------------------------------------------------------
def test_loss_chart_curves_match_history_and_log_toggles(qtbot):
    frame = frame_of(25, dataset="xor")
    chart = shown(qtbot, LossChart(), 500, 300)
    chart.set_frame(frame)
    x, y = chart.train_curve.xData, chart.train_curve.yData  # the data given, before clipping to the view
    assert len(x) == len(frame.history) == 25
    assert np.allclose(y, frame.history.train_loss) and np.array_equal(x, frame.history.epoch)
    assert len(chart.train_accuracy_curve.xData) == 25
    assert chart.accuracy_item.scene() is not None
    redraws = count_redraws(chart)
    chart.set_frame(frame)
    assert not redraws  # unchanged history: no redraw
    chart.set_frame(frame_of(26, dataset="xor"))
    assert len(redraws) == 1  # a longer history: one redraw
    chart.set_log_scale(True)
    assert chart.log_scale and chart.plot_item.getAxis("left").logMode
    chart.set_log_scale(False)
    assert not chart.plot_item.getAxis("left").logMode
    chart.set_frame(frame_of(5, dataset="plane"))
    assert chart.accuracy_item.scene() is None and len(chart.test_curve.xData) == 5


# --- export -----------------------------------------------------------------------------------
def test_svg_and_png_export(qtbot, tmp_path):
    chart = shown(qtbot, LossChart(), 500, 300)
    chart.set_frame(frame_of(25, dataset="xor"))
    svg = export_plot_svg(chart.plot_item, tmp_path / "loss.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "path" in tags or "polyline" in tags
    whole = ET.parse(export_plot_svg(chart, tmp_path / "chart.svg")).getroot()  # a whole widget works too
    assert sum(el.tag.endswith(("path", "polyline")) for el in whole.iter()) > 4
    boundary = shown(qtbot, BoundaryView(), 400, 380)
    frame = frame_of(1)
    boundary.set_frame(frame)
    paths = [el for el in ET.parse(export_plot_svg(boundary.plot_item, tmp_path / "b.svg")).getroot().iter()
             if el.tag.endswith("path")]
    assert len(paths) >= len(frame.train_points)  # points become vector symbols, not pixmap fragments
    graph = shown(qtbot, NetworkGraphView(), 500, 300)
    graph.set_frame(frame)
    ET.parse(export_plot_svg(graph, tmp_path / "graph.svg"))
    png = export_widget_png(chart, tmp_path / "loss.png")
    assert QImage(str(png)).width() > 100
    with pytest.raises(ExportError):
        export_widget_png(chart, tmp_path / "missing" / "x.png")


def test_crossing_edges_pick_the_one_drawn_on_top():
    lay = make_layout((2, 2, 1))  # X1 -> h2 and X2 -> h1 cross halfway
    a, b = lay.edge_id(1, 0, 1), lay.edge_id(1, 1, 0)
    x0, y0, x1, y1 = lay.edge_xy[a]
    mid = ((x0 + x1) / 2, (y0 + y1) / 2)
    for top in (a, b):
        priority = np.zeros(len(lay.edge_xy))
        priority[top] = 1.0
        assert lay.hit_edge(*mid, 3.0, priority) == top
    assert lay.hit_edge(0.0, 0.0, 3.0) == -1
    big = make_layout((2, 100, 1))
    assert big.shown == (2, MAX_SHOWN, 1) and big.node < lay.node


def test_loss_ranges_move_in_nice_steps(qtbot):
    assert nice_ceiling(0.43) == pytest.approx(0.5) and nice_ceiling(730) == pytest.approx(800)
    assert nice_ceiling(730, (1.0, 2.0, 5.0, 10.0)) == pytest.approx(1000) and nice_ceiling(0.0) == 1.0
    assert loss_range(np.array([0.5, 0.2, 0.01]), log=False) == (0.0, pytest.approx(0.5))
    assert loss_range(np.array([0.5, 0.2, 0.01]), log=True) == (-2.0, 0.0)
    lo, hi = loss_range(np.array([0.042, 0.034, np.nan]), log=False)
    assert lo == 0.0 and 0.042 <= hi < 0.06  # from 0: a flat loss looks flat
    assert loss_range(np.array([0.505, 0.5, 0.5025]), log=False) == (0.0, pytest.approx(0.6))
    session = Session(Config(dataset="xor"))
    session.train(32)
    chart = shown(qtbot, LossChart(), 500, 300)
    chart.set_frame(session.snapshot(20))
    (x0, x1), (y0, _) = chart.plot_item.viewRange()
    assert 40 <= x1 < 45 and y0 <= 0.0 <= y0 + 0.05 * (_ - y0)  # the loss axis starts at 0
    session.train(1)
    chart.set_frame(session.snapshot(20))
    assert chart.plot_item.viewRange()[0] == [x0, x1]  # 33 epochs still fit: the axes stay put
    chart.set_log_scale(True)
    (_, _), (ly0, ly1) = chart.plot_item.viewRange()
    losses = session.history.view().train_loss
    assert ly0 <= np.log10(losses.min()) and ly1 >= np.log10(losses.max())


def test_graph_layout_follows_the_view_shape(qtbot):
    view = shown(qtbot, NetworkGraphView(), 1200, 400)
    view.set_frame(frame_of(1, hidden=(4, 2)))
    wide = node_position(view, 1, 0).x() - node_position(view, 0, 0).x()
    view.resize(500, 700)
    qtbot.wait(1)
    narrow = node_position(view, 1, 0).x() - node_position(view, 0, 0).x()
    assert narrow < wide and node_count(view) == 2 + 4 + 2 + 1
    rect = view.mapFromScene(view.sceneRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(rect)  # everything stays in view


def test_heatmaps_past_float32s_range_map_without_a_warning():
    """A diverging relu layer's maps can reach float32's limit: their span must not overflow (warnings are errors)."""
    big = np.float32(3e38)
    values = np.array([[[-big, big], [0.0, big]]], dtype=np.float32)
    lo, hi = -np.array([3e38]), np.array([3e38])
    t = colors.to_unit(values, lo[:, None, None], hi[:, None, None])
    assert np.isfinite(t).all() and t.min() == -1.0 and t.max() == 1.0
