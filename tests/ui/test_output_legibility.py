"""The output view keeps each point's class readable: a paler heatmap under full-colour, outlined points."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.session import Config, Session
from nnviz.ui import colors
from nnviz.ui.plots.boundary_view import TEST_OUTLINE, TRAIN_OUTLINE, BoundaryView
from tests.ui.probes import heatmap_rgba
from tests.ui.shown import shown as shown_at


@pytest.fixture(scope="module")
def circle_frame():  # type: ignore[no-untyped-def]
    session = Session(Config(dataset="circle", seed=1))
    session.train(150)
    return session.snapshot(100)


def shown(qtbot, widget, w: int = 480, h: int = 440):  # type: ignore[no-untyped-def]
    return shown_at(qtbot, widget, w, h)


def _under(frame, rgba: np.ndarray, points: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The heatmap colour (n, 3) under each point."""
    r = rgba.shape[0]
    e = frame.extent
    idx = np.clip(((points + e) / (2 * e) * r).astype(int), 0, r - 1)
    return rgba[idx[:, 1], idx[:, 0], :3].astype(int)


def test_trained_points_keep_their_class_colour_on_a_paler_background(qtbot, circle_frame):
    view = shown(qtbot, BoundaryView())
    view.set_frame(circle_frame)
    frame = circle_frame
    assert frame.train_accuracy > 0.95
    brushes = view._train.data["brush"]
    labels = frame.train_labels.astype(int)
    point_rgb = np.array([[b.color().red(), b.color().green(), b.color().blue()] for b in brushes])
    assert (point_rgb == colors.class_rgb(2)[labels]).all()  # full colour: the class reads at once
    below = _under(frame, heatmap_rgba(view), frame.train_points)
    gap = np.abs(below - point_rgb).max(axis=1)
    assert np.percentile(gap, 5) >= 60  # even on its own class's confident background, a point stands out
    lum = below @ np.array([0.299, 0.587, 0.114])
    assert lum.min() > 0.299 * 8 + 0.587 * 119 + 0.114 * 189 + 40  # the background is lighter than any point


def test_points_have_thin_outlines_white_for_training_and_dark_for_test(qtbot, circle_frame):
    view = shown(qtbot, BoundaryView())
    view.set_frame(circle_frame)
    train_pen, test_pen = view._train.opts["pen"], view._test.opts["pen"]
    assert train_pen.color() == TRAIN_OUTLINE and test_pen.color() == TEST_OUTLINE
    assert train_pen.widthF() <= 1.0 and test_pen.widthF() <= 1.0


def test_discretized_output_shows_exactly_two_pale_colours(qtbot, circle_frame):
    view = shown(qtbot, BoundaryView())
    view.set_frame(circle_frame)
    view.set_discretize(True)
    rgb = heatmap_rgba(view)[..., :3].reshape(-1, 3)
    found = {tuple(int(v) for v in c) for c in np.unique(rgb, axis=0)}
    assert found == {tuple(int(v) for v in colors.pale(colors.ORANGE)), tuple(int(v) for v in colors.pale(colors.BLUE))}


def test_regression_bands_are_solid_steps():
    lut = colors.diverging_lut(10)
    assert len({tuple(c) for c in lut[:, :3]}) == 10
    assert tuple(lut[0, :3]) == colors.ORANGE and tuple(lut[-1, :3]) == colors.BLUE


def test_train_and_test_curves_differ_in_hue_in_greyscale_and_in_dash():
    from PySide6.QtCore import Qt

    from nnviz.ui.plots.loss_chart import TEST_COLOR, TRAIN_COLOR, LossChart

    def luma(c):  # type: ignore[no-untyped-def]
        return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()

    assert abs(luma(TRAIN_COLOR) - luma(TEST_COLOR)) >= 60  # tells apart on a greyscale print
    assert abs(TRAIN_COLOR.hueF() - TEST_COLOR.hueF()) >= 0.25
    chart = LossChart()
    assert chart.test_curve.opts["pen"].style() == Qt.PenStyle.DashLine
    assert chart.train_curve.opts["pen"].style() == Qt.PenStyle.SolidLine
    assert chart.plot_item.legend is None  # the legend sits in the line above the plot, not over the curves
    chart.deleteLater()
