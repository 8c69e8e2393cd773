"""A running frame's edges are stroked between events, layer by layer, never in the paint, and look the same
(issue 23: a restroke inside the paint made it the longest thing a click waited for)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

import nnviz.ui.graph.edge_layers as edge_layers
import nnviz.ui.graph.edges_item as items
from nnviz.data import FEATURES
from nnviz.session import Config, Session
from nnviz.session.events import FramePacket
from nnviz.ui.graph.view import NetworkGraphView
from tests.ui.shown import shown

WAIT_MS = 10_000


def spiral(hidden: tuple[int, ...]) -> Config:
    return Config(dataset="spiral", hidden=hidden, features=FEATURES, batch_size=10, seed=3)


def frames(hidden: tuple[int, ...], n: int) -> list:  # type: ignore[type-arg]
    session = Session(spiral(hidden))
    out = []
    for _ in range(n):
        session.train(3)
        out.append(session.snapshot(20))
    return out


def building(layers: edge_layers.EdgeLayers) -> tuple | None:  # type: ignore[type-arg]
    """The build under way: (version, next layer, layers stroked); None: none."""
    return layers._build


def painted(qtbot, frame) -> NetworkGraphView:  # type: ignore[no-untyped-def]
    """A shown 560 x 420 view that painted `frame` (so it knows the transform its edges are stroked at)."""
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(frame)
    view.grab()
    return view


def direct_pixels(qtbot, frame, size: tuple[int, int] = (560, 420)) -> np.ndarray:  # type: ignore[no-untyped-def]
    """What a view laid out at 560 x 420 and shown at `size` draws for a paused frame (every edge in the paint)."""
    direct = painted(qtbot, frame)
    direct.resize(*size)
    return pixels(direct.grab().toImage())


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1).copy()


def count_strokes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Strokes in the item's paint ("paint") and between events ("layers")."""
    counted = {"paint": 0, "layers": 0}
    stroke = edge_layers.stroke

    def counting(where: str):  # type: ignore[no-untyped-def]
        def counted_stroke(painter, runs):  # type: ignore[no-untyped-def]
            counted[where] += 1
            stroke(painter, runs)
        return counted_stroke

    monkeypatch.setattr(items, "stroke", counting("paint"))
    monkeypatch.setattr(edge_layers, "stroke", counting("layers"))
    return counted


@pytest.mark.parametrize("hidden", [(4, 2), (8,) * 6, (24,) * 4])  # 4x24: dense, its layers meet at the nodes' rims
def test_live_edges_are_stroked_between_events_and_look_as_if_stroked_whole(qtbot, monkeypatch, hidden):
    first, second = frames(hidden, 2)
    view = painted(qtbot, first)
    counted = count_strokes(monkeypatch)
    view.set_frame(second, live=True)
    view.viewport().repaint()
    assert counted["paint"] == 0, "a live frame's edges were stroked in the paint"
    layers = view._edges._layers
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert counted["layers"] >= 2 and counted["paint"] == 0  # one stroke per weight layer that changed
    view.set_frame(second, edges=False, live=True)  # the next frame shows them
    live = pixels(view.grab().toImage())
    assert counted["paint"] == 0
    assert np.array_equal(live, direct_pixels(qtbot, second)), "the layers do not add up to the whole stroke"


def test_a_finished_build_shows_on_its_own_when_no_frame_follows(qtbot):
    first, second = frames((4, 2), 2)
    view = painted(qtbot, first)
    view.set_frame(second, live=True)
    want = direct_pixels(qtbot, second)
    qtbot.waitUntil(lambda: np.array_equal(pixels(view.grab().toImage()), want), timeout=WAIT_MS)


def test_a_paused_frame_strokes_its_edges_at_once(qtbot, monkeypatch):
    first, second = frames((4, 2), 2)
    view = painted(qtbot, first)
    counted = count_strokes(monkeypatch)
    view.set_frame(second, live=True)
    view.set_frame(second)  # paused before the build ended: the paint shows these weights now
    view.grab()
    assert counted["paint"] == 1 and building(view._edges._layers) is None


def test_the_window_strokes_a_running_frames_edges_between_events(styled_app, qtbot, monkeypatch):
    from nnviz.ui.window.main_window import MainWindow

    window = shown(qtbot, MainWindow(Session(spiral((4, 2))), backend="none"), 1280, 800)
    first, second = frames((4, 2), 2)
    window.draw(FramePacket(first, False, 0.0, None))
    window.graph_view.grab()
    counted = count_strokes(monkeypatch)
    qtbot.wait(100)  # the edges' interval (EDGES_INTERVAL) has passed: a running frame brings new ones
    window.draw(FramePacket(second, True, 100.0, None))
    window.graph_view.grab()
    assert counted["paint"] == 0
    layers = window.graph_view._edges._layers
    qtbot.waitUntil(lambda: counted["layers"] > 0 and building(layers) is None, timeout=WAIT_MS)


def test_a_view_resized_during_a_build_shows_its_edges_at_the_new_size(qtbot):
    first, second = frames((4, 2), 2)
    view = painted(qtbot, first)
    view.set_frame(second, live=True)
    layers = view._edges._layers
    layers._step()  # the first layer, stroked at the old size (as its timer would)
    assert building(layers) is not None
    view.resize(540, 405)  # a new scale and place of every edge, before the build ends
    view.grab()
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    view.set_frame(second, edges=False, live=True)
    assert np.array_equal(pixels(view.grab().toImage()), direct_pixels(qtbot, second, (540, 405)))


def test_finished_edges_wait_for_the_frame_that_recolours_the_neurons(qtbot, monkeypatch):
    """A frame that leaves the neurons as they are does not repaint the drawing for the edges alone: they show
    with the next frame that recolours the neurons (which repaints the drawing anyway)."""
    first, second = frames((8,) * 6, 2)
    view = painted(qtbot, first)
    view.set_frame(second, live=True)
    qtbot.waitUntil(lambda: building(view._edges._layers) is None, timeout=WAIT_MS)
    asked: list[str] = []
    monkeypatch.setattr(view._edges, "update", lambda *args: asked.append("edges"))
    monkeypatch.setattr(view._nodes, "update", lambda *args: asked.append("nodes"))
    view.set_frame(second, edges=False, live=True, thumbnails=False)
    assert asked == [], "the graph repainted for the edges alone"
    view.set_frame(second, edges=False, live=True, thumbnails=True)
    assert sorted(asked) == ["edges", "nodes"]


def test_each_layers_place_on_screen_is_worked_out_once_per_transform(qtbot):
    """Every build strokes a layer into the same device rectangle: it is mapped from the layer's bounds once for
    a transform (and margin), not at every step."""
    from PySide6.QtCore import QRectF

    mapped: list[int] = []

    class CountedBounds(QRectF):
        def adjusted(self, *margins):  # type: ignore[no-untyped-def]
            mapped.append(1)
            return QRectF(self).adjusted(*margins)

    first, second, third = frames((8,) * 6, 3)
    view = painted(qtbot, first)
    layers = view._edges._layers
    layers._bounds = [CountedBounds(b) for b in layers._bounds]
    for frame in (second, third):
        view.set_frame(frame, live=True)
        qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert len(mapped) == len(layers._bounds), "a layer's device rectangle was worked out again"
    view.resize(540, 405)  # another transform: worked out anew, once
    view.grab()
    view.set_frame(first, live=True)
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert len(mapped) == 2 * len(layers._bounds)


def level(k: int) -> float:
    """The weight whose colour is exactly level k of the 257 (colors.weight_index)."""
    return k / 128 - 1.0


def test_a_live_layer_keeps_its_pixels_until_a_colour_moves_past_the_kept_steps(qtbot, monkeypatch):
    """While training, a layer is stroked again only when an edge's width changes or its colour moves more than
    KEPT_COLOUR_STEPS of the 257 levels from what was stroked (issue 23: most restrokes changed a level or two)."""
    assert items.KEPT_COLOUR_STEPS == 1
    session = Session(Config(hidden=(4, 2), seed=5))
    session.set_weight(1, 0, 0, level(166))  # |w| about 0.3: every level below has the same width
    view = painted(qtbot, session.snapshot(20))
    layers = view._edges._layers

    def live(w: float) -> int:
        """Give a live frame with weight (1, 0, 0) at w; the layers stroked by its build."""
        counted = count_strokes(monkeypatch)
        session.set_weight(1, 0, 0, w)
        view.set_frame(session.snapshot(20), live=True)
        qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
        monkeypatch.undo()
        return counted["layers"]

    assert live(level(167)) == 3  # the first live build strokes every layer (none stroked live before)
    assert live(level(168)) == 0  # one colour level from the stroked one: kept
    assert live(level(167)) == 0  # back at the stroked colour
    assert live(level(169)) == 1  # two levels from what was stroked: that layer again, alone
    assert live(level(169) + 0.3) == 1  # a wider pen: stroked again


def test_kept_layers_differ_from_the_exact_stroke_by_at_most_a_colour_level(qtbot, monkeypatch):
    """What a live build shows after keeping a layer is the exact picture within KEPT_COLOUR_STEPS: here, where no
    two edges of about one strength and opposite colours cross (there the one on top may differ), no pixel of the
    graph is further from the paused frame's stroke than one level's colour difference."""
    session = Session(Config(hidden=(4, 2), seed=5))
    session.set_weight(1, 0, 0, level(166))
    view = painted(qtbot, session.snapshot(20))
    layers = view._edges._layers
    session.set_weight(1, 0, 0, level(167))
    view.set_frame(session.snapshot(20), live=True)
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    session.set_weight(1, 0, 0, level(168))  # one level on: the layer is kept
    latest = session.snapshot(20)
    counted = count_strokes(monkeypatch)
    view.set_frame(latest, live=True)
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert counted["layers"] == 0
    view.set_frame(latest, edges=False, live=True)  # the next frame shows the build
    live_pixels = pixels(view.grab().toImage()).astype(int)
    exact = direct_pixels(qtbot, latest).astype(int)
    ramp = np.array([[c.red(), c.green(), c.blue()] for c in map(items.colors.weight_color_at, range(257))])
    step = int(np.abs(np.diff(ramp, axis=0)).max())  # the most a channel changes from one level to the next
    assert not np.array_equal(live_pixels, exact), "the kept layer shows the colour stroked, one level off"
    assert np.abs(live_pixels - exact).max() <= step


def test_a_build_that_keeps_every_layer_asks_for_no_repaint(qtbot):
    """When no layer was stroked anew, the item's pixels are the build's already: nothing to show."""
    session = Session(Config(hidden=(4, 2), seed=5))
    session.set_weight(1, 0, 0, level(166))
    view = painted(qtbot, session.snapshot(20))
    layers = view._edges._layers
    session.set_weight(1, 0, 0, level(167))
    view.set_frame(session.snapshot(20), live=True)  # strokes every layer: shown with the next frame
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert layers.take_unshown()
    session.set_weight(1, 0, 0, level(168))  # a new pen within the kept steps: a build that keeps every layer
    view.set_frame(session.snapshot(20), live=True)
    assert building(layers) is not None
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert not layers.take_unshown() and not layers._show_timer.isActive()
    session.set_weight(1, 0, 0, level(170))  # past them: stroked, and shown
    view.set_frame(session.snapshot(20), live=True)
    qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    assert layers.take_unshown()


def test_a_dense_networks_live_layers_are_kept_only_when_exactly_the_same(qtbot):
    """Dense networks (no antialiasing; many edges end on one pixel at a node) keep a layer only for the very same
    pens: after several live builds the graph is what a paused frame of the same weights strokes."""
    session = Session(spiral((24,) * 4))
    view = painted(qtbot, session.snapshot(20))
    layers = view._edges._layers
    for _ in range(4):
        session.train(1)
        latest = session.snapshot(20)
        view.set_frame(latest, live=True)
        qtbot.waitUntil(lambda: building(layers) is None, timeout=WAIT_MS)
    view.set_frame(latest, edges=False, live=True)
    assert np.array_equal(pixels(view.grab().toImage()), direct_pixels(qtbot, latest))
