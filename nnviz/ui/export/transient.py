"""Transient drawings (a readout box, a cursor cross) that are on screen but never in an export or GIF frame.

A widget or graphics item marked with `mark_transient` is hidden while `transients_hidden`
is active; every export path (PNG, SVG, clipboard, GIF frames) renders inside it. So are the
screen's pixmap caches: an item cached as device pixels (the graph's edges) is drawn anew,
as vectors in an SVG and sharp at an image's own scale.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

TRANSIENT = "nnvizTransient"  # the widget property / graphics item data key that marks a transient drawing
_ITEM_KEY = 0x6E6E76  # QGraphicsItem.data() key ("nnv")


def mark_transient(thing: QWidget | QGraphicsItem) -> None:
    """Mark a widget or graphics item as on-screen only: exports and recordings leave it out."""
    if isinstance(thing, QWidget):
        thing.setProperty(TRANSIENT, True)
    else:
        QGraphicsItem.setData(thing, _ITEM_KEY, TRANSIENT)  # pyqtgraph items override setData


def _items_under(root: QWidget) -> list[QGraphicsItem]:
    views = ([root] if isinstance(root, QGraphicsView) else []) + root.findChildren(QGraphicsView)
    scenes = {id(v.scene()): v.scene() for v in views if v.scene() is not None}
    return [item for scene in scenes.values() for item in scene.items()]


def _transients_under(root: QWidget, items: list[QGraphicsItem]) -> list[QWidget | QGraphicsItem]:
    widgets: list[QWidget | QGraphicsItem] = [w for w in root.findChildren(QWidget) if w.property(TRANSIENT)]
    return widgets + [item for item in items if QGraphicsItem.data(item, _ITEM_KEY) == TRANSIENT]


@contextmanager
def transients_hidden(root: QWidget | None) -> Iterator[None]:
    """Hide every visible transient drawing under `root` and draw cached items anew, for the duration."""
    items = _items_under(root) if root is not None else []
    shown = [t for t in _transients_under(root, items) if t.isVisible()] if root is not None else []
    cached = [(item, item.cacheMode()) for item in items if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    for thing in shown:
        thing.setVisible(False)
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for thing in shown:
            thing.setVisible(True)
        for item, mode in cached:
            item.setCacheMode(mode)
