"""How wide the loss chart's value axes are, and which upright titles they draw: a title is never drawn over the
tick numbers beside it.

pyqtgraph places a left axis' title, turned a quarter, from TITLE_NUDGE px left of the axis, and draws the
tick numbers flush against the axis line; an axis as wide as its numbers had them under its title (in
presentation size "accuracy" was drawn over "100 %" and "50 %"). The chart's least width counts the numbers
only (a least width that counted the title moved the window's restored size, and crushed the output view
when presenting with the explanation under the views). So the axes widen for their titles only where a title
that fits its plot's height would meet the numbers drawn now, and every plot keeps its least width; where they
cannot, such a title is left out (as one that does not fit the plot's height is).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

from nnviz.ui.plots.loss_scale import WIDEST_TICKS

if TYPE_CHECKING:
    import pyqtgraph as pg

LEFT_AXIS_WIDTH = 58  # px: the value axes' least width (more for larger text)
TITLE_NUDGE = 5  # px: pyqtgraph's title box starts this far left of a left axis (AxisItem.resizeEvent's nudge)
TITLE_GAP = 4  # px between the title's line and the widest tick number
TITLE_MARGIN = 16  # px an upright axis title needs along its plot beyond its text (the text item's own margins)
LOG_DECADES = 700  # a log axis spanning more decades than a float64 holds (~630) is between two ranges


def numbers_room(axis: pg.AxisItem, fallback: QFont) -> float:
    """The widest numbers the value axes write, with their offset from the axis line and the ticks' length."""
    numbers = QFontMetricsF(axis.style.get("tickFont") or fallback)
    widest = max(numbers.horizontalAdvance(text) for text in WIDEST_TICKS)
    return widest + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"])


def title_end(axis: pg.AxisItem) -> float:
    """Where the upright title's line of text ends, right of the axis' left edge (its box's margin, then its line)."""
    return -TITLE_NUDGE + axis.label.document().documentMargin() + QFontMetricsF(axis.label.font()).height()


def value_axis_widths(axis: pg.AxisItem, fallback: QFont) -> tuple[int, int]:
    """The axis' width with room for its widest numbers only, and with room for its title beside them too (px)."""
    numbers = numbers_room(axis, fallback)
    alone = max(LEFT_AXIS_WIDTH, math.ceil(numbers))
    return alone, max(alone, math.ceil(title_end(axis) + TITLE_GAP + numbers))


def title_fits(item: pg.PlotItem, title: str) -> bool:
    """Whether an upright title fits along its plot's height."""
    font = item.getAxis("left").label.font()
    return QFontMetricsF(font).horizontalAdvance(title) + TITLE_MARGIN <= item.vb.height()


def title_clear_of_numbers(axis: pg.AxisItem, title: str, width: float) -> bool:
    """Whether `title`, upright and centred along the axis as pyqtgraph places it, would miss every tick number
    the axis draws now if the axis were `width` px wide (the numbers are flush right). Not while a log axis still
    spans a linear range (the chart turns it log, then sets its range): pyqtgraph would count its decades one by
    one, up to 1e285 of them after a divergence."""
    low, high = axis.range
    if not (math.isfinite(low) and math.isfinite(high)) or (axis.logMode and abs(high - low) > LOG_DECADES):
        return False
    half = QFontMetricsF(axis.label.font()).horizontalAdvance(title) / 2 + axis.label.document().documentMargin()
    middle = axis.size().height() / 2
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    end = title_end(axis) + TITLE_GAP - (width - axis.width())
    return all(rect.left() >= end or rect.bottom() <= middle - half or rect.top() >= middle + half
               for rect, _flags, _text in (specs[2] if specs else ()))


def fit_value_axes(titles: Sequence[tuple[pg.PlotItem, str]], fallback: QFont, room_for: Callable[[int], bool],
                   color: str) -> None:
    """Give the plots' value axes one width and their titles where they fit and miss the numbers: wide enough for
    the titles beside the widest numbers when one would meet the numbers drawn now and `room_for` that width."""
    numbers, titled = value_axis_widths(titles[0][0].getAxis("left"), fallback)
    wanted = [(item, title) for item, title in titles if title_fits(item, title)]
    widen = any(not title_clear_of_numbers(item.getAxis("left"), title, numbers) for item, title in wanted) \
        and room_for(titled)
    width = titled if widen else numbers
    for item, _title in titles:
        if item.getAxis("left").fixedWidth != width:
            item.getAxis("left").setWidth(width)
    for item, title in titles:
        axis = item.getAxis("left")
        beside = (item, title) in wanted and title_clear_of_numbers(axis, title, width)
        shown = title if beside else ""
        if axis.labelText != shown:
            item.setLabel("left", shown, color=color)
            axis.resizeEvent()  # pyqtgraph places a title only when its axis is resized
