"""What a test reads of the views, through their scenes and public items (the views carry no test-only API)."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QColor

from nnviz.ui.graph.edges_item import EdgesItem
from nnviz.ui.graph.items import ButtonItem, NodesItem
from nnviz.ui.graph.layout import GraphLayout
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView
from nnviz.ui.plots.loss_chart import ALONE, LossChart
from nnviz.ui.presentation.room import ScreenGuard

Part = TypeVar("Part", bound=QObject)


def _layout(view: NetworkGraphView) -> GraphLayout:
    layout = view.graph_layout
    assert layout is not None, "nothing drawn yet"
    return layout


def node_count(view: NetworkGraphView) -> int:
    """The number of nodes drawn (one item draws them all)."""
    return 0 if view.graph_layout is None else view.graph_layout.n_nodes


def edge_count(view: NetworkGraphView) -> int:
    """The number of edges drawn."""
    return 0 if view.graph_layout is None else len(view.graph_layout.edge_xy)


def edges_item(view: NetworkGraphView) -> EdgesItem:
    """The one item that draws every edge."""
    return next(item for item in view.scene().items() if isinstance(item, EdgesItem))


def edge_color(view: NetworkGraphView, layer: int, src: int, dst: int) -> QColor:
    """The pen colour of one drawn edge."""
    return QColor(edges_item(view).pen_of(_layout(view).edge_id(layer, src, dst)).color())


def edge_width(view: NetworkGraphView, layer: int, src: int, dst: int) -> float:
    """The pen width of one drawn edge, in scene units."""
    return float(edges_item(view).pen_of(_layout(view).edge_id(layer, src, dst)).widthF())


def edge_position(view: NetworkGraphView, layer: int, src: int, dst: int) -> QPointF:
    """The scene position of an edge's midpoint."""
    layout = _layout(view)
    x0, y0, x1, y1 = layout.edge_xy[layout.edge_id(layer, src, dst)]
    return QPointF((x0 + x1) / 2, (y0 + y1) / 2)


def bias_position(view: NetworkGraphView, layer: int, neuron: int) -> QPointF:
    """The scene position of a bias marker's centre."""
    layout = _layout(view)
    i = layout.node_id(layer, neuron)  # the marker sits over the node's bottom-left corner (GraphLayout.hit_bias)
    return QPointF(float(layout.node_x[i]), float(layout.node_y[i] + layout.node - 2))


def node_position(view: NetworkGraphView, layer: int, neuron: int) -> QPointF:
    """The scene position of a node's centre."""
    layout = _layout(view)
    i = layout.node_id(layer, neuron)
    return QPointF(layout.node_x[i] + layout.node / 2, layout.node_y[i] + layout.node / 2)


def button_position(view: NetworkGraphView, hidden_layer: int, sign: int) -> QPointF:
    """The scene position of a +/- button of a hidden layer (0-based)."""
    for item in view.scene().items():
        if isinstance(item, ButtonItem) and item.layer == hidden_layer and item.sign == sign:
            return item.sceneBoundingRect().center()
    raise KeyError((hidden_layer, sign))


def heatmap_rgba(view: BoundaryView) -> np.ndarray | None:
    """The heatmap the output view shows: (R, R, 4) uint8, row 0 at y = -extent."""
    image = next(item for item in view.plot_item.items if isinstance(item, pg.ImageItem))
    return image.image


def edge_runs(edges: EdgesItem) -> list:  # type: ignore[type-arg]
    """(pen, lines) in drawing order, one drawing call each."""
    return list(edges.runs())


def drawn_edges(edges: EdgesItem) -> np.ndarray:
    """The ids of the edges drawn, in drawing order (the last on top)."""
    edges._settle()  # the pens of the last weights are chosen when the edges are stroked or read
    return edges._order


def pixels_of(nodes: NodesItem, node: int) -> np.ndarray | None:
    """A copy of the (h, w) uint32 pixels a node shows (None before the first frame)."""
    nodes._settle()  # a frame's pixels are made when the nodes are painted or read
    return None if nodes._pixels is None else nodes._pixels[node].copy()


def settling(guard: ScreenGuard) -> bool:
    """Whether presentation mode's window guard has a layout change under way (its size comes back after)."""
    return guard._pending


def accuracy_shown(chart: LossChart) -> bool:
    """Whether the loss chart shows its accuracy plot (below the loss plot or beside it)."""
    return chart._arrangement != ALONE


def part(owner: QObject, kind: type[Part]) -> Part:
    """The one `kind` object a feature built under `owner` (a window or its surface); Qt's parent keeps it."""
    found = owner.findChild(kind)
    assert found is not None, f"no {kind.__name__} under {type(owner).__name__}"
    return found


def count_redraws(chart: LossChart) -> list[None]:
    """A list that grows by one each time the chart redraws its curves from now on."""
    redraws: list[None] = []
    redraw = chart._redraw

    def counted(frame: object) -> None:
        redraws.append(None)
        redraw(frame)  # type: ignore[arg-type]

    chart._redraw = counted  # type: ignore[method-assign]
    return redraws


class EventCounter(QObject):
    """Counts the events of one type that the objects it is installed on receive."""

    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind, self.count = kind, 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Count and pass on."""
        if event.type() == self.kind:
            self.count += 1
        return False
