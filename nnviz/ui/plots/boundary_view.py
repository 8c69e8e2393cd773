"""BoundaryView: the network's output over the plane as a heatmap, the data on top, a colour bar.

Left click adds a point of the selected class, right click one of the other (next)
class, Ctrl+left click removes the nearest point. Every click on the plane is published
first as `planeClicked` (a PlaneClick); features that take a gesture over reserve it, or
block point edits while they hold the clicks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from nnviz.data import PLANE_EXTENT  # PLANE_EXTENT: Playground's plane, for its generators
from nnviz.session.frame import Frame
from nnviz.ui import colors, look
from nnviz.ui.plots.colour_bar import ColourBar
from nnviz.ui.plots.deferred_canvas import new_canvas, part_on_demand
from nnviz.ui.plots.output_picture import class_picture, continuous_picture, neuron_title, point_brushes, point_symbols
from nnviz.ui.plots.plane_clicks import PlaneGestures
from nnviz.ui.plots.plane_preview import paint_preview, preview_plane, preview_points
from nnviz.ui.plots.slice_drawing import faded_brushes, set_axis_titles
from nnviz.ui.style import paint_white

if TYPE_CHECKING:
    import pyqtgraph as pg

POINT_SIZE = 8  # px
REGRESSION_BANDS = 10
SIDE_EXTRA = 100  # px of width beside the plane: left axis, colour bar, spacing
BOTTOM_EXTRA = 40  # px of height besides the plane: bottom axis, margins
TRAIN_OUTLINE = QColor(255, 255, 255)
TEST_OUTLINE = QColor(0x20, 0x24, 0x28)
_AXIS_PEN = QColor(0x8A, 0x91, 0x99)
_AXIS_TEXT = QColor(*colors.TEXT)


TITLE_MARGIN = 6  # px an axis title leaves free along the plane's side (it must not reach the colour bar)
# the pyqtgraph parts, made by `build()`: the app paints its first frame before it loads pyqtgraph (issue 23)
_CANVAS_PARTS = frozenset({"canvas", "plot_item", "_bar", "_image", "_test", "_train", "_label", "_colour_bar"})


class BoundaryView(QWidget):
    """The decision boundary (or one neuron's output) over the frame's plane (Playground's [-6, 6]²
    for its data sets), with the training and test points."""

    pointAdded = Signal(float, float, int)  # x, y, class (regression: +1 left click, -1 right click)
    pointRemoved = Signal(float, float)  # x, y: remove the point nearest to here
    planeClicked = Signal(object)  # PlaneClick, before the view adds or removes a point

    def __init__(self, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        """deferred: make the pyqtgraph parts only when `build()` is called (the app: after its first paint)."""
        super().__init__(parent)
        paint_white(self)  # until `build()`, the plane's place is plain white, as the canvas's background
        self.built = False
        self._on_built: list[Callable[[BoundaryView], None]] = []
        self._extent = PLANE_EXTENT
        self._frame: Frame | None = None
        self._scatter_key: tuple = ()
        self._discretize = False
        self._show_test = True
        self._neuron = (-1, -1)
        self._n_classes = 2
        self._problem = "binary"
        self._gestures = PlaneGestures(self.planeClicked, self.pointAdded, self.pointRemoved)
        if not deferred:
            self.build()

    def __getattr__(self, name: str) -> object:
        """A pyqtgraph part read before `build()` builds the view (tests and features may read them at once)."""
        return part_on_demand(self, name, _CANVAS_PARTS)

    def when_built(self, then: Callable[[BoundaryView], None]) -> None:
        """Call `then(view)` once the pyqtgraph parts exist (now, if they do): features add their plot items."""
        if self.built:
            then(self)
        else:
            self._on_built.append(then)

    def build(self) -> None:
        """Make the pyqtgraph canvas and draw the frame and settings given so far (idempotent)."""
        if self.built:
            return
        self.built = True
        self.canvas = new_canvas(self, (2, 8, 2, 6))
        import pyqtgraph as pg  # lazy: loaded by new_canvas, after the first paint (issue 23)

        self.canvas.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.canvas.ci.setSpacing(4)

        from nnviz.ui.plots.kept_axis import KeptAxis  # lazy: a pyqtgraph class, with the canvas

        # menus off from the start: pyqtgraph builds no context menu (a quicker launch); the axes kept as pixels
        self.plot_item: pg.PlotItem = self.canvas.addPlot(row=0, col=0, viewBox=pg.ViewBox(enableMenu=False),
                                                          axisItems={"left": KeptAxis("left"),
                                                                     "bottom": KeptAxis("bottom")})
        self._bar: pg.PlotItem = self.canvas.addPlot(row=0, col=1, viewBox=pg.ViewBox(enableMenu=False))
        self._setup_plot()
        self._colour_bar = ColourBar(self._bar, _AXIS_PEN, _AXIS_TEXT)

        from nnviz.ui.plots.opaque_image import OpaqueImageItem  # lazy: a pyqtgraph class, with the canvas

        self._image = OpaqueImageItem(axisOrder="row-major")
        self._image_shape: tuple[int, ...] = ()
        self.plot_item.addItem(self._image)
        # full-colour points on the paler heatmap; a thin outline: white for training, dark for test (Playground's)
        from nnviz.ui.plots.kept_points import KeptPointsItem  # lazy: a pyqtgraph class, with the canvas

        # kept as pixels until they change: a live frame changes the map under them, not them (issue 23)
        self._test = KeptPointsItem(size=POINT_SIZE, pxMode=True, pen=pg.mkPen(TEST_OUTLINE, width=1))
        self._train = KeptPointsItem(size=POINT_SIZE, pxMode=True, pen=pg.mkPen(TRAIN_OUTLINE, width=1))
        look.signal().changed.connect(self.restyle)
        self.plot_item.addItem(self._test)
        self.plot_item.addItem(self._train)
        self._label = pg.TextItem(anchor=(0, 0), color=_AXIS_TEXT, fill=pg.mkBrush(255, 255, 255),
                                  border=pg.mkPen(_AXIS_PEN))
        self._label.setZValue(10)
        self._label.hide()
        self.plot_item.addItem(self._label)

        self._show_extent()
        self.plot_item.getViewBox().sigResized.connect(self._fit_titles)  # the titles follow the plane
        self.canvas.scene().sigMouseClicked.connect(self._on_scene_click)
        self._test.setVisible(self._show_test)
        self._place_canvas()
        if self.isVisible():
            self.canvas.show()
        for then in self._on_built:
            then(self)
        self._on_built.clear()
        self.restyle()  # the frame given before the canvas existed

    def _setup_plot(self) -> None:
        p = self.plot_item
        p.setMenuEnabled(False)
        p.setMouseEnabled(x=False, y=False)
        p.hideButtons()
        p.setAspectLocked(True)
        p.disableAutoRange()
        for name in ("left", "bottom"):
            axis = p.getAxis(name)
            axis.setPen(_AXIS_PEN)
            axis.setTextPen(_AXIS_TEXT)

    @property
    def extent(self) -> float:
        """The plane shown is [-extent, extent]²."""
        return self._extent

    def _set_extent(self, extent: float) -> None:
        """Show the plane [-extent, extent]²: ranges, ticks, the neuron label's corner, the image's place."""
        if extent == self._extent:
            return
        self._extent = extent
        if self.built:
            self._show_extent()

    def _show_extent(self) -> None:
        e = self._extent
        p = self.plot_item
        p.setXRange(-e, e, padding=0)
        p.setYRange(-e, e, padding=0)
        ticks = [[(float(v), str(v)) for v in range(-6, 7, 2)]] if e == PLANE_EXTENT else None
        for name in ("left", "bottom"):
            p.getAxis(name).setTicks(ticks)  # None: pyqtgraph's own round ticks
        self._label.setPos(-e, e)
        self._image_shape = ()  # place the image again on the next draw

    def sizeHint(self) -> QSize:
        """Square-ish by default."""
        return QSize(440, 400)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the plane square: centre a canvas whose plot area is as large as fits."""
        super().resizeEvent(event)
        if self.built:
            self._place_canvas()

    def _canvas_rect(self) -> tuple[QRect, int]:
        """Where the canvas goes, and the side of the plane's square it is made around (px)."""
        w, h = self.width(), self.height()
        side = max(1, min(w - SIDE_EXTRA, h - BOTTOM_EXTRA))  # the plane's side in px
        cw, ch = min(w, side + SIDE_EXTRA), min(h, side + BOTTOM_EXTRA)
        return QRect((w - cw) // 2, (h - ch) // 2, cw, ch), side

    def _place_canvas(self) -> None:
        self.canvas.setGeometry(self._canvas_rect()[0])

    def paintEvent(self, event: QPaintEvent) -> None:
        """Before the plot is made: the frame's heatmap and points where the plot will draw them."""
        super().paintEvent(event)
        frame = self._frame
        if self.built or frame is None:
            return
        now = look.current()
        paint_preview(self, preview_plane(self._canvas_rect()[0]), self._extent, self._output_picture(frame)[0],
                      preview_points(frame, self._show_test), now.point_size, now.outline_width)

    def _fit_titles(self) -> None:
        """Fit the axis titles to the plane as drawn (presentation mode's larger axes leave it smaller)."""
        if self._frame is not None:
            plane = self.plot_item.getViewBox().size()
            set_axis_titles(self.plot_item, self._frame, int(min(plane.width(), plane.height())) - TITLE_MARGIN)

    # --- public ----------------------------------------------------------------------------
    def set_frame(self, frame: Frame) -> None:
        """Draw a frame: the image every time, the points only when the data changed."""
        self._frame = frame
        self._problem, self._n_classes = frame.problem, frame.n_classes
        self._set_extent(frame.extent)
        if not self.built:
            self.update()  # the preview; the plot draws it once made (`build()`)
            return
        key = (frame.data_version, frame.problem, frame.n_classes, frame.plane)
        if key != self._scatter_key:
            self._draw_points(frame)
            self._scatter_key = key
            self._fit_titles()
        self._draw_image(frame)

    def set_discretize(self, on: bool) -> None:
        """Binary: two solid colours split at the threshold; regression: bands; multi-class: solid classes."""
        self._discretize = bool(on)
        self._redraw()

    def set_show_test(self, on: bool) -> None:
        """Show or hide the test points (black outline)."""
        self._show_test = bool(on)
        if self.built:
            self._test.setVisible(self._show_test)

    def show_neuron(self, layer: int, neuron: int) -> None:
        """Show one neuron's output (layer 0..L) instead of the network's; (-1, -1) goes back."""
        self._neuron = (int(layer), int(neuron))
        self._redraw()

    def set_selected_class(self, k: int) -> None:
        """The class a left click adds (used clamped to the classes the current data has)."""
        self._gestures.set_selected_class(k)

    @property
    def selected_class(self) -> int:
        """The class a left click adds now."""
        return self._gestures.selected_class(self._n_classes)

    def reserve_gesture(self, button: Qt.MouseButton, modifier: Qt.KeyboardModifier) -> None:
        """A click with this button and modifier key is a feature's: it adds or removes no point."""
        self._gestures.reserve_gesture(button, modifier)

    def block_point_edits(self, owner: str, blocked: bool) -> None:
        """While any owner blocks them, clicks only publish planeClicked."""
        self._gestures.block_point_edits(owner, blocked)

    def click_at(self, x: float, y: float, button: Qt.MouseButton = Qt.MouseButton.LeftButton,
                 modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> bool:
        """Do what a mouse click at plane point (x, y) does; False when it did nothing."""
        return self._gestures.click_at(x, y, button, modifiers, self._extent, self._problem, self._n_classes)

    def panel_pixels(self) -> float:
        """How wide the plane is drawn now, in device pixels (the output heatmap needs no more cells)."""
        if not self.built:  # about the side `_place_canvas` will give it
            return max(1, min(self.width() - SIDE_EXTRA, self.height() - BOTTOM_EXTRA)) * self.devicePixelRatioF()
        return float(self.plot_item.vb.width() * self.devicePixelRatioF())

    # --- drawing ---------------------------------------------------------------------------
    def _redraw(self) -> None:
        if self._frame is not None and self.built:
            self._draw_image(self._frame)

    def _draw_image(self, frame: Frame) -> None:
        layer, neuron = self._neuron
        if layer >= 0 and not (layer < len(frame.neuron_grids) and 0 <= neuron < frame.neuron_grids[layer].shape[0]):
            layer, neuron = self._neuron = (-1, -1)
        if layer >= 0:
            grid = frame.neuron_grid(layer, neuron)
            activation = "" if layer == 0 else frame.activations[layer - 1]
            lo, hi = (float(v[0]) for v in colors.activation_levels(activation, grid[None]))
            rgba, bar = continuous_picture(grid, lo, hi, 2 if self._discretize else 0)
            self._label.setText(neuron_title(frame, layer, neuron))
            self._label.show()
        else:
            self._label.hide()
            rgba, bar = self._output_picture(frame)
        self._image.setImage(rgba, autoLevels=False)  # no levels: the bytes as they are (opaque_image.py)
        if rgba.shape != self._image_shape:  # setRect needs the image's size
            e = self._extent
            self._image.setRect(QRectF(-e, -e, 2 * e, 2 * e))
            self._image_shape = rgba.shape
        self._colour_bar.show(self._neuron != (-1, -1), *bar)

    def _output_picture(self, frame: Frame) -> tuple[np.ndarray, tuple]:
        """The network's output over the plane (R, R, 4) and the colour bar's spec."""
        if frame.problem == "multiclass":
            return class_picture(frame, self._discretize)
        lo, hi = frame.output_range
        bands = 0 if not self._discretize else (REGRESSION_BANDS if frame.problem == "regression" else 2)
        return continuous_picture(frame.boundary(), lo, hi, bands)

    def restyle(self) -> None:
        """Draw again with the current look (high contrast, presentation size)."""
        self._scatter_key = ()
        if self.built:
            self._colour_bar.forget()
        if self._frame is not None and self.built:
            self.set_frame(self._frame)

    def _draw_points(self, frame: Frame) -> None:
        import pyqtgraph as pg  # lazy: loaded by `build()`, which alone calls this

        now = look.current()
        for item, pts, labels, far, outline in (
                (self._train, frame.train_points, frame.train_labels, frame.train_distance, now.train_outline),
                (self._test, frame.test_points, frame.test_labels, frame.test_distance, now.test_outline)):
            brushes = faded_brushes(point_brushes(frame, labels), far)
            item.setData(pos=np.asarray(pts, np.float64).reshape(-1, 2), brush=brushes,
                         symbol=point_symbols(frame, labels), size=now.point_size,
                         pen=pg.mkPen(outline, width=now.outline_width))
        self._test.setVisible(self._show_test)

    # --- mouse -----------------------------------------------------------------------------
    def _on_scene_click(self, event: object) -> None:
        ev = event  # pyqtgraph MouseClickEvent
        if ev.double():  # type: ignore[attr-defined]
            return
        pos = ev.scenePos()  # type: ignore[attr-defined]
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(pos):
            return
        p = vb.mapSceneToView(pos)
        if self.click_at(p.x(), p.y(), ev.button(), ev.modifiers()):  # type: ignore[attr-defined]
            ev.accept()  # type: ignore[attr-defined]
