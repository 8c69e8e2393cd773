"""Inspect a point: Shift+click the output view to read the network's raw outputs there and the decoded class.

The readout is a passing look, never a stale picture: it follows every new frame while
shown; it goes away on Escape, when the network, the data or the session changes
(another lesson, Reset, an opened file, a new activation), and after `IDLE_SECONDS`
without the mouse over the output view. It is marked transient, so no export or GIF
frame ever contains it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel

from nnviz.session.events import FramePacket
from nnviz.session.frame import Frame
from nnviz.ui import colors
from nnviz.ui.export.transient import mark_transient
from nnviz.ui.window.surface import WindowSurface

if TYPE_CHECKING:
    import pyqtgraph as pg

    from nnviz.session.explain.sample import PointReadout
    from nnviz.ui.plots.boundary_view import BoundaryView

IDLE_SECONDS = 4.0  # the readout goes away this long after the mouse last moved over the output view
CHECK_MS = 500  # how often a shown readout checks whether it has been idle too long


def network_context(frame: Frame) -> tuple[object, ...]:
    """What a readout was computed for: the same data, layout, activations and problem (weights may move)."""
    return (frame.data_version, frame.structure_version, frame.activations, frame.loss_name, frame.problem,
            frame.n_classes, frame.feature_names)


def still_valid(shown: Frame, new: Frame) -> bool:
    """Whether a readout made on `shown` may follow `new`: the same network and data, not reset or rewound."""
    return network_context(shown) == network_context(new) and new.steps >= shown.steps


class PointInspector(QObject):
    """A box over the output view with the outputs at the last Shift+clicked point, and a cross there."""

    def __init__(self, surface: WindowSurface, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(surface)
        self.surface = surface
        self.clock = clock  # seconds; tests pass a fake one
        view = surface.boundary_view
        self.box = QLabel(view)
        self.box.setWordWrap(True)
        self.box.setObjectName("pointReadout")
        self.box.setTextFormat(Qt.TextFormat.RichText)  # every number and name in it is escaped
        self.box.setStyleSheet("QLabel#pointReadout { background: white; border: 1px solid #9aa1a8;"
                               " padding: 4px; color: #333a40; }")
        self.box.hide()
        self._cross: pg.ScatterPlotItem | None = None  # made with the output view's plot (after the first paint)
        view.when_built(self._add_cross)
        mark_transient(self.box)
        self.readout: PointReadout | None = None
        self._frame: Frame | None = None  # the frame the readout shows
        self._last_touch = 0.0
        self._idle = QTimer(self)
        self._idle.setInterval(CHECK_MS)
        self._idle.timeout.connect(self.check_idle)
        surface.frameDrawn.connect(self._on_frame)
        surface.sessionOpened.connect(self._on_opened)
        surface.window.installEventFilter(self)

    def _add_cross(self, view: BoundaryView) -> None:
        import pyqtgraph as pg  # lazy: loaded by the output view's plot, after the first paint (issue 23)

        self._cross = pg.ScatterPlotItem(size=14, pxMode=True, symbol="x", pen=pg.mkPen(colors.TEXT, width=1),
                                         brush=pg.mkBrush(*colors.TEXT))
        self._cross.setZValue(30)
        self._cross.hide()
        view.plot_item.addItem(self._cross)
        mark_transient(self._cross)
        view.canvas.scene().sigMouseMoved.connect(self.touch)

    @property
    def shown(self) -> bool:
        """Whether a readout is on screen."""
        return self.readout is not None

    def inspect(self, x: float, y: float) -> PointReadout | None:
        """Read the outputs at plane point (x, y) from the latest frame and show them."""
        frame = self.surface.frame
        if frame is None:
            return None
        self._show(frame, (x, y))
        self.touch()
        self._idle.start()
        return self.readout

    def _show(self, frame: Frame, xy: tuple[float, float]) -> None:
        import html  # lazy: with the first readout, as its maths below (start-up time, issue 23)

        # lazy: the readout's maths loads at the first Shift+click (start-up time, issue 23)
        from nnviz.session.explain.sample import inspect_point
        from nnviz.session.explain.text import readout_lines

        self._frame = frame
        self.readout = inspect_point(frame, xy)
        lines = readout_lines(self.readout, frame.activations[-1])
        self.box.setText("<b>" + html.escape(lines[0]) + "</b><br>" + "<br>".join(html.escape(t) for t in lines[1:]))
        room = max(120, self.surface.boundary_view.width() - 8)
        self.box.setMaximumWidth(room)  # never wider than the view: long lines wrap
        self.box.adjustSize()
        w = self.surface.boundary_view.width()
        self.box.move(max(4, min(w - self.box.width() - 60, w - self.box.width() - 4)), 10)
        self.box.show()
        self.box.raise_()
        if self._cross is None:
            self.surface.boundary_view.build()  # a point inspected before the plot was made: make it now
        assert self._cross is not None  # made by the build
        self._cross.setData(pos=np.asarray([xy], dtype=np.float64))
        self._cross.show()

    def hide(self) -> None:
        """Hide the readout."""
        self._idle.stop()
        self.box.hide()
        if self._cross is not None:
            self._cross.hide()
        self.readout = None
        self._frame = None

    def touch(self, *_: object) -> None:
        """The mouse moved over the output view: the readout stays a while longer."""
        self._last_touch = self.clock()

    def check_idle(self) -> None:
        """Hide the readout when the mouse has been away from the output view for `IDLE_SECONDS`."""
        if self.shown and self.clock() - self._last_touch >= IDLE_SECONDS:
            self.hide()

    def follow(self, frame: Frame) -> None:
        """A new frame: the shown readout takes its numbers, or goes when the network or data changed."""
        if self.readout is None or self._frame is None or frame is self._frame:
            return
        if still_valid(self._frame, frame):
            self._show(frame, self.readout.point)
        else:
            self.hide()

    def _on_frame(self, packet: FramePacket) -> None:
        self.follow(packet.frame)

    def _on_opened(self, *_: object) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape anywhere in the window hides the readout (and still reaches whoever else wants it)."""
        if (self.shown and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            self.hide()
        return False

    def text(self) -> str:
        """The readout as shown (plain text), for tests."""
        import html  # lazy: loaded with the first readout (start-up time, issue 23)

        return html.unescape(self.box.text().replace("<br>", "\n").replace("<b>", "").replace("</b>", ""))
