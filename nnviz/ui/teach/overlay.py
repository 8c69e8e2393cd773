"""The explain mode's drawing on top of the network graph: highlighted edges, numbers on nodes, the selection."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem, QStyleOptionGraphicsItem, QWidget

from nnviz.session.explain.numbers import short
from nnviz.session.explain.phases import PhaseDisplay
from nnviz.session.graph_refs import NeuronRef, Selection
from nnviz.ui import colors, look
from nnviz.ui.graph.items import ButtonItem
from nnviz.ui.graph.layout import GraphLayout

ACCENT = QColor(0xD6, 0x40, 0x4E)  # the selection
ACTIVE = QColor(*colors.TEXT)  # outline of the phase's layer
_BOX = QColor(255, 255, 255)
_BOX_BORDER = QColor(0x9A, 0xA1, 0xA8)
_TEXT = QColor(*colors.TEXT)
MAX_GRADIENT_WIDTH = 9.0
NODE_COST = 10  # presenting: an output's number box covers any number of its edges before another neuron
EDGE_LABEL_AT = (0.72, 0.6, 0.5, 0.4, 0.3, 0.82)  # where along its edge a weight's label may sit, first choice first
EDGE_LABEL_GAP = 1.0  # normal size: scene px kept free around a weight's label (its border is drawn half outside)


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
        self._place: _Placer | None = None  # presentation mode: the room taken so far in this paint
        self._edge_room: _Placer | None = None  # normal size: the room the weights' labels take in this paint

    def _fit_fonts(self, view_scale: float) -> None:
        """Numbers drawn look.NUMBER_PX high on screen at the view's scale."""
        px = max(1, math.ceil(look.NUMBER_PX / max(view_scale, 1e-6)))
        self._font.setPixelSize(px)
        self._small.setPixelSize(px)

    def _obstacles(self) -> list[QRectF]:
        """The graph's own texts (names, titles) and +/- buttons, which a number box must not cover."""
        scene = self.scene()
        if scene is None:
            return []
        return [i.sceneBoundingRect() for i in scene.items()
                if isinstance(i, QGraphicsSimpleTextItem | ButtonItem) and i.isVisible()]

    def _visible(self) -> QRectF:
        """The part of this item's drawing the graph view shows."""
        views = self.scene().views() if self.scene() is not None else []
        if not views:
            return self._rect
        return views[0].mapToScene(views[0].viewport().rect()).boundingRect().intersected(self._rect)

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
        self._place = None
        if look.current().large:  # every number NUMBER_PX on screen; those that find no free room are left out
            self._fit_fonts(painter.worldTransform().m11())
            self._place = _Placer(self._obstacles(), self._visible())
            self._reserve_first()
        else:  # the numbers stay on their nodes; a weight's label takes a free spot along its edge, or none
            d = self._display
            on_nodes = [b for (layer, j), text in d.node_text.items() if (b := self._node_box(layer, j, text))]
            self._edge_room = _Placer(self._obstacles() + on_nodes, self._visible(), gap=EDGE_LABEL_GAP)
        self._paint_edges(painter)
        if self._place is not None:  # presenting: the numbers go over the selected neuron's frame
            self._paint_neuron_frame(painter)
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
        for (layer, j), text in d.node_text.items():
            box = self._node_box(layer, j, text)
            if box is not None:
                self._draw_box(painter, box, text, QPen(_BOX_BORDER, 0.8), 2.5)

    def _node_box(self, layer: int, j: int, text: str) -> QRectF | None:
        """Where a node's numbers go: on the node; presenting, else under or over it, or nowhere if no room."""
        lay = self._layout
        if layer >= len(lay.shown) or j >= lay.shown[layer]:
            return None
        if self._place is not None and ("node", layer, j) in self._place.boxes:
            return self._place.boxes[("node", layer, j)]
        metrics = QFontMetricsF(self._font)
        i, side = lay.node_id(layer, j), lay.node
        lines = text.split("\n")
        w = max(metrics.horizontalAdvance(t) for t in lines) + 6
        h = metrics.height() * len(lines) + 3
        node_x, node_y = float(lay.node_x[i]), float(lay.node_y[i])
        x = number_box_left(node_x, side, w, layer, len(lay.sizes))
        on = QRectF(x, node_y + side / 2 - h / 2, w, h)
        if self._place is None:
            return on
        gap = 3.0
        spots = [on, QRectF(x, node_y + side + gap, w, h), QRectF(x, node_y - gap - h, w, h)]
        if layer < len(lay.sizes) - 1:
            return self._place.take(("node", layer, j), spots)
        # an output's number goes right of it (off the edges and the selection), else where it covers fewest edges
        spots[:0] = [QRectF(node_x + side + 6, on.top(), w, h), QRectF(node_x, on.top(), w, h)]
        incoming = [e for src in range(lay.shown[layer - 1]) if (e := self._edge_line(layer, src, j)) is not None]
        others = [QRectF(float(lay.node_x[k]), float(lay.node_y[k]), side, side) for k in range(lay.n_nodes) if k != i]
        return self._place.take(("node", layer, j), spots, cost=lambda b: sum(_crosses(b, e) for e in incoming)
                                + NODE_COST * sum(b.intersects(n) for n in others))

    def _draw_box(self, painter: QPainter, box: QRectF, text: str, border: QPen, radius: float) -> None:
        painter.setPen(border)
        painter.setBrush(_BOX)
        painter.drawRoundedRect(box, radius, radius)
        painter.setPen(_TEXT)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)

    def _paint_selection(self, painter: QPainter) -> None:
        sel, lay = self._selection, self._layout
        if sel is None:
            return
        if isinstance(sel, NeuronRef):
            layer, j = sel.layer, sel.neuron
            if layer < len(lay.shown) and j < lay.shown[layer]:
                if self._place is None:
                    self._paint_neuron_frame(painter)
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
            self._edge_label(painter, (layer, src, dst), line,
                             self._display.edge_labels.get((layer, src, dst), short(value)))

    def _paint_neuron_frame(self, painter: QPainter) -> None:
        """The frame around a selected neuron."""
        sel, lay = self._selection, self._layout
        if isinstance(sel, NeuronRef) and sel.layer < len(lay.shown) and sel.neuron < lay.shown[sel.layer]:
            i = lay.node_id(sel.layer, sel.neuron)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ACCENT, 3.0))
            painter.drawRect(QRectF(lay.node_x[i] - 4, lay.node_y[i] - 4, lay.node + 8, lay.node + 8))

    def _label_edges_into(self, painter: QPainter, layer: int, dst: int) -> None:
        d = self._display
        for src in range(self._layout.shown[layer - 1]):
            value = d.edge_values.get((layer, src, dst))
            line = self._edge_line(layer, src, dst)
            if value is not None and line is not None:
                self._edge_label(painter, (layer, src, dst), line, d.edge_labels.get((layer, src, dst), short(value)))

    def _edge_box(self, key: tuple[int, int, int], line: QLineF, text: str) -> QRectF | None:
        """Where a weight's label goes: the first free spot along its edge (off the other labels, the number boxes
        and the names), one off the nodes first; nowhere if none is free (the explain panel shows every weight)."""
        place = self._place or self._edge_room
        if place is not None and ("edge", key) in place.boxes:
            return place.boxes[("edge", key)]
        metrics = QFontMetricsF(self._small)
        w, h = metrics.horizontalAdvance(text) + 6, metrics.height() + 2
        spots = [QRectF(p.x() - w / 2, p.y() - h / 2, w, h) for p in (line.pointAt(t) for t in EDGE_LABEL_AT)]
        if place is None:  # measured outside a paint
            return spots[0]
        lay = self._layout
        nodes = [QRectF(float(x), float(y), lay.node, lay.node) for x, y in zip(lay.node_x, lay.node_y, strict=True)]
        return place.take(("edge", key), spots, cost=lambda b: sum(b.intersects(n) for n in nodes))

    def _edge_label(self, painter: QPainter, key: tuple[int, int, int], line: QLineF, text: str) -> None:
        box = self._edge_box(key, line, text)
        if box is not None:
            painter.setFont(self._small)
            self._draw_box(painter, box, text, QPen(ACCENT, 0.8), 2.0)
            painter.setFont(self._font)

    def _reserve_first(self) -> None:
        """Presenting: the selection's numbers take their room first, then the explained layer's."""
        sel, d = self._selection, self._display
        if isinstance(sel, NeuronRef):
            text = d.node_text.get((sel.layer, sel.neuron))
            if text:
                self._node_box(sel.layer, sel.neuron, text)
            if sel.layer >= 1 and sel.layer < len(self._layout.shown):
                for src in range(self._layout.shown[sel.layer - 1]):
                    self._reserve_edge((sel.layer, src, sel.neuron))
        elif sel is not None:
            self._reserve_edge((sel.layer, sel.src, sel.dst))
        for (layer, j), text in d.node_text.items():
            if layer == d.active_layer:
                self._node_box(layer, j, text)

    def _reserve_edge(self, key: tuple[int, int, int]) -> None:
        value = self._display.edge_values.get(key)
        line = self._edge_line(*key)
        if value is not None and line is not None:
            self._edge_box(key, line, self._display.edge_labels.get(key, short(value)))


def _crosses(box: QRectF, line: QLineF) -> bool:
    """Whether a line passes through a box (tested at points along it)."""
    return any(box.contains(line.pointAt(k / 32)) for k in range(33))


class _Placer:
    """Number boxes take room first come, first served, each where it covers no name, no other box and stays in
    the view; a box with no such spot is left out (the explain panel shows every number). Presenting, every box;
    at normal size, the weights' labels (the nodes' boxes stay on their nodes)."""

    def __init__(self, taken: list[QRectF], visible: QRectF, gap: float = 0.0) -> None:
        self.taken, self.visible, self.gap = list(taken), visible, gap
        self.boxes: dict[object, QRectF | None] = {}

    def take(self, key: object, spots: list[QRectF], cost: Callable[[QRectF], int] | None = None) -> QRectF | None:
        """The first free spot (or None), remembered under key; of the free spots, one of least cost first."""
        if key not in self.boxes:
            g = self.gap
            free = [b for b in spots if self.visible.contains(b)
                    and not any(b.adjusted(-g, -g, g, g).intersects(t) for t in self.taken)]
            if cost is not None:
                free.sort(key=cost)  # stable: in the given order otherwise
            self.boxes[key] = free[0] if free else None
            if free:
                self.taken.append(free[0])
        return self.boxes[key]
