"""While a big network trains, its thumbnails are computed as small as they are drawn, and the neuron under the
mouse is shown large in the output panel from the output pass (issue 23)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from nnviz.session import Config
from nnviz.session.heatmap_sizes import THUMB_MIN
from tests.ui.probes import heatmap_rgba, node_position

WAIT_MS = 10_000


def _hover(view, layer: int, neuron: int) -> None:  # type: ignore[no-untyped-def]
    point = view.mapFromScene(node_position(view, layer, neuron))
    QApplication.sendEvent(view.viewport(), QMouseEvent(
        QEvent.Type.MouseMove, QPointF(point), QPointF(view.viewport().mapToGlobal(point)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def test_a_hovered_neuron_of_a_tall_layer_is_shown_at_the_output_s_size_while_training(make_window, qtbot):
    window = make_window(Config(points=100, hidden=(40, 40)))
    view, sizes = window.graph_view, window.heatmap_sizes
    assert view.thumbnail_pixels() < THUMB_MIN  # 40 neurons a column: small nodes
    window.actions_.play.trigger()

    def training_frame_with_small_thumbnails() -> bool:
        frame = window.latest.frame if window.latest is not None and window.latest.running else None
        return frame is not None and frame.neuron_grids[1].shape[-1] == sizes.drawn < THUMB_MIN

    qtbot.waitUntil(training_frame_with_small_thumbnails, timeout=WAIT_MS)
    _hover(view, 1, 5)
    assert sizes.hovered == (1, 5)

    def shown_large() -> bool:  # a later frame carries the neuron at the output's size, and the panel shows it
        frame, image = window.frame, heatmap_rgba(window.boundary_view)
        return frame.neuron_picture is not None and image is not None \
            and image.shape[:2] == frame.output_grid.shape[1:] == frame.neuron_picture[2].shape

    qtbot.waitUntil(shown_large, timeout=WAIT_MS)
    window.actions_.play.trigger()  # pause
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    assert sizes.hovered == (-1, -1)  # the mouse left the graph: no neuron is computed large any more


def test_a_neuron_hovered_while_paused_is_shown_at_the_output_s_size(make_window, qtbot):
    """Paused, no frame comes by itself: hovering a neuron asks for the frame again, with that neuron's picture at
    the output's size (it used to stay the small thumbnail, smoothed)."""
    window = make_window(Config(points=100, hidden=(40, 40)))
    view = window.graph_view
    qtbot.waitUntil(lambda: window.latest is not None, timeout=WAIT_MS)
    assert not window.running
    _hover(view, 2, 7)
    assert window.heatmap_sizes.hovered == (2, 7)

    def shown_large() -> bool:
        frame, image = window.frame, heatmap_rgba(window.boundary_view)
        return frame is not None and frame.neuron_picture is not None and frame.neuron_picture[:2] == (2, 7) \
            and image is not None and image.shape[:2] == frame.output_grid.shape[1:] == frame.neuron_picture[2].shape

    qtbot.waitUntil(shown_large, timeout=WAIT_MS)
    assert window.frame.epoch == 0 and not window.running  # the paused frame, shown again: nothing trained
