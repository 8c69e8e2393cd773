"""An axis whose tick labels never overlap (the loss chart's)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

from nnviz.data import nice_ceiling


class SparseAxis(pg.AxisItem):
    """An axis whose labels never overlap: a short (or narrow) axis gets fewer, wider-spaced ticks."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:
        """pyqtgraph's spacing, coarsened in nice steps until the labels fit with room between them."""
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        if self.orientation in ("bottom", "top"):  # numbers side by side: as wide as the longest, and a gap
            label = metrics.horizontalAdvance(f"{max(abs(minVal), abs(maxVal)):.0f}") + metrics.height()
        else:
            label = 1.4 * metrics.height()
        fits = max(1.0, size / label)
        if not levels or span / levels[0][0] <= fits:
            return levels
        spacing = levels[0][0]
        while span / spacing > fits:
            spacing = nice_ceiling(spacing * 1.01, (1.0, 2.0, 5.0, 10.0))
        return [(spacing, 0.0)]
