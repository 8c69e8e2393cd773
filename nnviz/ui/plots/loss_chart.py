"""LossChart: train and test loss per epoch, and accuracy below it for classification."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.data import nice_ceiling
from nnviz.session.frame import Frame
from nnviz.ui import colors
from nnviz.ui.plots.deferred_canvas import new_canvas, part_on_demand
from nnviz.ui.plots.loss_legend import LossLegend, legend_html
from nnviz.ui.plots.loss_scale import loss_range, runaway, shown_losses
from nnviz.ui.plots.pinned_curves import PinnedCurve, PinnedCurves
from nnviz.ui.plots.value_axis_room import LEFT_AXIS_WIDTH, fit_value_axes, value_axis_widths
from nnviz.ui.style import paint_white

if TYPE_CHECKING:
    import pyqtgraph as pg

# train dark and solid, test light and dashed: two hues that also differ in greyscale (luma ~70 vs ~170)
TRAIN_COLOR = QColor(0x1F, 0x4E, 0x79)  # dark blue: training set, in both plots
TEST_COLOR = QColor(0xE0, 0x8A, 0x2E)  # amber, dashed: test set
PLOT_MIN_WIDTH = 100  # px: the least width of a plot area (inside its axes)
PLOT_TICK_ROWS = 3.0  # a plot area is legible when three tick numbers fit above each other on its value axis
PLOT_MIN_HEIGHT = 36  # px: the least height of a plot area at any text size
PLOT_CHROME = 20  # px of margins and spacing around a plot area in the canvas
STACKED, BESIDE, ALONE = "stacked", "beside", "alone"  # accuracy below the loss, to its right, or not shown
_AXIS_PEN = QColor(0x8A, 0x91, 0x99)
CURSOR_COLOR = QColor(0x6A, 0x3D, 0x9A)  # purple: the epoch shown from the timeline
_AXIS_TEXT = QColor(*colors.TEXT)
# the pyqtgraph parts, made by `build()`: the app paints its first frame before it loads pyqtgraph (issue 23)
_CANVAS_PARTS = frozenset({"canvas", "plot_item", "train_curve", "test_curve", "accuracy_item",
                           "train_accuracy_curve", "test_accuracy_curve", "cursors", "pinned"})


def _style(plot: pg.PlotItem, y_label: str) -> None:
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setClipToView(True)
    plot.setDownsampling(auto=True, mode="peak")
    plot.disableAutoRange()  # ranges move in nice steps (see _update_ranges): axes rarely re-layout
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(_AXIS_PEN)
        axis.setTextPen(_AXIS_TEXT)
        axis.enableAutoSIPrefix(False)
    plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
    plot.setLabel("left", y_label, color=_AXIS_TEXT.name())


LOSS_TITLE, RUNAWAY_TITLE = "loss", "loss (log)"  # the loss axis' title; the second while a runaway makes it log


def _pen(color: QColor, dashed: bool) -> QPen:
    """A 1 px cosmetic pen (dashed for the test set)."""
    import pyqtgraph as pg  # lazy: with the chart's canvas (issue 23)

    pen = pg.mkPen(color, width=1)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class LossChart(QWidget):
    """Loss curves (train, test) per recorded epoch; accuracy in a second plot for classification.

    It is also the run's timeline: a click or a drag on it asks for that epoch
    (`epochPicked`), and the epoch shown is drawn as a line through both plots.
    """

    epochPicked = Signal(int)  # the user clicked or dragged to this epoch

    def __init__(self, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        """deferred: make the pyqtgraph parts only when `build()` is called (the app: after its first paint)."""
        super().__init__(parent)
        paint_white(self)
        self.legend = LossLegend(_AXIS_TEXT, self)
        self.summary: QLabel = self.legend.label
        self._stand_in = QWidget(self)  # white, where the canvas goes: the legend and the size are right at once
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.legend)
        layout.addWidget(self._stand_in, 1)
        self.built = False
        self._frame: Frame | None = None
        self._pins: tuple[PinnedCurve, ...] = ()
        self._cursor: float | None = None
        self._arrangement = ALONE
        self._classify = True
        self._key: tuple = ()
        self._ranges: tuple = ()
        self._log = False  # the user's choice (the Log scale box)
        self._runaway = False  # the losses diverged: the axis is log whatever the box says (see runaway)
        self._y_top = 0.0  # the loss axis only grows upward during one run
        self._run: tuple = ()  # (structure version, problem): another run's curves start a new axis
        self._last_epoch = -1.0
        if not deferred:
            self.build()

    def __getattr__(self, name: str) -> object:
        """A pyqtgraph part read before `build()` builds the chart (tests and features may read them at once)."""
        return part_on_demand(self, name, _CANVAS_PARTS)

    def build(self) -> None:
        """Make the pyqtgraph canvas and draw what was given so far (idempotent)."""
        if self.built:
            return
        self.built = True
        self.canvas = new_canvas(self, (2, 4, 8, 2))
        import pyqtgraph as pg  # lazy: loaded by new_canvas, after the first paint (issue 23)

        from nnviz.ui.plots.kept_axis import KeptAxis  # lazy: pyqtgraph classes, with the canvas
        from nnviz.ui.plots.live_curve import LiveCurve
        from nnviz.ui.plots.sparse_axis import SparseAxis

        cast(QVBoxLayout, self.layout()).replaceWidget(self._stand_in, self.canvas)
        self._stand_in.deleteLater()

        axes = {"left": SparseAxis("left"), "bottom": SparseAxis("bottom")}
        self.plot_item: pg.PlotItem = self.canvas.addPlot(row=0, col=0, axisItems=axes,
                                                          viewBox=pg.ViewBox(enableMenu=False))  # no menu to build
        _style(self.plot_item, LOSS_TITLE)
        self.train_curve, self.test_curve = LiveCurve(_pen(TRAIN_COLOR, False)), LiveCurve(_pen(TEST_COLOR, True))
        self.plot_item.addItem(self.train_curve)
        self.plot_item.addItem(self.test_curve)

        self.accuracy_item = pg.PlotItem(viewBox=pg.ViewBox(enableMenu=False),
                                         axisItems={"bottom": SparseAxis("bottom"), "left": KeptAxis("left")})
        _style(self.accuracy_item, "accuracy")
        self.accuracy_item.setYRange(0.0, 1.0, padding=0.04)
        self.accuracy_item.getAxis("left").setTicks([[(0.0, "0 %"), (0.5, "50 %"), (1.0, "100 %")]])
        self.accuracy_item.setXLink(self.plot_item)
        self.train_accuracy_curve = LiveCurve(_pen(TRAIN_COLOR, False))
        self.test_accuracy_curve = LiveCurve(_pen(TEST_COLOR, True))
        self.accuracy_item.addItem(self.train_accuracy_curve)
        self.accuracy_item.addItem(self.test_accuracy_curve)
        self._arrange()

        for item in (self.plot_item, self.accuracy_item):
            item.vb.sigResized.connect(lambda _vb: self._fit_titles())  # GUI thread: the chart's own views
        self.plot_item.vb.sigYRangeChanged.connect(lambda *_: self._fit_titles())  # other numbers beside the title
        self.cursors = [pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(CURSOR_COLOR, width=2))
                        for _ in range(2)]
        self.plot_item.addItem(self.cursors[0], ignoreBounds=True)
        self.accuracy_item.addItem(self.cursors[1], ignoreBounds=True)
        self.show_cursor(self._cursor)
        self.canvas.viewport().installEventFilter(self)
        self.pinned = PinnedCurves(self.plot_item, self.accuracy_item)
        if self.log_shown:
            self.plot_item.setLogMode(x=False, y=True)
        self.pinned.set_curves(self._pins, self.log_shown)
        self._update_ranges()
        if self._frame is not None:
            self.set_frame(self._frame)
        self.relayout()
        if self.isVisible():
            self.canvas.show()

    # --- public ----------------------------------------------------------------------------
    def set_frame(self, frame: Frame) -> None:
        """Redraw the curves when the history changed; always refresh the summary line."""
        self._frame = frame
        h = frame.history
        n = len(h)
        if not self.built:
            self._set_summary(frame)  # the legend is a label: it shows from the first paint
            return
        key = (frame.structure_version, frame.problem, n, float(h.epoch[-1]) if n else -1.0,
               float(h.epoch[0]) if n else -1.0)
        if key != self._key:
            self._key = key
            self._redraw(frame)
        self._set_summary(frame)

    def set_log_scale(self, on: bool) -> None:
        """Log-scale the loss axis."""
        was = self.log_shown
        self._log = bool(on)
        if not self.built:
            return
        self._show_log(was)
        self._update_ranges()

    def set_pinned(self, curves: tuple[PinnedCurve, ...]) -> None:
        """Draw pinned runs' curves, lighter, each labelled by what differs."""
        self._pins = curves
        if not self.built:
            return
        self.pinned.set_curves(curves, self.log_shown)
        self._update_ranges()

    def show_cursor(self, epoch: float | None) -> None:
        """Draw the line of the epoch shown through both plots (None: the live run, no line)."""
        self._cursor = epoch
        if not self.built:
            return
        for line in self.cursors:
            line.setVisible(epoch is not None)
            if epoch is not None:
                line.setValue(float(epoch))

    def epoch_at(self, pos: QPointF) -> int | None:
        """The epoch under a point of the canvas (None outside the plots or before any history)."""
        if not self.built:
            return None
        scene = self.canvas.mapToScene(pos.toPoint())
        for item in (self.plot_item, self.accuracy_item):
            if item.scene() is not None and item.vb.sceneBoundingRect().contains(scene):
                x = self.train_curve.given[0]
                if not len(x):
                    return None
                epoch = item.vb.mapSceneToView(scene).x()
                return round(min(max(epoch, 0.0), float(x[-1])))
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A press or a drag with the left button on the plots picks an epoch."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove) and isinstance(event, QMouseEvent) \
                and event.buttons() & Qt.MouseButton.LeftButton:
            epoch = self.epoch_at(event.position())
            if epoch is not None:
                self.epochPicked.emit(epoch)
                return True
        return super().eventFilter(watched, event)

    @property
    def log_scale(self) -> bool:
        """Whether the user asked for a log-scaled loss axis."""
        return self._log

    @property
    def log_shown(self) -> bool:
        """Whether the loss axis is drawn log-scaled: asked for, or the losses ran away (see runaway)."""
        return self._log or self._runaway

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Accuracy below the loss plot when there is the height, beside it when there is the width."""
        super().resizeEvent(event)
        self.relayout()

    def relayout(self) -> None:
        """Fit the plots to the chart's size and text sizes (call after the axes' fonts change)."""
        plot, axis = self._plot_min_height(), self._bottom_axis_height()
        least_width = self._beside_width() if self._classify else PLOT_MIN_WIDTH + self._value_axis_width()
        (self.canvas if self.built else self._stand_in).setMinimumSize(least_width, plot + axis + PLOT_CHROME)
        self.legend.fit(least_width)  # the legend is never squeezed under the plots
        if self.built:
            self._arrange()
            self._fit_titles()

    # --- drawing ---------------------------------------------------------------------------
    def _plot_min_height(self) -> int:
        """Three tick numbers above each other on the value axis."""
        tick = (self.plot_item.getAxis("left").style.get("tickFont") if self.built else None) or self.font()
        return max(PLOT_MIN_HEIGHT, math.ceil(PLOT_TICK_ROWS * QFontMetricsF(tick).height()))

    def _fit_titles(self) -> None:
        """The value axes' width and upright titles: each title where it fits its plot's height and misses the
        numbers, the axes widened for the titles where the chart has the width (see value_axis_room)."""
        loss_title = RUNAWAY_TITLE if self._runaway and not self._log else LOSS_TITLE
        columns = 2 if self._arrangement == BESIDE else 1
        # the chart's width, which the canvas spans (the canvas' own is not laid out yet just after build())
        fit_value_axes(((self.plot_item, loss_title), (self.accuracy_item, "accuracy")), self.font(),
                       lambda width: self.width() >= columns * (PLOT_MIN_WIDTH + width + PLOT_CHROME // 2),
                       _AXIS_TEXT.name())

    def _bottom_axis_height(self) -> int:
        tick: QFont | None = None
        title = self.font()  # pyqtgraph's axis title takes the application's font
        if self.built:
            axis = self.plot_item.getAxis("bottom")
            tick, title = axis.style.get("tickFont"), axis.label.font()
        # as pyqtgraph lays the axis out: tick numbers, their offset and tick length, 0.8 of the title's height
        return math.ceil(QFontMetricsF(tick or self.font()).height() + 7 + 0.8 * QFontMetricsF(title).height())

    def _beside_width(self) -> int:
        return 2 * (PLOT_MIN_WIDTH + self._value_axis_width() + PLOT_CHROME // 2)

    def _value_axis_width(self) -> int:
        """LEFT_AXIS_WIDTH, or what the widest tick numbers need in the axes' font (presentation size): pyqtgraph
        leaves out a number that does not fit its axis (a projector showed only the loss axis' 0)."""
        return value_axis_widths(self.plot_item.getAxis("left"), self.font())[0] if self.built else LEFT_AXIS_WIDTH

    def _wanted_arrangement(self) -> str:
        if not self._classify:
            return ALONE
        plot, axis = self._plot_min_height(), self._bottom_axis_height()
        if self.canvas.height() >= 2 * (plot + PLOT_CHROME) + axis:
            return STACKED
        return BESIDE if self.canvas.width() >= self._beside_width() else ALONE

    def _arrange(self) -> None:
        wanted = self._wanted_arrangement()
        if wanted == self._arrangement:
            return
        ci = self.canvas.ci
        if self._arrangement != ALONE:
            ci.removeItem(self.accuracy_item)
        stacked = wanted == STACKED
        if wanted != ALONE:
            ci.addItem(self.accuracy_item, row=1 if stacked else 0, col=0 if stacked else 1)
            self.accuracy_item.setLabel("bottom", "epoch", color=_AXIS_TEXT.name())
        # a row or column left empty keeps the share its stretch gives it: give it none
        for row_or_column, shares in ((ci.layout.setRowStretchFactor, (3, 2 if stacked else 0)),
                                      (ci.layout.setColumnStretchFactor, (1, 1 if wanted == BESIDE else 0))):
            for index, share in enumerate(shares):
                row_or_column(index, share)
        self.plot_item.getAxis("bottom").setStyle(showValues=not stacked)  # stacked: one epoch axis, below
        self.plot_item.setLabel("bottom", "" if stacked else "epoch", color=_AXIS_TEXT.name())
        self._arrangement = wanted

    def _redraw(self, frame: Frame) -> None:
        h = frame.history
        x = np.asarray(h.epoch, np.float64)
        self.train_curve.set_values(x, self._positive(h.train_loss))
        self.test_curve.set_values(x, self._positive(h.test_loss))
        run = (frame.structure_version, frame.problem)
        if not len(x) or float(x[-1]) < self._last_epoch or run != self._run:
            self._y_top = 0.0  # a new run (reset, a rebuild, another session, a carry-on): the axis starts afresh
        self._run = run
        self._last_epoch = float(x[-1]) if len(x) else -1.0
        classify = frame.problem != "regression"
        if classify != self._classify:
            self._classify = classify
            self.relayout()
        if classify:
            self.train_accuracy_curve.set_values(x, np.asarray(h.train_accuracy, np.float64))
            self.test_accuracy_curve.set_values(x, np.asarray(h.test_accuracy, np.float64))
        self._update_ranges()

    def _update_ranges(self) -> None:
        """Set the view ranges, only when they step to new nice values."""
        x, train = self.train_curve.given
        was, self._runaway = self.log_shown, False
        if not len(x):
            ranges: tuple = (0.0, 10.0, 0.0, 1.0)
            self._show_log(was)
        else:
            test = self.test_curve.given[1]
            firsts = [float(v[np.isfinite(v)][0]) for v in (train, test) if np.isfinite(v).any()]
            x_max = nice_ceiling(max(float(x[-1]), self.pinned.last_epoch()))
            first = max(firsts, default=math.nan)
            self._runaway = runaway(np.concatenate([train, test]), first)  # the live run's, not a pinned one's
            self._show_log(was)
            ys = np.concatenate([train, test, self.pinned.losses()])
            y_lo, y_hi = loss_range(ys if self._runaway else shown_losses(ys, first), self.log_shown)
            if not self.log_shown:
                self._y_top = y_hi = max(y_hi, self._y_top)
            ranges = (0.0, x_max, y_lo, y_hi)
        if ranges != self._ranges:
            self._ranges = ranges
            self.plot_item.setXRange(ranges[0], ranges[1], padding=0.01)
            self.plot_item.setYRange(ranges[2], ranges[3], padding=0.02)

    def _show_log(self, was: bool) -> None:
        """Draw the loss axis log-scaled or not, as `log_shown` says now (`was`: as it was drawn)."""
        if self.log_shown == was:
            return
        self.plot_item.setLogMode(x=False, y=self.log_shown)
        self.pinned.set_curves(self.pinned.shown, self.log_shown)  # the labels sit at log10 of the loss
        self._fit_titles()  # "loss (log)" while a runaway makes it log

    @staticmethod
    def _positive(loss: np.ndarray) -> np.ndarray:
        """Losses with exact zeros lifted to a tiny value, so the log scale can show them."""
        y = np.asarray(loss, np.float64)
        return np.where(y <= 0.0, 1e-12, y) if (y <= 0.0).any() else y

    def _set_summary(self, frame: Frame) -> None:
        """The legend, outside the plot, with the latest figures: loss (and accuracy) per set."""
        self.legend.set_text(legend_html(frame, TRAIN_COLOR, TEST_COLOR),
                             "Loss · accuracy on the training and the test data" if frame.problem != "regression"
                             else "Loss on the training and the test data")
