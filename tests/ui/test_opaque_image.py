"""The output view's heatmap item draws the same pixels as pyqtgraph's own, from an opaque RGB32 picture (issue 23)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter, QTransform

from nnviz.session import Config, Session
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.output_picture import continuous_picture
from tests.ui.shown import shown


def drawn(item: pg.ImageItem, scale: float) -> np.ndarray:
    """The item painted scaled and smoothed, as the output view draws it on screen."""
    side = int(item.width() * scale)
    out = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(0xFF808080)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setTransform(QTransform.fromScale(scale, scale))
    item.paint(painter)
    painter.end()
    return np.frombuffer(out.constBits(), np.uint8, out.sizeInBytes()).copy()


def test_the_heatmap_item_draws_what_pyqtgraphs_item_draws(qapp) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui.plots.opaque_image import OpaqueImageItem

    session = Session(Config(dataset="spiral", hidden=(6,)))
    session.train(5)
    frame = session.snapshot(60)
    rgba, _ = continuous_picture(frame.boundary(), *frame.output_range, 0)
    ours, theirs = OpaqueImageItem(axisOrder="row-major"), pg.ImageItem(axisOrder="row-major")
    ours.setImage(rgba, autoLevels=False)
    theirs.setImage(rgba, autoLevels=False, levels=(0, 255))
    for scale in (1.0, 1.7, 2.5):
        assert np.array_equal(drawn(ours, scale), drawn(theirs, scale)), scale
    assert ours.qimage.format() == QImage.Format.Format_RGB32  # opaque: the quick way to scale


def test_the_output_view_shows_the_frames_heatmap_on_the_quick_path(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = shown(qtbot, BoundaryView(), 440, 400)
    session = Session(Config())
    view.set_frame(session.snapshot(50))
    qtbot.waitUntil(lambda: view._image.qimage is not None, timeout=10_000)  # made when the view paints
    assert view._image.qimage.format() == QImage.Format.Format_RGB32
    assert np.array_equal(view._image.image, view._output_picture(view._frame)[0])


def test_the_map_is_made_once_and_follows_the_look(qapp) -> None:  # type: ignore[no-untyped-def]
    from nnviz.ui import look

    values = np.linspace(-1.0, 1.0, 64, dtype=np.float32).reshape(8, 8)
    plain, (_, lut, _, _) = continuous_picture(values, -1.0, 1.0, 0)
    again, (_, same, _, _) = continuous_picture(values, -1.0, 1.0, 0)
    assert same is lut and not lut.flags.writeable  # one table, that no caller can change
    assert np.array_equal(plain, again)
    try:
        look.set_look(high_contrast=True)  # a paler map under the points
        contrast, _ = continuous_picture(values, -1.0, 1.0, 0)
    finally:
        look.set_look(high_contrast=False)
    assert not np.array_equal(plain, contrast)
    assert np.array_equal(continuous_picture(values, -1.0, 1.0, 0)[0], plain)


def test_a_live_picture_is_made_without_pyqtgraphs_general_render(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A plain RGBA picture becomes its QImage in one conversion; pyqtgraph's render (levels, tables, NaNs,
    downsampling) is left for pictures that need it, and both show the same pixels."""
    from nnviz.ui.plots.opaque_image import OpaqueImageItem

    session = Session(Config(dataset="spiral", hidden=(6,)))
    session.train(5)
    rgba, _ = continuous_picture(session.snapshot(60).boundary(), -1.0, 1.0, 0)
    pictures = (rgba, rgba[::-1, ::2])  # the second a view, not contiguous
    expected = []
    for picture in pictures:
        theirs = OpaqueImageItem(axisOrder="row-major")
        theirs.setImage(picture, levels=(0, 255))  # levels: pyqtgraph's way
        expected.append(drawn(theirs, 1.7))

    def general_render(self) -> None:  # type: ignore[no-untyped-def]
        raise AssertionError("pyqtgraph's render made a plain picture's QImage")

    monkeypatch.setattr(pg.ImageItem, "render", general_render)
    for picture, want in zip(pictures, expected, strict=True):
        ours = OpaqueImageItem(axisOrder="row-major")
        ours.setImage(picture, autoLevels=False)
        assert np.array_equal(drawn(ours, 1.7), want)
        assert ours.qimage.format() == QImage.Format.Format_RGB32
