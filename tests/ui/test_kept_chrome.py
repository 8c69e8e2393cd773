"""A live frame repaints the maps, not the chrome beside them: the output view's axes and the graph's +/- buttons
are kept as pixels, drawn anew only when they change, with the same pixels on screen (issue 23)."""

from __future__ import annotations

import numpy as np

from nnviz.ui.export.transient import transients_hidden
from tests.ui.test_live_repaint import draw_each, drawing_window, rgb, started_run

WAIT_MS = 10_000


def test_a_live_frame_leaves_the_output_axes_as_they_were_drawn(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pyqtgraph as pg

    painted: list[object] = []
    paint = pg.AxisItem.paint
    monkeypatch.setattr(pg.AxisItem, "paint", lambda item, *args: (painted.append(item), paint(item, *args)))
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    view = window.boundary_view
    axes = [view.plot_item.getAxis(name) for name in ("left", "bottom")]
    before = len(painted)
    draw_each(qtbot, window, frames)
    assert not [item for item in painted[before:] if item in axes]  # the map changed under them, they did not
    axes[0].setTicks([[(0.0, "0")]])  # a change of the axis itself draws it anew
    qtbot.waitUntil(lambda: axes[0] in painted[before:], timeout=WAIT_MS)


def test_a_live_frame_leaves_the_graph_buttons_as_they_were_drawn(styled_app, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.graph.items import ButtonItem

    painted: list[object] = []
    paint = ButtonItem.paint
    monkeypatch.setattr(ButtonItem, "paint", lambda item, *args: (painted.append(item), paint(item, *args)))
    window = drawing_window(qtbot)
    frames = started_run(qtbot, window)
    before = len(painted)
    draw_each(qtbot, window, frames)
    assert len(painted) == before  # the thumbnails under and beside them changed, the buttons did not
    button = next(item for item in window.graph_view.scene().items() if isinstance(item, ButtonItem))
    button.set_state(hovered=True)  # a change of the button itself draws it anew
    qtbot.waitUntil(lambda: len(painted) > before, timeout=WAIT_MS)


def outside_plots(canvas, boxes) -> np.ndarray:  # type: ignore[no-untyped-def]
    """A mask of the canvas' grab without the plot areas (the kept points' rims there may differ by one level)."""
    size = canvas.grab().size()
    mask = np.ones((size.height(), 4 * size.width()), bool)
    for box in boxes:
        plane = canvas.mapFromScene(box.sceneBoundingRect()).boundingRect()
        mask[plane.top() + 1: plane.bottom(), 4 * (plane.left() + 1): 4 * plane.right()] = False
    return mask


def test_the_kept_axes_show_the_pixels_they_would_draw(styled_app, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = drawing_window(qtbot)
    draw_each(qtbot, window, started_run(qtbot, window))
    chart = window.loss_chart
    for canvas, boxes in ((window.boundary_view.canvas, [window.boundary_view.plot_item.vb]),
                          (chart.canvas, [chart.plot_item.vb, chart.accuracy_item.vb])):
        kept = rgb(canvas.grab().toImage())
        with transients_hidden(canvas):  # as an export draws: every cache off, each item painted anew
            drawn = rgb(canvas.grab().toImage())
        outside = outside_plots(canvas, boxes)
        assert outside.sum() > kept.size // 5  # the axes, their numbers and titles (and the colour bar)
        assert np.array_equal(kept[outside], drawn[outside])  # the axis lines' ends and tick numbers too
