"""The explain mode's drawing on top of the network graph: highlighted edges, numbers on nodes, the selection."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnviz.session.explain.phases import PhaseDisplay, short
from nnviz.session.graph_refs import NeuronRef, Selection
from nnviz.ui import colors, look
from nnviz.ui.graph.layout import GraphLayout

ACCENT = QColor(0xD6, 0x40, 0x4E)  # the selection
ACTIVE = QColor(*colors.TEXT)  # outline of the phase's layer
_BOX = QColor(255, 255, 255)
_BOX_BORDER = QColor(0x9A, 0xA1, 0xA8)
_TEXT = QColor(*colors.TEXT)
MAX_GRADIENT_WIDTH = 9.0


def number_box_left(node_x: float, side: float, width: float, layer: int, n_layers: int) -> float:
    """The left edge of a node's number box: centred on the node, but a box wider than an input (or output) node
    grows toward the edges only, never over the input names on the left (or the class names on the right)."""
    x = node_x + side / 2 - width / 2
    if layer == 0:
        return max(x, node_x)
    if layer == n_layers - 1:
        return min(x, node_x + side - width)
    return x


class TeachOverlay(QGraphicsItem):
    """One item over the whole graph: what a phase shows, drawn from a PhaseDisplay and the graph's layout."""

    def __init__(self, layout: GraphLayout) -> None:
        super().__init__()
        self.setZValue(20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._layout = layout
        self._display = PhaseDisplay()
        self._selection: Selection = None
        self._rect = QRectF(0, 0, layout.width + 80, layout.height + 40)
        scale = look.current().text_scale  # presentation mode: numbers read from the back of the room
        self._font = QFont()
        self._font.setPointSizeF(7.0 * scale)
        self._small = QFont(self._font)
        self._small.setPointSizeF(6.5 * scale)

    def boundingRect(self) -> QRectF:
        """The whole drawing."""
        return self._rect

    def show_display(self, display: PhaseDisplay, selection: Selection) -> None:
        """Draw a phase's display with a selection."""
        self._display, self._selection = display, selection
        self.update()

    # --- painting ----------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """Edges first, then node outlines and numbers, then the selection."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_edges(painter)
        self._paint_nodes(painter)
        self._paint_selection(painter)

    def _edge_line(self, layer: int, src: int, dst: int) -> QLineF | None:
        e = self._layout.edge_id(layer, src, dst)
        if e < 0:
            return None
        return QLineF(*map(float, self._layout.edge_xy[e]))

    def _edge_pen(self, value: float, scale: float) -> QPen:
        d = self._display
        if d.edge_kind == "gradient":  # coloured by sign, thickness by size within the layer
            color = QColor(*(colors.BLUE if value > 0 else colors.ORANGE)) if value != 0 else QColor(*colors.GREY)
            width = 1.0 + (MAX_GRADIENT_WIDTH - 1.0) * min(1.0, abs(value) / scale) if scale > 0 else 1.0
        else:
            color = colors.weight_color(value)
            width = float(colors.edge_width(value))
        pen = QPen(color, max(1.0, width))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    def _paint_edges(self, painter: QPainter) -> None:
        d = self._display
        if not d.edge_values:
            return
        scales: dict[int, float] = {}
        for (layer, _, _), v in d.edge_values.items():
            scales[layer] = max(scales.get(layer, 0.0), abs(v))
        order = sorted(d.edge_values.items(), key=lambda kv: abs(kv[1]))
        for (layer, src, dst), value in order:
            line = self._edge_line(layer, src, dst)
            if line is not None:
                painter.setPen(self._edge_pen(value, scales[layer]))
                painter.drawLine(line)

    def _paint_nodes(self, painter: QPainter) -> None:
        lay, d = self._layout, self._display
        side = lay.node
        if 0 <= d.active_layer < len(lay.sizes):
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ACTIVE, 2.5))
            for j in range(lay.shown[d.active_layer]):
                i = lay.node_id(d.active_layer, j)
                painter.drawRect(QRectF(lay.node_x[i] - 2, lay.node_y[i] - 2, side + 4, side + 4))
        painter.setFont(self._font)
        metrics = QFontMetricsF(self._font)
        for (layer, j), text in d.node_text.items():
            if layer >= len(lay.shown) or j >= lay.shown[layer]:
                continue
            i = lay.node_id(layer, j)
            lines = text.split("\n")
            w = max(metrics.horizontalAdvance(t) for t in lines) + 6
            h = metrics.height() * len(lines) + 3
            x = number_box_left(float(lay.node_x[i]), side, w, layer, len(lay.sizes))
            y = lay.node_y[i] + side / 2 - h / 2
            box = QRectF(x, y, w, h)
            painter.setPen(QPen(_BOX_BORDER, 0.8))
            painter.setBrush(_BOX)
            painter.drawRoundedRect(box, 2.5, 2.5)
            painter.setPen(_TEXT)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_selection(self, painter: QPainter) -> None:
        sel, lay = self._selection, self._layout
        if sel is None:
            return
        if isinstance(sel, NeuronRef):
            layer, j = sel.layer, sel.neuron
            if layer < len(lay.shown) and j < lay.shown[layer]:
                i = lay.node_id(layer, j)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(ACCENT, 3.0))
                painter.drawRect(QRectF(lay.node_x[i] - 4, lay.node_y[i] - 4, lay.node + 8, lay.node + 8))
                if layer >= 1:
                    self._label_edges_into(painter, layer, j)
            return
        layer, src, dst = sel.layer, sel.src, sel.dst
        line = self._edge_line(layer, src, dst)
        if line is None:
            return
        value = self._display.edge_values.get((layer, src, dst))
        outline = QPen(ACCENT, 4.0 + (self._edge_pen(value, 1.0).widthF() if value is not None else 2.0))
        outline.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(outline)
        painter.drawLine(line)
        if value is not None:
            painter.setPen(self._edge_pen(value, max(abs(v) for (k, _, _), v in self._display.edge_values.items()
                                                     if k == layer)))
            painter.drawLine(line)
            self._edge_label(painter, line, self._display.edge_labels.get((layer, src, dst), short(value)))

    def _label_edges_into(self, painter: QPainter, layer: int, dst: int) -> None:
        d = self._display
        for src in range(self._layout.shown[layer - 1]):
            value = d.edge_values.get((layer, src, dst))
            line = self._edge_line(layer, src, dst)
            if value is not None and line is not None:
                self._edge_label(painter, line, d.edge_labels.get((layer, src, dst), short(value)))

    def _edge_label(self, painter: QPainter, line: QLineF, text: str) -> None:
        p = line.pointAt(0.72)
        painter.setFont(self._small)
        metrics = QFontMetricsF(self._small)
        w, h = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
        box = QRectF(p.x() - w / 2, p.y() - h / 2, w, h)
        painter.setPen(QPen(ACCENT, 0.8))
        painter.setBrush(_BOX)
        painter.drawRoundedRect(box, 2.0, 2.0)
        painter.setPen(_TEXT)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.setFont(self._font)
