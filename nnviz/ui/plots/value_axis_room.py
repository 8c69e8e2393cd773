"""How wide the loss chart's value axes are: the widest tick numbers always fit; the upright title beside them
only where the chart has the width to spare.

pyqtgraph places a left axis' title, turned a quarter, from TITLE_NUDGE px left of the axis, and draws the
tick numbers flush against the axis line; an axis as wide as its numbers has them under its title (in
presentation size "accuracy" was drawn over "100 %" and "50 %"). The chart's least width counts the numbers
only (a least width that counted the title moved the window's restored size, and crushed the output view
when presenting with the explanation under the views): where a wider axis would squeeze a plot below its least
width, the axis stays as wide as its numbers and its title is drawn only if the numbers drawn now leave it room
(as it is left out where it does not fit the plot's height).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

from nnviz.ui.plots.loss_scale import WIDEST_TICKS

if TYPE_CHECKING:
    import pyqtgraph as pg

LEFT_AXIS_WIDTH = 58  # px: the value axes' least width (more for larger text)
TITLE_NUDGE = 5  # px: pyqtgraph's title box starts this far left of a left axis (AxisItem.resizeEvent's nudge)
TITLE_GAP = 4  # px between the title's line and the widest tick number


def numbers_room(axis: pg.AxisItem, fallback: QFont) -> float:
    """The widest numbers the value axes write, with their offset from the axis line and the ticks' length."""
    numbers = QFontMetricsF(axis.style.get("tickFont") or fallback)
    widest = max(numbers.horizontalAdvance(text) for text in WIDEST_TICKS)
    return widest + axis.style["tickTextOffset"][0] + max(0, axis.style["tickLength"])


def title_end(axis: pg.AxisItem) -> float:
    """Where the upright title's line of text ends, right of the axis' left edge (its box's margin, then its line)."""
    return -TITLE_NUDGE + axis.label.document().documentMargin() + QFontMetricsF(axis.label.font()).height()


def value_axis_widths(axis: pg.AxisItem, fallback: QFont) -> tuple[int, int]:
    """The axis' width with room for its numbers only, and with room for its title beside them too (px)."""
    numbers = numbers_room(axis, fallback)
    alone = max(LEFT_AXIS_WIDTH, math.ceil(numbers))
    return alone, max(alone, math.ceil(title_end(axis) + TITLE_GAP + numbers))


def title_clear_of_numbers(axis: pg.AxisItem, title: str) -> bool:
    """Whether `title`, upright and centred along the axis as pyqtgraph places it, would miss every tick number
    the axis draws now (an axis as wide as its numbers: short numbers, or none beside the title, leave it room)."""
    metrics = QFontMetricsF(axis.label.font())
    half = metrics.horizontalAdvance(title) / 2 + axis.label.document().documentMargin()
    middle = axis.size().height() / 2
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    end = title_end(axis) + TITLE_GAP
    return all(rect.left() >= end or rect.bottom() <= middle - half or rect.top() >= middle + half
               for rect, _flags, _text in (specs[2] if specs else ()))
