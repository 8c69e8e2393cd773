"""While training runs, costly parts redraw at their own pace; paused frames and new drawings are whole (issue 23)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from nnviz.session import Config, Session
from nnviz.ui.export.svg import render_image
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.window.pacing import Pacer
from tests.ui.probes import edge_runs, pixels_of
from tests.ui.shown import shown


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_pacer_lets_a_running_part_redraw_once_per_interval():
    clock = FakeClock()
    pacer = Pacer(0.1, clock)
    assert pacer.due(running=True)  # the first frame is drawn
    clock.t += 0.05
    assert not pacer.due(running=True)
    clock.t += 0.049
    assert not pacer.due(running=True)
    clock.t += 0.002
    assert pacer.due(running=True)  # 0.101 s after the last redraw
    assert not pacer.due(running=True)


def test_a_pacer_always_redraws_a_frame_that_is_not_running():
    clock = FakeClock()
    pacer = Pacer(0.1, clock)
    assert pacer.due(running=True)
    assert pacer.due(running=False)  # paused or stepped: the user looks at this frame
    clock.t += 0.01
    assert not pacer.due(running=True)  # the paused frame's redraw started a new interval


def test_a_part_that_gives_way_to_another_waits_one_frame_not_more():
    """Frames slower than the edges' pace (a busy machine) have the edges due in every frame; the loss chart,
    which gives way to them, still redraws: in the frame after the one it gave way in."""
    clock = FakeClock()
    loss, frame_gap = Pacer(0.1, clock), 0.08  # 12.5 frames a second: the edges (1/15 s) are due in each
    assert loss.due(running=True, another=True) is False  # gives way to the edges
    clock.t += frame_gap
    assert loss.due(running=True, another=True)  # the next frame: it redraws beside them
    drawn = 0
    for _ in range(25):  # two seconds
        clock.t += frame_gap
        drawn += loss.due(running=True, another=True)
    assert drawn == 8  # every third frame: one inside its interval, one giving way, one redrawing


def two_frames() -> tuple[Session, object, object]:
    session = Session(Config(hidden=(4, 2)))
    first = session.snapshot(20)
    session.train(30)
    return session, first, session.snapshot(20)


def test_edges_left_for_later_keep_what_they_show_while_the_neurons_follow(qtbot):
    _, first, second = two_frames()
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(first)
    widths = view._edges.widths.copy()
    thumb = pixels_of(view._nodes, 3)
    view.set_frame(second, edges=False)
    assert np.array_equal(view._edges.widths, widths), "the edges were stroked again"
    assert not np.array_equal(pixels_of(view._nodes, 3), thumb), "the neurons must follow every frame"
    view.set_frame(second)
    assert not np.array_equal(view._edges.widths, widths), "the edges catch up at their turn"


def test_a_new_drawing_gets_its_edges_even_when_they_were_left_for_later(qtbot):
    _, first, _ = two_frames()
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(Session(Config(hidden=(3,))).snapshot(20))
    view.set_frame(first, edges=False)  # another shape: built anew
    assert len(view._edges.widths) == len(view._layout.edge_xy) and edge_runs(view._edges)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1).copy()


def test_an_image_export_draws_cached_edges_anew_at_its_own_scale(qtbot):
    _, _, second = two_frames()
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(second)
    view.grab()  # on screen: the edges' pixmap cache is filled at scale 1
    exported = pixels(render_image(view, 2.0))
    assert view._edges.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache  # given back after
    view._edges.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    assert np.array_equal(exported, pixels(render_image(view, 2.0))), "edges were a scaled-up screen pixmap"


def test_a_part_waits_a_frame_rather_than_redraw_with_another_costly_part():
    clock = FakeClock()
    pacer = Pacer(0.1, clock)
    assert pacer.due(running=True)
    clock.t += 0.15
    assert not pacer.due(running=True, another=True)  # due, but the edges redraw in this frame
    clock.t += 0.03
    assert pacer.due(running=True)  # the next frame brings it up to date
    clock.t += 0.01
    assert not pacer.due(running=True)  # and its interval started then
    assert pacer.due(running=False, another=True)  # a paused frame is drawn whole


def every_thumbnail(view: NetworkGraphView) -> list[np.ndarray]:
    assert view.graph_layout is not None
    return [pixels_of(view._nodes, node) for node in range(view.graph_layout.n_nodes)]


def test_neurons_left_for_later_keep_their_pictures_and_a_paused_frame_brings_them_all(qtbot):
    _, first, second = two_frames()
    view = shown(qtbot, NetworkGraphView(), 560, 420)
    view.set_frame(first)
    before = every_thumbnail(view)
    view.set_frame(second, live=True, thumbnails=False)
    assert all(np.array_equal(a, b) for a, b in zip(every_thumbnail(view), before, strict=True))
    view.set_frame(second)
    fresh = shown(qtbot, NetworkGraphView(), 560, 420)
    fresh.set_frame(second)
    now, want = every_thumbnail(view), every_thumbnail(fresh)
    assert not all(np.array_equal(a, b) for a, b in zip(now, before, strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(now, want, strict=True)), "a paused frame is whole"


def test_the_window_colours_the_neurons_every_other_running_frame_and_every_paused_one(styled_app, qtbot):
    from nnviz.session.events import FramePacket
    from nnviz.ui.window.main_window import MainWindow
    from nnviz.ui.window.pacing import FRAME_INTERVAL, THUMBS_INTERVAL

    session, first, second = two_frames()
    session.train(30)
    third = session.snapshot(20)
    window = shown(qtbot, MainWindow(Session(Config(hidden=(4, 2))), backend="none"), 1280, 800)
    clock = FakeClock()
    window._thumbs_pacer = Pacer(THUMBS_INTERVAL, clock)
    view = window.graph_view
    window.draw(FramePacket(first, True, 100.0, None))
    shown_first = every_thumbnail(view)
    clock.t += FRAME_INTERVAL
    window.draw(FramePacket(second, True, 100.0, None))  # the next frame at 32 a second: the neurons wait
    assert all(np.array_equal(a, b) for a, b in zip(every_thumbnail(view), shown_first, strict=True))
    clock.t += FRAME_INTERVAL
    window.draw(FramePacket(third, True, 100.0, None))  # the one after: their turn
    shown_third = every_thumbnail(view)
    assert not all(np.array_equal(a, b) for a, b in zip(shown_third, shown_first, strict=True))
    clock.t += 0.001
    window.draw(FramePacket(second, False, 0.0, None))  # paused at once after it: whole all the same
    fresh = shown(qtbot, NetworkGraphView(), 560, 420)
    fresh.set_frame(second)
    # the same neuron grids as a view of its own draws them (the window's thumbnails may be drawn larger)
    assert all(np.array_equal(a, b) for a, b in zip(every_thumbnail(view), every_thumbnail(fresh), strict=True))
