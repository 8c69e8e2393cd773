"""The graph's edges stroked between events, one weight layer at a time, into pictures of the screen's pixels.

A restroke of the spiral 6x8's 384 antialiased edges takes 4-6 ms of the GUI thread. Stroked inside the
window's paint, it made that paint the longest piece of work a click could wait behind (issue 23). While
training runs, the edges' new weights are instead stroked layer by layer, each layer in its own turn of the
event loop (a click waits for one layer, well under a millisecond), into an image per layer at the very
transform and offset Qt's item cache paints with; once every layer is done the item repaints, and its paint
only copies those images. The layers lie between node columns and meet only under the opaque nodes, so the
pixels are those of one stroke of every edge (`tests/ui/test_edge_layers.py` compares them).

Before the first layer, the new weights' pens and drawing order are chosen in steps of their own (`prepare`: at
8 hidden layers of 64, 29,000 weights planned in ~1.5 ms, then grouped by layer), not in the paint of the frame
that brought them. And a step waits while the window holds a repaint for the user's input or a frame (`gate`):
a click's pixels are painted before the next layer is stroked, not after (issue 23).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QLineF, QPoint, QRect, QRectF, QTimer
from PySide6.QtGui import QImage, QPainter, QPen, QTransform

Runs = Sequence[tuple[QPen, Sequence[QLineF]]]  # pens and their lines, in drawing order
Plan = np.ndarray  # what a group's edges are drawn with (the item's pen keys of its edges, by edge id)
# asked before each step: True when the step must wait, and then the callable given is called once it may go on
Gate = Callable[[Callable[[], None]], bool]


def never_wait(resume: Callable[[], None]) -> bool:
    """The gate of a view that no window holds: its steps never wait."""
    del resume
    return False


def transform_key(t: QTransform) -> tuple[float, ...]:
    """What decides where a stroke's pixels land: the item-to-device transform's six numbers."""
    return (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy())


def stroke(painter: QPainter, runs: Runs) -> None:
    """Draw runs of lines, one pen per run, in order."""
    set_pen, draw_line, draw_lines = painter.setPen, painter.drawLine, painter.drawLines  # a call a run: looked up once
    for pen, lines in runs:
        set_pen(pen)
        if len(lines) == 1:
            draw_line(lines[0])
        else:
            draw_lines(lines)


SHOW_WITHIN_MS = 100  # a finished build shows with the next frame; without one coming, after this long


class EdgeLayers:
    """Each group of edges (a weight layer) stroked into its own transparent image, in steps between events.

    `start(version)` begins a build of the edges the item's `layer(group)` (their plan) and `runs(group)` give
    then; its first steps are the item's `prepare()` (each call one piece of work, True while it did one), each
    step after strokes one group (a group whose plan looks the same as its last stroke at this transform, as
    `looks_the_same` judges, keeps its image: its runs are not even made). A finished build waits for the next
    frame (`take_unshown`, and the item repaints with that frame's pass, not in a pass of its own), or
    SHOW_WITHIN_MS, when `on_show` asks the item to repaint.
    `images_for(transform, hints, version)` says whether a build at least that new, stroked at that
    transform, can be shown, and `draw(painter)` copies it.
    """

    def __init__(self, groups: np.ndarray, edge_xy: np.ndarray, layer: Callable[[int], Plan],
                 runs: Callable[[int], Runs], margin: Callable[[], float], on_show: Callable[[], None],
                 prepare: Callable[[], bool] = lambda: False,
                 looks_the_same: Callable[[Plan, Plan], bool] | None = None) -> None:
        self._groups = sorted(set(groups.tolist()))  # (np.unique loads numpy.ma: not before the first paint)
        self._bounds = [self._bounds_of(edge_xy[groups == g]) for g in self._groups]  # item coordinates
        self._layer, self._runs, self._margin, self._on_show, self._prepare = layer, runs, margin, on_show, prepare
        # whether a group stroked with one plan may keep its pixels for another (default: the very same plan)
        self._looks_the_same = looks_the_same or np.array_equal
        self.gate: Gate = never_wait  # the window's: steps wait while it holds a repaint
        self._stroked: dict[int, tuple[Plan, QPoint, QImage]] = {}  # per group: its last stroke at this transform
        # per group at this transform: (margin, its image's device rect, the transform its edges are stroked with),
        # worked out once, not at every step (each step runs with cold caches between the window's other work)
        self._placed: dict[int, tuple[float, QRect, QTransform]] = {}
        self._where: tuple[tuple[float, ...], int] | None = None  # (transform key, render hints) last painted at
        self._transform = QTransform()
        self._hints = QPainter.RenderHint(0)  # the render hints last painted with
        self._built: tuple[int, list[tuple[QPoint, QImage]]] | None = None  # (version, images at device offsets)
        self._build: tuple[int, int, list[tuple[QPoint, QImage]]] | None = None  # (version, next group, done)
        self._unshown = False  # a build finished and the item has not repainted since
        self._stroked_unshown = False  # an image was stroked anew since the item last repainted for a build
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        self._show_timer = QTimer()
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_WITHIN_MS)
        self._show_timer.timeout.connect(self._show)

    @staticmethod
    def _bounds_of(xy: np.ndarray) -> QRectF:
        x0, x1 = float(min(xy[:, 0].min(), xy[:, 2].min())), float(max(xy[:, 0].max(), xy[:, 2].max()))
        y0, y1 = float(min(xy[:, 1].min(), xy[:, 3].min())), float(max(xy[:, 1].max(), xy[:, 3].max()))
        return QRectF(x0, y0, x1 - x0, y1 - y0)

    def painted_at(self, transform: QTransform, hints: int) -> None:
        """The item was stroked directly with this transform and these render hints: later builds use them."""
        where = (transform_key(transform), int(hints))
        if where != self._where:
            self._where, self._transform, self._hints = where, QTransform(transform), QPainter.RenderHint(hints)
            self._built = None
            self._stroked.clear()
            self._placed.clear()
            if self._build is not None:  # its images so far are at the old transform
                self.start(self._build[0])

    def can_build(self) -> bool:
        """Whether a build has a transform to stroke at (the item was painted once)."""
        return self._where is not None and bool(self._groups)

    def start(self, version: int) -> None:
        """Stroke the current runs for `version`, one group per turn of the event loop (restarts a build)."""
        self._build = (version, 0, [])
        self._timer.start()

    def stop(self) -> None:
        """Drop any build under way, and any finished one not shown yet."""
        self._build = None
        self._timer.stop()
        self._show_timer.stop()
        self._unshown = False

    def take_unshown(self) -> bool:
        """Whether a finished build waits to be shown (it counts as shown from now on)."""
        unshown, self._unshown = self._unshown, False
        if unshown:
            self._show_timer.stop()
            self._stroked_unshown = False
        return unshown

    def images_for(self, transform: QTransform, hints: int, version: int) -> bool:
        """Whether a finished build of `version` or newer was stroked at this transform with these hints."""
        return (self._built is not None and self._built[0] >= version
                and self._where == (transform_key(transform), int(hints)))

    def draw(self, painter: QPainter) -> None:
        """Copy the finished build's images to the device pixels they were stroked for."""
        assert self._built is not None
        painter.save()
        painter.setWorldTransform(QTransform())
        for offset, image in self._built[1]:
            painter.drawImage(offset, image)
        painter.restore()

    def _show(self) -> None:
        if self.take_unshown():
            self._on_show()

    def _step(self) -> None:
        if self._build is None or self._where is None:
            return
        if self.gate(self._timer.start):  # a repaint is held (a click's, a frame's): this step comes after its pass
            return
        if self._prepare():  # the pens and order of the new weights: a piece of work in a turn of its own
            self._timer.start()
            return
        version, index, done = self._build
        image = self._image(self._groups[index], self._bounds[index])  # the group's image, stroked anew if needed
        if image is not None:
            done.append(image)
        if index + 1 < len(self._groups):
            self._build = (version, index + 1, done)
            self._timer.start()
            return
        self._build = None
        before, self._built = self._built, (version, done)
        if not self._stroked_unshown and before is not None and [(o, id(i)) for o, i in before[1]] == [
                (o, id(i)) for o, i in done]:
            return  # every group kept the image shown: no repaint for this build
        self._unshown = True
        self._show_timer.start()

    def _image(self, group: int, bounds: QRectF) -> tuple[QPoint, QImage] | None:
        """One group's edges in a transparent image placed on whole device pixels (None: nothing to draw).

        The image is the group's own, overwritten in place: a paint between two steps shows each group whole,
        some a build newer than others (a live drawing)."""
        plan = self._layer(group)
        pad = self._margin()
        placed = self._placed.get(group)
        if placed is None or placed[0] != pad:
            rect = self._transform.mapRect(bounds.adjusted(-pad, -pad, pad, pad)).toAlignedRect()
            placed = self._placed[group] = (pad, rect, self._transform * QTransform.fromTranslate(-rect.x(), -rect.y()))
        _, device, transform = placed
        if device.isEmpty() or self._where is None:
            return None
        last = self._stroked.get(group)
        if last is not None and last[1] == device.topLeft() and last[2].size() == device.size() and \
                self._looks_the_same(last[0], plan):
            return last[1], last[2]  # the same pixels, or none that anyone could tell apart (the item decides)
        image = last[2] if last is not None and last[2].size() == device.size() else QImage(
            device.size(), QImage.Format.Format_ARGB32_Premultiplied)
        self._stroked[group] = (plan, device.topLeft(), image)
        self._stroked_unshown = True
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHints(self._hints)
        painter.setWorldTransform(transform)
        stroke(painter, self._runs(group))
        painter.end()
        return device.topLeft(), image
