"""The look every view draws with: standard or high contrast, normal size or presentation size.

One process-wide `Look` (views read `current()` when they draw) and one signal that tells
them it changed. High contrast gives the data points black outlines and a paler heatmap
under them; presentation size gives larger points, thicker outlines and edges, and larger
numbers on the graph (View ▸ Presentation Mode).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
DARK = (0x20, 0x24, 0x28)
NUMBER_PX = 16  # presentation size: numbers drawn in views (plot ticks, matrix cells); at least 14 px
TITLE_PX = 20  # presentation size: titles drawn in views (axis titles, a matrix's heading)


@dataclass(frozen=True)
class Look:
    """How the views draw: high contrast and/or presentation size."""

    high_contrast: bool = False
    large: bool = False  # presentation mode: read from the back of the room

    @property
    def point_size(self) -> float:
        """Data points' diameter in px."""
        return 11.0 if self.large else 10.0 if self.high_contrast else 8.0

    @property
    def outline_width(self) -> float:
        """Data points' outline in px."""
        return 2.0 if (self.large or self.high_contrast) else 1.0

    @property
    def train_outline(self) -> tuple[int, int, int]:
        """Training points' outline: white, black in high contrast."""
        return BLACK if self.high_contrast else WHITE

    @property
    def test_outline(self) -> tuple[int, int, int]:
        """Test points' outline: dark grey; black in high contrast."""
        return BLACK if self.high_contrast else DARK

    @property
    def paleness(self) -> float:
        """How far the output heatmap is blended towards white, so the full-colour points stand out."""
        return 0.7 if self.high_contrast else 0.5

    @property
    def text_scale(self) -> float:
        """Multiplies the text drawn inside views (graph labels, numbers on the graph)."""
        return 1.9 if self.large else 1.0

    @property
    def edge_scale(self) -> float:
        """Multiplies the graph's edge widths."""
        return 1.7 if self.large else 1.0


class _LookSignal(QObject):
    changed = Signal()


_current = Look()
_signal: _LookSignal | None = None


def current() -> Look:
    """The look the views draw with now."""
    return _current


def signal() -> _LookSignal:
    """The object whose `changed` signal fires after the look changes (connect bound methods of views)."""
    global _signal
    if _signal is None:
        _signal = _LookSignal()
    return _signal


def set_look(**changes: bool) -> Look:
    """Change the look (high_contrast=..., large=...) and tell the views; returns the new look."""
    global _current
    new = replace(_current, **changes)
    if new != _current:
        _current = new
        signal().changed.emit()
    return _current
