"""The output view's colour bar: the output's scale (or one neuron's) beside the plane, or the classes' swatches."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from nnviz.ui import colors
from nnviz.ui.plots.output_picture import rgba
from nnviz.ui.plots.slice_drawing import class_tick_labels, fit_bar_width

if TYPE_CHECKING:
    import pyqtgraph as pg


class ColourBar:
    """A bar in its own plot item (made by the view's canvas): its image, axis ticks and title."""

    def __init__(self, plot: pg.PlotItem, axis_pen: QColor, axis_text: QColor) -> None:
        import pyqtgraph as pg  # lazy: loaded with the view's canvas, after the first paint (issue 23)

        self.plot = plot
        self._key: tuple = ()
        self._axis_key: tuple = ()  # what the axis shows: (title, class names, lo, hi)
        b = plot
        b.setMenuEnabled(False)
        b.setMouseEnabled(x=False, y=False)
        b.hideButtons()
        b.hideAxis("left")
        b.hideAxis("bottom")
        b.showAxis("right")
        axis = b.getAxis("right")
        axis.setPen(axis_pen)
        axis.setTextPen(axis_text)
        axis.setWidth(34)
        b.setFixedWidth(50)
        b.setXRange(0, 1, padding=0)
        b.disableAutoRange()
        self.image = pg.ImageItem(axisOrder="row-major")
        plot.addItem(self.image)

    def forget(self) -> None:
        """Draw the bar again on the next `show` (the look changed)."""
        self._key = ()
        self._axis_key = ()

    def show(self, neuron: bool, kind: str, *spec: object) -> None:
        """Show a picture's bar spec ("classes", k, names) or (kind, lut, lo, hi); `neuron`: one neuron's output.

        The axis (ticks, title, width, range) is set only when it changes: a new palette alone, such as the
        output discretized by a click, repaints the bar's picture, not its axis (pyqtgraph relays the axis out
        and draws it anew, 2-3 ms, whenever its title or ticks are set, even to the same).
        """
        key = (kind, not neuron, *(s.tobytes() if isinstance(s, np.ndarray) else s for s in spec))
        if key == self._key:
            return
        self._key = key
        if kind == "classes":
            k = int(spec[0])  # type: ignore[call-overload]
            swatches = rgba(colors.pale(colors.class_rgb(k)))
            img = np.repeat(swatches[:, None, :], 32, axis=0)  # (32 k, 1, 4): crisp when smoothed
            lo, hi = 0.0, float(k)
            names = spec[1] if len(spec) > 1 else ()
            labels = tuple(class_tick_labels(k, names))  # type: ignore[arg-type]
            axis_key: tuple = ("class", labels, lo, hi)
        else:
            lut, lo, hi = cast(tuple[np.ndarray, float, float], spec)
            img = np.repeat(lut[:, None, :], max(1, 256 // len(lut)), axis=0)  # (>= 256, 1, 4), row 0 at lo
            axis_key = ("neuron" if neuron else "output", (), float(lo), float(hi))
        self.image.setImage(img, autoLevels=False, levels=(0, 255))
        self.image.setRect(QRectF(0.0, float(lo), 1.0, float(hi) - float(lo)))
        if axis_key != self._axis_key:
            self._axis_key = axis_key
            self._set_axis(*axis_key)

    def _set_axis(self, title: str, labels: tuple[str, ...], lo: float, hi: float) -> None:
        """The axis' ticks (class names, or numbers when there are none), title, width and range."""
        axis = self.plot.getAxis("right")
        axis.setTicks([[(i + 0.5, label) for i, label in enumerate(labels)]] if labels else None)
        axis.setLabel(title)
        fit_bar_width(self.plot, axis, labels)
        self.plot.setYRange(lo, hi, padding=0.03)
