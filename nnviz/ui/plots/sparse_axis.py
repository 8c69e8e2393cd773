"""An axis whose tick labels never overlap and read as the app writes numbers (the loss chart's)."""

from __future__ import annotations

import math

from PySide6.QtGui import QFontMetricsF

from nnviz.data import nice_ceiling
from nnviz.session.explain.numbers import FIXED_RANGE, compact
from nnviz.ui.plots.kept_axis import KeptAxis


def log_tick_text(exponent: float) -> str:
    """The label of a log axis' tick at 10**exponent: plain from 0.001 to 10000, else a short exponent ('1e285').

    Written from the exponent, never from 10**exponent, so a tick near float64's top cannot overflow; no
    label ("") for a nan or infinite exponent (a view that a divergence pushed out of range).
    """
    if not math.isfinite(exponent):
        return ""
    whole = math.floor(exponent + 1e-9)
    mantissa = round(10.0 ** (exponent - whole), 6)
    if mantissa >= 10.0:
        whole, mantissa = whole + 1, 1.0
    if math.log10(FIXED_RANGE[0]) <= whole < math.log10(FIXED_RANGE[1]):
        return compact(f"{mantissa * 10.0 ** whole:g}")
    return compact(f"{mantissa:g}e{whole}")


LABEL_LINES = 1.4  # a vertical axis' labels stand at least this many text lines apart
_NICE_MANTISSAS = (5, 2, 3, 4, 6, 7, 8, 9)  # the in-between log ticks kept first when not all fit


def _mantissa_rank(exponent: float) -> int:
    """Where the tick at 10**exponent comes in _NICE_MANTISSAS (its mantissa 2..9)."""
    mantissa = round(10.0 ** (exponent - math.floor(exponent + 1e-9)))
    return _NICE_MANTISSAS.index(mantissa) if mantissa in _NICE_MANTISSAS else len(_NICE_MANTISSAS)


class SparseAxis(KeptAxis):
    """An axis whose labels never overlap: a short (or narrow) axis gets fewer, wider-spaced ticks; kept as pixels
    while the curves beside it change (KeptAxis)."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:
        """pyqtgraph's spacing, coarsened in nice steps until the labels fit with room between them."""
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        if self.orientation in ("bottom", "top"):  # numbers side by side: as wide as the longest, and a gap
            label = metrics.horizontalAdvance(f"{max(abs(minVal), abs(maxVal)):.0f}") + metrics.height()
        else:
            label = LABEL_LINES * metrics.height()
        fits = max(1.0, size / label)
        if not levels or span / levels[0][0] <= fits:
            return levels
        spacing = levels[0][0]
        while span / spacing > fits:
            spacing = nice_ceiling(spacing * 1.01, (1.0, 2.0, 5.0, 10.0))
        return [(spacing, 0.0)]

    def logTickValues(self, minVal: float, maxVal: float, size: float, stdTicks: list) -> list:
        """pyqtgraph's log ticks, with the in-between ones (2, 3, ... 9 x a power of ten) that a short span of
        decades adds kept only where their labels do not crowd: nice mantissas first (5, 2, 3), each at least
        a label's height (LABEL_LINES lines) from every tick kept before it."""
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        span = abs(maxVal - minVal)
        if not levels or levels[-1][0] is not None or span <= 0.0 or size <= 0.0:
            return levels
        room = LABEL_LINES * QFontMetricsF(self.style.get("tickFont") or self.font()).height() * span / size
        kept = [v for _, values in levels[:-1] for v in values]
        for v in sorted(levels[-1][1], key=_mantissa_rank):
            if all(abs(v - k) >= room for k in kept):
                kept.append(v)
        chosen = set(kept)
        return [*levels[:-1], (None, [v for v in levels[-1][1] if v in chosen])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """pyqtgraph's labels, with a short exponent where they have one ('2e31', not '2e+31')."""
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        return [compact(text) if "e" in text else text for text in super().tickStrings(values, scale, spacing)]

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """A log axis' labels as the app writes numbers: 0.01, 1, 100, 1e5, 1e285 (see log_tick_text)."""
        return [log_tick_text(v + math.log10(scale)) for v in values]
