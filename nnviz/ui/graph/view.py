"""NetworkGraphView: the network as columns of heatmap nodes joined by weight-coloured edges.

Items are built once per network shape; later frames only recolour them in place.
A left click on a neuron, an edge or a bias marker is published as `targetClicked`
(a NeuronRef, EdgeRef or BiasRef); then, unless a feature blocks edits, an edge or a
bias marker opens the inline editor (`graph/click_edits.py`), whose answer `edit` emits as
weightEdited/biasEdited. Labels and buttons are made by `graph/labels.py`; names and tooltip texts
by `graph/tooltips.py`.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QMouseEvent, QPainter, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from nnviz.session.frame import Frame
from nnviz.session.graph_refs import BiasRef, EdgeRef, EditTarget, GraphRef, NeuronRef
from nnviz.ui import colors, look
from nnviz.ui.graph.click_edits import ClickEdits
from nnviz.ui.graph.edge_layers import Gate, never_wait
from nnviz.ui.graph.edges_item import EdgesItem
from nnviz.ui.graph.items import ButtonItem, NodesItem
from nnviz.ui.graph.labels import (
    INPUT_PT,
    HeaderRows,
    add_labels,
    add_legend,
    class_labels_width,
    column_spacing,
    input_labels,
    label_font,
)
from nnviz.ui.graph.layout import (
    BOTTOM,
    COL_PITCH,
    LEFT_MARGIN,
    MAX_SHOWN,
    GraphLayout,
    make_layout,
    max_edge_width,
)
from nnviz.ui.graph.neuron_thumbnails import ThumbnailBuffers, network_thumbnails, stride_for
from nnviz.ui.graph.tooltips import tooltip_text
from nnviz.ui.plain_text import plain_tooltip

MAX_SCALE = 1.6  # never blow the drawing up more than this
MAX_CHROME = 1.8  # labels and buttons grow at most this much when the drawing is shown small
LEGIBLE = 0.95  # labels drawn smaller than this (x their nominal size) switch to compact column labels
WRAP_GAIN = 1.05  # long input labels break onto two lines when that draws the text this much larger
HIT_PX = 4.0  # mouse slack around edges and markers, in screen px

Hit = ButtonItem | GraphRef | None  # what is under the mouse


class NetworkGraphView(QGraphicsView):
    """The network graph: node heatmaps, weight edges, bias markers, +/- neuron buttons, edits."""

    weightEdited = Signal(object, float)  # EdgeRef, value
    biasEdited = Signal(object, float)  # BiasRef, value
    targetClicked = Signal(object)  # NeuronRef, EdgeRef or BiasRef under a left click
    neuronHovered = Signal(int, int)  # layer 0..L, neuron; (-1, -1) when the mouse leaves
    neuronCountChangeRequested = Signal(int, int)  # hidden layer 0-based, +1 or -1
    rebuilt = Signal()  # the scene was cleared and drawn anew (overlays add their items again)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor(255, 255, 255))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        # the viewport made here, not read back: PySide6 would build every QtWidgets class (and its enums, ~50 ms)
        # to find the type of the one QAbstractScrollArea made
        viewport = QWidget()
        self.setViewport(viewport)
        viewport.setMouseTracking(True)
        # the view fills every repainted pixel with its white background brush first: Qt need not fill the
        # viewport's palette colour under it (~0.1 ms a repaint of the neurons, 16 a second while training)
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._layout: GraphLayout | None = None
        self._key: tuple = ()
        self._frame: Frame | None = None
        self._nodes: NodesItem | None = None
        self._thumbnail_buffers = ThumbnailBuffers()  # the thumbnails are mapped in the same arrays every frame
        self._edges: EdgesItem | None = None
        self._buttons: list[ButtonItem] = []
        self._edge_weights = np.zeros(0)
        self._bias_indices = np.zeros(0, np.intp)  # the colour indices the bias markers show, in _bias_nodes' order
        self._bias_nodes = np.zeros(0, np.intp)  # the nodes with a drawn bias marker: every shown non-input neuron
        self._max_width = 10.0
        self._hover_node = (-1, -1)
        self._hover_button: ButtonItem | None = None
        look.signal().changed.connect(self.restyle)
        self._chrome = 1.0  # labels and buttons are scaled by this so they stay readable when drawn small
        self._plan_size = QSize()
        self._editing = ClickEdits(self.viewport(), self.edit)
        self._edge_gate: Gate = never_wait  # the live edges' steps wait while it says so (the window's)

    # --- public ------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        """A comfortable default size."""
        return QSize(720, 440)

    def restyle(self) -> None:
        """Build the drawing again with the current look (presentation size, high contrast)."""
        self._key = ()
        if self._frame is not None:
            self.set_frame(self._frame)

    def set_frame(self, frame: Frame, edges: bool = True, live: bool = False, thumbnails: bool = True) -> None:
        """Draw a frame: rebuild only when the shape changed, else recolour in place.

        With edges False (training runs and the edges were stroked a moment ago) the edges keep the
        weights they show and only the neurons are recoloured; with thumbnails False (training runs and they
        were coloured a frame ago) the neurons keep the pictures and bias colours they show, and the graph need
        not repaint; a rebuilt drawing always gets both.
        live (a running frame): new edges are stroked between events and shown when done, not in the paint: with
        the next frame that recolours the neurons (the graph repaints then anyway; shown in a frame of their own
        they cost a repaint of the whole drawing, ~5 a second: issue 23), or after SHOW_WITHIN_MS.
        """
        key = (frame.structure_version, frame.sizes, frame.feature_names, frame.problem, frame.activations)
        if key != self._key or self._layout is None or self._layout.sizes != frame.sizes:
            self._rebuild(frame)
            self._key = key
            edges = thumbnails = True
        self._frame = frame
        self._recolour(frame, edges, live, thumbnails)

    def set_edge_gate(self, gate: Gate) -> None:
        """Have a live frame's edge strokes between events wait while `gate` says so (and resume when it calls back):
        the window holds them while a repaint for the user's input or a frame is pending (issue 23)."""
        self._edge_gate = gate
        if self._edges is not None:
            self._edges.set_gate(gate)

    def edit(self, target: EditTarget, value: float) -> None:
        """Ask for a weight or a bias to become value: emits weightEdited or biasEdited."""
        if isinstance(target, EdgeRef):
            self.weightEdited.emit(target, float(value))
        else:
            self.biasEdited.emit(target, float(value))

    def block_edits(self, owner: str, blocked: bool) -> None:
        """While any owner blocks them, clicks on edges and bias markers only publish targetClicked."""
        self._editing.block(owner, blocked)

    def thumbnail_pixels(self) -> float:
        """How wide a neuron's thumbnail is drawn now, in device pixels (its heatmap needs no more cells)."""
        if self._layout is None:
            return 0.0
        return self._layout.node * self.transform().m11() * self.devicePixelRatioF()

    @property
    def graph_layout(self) -> GraphLayout | None:
        """The geometry of the drawn network (None before the first frame)."""
        return self._layout

    # --- building ----------------------------------------------------------------------
    def _plan(self, frame: Frame) -> tuple[GraphLayout, float, bool, bool]:
        """The layout for the view's size, the chrome scale that keeps labels readable, whether the column
        labels are compact (when full ones would be drawn smaller than LEGIBLE) and whether long input labels
        break onto two lines (when the text would be drawn under its size and breaking draws it larger: a tall,
        narrow view has the height for it)."""
        best = (*self._plan_with(frame, compact=False, wrap=False), False, False)
        if best[2] < LEGIBLE and len(frame.sizes) > 2:
            tight = (*self._plan_with(frame, compact=True, wrap=False), True, False)
            if tight[2] > best[2]:
                best = tight
        shown = min(frame.sizes[0], MAX_SHOWN)
        if best[2] < 1.0 and input_labels(frame, shown, True) != input_labels(frame, shown, False):
            wrapped = (*self._plan_with(frame, compact=best[3], wrap=True), best[3], True)
            if wrapped[2] > WRAP_GAIN * best[2]:
                best = wrapped
        return best[0], best[1], best[3], best[4]

    def _plan_with(self, frame: Frame, compact: bool, wrap: bool) -> tuple[GraphLayout, float, float]:
        """(layout, chrome, labels' size on screen relative to their nominal size)."""
        vw, vh = max(1, self.viewport().width()), max(1, self.viewport().height())
        metrics = QFontMetricsF(label_font(self.font(), INPUT_PT))
        lines = [line for text in input_labels(frame, min(frame.sizes[0], MAX_SHOWN), wrap)
                 for line in text.splitlines()]
        label_w = max((metrics.horizontalAdvance(line) for line in lines), default=0.0)
        label_h = 2 * metrics.lineSpacing() + 6 if wrap else 0.0  # a node's pitch holds its two-line label
        spacing = column_spacing(self.font(), frame, compact)
        header = HeaderRows.of(self.font(), compact).height
        right = 20.0 + class_labels_width(self.font(), frame)  # the class names right of the output column
        left = label_w + 14 if compact else max(LEFT_MARGIN, label_w + 14)
        floor = 0.0 if compact else COL_PITCH[0]
        chrome, lay, scale = 1.0, make_layout(frame.sizes, vw / vh, min_v_pitch=label_h, header=header), 1.0
        for _ in range(3):  # the drawing's scale depends on the layout, which depends on the chrome
            scale = min(vw / (lay.width + right * chrome), vh / (lay.height + BOTTOM * chrome + 16), MAX_SCALE)
            chrome = min(MAX_CHROME, max(1.0, 1.0 / max(scale, 1e-6)))
            lay = make_layout(frame.sizes, vw / vh, chrome, left * chrome, min_pitch=max(floor, spacing * chrome),
                              min_v_pitch=label_h * chrome, header=header)
        scale = min(vw / (lay.width + right * chrome), vh / (lay.height + BOTTOM * chrome + 16), MAX_SCALE)
        return lay, chrome, chrome * scale

    def _rebuild(self, frame: Frame) -> None:
        self._editing.close()
        if self._edges is not None:
            self._edges.stop_building()  # its item goes with the scene
        scene = self.scene()
        scene.clear()
        self._buttons.clear()
        self._hover_button = None
        lay, self._chrome, compact, wrap = self._plan(frame)
        self._layout = lay
        self._plan_size = self.viewport().size()
        self._max_width = max_edge_width(lay)
        self._edges = EdgesItem(lay.edge_xy, lay.edge_layer)
        self._edges.set_gate(self._edge_gate)
        scene.addItem(self._edges)
        self._nodes = NodesItem(lay.node_x, lay.node_y, lay.node, lay.bias,
                                [i >= lay.shown[0] and not lay.compact for i in range(lay.n_nodes)])
        self._bias_indices = np.zeros(0, np.intp)
        self._bias_nodes = np.concatenate([lay.first[layer] + np.arange(lay.shown[layer])
                                           for layer in range(1, len(lay.shown))]).astype(np.intp)
        scene.addItem(self._nodes)
        self._buttons = add_labels(scene, self.font(), self._chrome, frame, lay, compact, wrap)
        add_legend(scene, self.font(), self._chrome, lay.width, lay.height + 6 * self._chrome)
        self._hover_node = (-1, -1)
        self._fit()
        self.rebuilt.emit()

    # --- per frame -----------------------------------------------------------------------
    def _recolour(self, frame: Frame, edges: bool = True, live: bool = False, thumbnails: bool = True) -> None:
        lay = self._layout
        assert lay is not None and self._edges is not None
        if thumbnails:  # edges stroked between events since the last repaint show with the neurons' next one
            self._edges.show_built()
        last = len(frame.sizes) - 1
        step = stride_for(frame.neuron_grids[0].shape[-1])  # the thumbnails' own grid, not the output's
        nodes, buffers = self._nodes, self._thumbnail_buffers  # the source holds no reference to the view
        assert nodes is not None
        if thumbnails:
            nodes.set_pixels_from(lambda: network_thumbnails(frame.neuron_grids, ("", *frame.activations), lay.shown,
                                                             step, class_output=frame.problem == "multiclass",
                                                             buffers=buffers))
        if thumbnails and not lay.compact:  # compact columns draw no bias markers; they keep the thumbnails' pace
            # every drawn bias at once, in the order of self._bias_nodes: one pass, not one per layer
            indices = colors.weight_index(np.concatenate([frame.biases[layer - 1][:lay.shown[layer]]
                                                          for layer in range(1, last + 1)]))
            changed = np.flatnonzero(indices != self._bias_indices) if len(indices) == len(self._bias_indices) \
                else np.arange(len(indices))
            if len(changed):  # else the same colours again
                self._bias_indices = indices
                nodes.set_bias_colors(self._bias_nodes[changed].tolist(),
                                      [colors.weight_color_at(ci) for ci in indices[changed].tolist()])
        if not edges:
            return
        parts = [w[: lay.shown[k + 1], : lay.shown[k]].ravel() for k, w in enumerate(frame.weights)]
        self._edge_weights = np.concatenate(parts) if parts else np.zeros(0)
        self._edges.set_weights(self._edge_weights, self._max_width, later=live)

    # --- geometry and input ------------------------------------------------------------
    def _fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-10, -8, 10, 8)
        if rect.isEmpty():
            return
        self.setSceneRect(rect)
        vw, vh = max(1, self.viewport().width()), max(1, self.viewport().height())
        s = min(vw / rect.width(), vh / rect.height(), MAX_SCALE)
        self.resetTransform()
        self.scale(s, s)
        self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the whole network in view; re-plan the layout when the view's shape changed a lot."""
        super().resizeEvent(event)
        frame, old = self._frame, self._plan_size
        if frame is not None and self._layout is not None and old.width() > 0 and old.height() > 0:
            new = self.viewport().size()
            ratio = (new.width() / new.height()) / (old.width() / old.height()) if new.height() else 1.0
            shrink = min(new.width() / old.width(), new.height() / old.height())
            if abs(ratio - 1.0) > 0.08 or (self._chrome > 1.0 and abs(shrink - 1.0) > 0.08) \
                    or (self._chrome == 1.0 and shrink < 0.92):
                self._rebuild(frame)
                self._recolour(frame)
                return
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """The drawing is fixed: no scrolling."""
        event.ignore()

    def _hit(self, p: QPointF) -> Hit:
        """What is under a scene point: a +/- button, a bias marker, a neuron, an edge, or None."""
        lay = self._layout
        if lay is None:
            return None
        for b in self._buttons:
            if b.contains_scene(p):
                return b
        slack = HIT_PX / max(self.transform().m11(), 1e-6)
        x, y = p.x(), p.y()
        node = lay.hit_bias(x, y, slack / 2)
        if node >= 0:
            return BiasRef(*lay.node_of(node))
        node = lay.hit_node(x, y)
        if node >= 0:
            return NeuronRef(*lay.node_of(node))
        widths = self._edges.widths if self._edges is not None else 1.0
        edge = lay.hit_edge(x, y, np.asarray(widths) / 2 + slack, np.abs(np.nan_to_num(self._edge_weights)))
        if edge < 0:
            return None
        return EdgeRef(int(lay.edge_layer[edge]), int(lay.edge_src[edge]), int(lay.edge_dst[edge]))

    def _set_hover(self, hit: Hit) -> None:
        node = (-1, -1)
        if isinstance(hit, NeuronRef | BiasRef):
            node = (hit.layer, hit.neuron)
        if node != self._hover_node:
            lay = self._layout
            if lay is not None and self._nodes is not None:
                self._nodes.set_hovered(lay.node_id(*node) if node != (-1, -1) else -1)
            self._hover_node = node
            self.neuronHovered.emit(*node)
        if self._edges is not None and self._layout is not None:
            self._edges.set_highlight(self._layout.edge_id(hit.layer, hit.src, hit.dst)
                                      if isinstance(hit, EdgeRef) else -1)
        button = hit if isinstance(hit, ButtonItem) else None
        if button is not self._hover_button:
            if self._hover_button is not None:
                self._hover_button.set_state(hovered=False)
            if button is not None:
                button.set_state(hovered=True)
            self._hover_button = button
        clickable = isinstance(hit, EdgeRef | BiasRef) or (button is not None and button.enabled)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Track what is hovered: node highlight, neuronHovered, edge outline."""
        self._set_hover(self._hit(self.mapToScene(event.position().toPoint())))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """The mouse left: nothing is hovered."""
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Buttons change the neuron count; edges and bias markers open the value editor."""
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            hit = self._hit(self.mapToScene(pos))
            if hit is not None and self._click(hit, pos):
                event.accept()
                return
        super().mousePressEvent(event)

    def _click(self, hit: ButtonItem | GraphRef, pos: QPoint) -> bool:
        frame = self._frame
        if self._layout is None or frame is None:
            return False
        if isinstance(hit, ButtonItem):
            if hit.enabled:
                self.neuronCountChangeRequested.emit(hit.layer, hit.sign)
            return True
        self.targetClicked.emit(hit)
        return self._editing.edit_at(hit, frame, self._layout, pos)

    # --- tooltips --------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips with the live value under the mouse."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip(self._hit(self.mapToScene(event.pos())))
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self.viewport())  # names from a file
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, hit: Hit) -> str:
        """The tooltip text for a hit (see `graph_tooltips.tooltip_text`)."""
        return tooltip_text(hit, self._frame)
