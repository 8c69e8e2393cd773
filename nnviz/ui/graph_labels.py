"""The network graph's text and buttons: column headers and captions, input and class labels, +/- buttons.

Everything is scaled by a "chrome" factor so it stays readable when the drawing is shown small.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from nnviz.session.frame import Frame
from nnviz.ui import colors
from nnviz.ui.graph_items import ButtonItem
from nnviz.ui.graph_layout import GraphLayout
from nnviz.ui.graph_tooltips import feature_label

_TEXT = QColor(*colors.TEXT)
_MUTED = QColor(*colors.MUTED)


def label_font(base: QFont, size: float, bold: bool = False) -> QFont:
    """A copy of base at a point size, optionally bold."""
    font = QFont(base)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


class _Writer:
    """Adds labels scaled by the chrome factor to a scene."""

    def __init__(self, scene: QGraphicsScene, base: QFont, chrome: float) -> None:
        self.scene, self.base, self.chrome = scene, base, chrome

    def text(self, text: str, size: float, color: QColor, bold: bool = False) -> QGraphicsSimpleTextItem:
        """A label scaled by the chrome factor; place it with `place`."""
        item = QGraphicsSimpleTextItem(text)
        item.setFont(label_font(self.base, size, bold))
        item.setBrush(color)
        item.setScale(self.chrome)
        self.scene.addItem(item)
        return item

    def place(self, item: QGraphicsSimpleTextItem, x: float, y: float, align: str = "left",
              middle: bool = False) -> None:
        """Put a scaled label with its left/centre/right edge at x, its top (or middle) at y."""
        r = item.boundingRect()
        w, h = r.width() * self.chrome, r.height() * self.chrome
        dx = {"left": 0.0, "centre": w / 2, "right": w}[align]
        item.setPos(x - dx, y - (h / 2 if middle else 0.0))


def add_labels(scene: QGraphicsScene, base: QFont, chrome: float, frame: Frame, lay: GraphLayout) -> list[ButtonItem]:
    """Add every label and the hidden layers' +/- buttons to the scene; returns the buttons."""
    w = _Writer(scene, base, chrome)
    buttons: list[ButtonItem] = []
    last = len(frame.sizes) - 1
    node, c = lay.node, chrome
    for layer, x in enumerate(lay.column_x):
        n = frame.sizes[layer]
        if layer == 0:
            title, caption = "Input", f"{n} feature{'s' * (n != 1)}"
        elif layer == last:
            title, caption = "Output", frame.activations[-1]
        else:
            title, caption = f"Hidden {layer}", f"{n} neuron{'s' * (n != 1)}"
        centre = x + node / 2
        w.place(w.text(title, 8.5, _TEXT, bold=True), centre, 0.0, "centre")
        if 0 < layer < last:
            for sign, dx in ((-1, -21.0), (1, 3.0)):
                b = ButtonItem(centre + dx * c, 17 * c, sign, layer - 1)
                b.setScale(c)
                b.set_state(enabled=sign > 0 or n > 1)
                scene.addItem(b)
                buttons.append(b)
            cap_y = 38.0 * c
        else:
            cap_y = 20.0 * c
        w.place(w.text(caption, 7.5, _MUTED), centre, cap_y, "centre")
        if lay.shown[layer] < n:
            i = lay.node_id(layer, lay.shown[layer] - 1)
            more = w.text(f"+{n - lay.shown[layer]} more", 7.5, _MUTED)
            w.place(more, centre, lay.node_y[i] + node + 4, "centre")
    for j in range(lay.shown[0]):
        i = lay.node_id(0, j)
        label = w.text(feature_label(frame, j), 9.0, _TEXT)
        w.place(label, lay.node_x[i] - 8 * c, lay.node_y[i] + node / 2, "right", middle=True)
    if frame.problem == "multiclass":
        for j in range(lay.shown[last]):
            i = lay.node_id(last, j)
            label = w.text(f"class {j}", 8.0, _TEXT)
            w.place(label, lay.node_x[i] + node + 8, lay.node_y[i] + node / 2, middle=True)
    return buttons
