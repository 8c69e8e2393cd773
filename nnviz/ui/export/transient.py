"""Transient drawings (a readout box, a cursor cross) that are on screen but never in an export or GIF frame.

A widget or graphics item marked with `mark_transient` is hidden while `transients_hidden`
is active; every export path (PNG, SVG, clipboard, GIF frames) renders inside it.
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


def _transients_under(root: QWidget) -> list[QWidget | QGraphicsItem]:
    widgets: list[QWidget | QGraphicsItem] = [w for w in root.findChildren(QWidget) if w.property(TRANSIENT)]
    views = ([root] if isinstance(root, QGraphicsView) else []) + root.findChildren(QGraphicsView)
    scenes = {id(v.scene()): v.scene() for v in views if v.scene() is not None}
    items = [item for scene in scenes.values() for item in scene.items()
             if QGraphicsItem.data(item, _ITEM_KEY) == TRANSIENT]
    return widgets + items


@contextmanager
def transients_hidden(root: QWidget | None) -> Iterator[None]:
    """Hide every visible transient drawing under `root` for the duration; show them again afterwards."""
    shown = [t for t in _transients_under(root) if t.isVisible()] if root is not None else []
    for thing in shown:
        thing.setVisible(False)
    try:
        yield
    finally:
        for thing in shown:
            thing.setVisible(True)
