"""What the output view and the loss chart share to make their pyqtgraph parts after the first paint (issue 23).

Until its `build()`, such a view is a plain white widget that keeps what it is given; reading one of its
pyqtgraph parts before then builds it at once (`part_on_demand`), so tests and features may read them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from nnviz.ui.pyqtgraph_import import load_pyqtgraph

if TYPE_CHECKING:
    import pyqtgraph as pg


class Buildable(Protocol):
    """A view whose pyqtgraph parts are made by `build()`; `built` says whether they are."""

    built: bool

    def build(self) -> None:
        """Make the pyqtgraph parts (idempotent)."""


def part_on_demand(view: Buildable, name: str, parts: frozenset[str]) -> object:
    """The body of such a view's `__getattr__`: a part read before `build()` builds the view, then is returned."""
    if name in parts and not vars(view).get("built", True):
        view.build()
        return vars(view)[name]
    raise AttributeError(name)


def new_canvas(view: QWidget, margins: tuple[int, int, int, int]) -> pg.GraphicsLayoutWidget:
    """A white pyqtgraph canvas in `view` (pyqtgraph loaded the quick way first, once)."""
    load_pyqtgraph()
    # lazy: the canvas is pyqtgraph's; the first paint shows the window before pyqtgraph loads (issue 23)
    from nnviz.ui.plots.plot_canvas import PlotCanvas

    canvas = PlotCanvas(view)
    canvas.setBackground("w")
    canvas.ci.setContentsMargins(*margins)
    return canvas


def settle_offscreen(canvas: QGraphicsView) -> None:
    """Draw a canvas once off screen and lay it out again: pyqtgraph's axes size themselves to their tick labels as
    they draw, so the first paint on screen would show the plot before that (and the next one move it)."""
    size = canvas.viewport().size()
    if size.isEmpty():  # nothing of it on screen (a folded panel): its first paint settles it
        return
    scene = canvas.scene()
    scene.prepareForPaint()  # type: ignore[attr-defined]  # pyqtgraph's scene: the views' ranges, as at a paint
    image = QImage(size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    canvas.render(painter)
    painter.end()
    QApplication.sendPostedEvents()


def show_settled(window: QWidget, views: Sequence[QWidget], build: Callable[[], None]) -> None:
    """Build the plots of `views` (each with a `canvas`) and paint them at once, settled (issue 23: launch).

    Left to the event loop, the training process's start, the icon, autosave and pyqtgraph's Qt mirrors (~0.1 s)
    came first, and the first paint showed the plane where the next one moved it (pyqtgraph's axes size themselves
    as they draw)."""
    for view in views:
        view.setUpdatesEnabled(False)  # no paint of a plot before it has settled
    try:
        build()
        QApplication.sendPostedEvents()  # the plots laid out (pyqtgraph queues its views' ranges)
        for view in views:
            settle_offscreen(view.canvas)  # type: ignore[attr-defined]
    finally:
        for view in views:
            view.setUpdatesEnabled(True)
    QApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)  # painted once, as they will stay
