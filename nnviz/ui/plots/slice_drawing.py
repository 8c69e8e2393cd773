"""How the output view draws a slice of a table: axis titles, and points far from the slice fainter.

Fading is pre-blended towards white (opaque brushes: semi-transparent ones are slow to paint), in a
few steps of the distance from the slice in standardised units.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics

from nnviz.session.frame import Frame
from nnviz.ui.plain_text import plain_tooltip

if TYPE_CHECKING:
    import pyqtgraph as pg

FADE_STEPS = 4  # fading levels besides "on the slice"
FADE_DISTANCE = 3.0  # standardised units from the slice at which a point is faintest
FAINTEST = 0.75  # the share of white in the faintest point


def fade_levels(distance: np.ndarray) -> np.ndarray:
    """(n,) fading level 0 (on the slice) .. FADE_STEPS (FADE_DISTANCE or farther)."""
    scaled = np.clip(np.asarray(distance, np.float64) / FADE_DISTANCE, 0.0, 1.0)
    return np.rint(scaled * FADE_STEPS).astype(np.intp)


def _faded(brush: QBrush, level: int) -> QBrush:
    c = brush.color()
    t = FAINTEST * level / FADE_STEPS
    return QBrush(QColor(round(c.red() + (255 - c.red()) * t), round(c.green() + (255 - c.green()) * t),
                         round(c.blue() + (255 - c.blue()) * t)))


def faded_brushes(brushes: list[QBrush], distance: np.ndarray | None) -> list[QBrush]:
    """The brushes, paler by their point's distance from the slice (as they are without distances)."""
    if distance is None or len(distance) != len(brushes):
        return brushes
    cache: dict[tuple[int, int], QBrush] = {}
    out = []
    for brush, level in zip(brushes, fade_levels(distance).tolist(), strict=True):
        key = (brush.color().rgb(), level)
        if key not in cache:
            cache[key] = brush if level == 0 else _faded(brush, level)
        out.append(cache[key])
    return out


def axis_titles(frame: Frame) -> tuple[str, str]:
    """The (x, y) axis titles: the slice's columns (standardised when scaled), or none for plain points."""
    if frame.plane is None:
        return ("", "")
    x, y = frame.plane.axis_names
    if frame.scaling is None or x == "PC1":
        return (x, y)
    return (f"{x} (standardised)", f"{y} (standardised)" if y else "")


def fitted_title(title: str, metrics: QFontMetrics, room: int) -> str:
    """The title as it fits in `room` px: whole, else without its "(standardised)" (the graph says so), else the
    column name cut with an ellipsis."""
    if metrics.horizontalAdvance(title) <= room:
        return title
    name = title.removesuffix(" (standardised)")
    return metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 0))


def set_axis_titles(plot: pg.PlotItem, frame: Frame, room: int) -> None:
    """Title the plot's axes for the frame's slice, each fitted to `room` px (the plane's side)."""
    import html  # lazy: the plots are titled after the app's first paint (issue 23: launch)

    for axis, title in zip(("bottom", "left"), axis_titles(frame), strict=True):
        item = plot.getAxis(axis)
        if title:
            shown = fitted_title(title, QFontMetrics(item.label.font()), room)
            if item.labelText != html.escape(shown) or not item.label.isVisible():
                plot.setLabel(axis, html.escape(shown))  # pyqtgraph shows axis titles as rich text: names from a file
            item.setToolTip(plain_tooltip(title) if shown != title else "")  # the whole title, never as markup
        else:
            item.showLabel(False)


BAR_AXIS_WIDTH = 34  # px: the colour bar's axis with numbers
NAME_CHARS = 10  # a class name on the colour bar is cut to this many characters


def class_tick_labels(k: int, names: tuple[str, ...]) -> list[str]:
    """The colour bar's label of each class: its name (cut short) or its number."""
    return [(names[i] if len(names[i]) <= NAME_CHARS else names[i][:NAME_CHARS - 1] + "…") if i < len(names)
            else str(i) for i in range(k)]


def fit_bar_width(bar: pg.PlotItem, axis: pg.AxisItem, labels: list[str] | tuple[str, ...]) -> None:
    """Widen the colour bar's axis for class names (back to the numbers' width without)."""
    metrics = QFontMetrics(axis.style.get("tickFont") or axis.font())
    # as pyqtgraph lays a right axis out: the numbers, their offset and ticks, and 0.8 of the upright title
    numbers = metrics.horizontalAdvance("−0.8") + 7 + 0.8 * axis.label.boundingRect().height()
    width = max([BAR_AXIS_WIDTH, *(metrics.horizontalAdvance(label) + 12 for label in labels)]
                if labels else [BAR_AXIS_WIDTH, math.ceil(numbers)])
    if axis.width() != width:
        axis.setWidth(width)
        bar.setFixedWidth(width + 16)
    if labels and width > BAR_AXIS_WIDTH:
        axis.showLabel(False)  # the names say what the colours are; "class" would overlap them
    else:
        axis.showLabel(True)
