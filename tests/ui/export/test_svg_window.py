"""The whole-window SVG keeps what the PNG shows where Qt draws with clip regions: menu titles, slider grooves."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QPoint
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMenuBar, QSlider, QWidget

from nnviz.session import Config
from nnviz.ui.export.gif_frames import rgb_pixels
from nnviz.ui.export.svg import render_image, svg_bytes


def svg_as_pixels(svg: bytes, size: tuple[int, int]) -> np.ndarray:
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return rgb_pixels(image)


def region(pixels: np.ndarray, root: QWidget, child: QWidget) -> np.ndarray:
    p = child.mapTo(root, QPoint(0, 0))
    return pixels[p.y():p.y() + child.height(), p.x():p.x() + child.width()].astype(int)


def test_menu_titles_and_slider_grooves_survive_the_svg(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window(Config(points=60, noise=0.0))
    png = rgb_pixels(render_image(window))
    svg = svg_as_pixels(svg_bytes(window), (window.width(), window.height()))
    widgets = [window.menuBar()] + [s for s in window.findChildren(QSlider) if s.isVisible()]
    assert any(isinstance(w, QMenuBar) for w in widgets) and len(widgets) >= 2
    for widget in widgets:
        want, got = region(png, window, widget), region(svg, window, widget)
        assert want.std() > 10, type(widget).__name__  # there is something to lose: text, a groove, a handle
        differing = (np.abs(want - got).max(axis=2) > 64).mean()
        assert differing < 0.05, f"{type(widget).__name__} {widget.objectName()!r}: {100 * differing:.1f} % differ"
