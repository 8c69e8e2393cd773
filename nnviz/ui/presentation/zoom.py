"""Whole-window zoom: the app's style sheet with every text size multiplied, set on one window."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from nnviz.ui.style import STYLE_SHEET

ZOOM_STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)
_PT = re.compile(r"(\d+(?:\.\d+)?)pt")


def _dpi() -> float:
    screen = QApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def base_text_px() -> float:
    """The application font's height in pixels: the size most text has at zoom 1."""
    font = QApplication.font()
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * _dpi() / 72.0


def zoomed_sheet(zoom: float, min_px: float = 0.0) -> str:
    """The app's style sheet with every text `zoom` times larger and none under `min_px` pixels."""
    dpi = _dpi()

    def px(match: re.Match[str]) -> str:
        return f"{max(min_px, float(match.group(1)) * dpi / 72.0 * zoom):.0f}px"

    return f"QWidget {{ font-size: {max(min_px, base_text_px() * zoom):.0f}px; }}\n{_PT.sub(px, STYLE_SHEET)}"


def next_zoom(zoom: float, direction: int) -> float:
    """The zoom one step larger (+1) or smaller (-1) than `zoom`, within ZOOM_STEPS."""
    nearest = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - zoom))
    return ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, nearest + direction))]
