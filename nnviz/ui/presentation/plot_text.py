"""The plots' axes in presentation size: tick numbers and axis titles large enough for the back row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGraphicsView, QWidget

from nnviz.ui.look import NUMBER_PX as TICK_PX  # tick numbers ("graph numbers": at least 14 px)
from nnviz.ui.look import TITLE_PX  # axis titles (text: at least 20 px)

if TYPE_CHECKING:
    import pyqtgraph as pg

_ORIGINAL = "nnvizNormalFonts"


def axes_under(root: QWidget) -> list[pg.AxisItem]:
    """Every pyqtgraph axis in the views under `root`."""
    import pyqtgraph as pg  # lazy: the plots load it after the first paint (issue 23)

    scenes = {id(v.scene()): v.scene() for v in root.findChildren(QGraphicsView) if v.scene() is not None}
    return [item for scene in scenes.values() for item in scene.items() if isinstance(item, pg.AxisItem)]


def _px(font: QFont, px: int) -> QFont:
    big = QFont(font)
    big.setPixelSize(px)
    return big


def scale_plot_text(root: QWidget, large: bool) -> int:
    """Give every axis under `root` presentation-size text (large) or its own back; returns the axes changed."""
    axes = axes_under(root)
    for axis in axes:
        saved = getattr(axis, _ORIGINAL, None)
        if large:
            if saved is None:
                setattr(axis, _ORIGINAL, (axis.style.get("tickFont"), QFont(axis.label.font())))
            tick = axis.style.get("tickFont") or QFont(axis.label.font())
            axis.setStyle(tickFont=_px(tick, TICK_PX))
            axis.label.setFont(_px(axis.label.font(), TITLE_PX))
        elif saved is not None:
            tick_font, label_font = saved
            axis.setStyle(tickFont=tick_font)
            axis.label.setFont(label_font)
            delattr(axis, _ORIGINAL)
        axis.resizeEvent()  # room for the new text
        axis.picture = None
        axis.update()
    return len(axes)
