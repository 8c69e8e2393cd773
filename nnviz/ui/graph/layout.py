"""Where the network graph puts things: node boxes, edge end points, buttons (pure geometry, numpy)."""

from __future__ import annotations

import numpy as np

from nnviz.session.message import Message

NODE = 40.0  # node thumbnail side, scene px (smaller in columns of more than DENSE neurons)
V_PITCH = 1.35  # node-to-node vertical distance, in node sides
V_STRETCH = 4.0  # at most this, when a wide network spreads its columns to fill a tall view
STRETCH_BELOW = 0.75  # ... which it does when its columns would fill less than this share of the height
DENSE = 10  # columns up to this many neurons get full-size nodes
COL_PITCH = (92.0, 170.0)  # column-to-column distance: chosen to match the view's shape
LEFT_MARGIN = 74.0  # room for the input labels (at chrome 1)
TOP = 62.0  # room for the column headers (at chrome 1)
BOTTOM = 40.0  # room for the legend (at chrome 1)
BIAS = 9.0  # side of the bias marker
MAX_SHOWN = 64  # a column draws at most this many neurons; the rest are summarized
COMPACT = 24  # columns of more neurons are compact: nodes nearly touch, no bias marker (a click edits the bias)
COMPACT_PITCH = 1.08  # node-to-node distance in a compact column, in node sides


class GraphLayout(Message):
    """Geometry of one network shape; node ids run layer by layer, neuron by neuron."""

    sizes: tuple[int, ...]  # neurons per layer
    node: float  # node side
    bias: float  # bias marker side
    shown: tuple[int, ...]  # neurons drawn per layer (<= MAX_SHOWN)
    compact: bool  # too tall to draw each neuron in full: nodes nearly touch and have no bias marker
    first: tuple[int, ...]  # node id of each layer's neuron 0
    node_x: np.ndarray  # (n_nodes,) left edge of each node box
    node_y: np.ndarray  # (n_nodes,) top edge
    column_x: tuple[float, ...]  # left edge of each column
    height: float  # bottom of the tallest column
    width: float  # right edge of the last column
    edge_layer: np.ndarray  # (n_edges,) weight layer k+1 (1..L) of each edge
    edge_src: np.ndarray  # (n_edges,) source neuron in layer k
    edge_dst: np.ndarray  # (n_edges,) destination neuron in layer k+1
    edge_xy: np.ndarray  # (n_edges, 4) x0, y0, x1, y1

    @property
    def n_nodes(self) -> int:
        """Number of drawn nodes."""
        return len(self.node_x)

    def node_id(self, layer: int, neuron: int) -> int:
        """The id of a drawn node."""
        return self.first[layer] + neuron

    def node_of(self, node_id: int) -> tuple[int, int]:
        """(layer, neuron) of a node id."""
        layer = int(np.searchsorted(self.first, node_id, side="right")) - 1
        return layer, node_id - self.first[layer]

    def edge_id(self, layer: int, src: int, dst: int) -> int:
        """The id of the drawn edge of weight layer 1..L from src to dst (-1 when not drawn)."""
        k = layer - 1
        if not (0 <= k < len(self.sizes) - 1 and 0 <= src < self.shown[k] and 0 <= dst < self.shown[k + 1]):
            return -1
        offset = sum(self.shown[i] * self.shown[i + 1] for i in range(k))
        return offset + dst * self.shown[k] + src

    def hit_node(self, x: float, y: float, slack: float = 0.0) -> int:
        """The node id under (x, y), or -1."""
        side = self.node
        inside = ((self.node_x - slack <= x) & (x <= self.node_x + side + slack)
                  & (self.node_y - slack <= y) & (y <= self.node_y + side + slack))
        hits = np.flatnonzero(inside)
        return int(hits[0]) if len(hits) else -1

    def hit_bias(self, x: float, y: float, slack: float = 0.0) -> int:
        """The node id whose bias marker is under (x, y), or -1 (input nodes have none)."""
        b = self.bias
        bx = self.node_x - b / 2 - slack
        by = self.node_y + self.node - b / 2 - 2 - slack
        side = b + 2 * slack
        inside = (bx <= x) & (x <= bx + side) & (by <= y) & (y <= by + side)
        inside[: self.shown[0]] = False
        if self.compact:
            return -1
        hits = np.flatnonzero(inside)
        return int(hits[0]) if len(hits) else -1

    def hit_edge(self, x: float, y: float, tolerance: np.ndarray | float,
                 priority: np.ndarray | None = None) -> int:
        """The edge nearest to (x, y) within tolerance (scalar or per edge), or -1.

        Where edges cross (within 1 px of the nearest), the one with the highest
        priority wins: the view passes |w|, which is the edge drawn on top.
        """
        if not len(self.edge_xy):
            return -1
        x0, y0, x1, y1 = self.edge_xy.T
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((x - x0) * dx + (y - y0) * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
        dist = np.hypot(x0 + t * dx - x, y0 + t * dy - y)  # (n_edges,)
        dist = np.where(dist <= tolerance, dist, np.inf)
        best = int(np.argmin(dist))
        if not np.isfinite(dist[best]):
            return -1
        if priority is not None:
            near = np.flatnonzero(dist <= dist[best] + 1.0)
            best = int(near[np.argmax(priority[near])])
        return best


def make_layout(sizes: tuple[int, ...], aspect: float | None = None, chrome: float = 1.0,
                left: float | None = None, min_pitch: float = COL_PITCH[0], min_v_pitch: float = 0.0,
                header: float = TOP) -> GraphLayout:
    """Lay out a network: one column per layer, columns centred vertically.

    aspect (view width / height) picks the column distance so the drawing fills the
    view; chrome scales the room kept for labels and buttons (the view enlarges them
    when the drawing is shown small); left overrides the room for the input labels,
    min_pitch keeps the column headers apart and min_v_pitch the input labels (two lines each);
    header is the room for the column headers (at chrome 1; at least TOP).
    """
    shown = tuple(min(n, MAX_SHOWN) for n in sizes)
    compact = max(shown) > COMPACT
    node = NODE if max(shown) <= DENSE else max(16.0, NODE * DENSE / max(shown))
    v_pitch = node * COMPACT_PITCH if compact else max(node * V_PITCH, min_v_pitch)
    tallest = max(shown) * v_pitch
    top = max(TOP, header) * chrome
    left = LEFT_MARGIN * chrome if left is None else left
    gaps = max(1, len(sizes) - 1)
    # with an aspect: the drawing's width / height matches the view's
    wanted_width = 760.0 + left + node + 20.0 if aspect is None else aspect * (top + tallest + BOTTOM * chrome)
    pitch = (wanted_width - left - node - 20.0) / gaps
    # the widest pitch never beats min_pitch: larger labels (presentation mode) keep the column headers apart
    fitted, pitch = pitch, min(max(COL_PITCH[1], min_pitch), max(min_pitch, node + 30.0, pitch))
    if aspect is not None and pitch > fitted and not compact:  # drawn wider than the view: spread over the height
        width = left + gaps * pitch + node + 20.0
        room = width / aspect - top - BOTTOM * chrome  # the column height that matches the view's shape
        if tallest < STRETCH_BELOW * room:
            v_pitch = max(v_pitch, min(V_STRETCH * node, room / max(shown)))
            tallest = max(shown) * v_pitch
    xs: list[float] = []
    ys: list[float] = []
    first: list[int] = []
    cols: list[float] = []
    for layer, n in enumerate(shown):
        x = left + layer * pitch
        cols.append(x)
        first.append(len(xs))
        # beside compact columns, a short one keeps room for its labels: full-size spacing where it fits
        gap = v_pitch if not compact or n > COMPACT else max(v_pitch, min(NODE * V_PITCH, tallest / max(n, 1)))
        y0 = top + (tallest - n * gap) / 2 + (gap - v_pitch) / 2
        for j in range(n):
            xs.append(x)
            ys.append(y0 + j * gap)
    node_x = np.asarray(xs, np.float64)
    node_y = np.asarray(ys, np.float64)
    layers, srcs, dsts, xy = [], [], [], []
    for k in range(len(sizes) - 1):
        ns, nd = shown[k], shown[k + 1]
        dst, src = np.divmod(np.arange(ns * nd), ns)  # dst-major, like weights[k][dst, src]
        a, b = first[k] + src, first[k + 1] + dst
        layers.append(np.full(ns * nd, k + 1))
        srcs.append(src)
        dsts.append(dst)
        xy.append(np.stack([node_x[a] + node, node_y[a] + node / 2, node_x[b], node_y[b] + node / 2], axis=1))
    def cat(parts: list[np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(shape)
    return GraphLayout(
        sizes=tuple(sizes),
        node=node,
        bias=min(max(6.0, BIAS * node / NODE * chrome), node / 2.5),
        shown=shown,
        compact=compact,
        first=tuple(first),
        node_x=node_x,
        node_y=node_y,
        column_x=tuple(cols),
        height=top + tallest,
        width=cols[-1] + node,
        edge_layer=cat(layers, (0,)).astype(np.intp),
        edge_src=cat(srcs, (0,)).astype(np.intp),
        edge_dst=cat(dsts, (0,)).astype(np.intp),
        edge_xy=cat(xy, (0, 4)).astype(np.float64),
    )


def max_edge_width(layout: GraphLayout) -> float:
    """The widest edge allowed: Playground's 10 px for small layers, thinner for dense ones."""
    return float(max(1.5, min(10.0, 80.0 / max(layout.shown)) * layout.node / NODE))
