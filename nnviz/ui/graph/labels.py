"""The network graph's text and buttons: column headers and captions, input and class labels, +/- buttons.

Everything is scaled by a "chrome" factor so it stays readable when the drawing is shown small.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsSimpleTextItem, QStyleOptionGraphicsItem, QWidget

from nnviz.session.frame import Frame
from nnviz.session.message import Message
from nnviz.ui import colors, look
from nnviz.ui.graph.items import ButtonItem, LegendItem
from nnviz.ui.graph.layout import MAX_SHOWN, GraphLayout
from nnviz.ui.graph.tooltips import feature_label

TITLE_PT = 8.5  # column titles (bold)
CAPTION_PT = 7.5  # column captions
BUTTON_DX = 21.0  # the +/- pair spans the column centre -/+ this (at chrome 1)
LABEL_GAP = 10.0  # the least gap between neighbouring columns' labels (at chrome 1)
LARGE_FLOOR_PT = 9.0  # presentation size: no graph text is drawn from a smaller size (as the input labels)
LEGEND_PT = 8.0  # the weight legend's words
INPUT_PT = 9.0  # the input labels
CLASS_PT = 8.0  # the class names beside a multi-class output
WRAP_AT = "_ -."  # a long input label may break onto two lines after one of these ("flipper_" / "length_mm")
WRAP_MIN = 9  # characters: shorter labels never break
_TEXT = QColor(*colors.TEXT)
_MUTED = QColor(*colors.MUTED)


def label_font(base: QFont, size: float, bold: bool = False) -> QFont:
    """A copy of base at a point size (times the look's text scale; in presentation size at least
    LARGE_FLOOR_PT before scaling, so captions read from the back row too), optionally bold."""
    font = QFont(base)
    now = look.current()
    font.setPointSizeF((max(size, LARGE_FLOOR_PT) if now.large else size) * now.text_scale)
    font.setBold(bold)
    return font


class RightAlignedText(QGraphicsSimpleTextItem):
    """A label of several lines, each flush right (a two-line input label ends at its node)."""

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """Draw each line against the right edge."""
        painter.setFont(self.font())
        painter.setPen(self.brush().color())
        painter.drawText(self.boundingRect(), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                         self.text())


class _Writer:
    """Adds labels scaled by the chrome factor to a scene."""

    def __init__(self, scene: QGraphicsScene, base: QFont, chrome: float) -> None:
        self.scene, self.base, self.chrome = scene, base, chrome

    def text(self, text: str, size: float, color: QColor, bold: bool = False) -> QGraphicsSimpleTextItem:
        """A label scaled by the chrome factor (lines flush right when several); place it with `place`."""
        item = RightAlignedText(text) if "\n" in text else QGraphicsSimpleTextItem(text)
        item.setFont(label_font(self.base, size, bold))
        item.setBrush(color)
        item.setScale(self.chrome)
        # kept as pixels: the edges' restroke repaints the whole drawing ~15 times a second while training, and
        # drawing ~30 texts anew cost more than the edges' copy (issue 23; exports draw them anew as text)
        item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.scene.addItem(item)
        return item

    def place(self, item: QGraphicsSimpleTextItem, x: float, y: float, align: str = "left",
              middle: bool = False) -> None:
        """Put a scaled label with its left/centre/right edge at x, its top (or middle) at y."""
        r = item.boundingRect()
        w, h = r.width() * self.chrome, r.height() * self.chrome
        dx = {"left": 0.0, "centre": w / 2, "right": w}[align]
        item.setPos(x - dx, y - (h / 2 if middle else 0.0))


def two_lines(text: str) -> str:
    """A long label broken once, after the separator nearest its middle ("flipper_length_mm" reads
    "flipper_" over "length_mm"); a short one, or one without a separator, as it is."""
    if len(text) < WRAP_MIN:
        return text
    cuts = [i + 1 for i, ch in enumerate(text[:-1]) if ch in WRAP_AT and i > 0]
    if not cuts:
        return text
    cut = min(cuts, key=lambda i: abs(2 * i - len(text)))
    return f"{text[:cut].rstrip()}\n{text[cut:].lstrip()}"


def input_labels(frame: Frame, shown: int, wrap: bool) -> list[str]:
    """The first `shown` inputs' labels, each on two lines when `wrap` (a tall, narrow view has the height)."""
    return [two_lines(feature_label(frame, j)) if wrap else feature_label(frame, j) for j in range(shown)]


def class_labels(frame: Frame, shown: int) -> list[str]:
    """The names beside the first `shown` output neurons of a multi-class network (none otherwise)."""
    if frame.problem != "multiclass":
        return []
    return [frame.class_name(j) if frame.class_names else f"class {j}" for j in range(shown)]


def class_labels_width(base: QFont, frame: Frame) -> float:
    """The room the class names take right of the output column (at chrome 1), 0 without them."""
    names = class_labels(frame, min(frame.sizes[-1], MAX_SHOWN))
    metrics = QFontMetricsF(label_font(base, CLASS_PT))
    return max((metrics.horizontalAdvance(n) + 8 for n in names), default=0.0)


def column_texts(frame: Frame, compact: bool = False) -> list[tuple[str, str]]:
    """(title, caption) over each column; compact: hidden columns read "H3" with no caption."""
    last = len(frame.sizes) - 1
    texts = []
    for layer, n in enumerate(frame.sizes):
        if layer == 0:
            scaled = ", standardised" if frame.scaling is not None else ""
            texts.append(("Input", str(n) if compact else f"{n} feature{'s' * (n != 1)}{scaled}"))
        elif layer == last:
            texts.append(("Output", frame.activations[-1]))
        elif compact:
            texts.append((f"H{layer}", ""))
        else:
            texts.append((f"Hidden {layer}", f"{n} neuron{'s' * (n != 1)}"))
    return texts


def column_spacing(base: QFont, frame: Frame, compact: bool = False) -> float:
    """The least distance between column centres (at chrome 1) that keeps neighbours' labels apart."""
    title, caption = QFontMetricsF(label_font(base, TITLE_PT, bold=True)), QFontMetricsF(label_font(base, CAPTION_PT))
    last = len(frame.sizes) - 1
    buttons = ButtonItem.SIZE if compact else 2 * BUTTON_DX
    widths = [max(title.horizontalAdvance(t), caption.horizontalAdvance(cap), buttons if 0 < i < last else 0.0)
              for i, (t, cap) in enumerate(column_texts(frame, compact))]
    return max((a + b) / 2 for a, b in itertools.pairwise(widths)) + LABEL_GAP


class HeaderRows(Message):
    """Where a column's header rows start (at chrome 1): under the title, whatever its size."""

    buttons: float  # the +/- buttons' top (the + of a compact pair; its - is one button lower)
    caption: float  # an input or output column's caption
    hidden_caption: float  # a hidden column's caption, under its buttons
    height: float  # the room the headers need above the nodes

    @classmethod
    def of(cls, base: QFont, compact: bool) -> HeaderRows:
        """The rows for the title and caption fonts of the look (taller in presentation size)."""
        title = QFontMetricsF(label_font(base, TITLE_PT, bold=True)).height()
        caption = QFontMetricsF(label_font(base, CAPTION_PT)).height()
        buttons = max(17.0, title + 1)
        hidden_caption = max(38.0, buttons + ButtonItem.SIZE + 2)
        lowest = buttons + 21.0 + ButtonItem.SIZE if compact else hidden_caption + caption
        return cls(buttons, max(20.0, title), hidden_caption, max(lowest, max(20.0, title) + caption) + 6)


def _buttons(centre: float, c: float, compact: bool, top: float) -> tuple[tuple[int, float, float], ...]:
    """(sign, x, y) of a hidden column's -/+ buttons: side by side, or + over - when compact."""
    half = ButtonItem.SIZE / 2 * c
    if compact:
        return (1, centre - half, top * c), (-1, centre - half, (top + 21) * c)
    return (-1, centre - BUTTON_DX * c, top * c), (1, centre + (BUTTON_DX - ButtonItem.SIZE) * c, top * c)


def add_labels(scene: QGraphicsScene, base: QFont, chrome: float, frame: Frame, lay: GraphLayout,
               compact: bool = False, wrap: bool = False) -> list[ButtonItem]:
    """Add every label and the hidden layers' +/- buttons to the scene (long input labels on two lines when
    `wrap`); returns the buttons."""
    w = _Writer(scene, base, chrome)
    buttons: list[ButtonItem] = []
    last = len(frame.sizes) - 1
    node, c = lay.node, chrome
    rows = HeaderRows.of(base, compact)
    for layer, (x, (title, caption)) in enumerate(zip(lay.column_x, column_texts(frame, compact), strict=True)):
        n = frame.sizes[layer]
        centre = x + node / 2
        w.place(w.text(title, TITLE_PT, _TEXT, bold=True), centre, 0.0, "centre")
        if 0 < layer < last:
            for sign, bx, by in _buttons(centre, c, compact, rows.buttons):
                b = ButtonItem(bx, by, sign, layer - 1)
                b.setScale(c)
                b.set_state(enabled=sign > 0 or n > 1)
                scene.addItem(b)
                buttons.append(b)
        if caption:
            y = rows.hidden_caption if 0 < layer < last else rows.caption
            w.place(w.text(caption, CAPTION_PT, _MUTED), centre, y * c, "centre")
        if lay.shown[layer] < n:
            i = lay.node_id(layer, lay.shown[layer] - 1)
            more = w.text(f"+{n - lay.shown[layer]} more", 7.5, _MUTED)
            w.place(more, centre, lay.node_y[i] + node + 4, "centre")
    for j, text in enumerate(input_labels(frame, lay.shown[0], wrap)):
        i = lay.node_id(0, j)
        label = w.text(text, INPUT_PT, _TEXT)
        w.place(label, lay.node_x[i] - 8 * c, lay.node_y[i] + node / 2, "right", middle=True)
    if frame.problem == "multiclass":
        for j, name in enumerate(class_labels(frame, lay.shown[last])):
            i = lay.node_id(last, j)
            label = w.text(name, CLASS_PT, _TEXT)
            w.place(label, lay.node_x[i] + node + 8, lay.node_y[i] + node / 2, middle=True)
    return buttons


def add_legend(scene: QGraphicsScene, base: QFont, chrome: float, right: float, top: float) -> None:
    """The weight legend ("weight −1 [bar] +1") with its right end at `right`, its top at `top`."""
    w = _Writer(scene, base, chrome)
    bar = LegendItem()
    bar.setScale(chrome)
    scene.addItem(bar)
    high = w.text("+1", LEGEND_PT, _TEXT)
    high_w = high.boundingRect().width() * chrome
    x = right - high_w - (4 + LegendItem.BAR_W) * chrome
    bar.setPos(x, top)
    middle = top + LegendItem.BAR_H * chrome / 2
    w.place(high, right - high_w, middle, middle=True)
    w.place(w.text("weight  −1", LEGEND_PT, _TEXT), x - 4 * chrome, middle, "right", middle=True)
