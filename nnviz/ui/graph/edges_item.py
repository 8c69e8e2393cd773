"""The network graph's edges: every drawn edge in one item, opaque pens, strongest weights on top.

Dense networks draw their strongest DENSE_EDGES and fade the weaker ones; while training, new colours are
stroked between events a weight layer at a time (edge_layers.py).

The drawing order is the pens' (width first, then the colour's strength), not each weight's exact strength:
edges with the same pen give the same pixels in either order, so the order changes only when a pen does. While
training, a layer of an antialiased network keeps its stroked pixels until an edge's width changes or its colour
moves by more than KEPT_COLOUR_STEPS of the 257 colour levels from the colour stroked (issue 23: one level is at
most 2 of 255 in a colour channel, not to be seen; with it, the spiral 6x8 restrokes about 1.7 of its 7 layers a
build, not 6.5). A kept layer draws every edge within a level of its colour now; where two edges of about the same
strength and opposite colours cross, the one on top may be the other one than in a fresh stroke (a spiral 6x8 after
12 builds: 155 of 620,000 pixels off by more than 2 of 255). A dense network's layers are kept only for the very
same pens. A paused frame is stroked exactly.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from nnviz.ui import colors, look
from nnviz.ui.graph.edge_layers import EdgeLayers, Gate, Runs, stroke

_HOVER_OUTLINE = QColor(*colors.TEXT)  # around the edge under the mouse, as around a hovered node
AA_EDGE_LIMIT = 600  # above this many edges, draw them without antialiasing, and only the strongest:
DENSE_EDGES = 1500  # a dense network draws at most this many edges, those of the largest |w|; the rest fade out
FADE_LEVELS = 4  # ... and the weaker of those drawn fade towards the background in this many steps
KEPT_COLOUR_STEPS = 1  # a live layer is stroked again once an edge's colour index moves further than this from its
# stroked one (or its width or on/off changes); closer, its pixels stay (see the module's docstring; antialiased
# networks only: a dense one is compared exactly)
_KEY_BASE = 1024  # pen keys: (width or width and fade) * _KEY_BASE + the colour's code, which is < _KEY_BASE
_OFF_KEY, _UNDRAWN_KEY = -1, -2  # the key of a switched-off edge (grey, dashed); of an edge a dense network leaves out
_OFF = QColor(0xC4, 0xC9, 0xCE)  # an edge whose weight is exactly 0 (switched off, e.g. by L1): thin, dashed


def switched_off_pen() -> QPen:
    """The pen of an edge whose weight is exactly 0: thin, grey, dashed."""
    pen = QPen(_OFF, 1.0, Qt.PenStyle.DashLine)
    pen.setDashPattern([3.0, 4.0])  # sparse dashes: many switched-off edges recede behind the live ones
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class EdgesItem(QGraphicsItem):
    """Every drawn edge of the network in one item: opaque pens, strongest weights on top."""

    def __init__(self, edge_xy: np.ndarray, groups: np.ndarray | None = None) -> None:
        """edge_xy (n_edges, 4) from and to points; groups (n_edges,): the weight layer of each edge, when the
        layers meet only under the nodes (then a live frame's edges are stroked between events, layer by layer)."""
        super().__init__()
        self.setZValue(-1)
        self._lines = [QLineF(*map(float, row)) for row in edge_xy]
        self._line_array = np.empty(len(self._lines), object)  # the same lines: numpy picks a run's at C speed
        self._line_array[:] = self._lines
        if len(edge_xy):
            lo, hi = edge_xy.min(axis=0), edge_xy.max(axis=0)
            self._rect = QRectF(QPointF(lo[0], min(lo[1], lo[3])), QPointF(hi[2], max(hi[1], hi[3]))).adjusted(
                -6, -6, 6, 6)
        else:
            self._rect = QRectF()
        self._pens: dict[tuple[int, int, int], QPen] = {}
        self._key_pens: dict[int, QPen] = {}  # the same pens by their key in a drawing order (one dict look-up a run)
        self._off_pen = switched_off_pen()
        self._run_list: Runs | None = []  # weakest first; one pen per run (None: made when next stroked)
        self._by_group: dict[int, tuple[np.ndarray, np.ndarray]] | None = None  # per group: edges in drawing order
        # and their pen keys
        self._group_runs: dict[int, Runs] = {}  # per group: its runs, made when it is stroked
        self._key_of_edge = np.zeros(0, np.intp)  # (n_edges,) each edge's pen key (_UNDRAWN_KEY: left out)
        empty = np.zeros(0, np.intp)
        self._drawn: tuple[np.ndarray, ...] = (empty, empty, empty.astype(bool), empty)  # per edge: colour index,
        # half px, switched off, fade level (the pen of each edge, without a pen object per edge)
        self._order = np.zeros(0, np.intp)  # edge ids in drawing order
        self._widths = np.ones(len(edge_xy))  # (n_edges,) pen widths, for hit testing
        self._margin = 2.5  # px around the edges that their thickest pen reaches (half its width + 2)
        # weights given and not yet turned into pens: that work is done when the edges are next stroked (or read),
        # after the window's frame hand-over, while the trainer runs, not during it
        self._pending: tuple[np.ndarray, float, float] | None = None
        self._planned: tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray] | None = None  # the pending weights' plan
        self.highlight = -1
        self._version = 0  # counts the weights given that changed a pen or the order
        self._stroked = 0  # the version last stroked in a paint
        self._live = False  # the weights given last came from a running frame (stroked between events)
        self._keys = np.zeros(0, np.intp)  # the pen key of each edge in drawing order (self._order)
        self._groups = np.zeros(len(edge_xy), np.intp) if groups is None else np.asarray(groups, np.intp)
        self._edges_of = {int(g): np.flatnonzero(self._groups == g) for g in set(self._groups.tolist())}  # by group
        self._colour_of_code = self._colour_table()
        # a dense network keeps a layer only for the very same pens (EdgeLayers' own rule; see _looks_the_same)
        kept = self._looks_the_same if len(edge_xy) <= AA_EDGE_LIMIT else None
        self._layers = EdgeLayers(self._groups, np.asarray(edge_xy, float).reshape(-1, 4), self._layer,
                                  self._runs_of_group, self._stroke_margin, self._show_layers, self._prepare_step, kept)
        # stroked once per change into a pixmap of the view: the neurons under them repaint every frame
        # (exports draw them anew as vectors, at their own scale: nnviz.ui.export.transient)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        """The box around all edges (widened by the thickest pen)."""
        return self._rect

    def _pen(self, color_index: int, half_px: int, fade: int = FADE_LEVELS - 1) -> QPen:
        key = (color_index, half_px, fade)
        pen = self._pens.get(key)
        if pen is None:
            color = colors.weight_color_at(color_index)
            if fade < FADE_LEVELS - 1:  # pre-blended towards the white background: opaque, cheap to draw
                t = (fade + 1) / FADE_LEVELS
                color = QColor(*(round(255 + (c - 255) * t) for c in (color.red(), color.green(), color.blue())))
            pen = QPen(color, half_px / 2.0)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._pens[key] = pen
        return pen

    def set_weights(self, weights: np.ndarray, max_width: float, later: bool = False) -> None:
        """Recolour from the drawn weights (n_edges,), in the layout's edge order (the pens are chosen when the
        edges are next stroked or read).

        later: a live frame's; the edges are stroked between events, layer by layer, and shown once all are
        (until then the item keeps its pixels); without it, or before the item was first painted, they are
        stroked at the next paint.

        A few edges' pens are compared at once: when no drawn pen and no drawing order changed, the edges keep
        their stroked pixels (a restroke of the spiral 6x8's 384 antialiased lines costs about 6 ms).
        """
        pending = (np.asarray(weights), float(max_width), look.current().edge_scale)  # presentation: thicker
        self._planned = None
        if self._pending is None and len(pending[0]) <= AA_EDGE_LIMIT and len(pending[0]) == len(self._order):
            plan = self._plan(*pending)
            if all(np.array_equal(a, b) for a, b in zip((*plan[0], plan[1]), (*self._drawn, self._order),
                                                        strict=True)):
                return  # the same pens in the same order: the same pixels
            self._planned = plan  # the stroke uses it: the pens are not chosen twice
        self._pending = pending
        self._version += 1
        self._live = later and self._layers.can_build() and self.cacheMode() != QGraphicsItem.CacheMode.NoCache
        if self._live:
            self._layers.start(self._version)  # shown with the next frame once every layer is stroked
        else:
            self._layers.stop()
            self.update()

    def set_gate(self, gate: Gate) -> None:
        """Have the steps between events wait while `gate` says so (the window's repaint held for input)."""
        self._layers.gate = gate

    def _prepare_step(self) -> bool:
        """One piece of the work before a live build strokes its layers, in a turn of its own (True: one was done):
        the new weights' pens and drawing order, then their split by layer (a layer's runs are made when stroked)."""
        if self._pending is not None:
            self._settle()
            return True
        if self._by_group is None:
            self._split_by_group()
            return True
        return False

    def show_built(self) -> None:
        """A new frame is drawn: show the edges stroked between events since the last (with this frame's paint)."""
        if self._layers.take_unshown():
            self.update()

    def _show_layers(self) -> None:
        if shiboken6.isValid(self):  # a build may end after its view went away
            self.update()

    def stop_building(self) -> None:
        """Drop the edges being stroked between events (the item leaves the scene)."""
        self._layers.stop()

    def _stroke_margin(self) -> float:
        """How far past the edges' end points their pens reach, for the weights given last."""
        self._settle()
        return self._margin

    @property
    def widths(self) -> np.ndarray:
        """(n_edges,) pen widths, for hit testing."""
        self._settle()
        return self._widths

    def _plan(self, weights: np.ndarray, max_width: float, scale: float) -> tuple[tuple[np.ndarray, ...],
                                                                                   np.ndarray, np.ndarray]:
        """Each edge's pen (colour index, half px, switched off, fade level), the edges in drawing order and
        their pen keys in that order (neighbours with the same key share a pen)."""
        ci = colors.weight_index(weights)
        half = np.rint(np.asarray(colors.edge_width(weights, max_width)) * 2.0 * scale).astype(np.intp)
        off = weights == 0.0
        faded = np.full(len(weights), FADE_LEVELS - 1, np.intp)
        if len(weights) > AA_EDGE_LIMIT:
            keep, key, fade = self._dense_order(ci, half, np.abs(np.nan_to_num(weights)))
            faded[keep] = fade
        else:  # by pen: thin and pale first, strong weights on top (edges with one pen commute)
            all_keys = np.where(off, _OFF_KEY, half * _KEY_BASE + self._shade_code(ci))  # one key per pen
            keep = np.argsort(all_keys, kind="stable")
            key = all_keys[keep]
        return (ci, half, off, faded), keep, key

    def _settle(self) -> None:
        """Choose the pens of the weights given last, if not done yet."""
        if self._pending is None:
            return
        (ci, half, off, faded), keep, key = self._planned if self._planned is not None else self._plan(*self._pending)
        self._pending = self._planned = None
        self._widths = half / 2.0
        self._margin = float(self._widths.max(initial=1.0)) / 2 + 2.0
        self._drawn = (ci, half, off, faded)
        self._order, self._keys = keep, key
        self._key_of_edge = np.full(len(ci), _UNDRAWN_KEY, np.intp)
        self._key_of_edge[keep] = key
        self._run_list = None  # made when stroked whole: a live frame strokes its layers' runs instead
        self._by_group, self._group_runs = None, {}

    def runs(self) -> Runs:
        """Every drawn edge as runs of lines that share a pen: weight layer after weight layer, each in drawing order.

        The order in which live edges are stroked (edge_layers.py): where two layers' edges meet at a column of
        nodes, the same one lies on top, so pausing or playing changes no pixel (in one drawing order the two
        pictures differed at the rims of a dense network's nodes)."""
        self._settle()
        if self._run_list is None:
            groups = sorted(self._split_by_group())
            self._run_list = [run for group in groups for run in self._runs_of_group(group)]
        return self._run_list

    def _split_by_group(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Every group's edges in drawing order and their pen keys (made for all groups at once)."""
        self._settle()
        if self._by_group is None:
            order, key, g = self._order, self._keys, self._groups[self._order]
            perm = np.argsort(g, kind="stable")  # group by group, each in the drawing order
            order, key, g = order[perm], key[perm], g[perm]
            first = np.flatnonzero(np.diff(g, prepend=g[:1] - 1))  # where each group's edges begin
            ends = [*first[1:].tolist(), len(order)]
            self._by_group = {int(g[a]): (order[a:b], key[a:b]) for a, b in zip(first.tolist(), ends, strict=True)}
            self._group_runs = {}
        return self._by_group

    def _layer(self, group: int) -> np.ndarray:
        """One group's plan as EdgeLayers compares it: the pen key of each of its edges, by edge id."""
        self._settle()
        return self._key_of_edge[self._edges_of.get(group, np.zeros(0, np.intp))]

    def _runs_of_group(self, group: int) -> Runs:
        """One group's runs (made when it is stroked: a live layer that keeps its pixels needs none)."""
        runs = self._group_runs.get(group)
        if runs is None:
            empty = np.zeros(0, np.intp)
            runs = self._group_runs[group] = self._runs_of_plan(self._split_by_group().get(group, (empty, empty)))
        return runs

    def _runs_of_plan(self, plan: tuple[np.ndarray, np.ndarray]) -> Runs:
        """Runs of edges (in drawing order, with their pen keys) that share a pen: one call each (the same
        pixels), one pen looked up per run."""
        order, key = plan
        if len(order) == 0:
            return []
        starts = np.flatnonzero(np.diff(key, prepend=key[:1] - 1) != 0)  # the pen changes (the first edge too)
        run_keys = key[starts].tolist()
        found = list(map(self._key_pens.get, run_keys))  # a key names one pen while the item lives (its mode is fixed)
        if None in found:  # new pens: made from the first edge of their runs
            for i in [i for i, pen in enumerate(found) if pen is None]:
                found[i] = self._key_pens[run_keys[i]] = self._drawn_pen(int(order[starts[i]]))
        pens = cast("list[QPen]", found)
        lines = self._line_array[order].tolist()
        bounds = [*starts.tolist(), len(order)]
        return [(pen, lines[a:b]) for pen, a, b in zip(pens, bounds, bounds[1:], strict=False)]

    @staticmethod
    def _colour_table() -> np.ndarray:
        """The colour index of each code in a small network's pen key (key % _KEY_BASE: _shade_code's)."""
        code = np.arange(_KEY_BASE)
        return colors.WEIGHT_GREY_INDEX + np.where(code % 2 == 1, code // 2, -(code // 2))

    @staticmethod
    def _shade_code(ci: np.ndarray) -> np.ndarray:
        """A colour index's code in a small network's pen key: its strength (the distance from grey) twice, plus
        1 for blue (the colour's sign), so that paler colours sort first and each code names one colour."""
        return 2 * np.abs(ci - colors.WEIGHT_GREY_INDEX) + (ci > colors.WEIGHT_GREY_INDEX)

    def _looks_the_same(self, stroked: np.ndarray, plan: np.ndarray) -> bool:
        """Whether a small network's layer stroked with one plan (its edges' pen keys, by edge id: _layer) can stand
        for another: each edge switched off alike, with the same width, and no colour further than
        KEPT_COLOUR_STEPS from the stroked one. A dense network (drawn without antialiasing, its strongest edges
        from one node ending on the same pixels) is not given this rule: whether keeping pays there was not
        measured, and a flipped order between two near-equal edges shows there at a node's rim."""
        if np.array_equal(stroked, plan):
            return True
        if len(stroked) != len(plan):
            return False
        (was_width, was_code), (width, code) = np.divmod(stroked, _KEY_BASE), np.divmod(plan, _KEY_BASE)
        if not np.array_equal(was_width, width):  # a width changed, or an edge was switched off or on (width -1)
            return False
        colour = self._colour_of_code
        return bool(np.abs(colour[was_code] - colour[code]).max() <= KEPT_COLOUR_STEPS)

    @staticmethod
    def _dense_order(ci: np.ndarray, half: np.ndarray, strength: np.ndarray) -> tuple[np.ndarray, ...]:
        """Many edges: the DENSE_EDGES strongest, fading with |w|, thin and faint first (strong weights on top):
        the edges drawn in order, their pen keys and their fade levels."""
        keep = np.flatnonzero(strength > 0.0)
        if len(keep) > DENSE_EDGES:
            keep = keep[np.argpartition(strength[keep], -DENSE_EDGES)[-DENSE_EDGES:]]
        top = float(strength[keep].max()) if len(keep) else 1.0
        fade = np.minimum(FADE_LEVELS - 1, (strength[keep] * (FADE_LEVELS / top)).astype(np.intp))
        key = (half[keep] * FADE_LEVELS + fade) * _KEY_BASE + ci[keep]  # _KEY_BASE > the number of colours
        order = np.argsort(key, kind="stable")
        return keep[order], key[order], fade[order]

    def _drawn_pen(self, edge: int) -> QPen:
        ci, half, off, faded = self._drawn
        return self._off_pen if off[edge] else self._pen(int(ci[edge]), int(half[edge]), int(faded[edge]))

    def pen_of(self, edge: int) -> QPen:
        """The pen of one edge (faded, when a dense network draws it faded)."""
        self._settle()
        return self._drawn_pen(edge)

    def set_highlight(self, edge: int) -> None:
        """Outline one edge (-1: none)."""
        if edge != self.highlight:
            self.highlight = edge
            self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """Draw the edges weakest first (without antialiasing when there are very many).

        A live build's images are copied as they are: the weights given since are planned by the build's own steps,
        not here (at 8x64 that plan is ~1.5 ms a frame that the window's pass, and a click behind it, would wait for).
        """
        dense = len(self._lines) > AA_EDGE_LIMIT
        aa = painter.testRenderHint(QPainter.RenderHint.Antialiasing)
        if dense:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        cached = self.cacheMode() != QGraphicsItem.CacheMode.NoCache  # on screen (exports draw vectors anew)
        transform, hints = painter.worldTransform(), int(painter.renderHints().value)
        if cached and self._live and self._layers.images_for(transform, hints, self._stroked):
            self._layers.draw(painter)  # stroked between events (the newest finished: live, up to a frame behind)
        else:
            stroke(painter, self.runs())
            self._stroked = self._version
            if cached:
                self._layers.painted_at(transform, hints)
        h = self.highlight
        if 0 <= h < len(self._lines):
            pen = self.pen_of(h)
            outline = QPen(_HOVER_OUTLINE, pen.widthF() + 3.0)
            outline.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(outline)
            painter.drawLine(self._lines[h])
            painter.setPen(pen)
            painter.drawLine(self._lines[h])
        if dense:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, aa)
