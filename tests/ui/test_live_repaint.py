"""A live frame repaints what it changes: the output plane, not its axes and bar; the screen shows it (issue 23)."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from nnviz.session import Config, Session
from nnviz.session.events import FramePacket
from tests.ui.shown import shown

WAIT_MS = 10_000


def live_frames(n: int) -> list[FramePacket]:
    session = Session(Config(hidden=(4, 2)))
    frames = []
    for _ in range(n):
        session.train(2)
        frames.append(FramePacket(session.snapshot(40), True, 100.0, None))
    return frames


def drawing_window(qtbot):  # type: ignore[no-untyped-def]
    """A shown window that only draws the frames it is handed (no training thread to race with)."""
    from nnviz.ui.window.main_window import MainWindow

    return shown(qtbot, MainWindow(Session(Config(hidden=(4, 2))), backend="none"), 1280, 800)


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8, image.bytesPerLine() * image.height())
    return rows.reshape(image.height(), image.bytesPerLine())[:, : 4 * image.width()].copy()


class Painted(QObject):
    """The widgets that received a paint event."""

    def __init__(self) -> None:
        super().__init__()
        self.widgets: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.widgets.append(watched)
        return False


def test_a_live_frame_paints_the_plots_contents_only(styled_app, qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    view = window.boundary_view
    painted = Painted()
    qapp.installEventFilter(painted)
    images = []
    viewport = view.canvas.viewport()
    for n_frames, packet in enumerate(frames, start=1):
        window.draw(packet)
        # wait on the event loop for this frame's paint (a loaded machine takes longer); a second paint of the
        # same frame would still be counted below
        qtbot.waitUntil(lambda n=n_frames: painted.widgets.count(viewport) >= n, timeout=WAIT_MS)
        images.append(view._image.image.copy())
    qapp.processEvents()
    qapp.removeEventFilter(painted)
    assert not any(np.array_equal(a, b) for a, b in itertools.pairwise(images))  # every frame changed the plane
    assert painted.widgets.count(viewport) == len(images)  # painted once for each
    assert view not in painted.widgets  # not the view around the canvas: no pass that repaints it whole


def test_the_screen_shows_the_last_live_frame_whole(styled_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    for packet in live_frames(4):
        window.draw(packet)
        qtbot.wait(30)

    def screen_shows_it_whole() -> bool:
        screen = window.screen().grabWindow(window.winId()).toImage()
        whole = window.grab().toImage()  # every part drawn afresh from what the views hold now
        return screen.size() == whole.size() and bool(np.array_equal(rgb(screen), rgb(whole)))

    # a layout pass or a timer the window set itself may still be due: wait on the event loop, not for a fixed
    # time (a loaded machine takes longer); a part the screen never shows fails at the timeout
    qtbot.waitUntil(screen_shows_it_whole, timeout=WAIT_MS)


def started_run(qtbot, window) -> list[FramePacket]:  # type: ignore[no-untyped-def]
    """A live run's first two frames drawn, each waited for until painted (they draw its points and fit the
    axes' titles: on a loaded machine a fixed wait could end before that paint, which the test then counted);
    the frames that follow."""
    frames = live_frames(6)
    draw_each(qtbot, window, frames[:2])
    qtbot.wait(50)  # a layout pass the titles' fit may still post
    return frames[2:]


def draw_each(qtbot, window, packets: list[FramePacket]) -> None:  # type: ignore[no-untyped-def]
    """Draw the frames one by one, waiting on the event loop for the output view's paint of each."""
    viewport = window.boundary_view.canvas.viewport()
    painted = Painted()
    viewport.installEventFilter(painted)
    for n_frames, packet in enumerate(packets, start=1):
        window.draw(packet)
        qtbot.waitUntil(lambda n=n_frames: painted.widgets.count(viewport) >= n, timeout=WAIT_MS)
    viewport.removeEventFilter(painted)


def test_a_live_frame_draws_the_points_once_not_every_frame(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    strokes: list[object] = []  # every time a set of points is drawn point by point
    paint = pg.ScatterPlotItem.paint
    monkeypatch.setattr(pg.ScatterPlotItem, "paint", lambda item, *args: (strokes.append(item), paint(item, *args)))
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    drawn_before = len(strokes)
    draw_each(qtbot, window, frames)
    assert len(strokes) == drawn_before  # the map under them changed; the points were kept as pixels
    window.boundary_view.set_show_test(False)  # a change of the points themselves draws them anew
    window.boundary_view.restyle()
    qtbot.waitUntil(lambda: len(strokes) > drawn_before, timeout=WAIT_MS)


def test_the_points_bounds_are_measured_only_when_they_can_change(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    measured: list[object] = []
    bounds = pg.ScatterPlotItem.boundingRect
    monkeypatch.setattr(pg.ScatterPlotItem, "boundingRect", lambda item: (measured.append(item), bounds(item))[1])
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    before = len(measured)
    draw_each(qtbot, window, frames)
    assert len(measured) == before  # the map changed; the points and the view did not
    points, viewport = window.boundary_view._train, window.boundary_view.canvas.viewport()
    kept, size = points.boundingRect(), viewport.size()
    window.resize(1000, 640)  # another transform: measured anew, as pyqtgraph measures it
    qtbot.waitUntil(lambda: viewport.size() != size, timeout=WAIT_MS)
    assert points.boundingRect() == bounds(points)
    points.setData(pos=[[0.0, 0.0], [5.5, -5.5]])  # other points: measured anew
    assert points.boundingRect() == bounds(points) and points.boundingRect() != kept


def test_the_axes_bounds_are_measured_only_when_they_can_change(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Qt asks the output view's axes for their bounds several times a repaint; pyqtgraph measures them only when
    the axes' geometry or style changed, and the bounds are pyqtgraph's, widened by the cache's margin."""
    import pyqtgraph as pg

    from nnviz.ui.plots.kept_axis import MARGIN

    measured: list[object] = []
    bounds = pg.AxisItem.boundingRect
    monkeypatch.setattr(pg.AxisItem, "boundingRect", lambda item: (measured.append(item), bounds(item))[1])
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    axes = [window.boundary_view.plot_item.getAxis(name) for name in ("left", "bottom")]
    before = [measured.count(axis) for axis in axes]
    draw_each(qtbot, window, frames)
    assert [measured.count(axis) for axis in axes] == before  # the map changed; the axes did not
    viewport = window.boundary_view.canvas.viewport()
    size = viewport.size()
    window.resize(1000, 640)  # other geometry: measured anew
    qtbot.waitUntil(lambda: viewport.size() != size, timeout=WAIT_MS)
    for axis in axes:
        assert axis.boundingRect() == bounds(axis).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    axis = axes[0]
    axis.setStyle(tickLength=-8)  # another style: measured anew
    assert axis.boundingRect() == bounds(axis).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def test_the_points_bounds_are_not_asked_again_while_only_the_map_changes(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Whether the points' kept bounds still hold is read from the objects pyqtgraph replaces when they change,
    not by asking pyqtgraph's bounds (Python calls, several times a repaint)."""
    import pyqtgraph as pg

    asked: list[str] = []
    for name in ("dataBounds", "pixelPadding"):
        original = getattr(pg.ScatterPlotItem, name)
        monkeypatch.setattr(pg.ScatterPlotItem, name,
                            lambda item, *args, _name=name, _original=original, **kwargs: (
                                asked.append(_name), _original(item, *args, **kwargs))[1])
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    before = len(asked)
    draw_each(qtbot, window, frames)
    assert len(asked) == before, "the points' bounds were asked again while only the map changed"
    points = window.boundary_view._train
    points.setData(pos=[[0.0, 0.0], [5.5, -5.5]])  # other points: their bounds are pyqtgraph's new ones
    assert points.boundingRect() == pg.ScatterPlotItem.boundingRect(points)


def test_the_views_that_repaint_every_frame_paint_every_pixel_themselves(styled_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The graph and the plots fill what they repaint with their opaque background first: Qt is told so and does
    not fill the viewport's palette colour under each repaint; a plot given a see-through background is not."""
    from PySide6.QtCore import Qt

    from nnviz.ui.plots.plot_canvas import PlotCanvas

    window = drawing_window(qtbot)
    draw_each(qtbot, window, live_frames(2))
    opaque = Qt.WidgetAttribute.WA_OpaquePaintEvent
    for view in (window.graph_view, window.boundary_view.canvas, window.loss_chart.canvas):
        assert view.backgroundBrush().isOpaque() and view.viewport().testAttribute(opaque), view
    canvas = PlotCanvas()
    canvas.setBackground(None)  # see-through: what lies under it shows, so Qt must paint it first
    assert not canvas.viewport().testAttribute(opaque)
    canvas.setBackground("w")
    assert canvas.viewport().testAttribute(opaque)
