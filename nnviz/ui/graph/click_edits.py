"""Editing a weight or a bias by clicking the network graph.

A click on an edge or a bias marker (or on a neuron of a compact column, which draws no bias markers) opens
the inline ValueEditor at the click, titled with what it edits and holding its current value; the value the
user enters goes to `apply` (the graph view's `edit`, which emits weightEdited or biasEdited). While any
feature blocks edits (teaching takes the graph's clicks over), a click opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from nnviz.session.frame import Frame
from nnviz.session.graph_refs import BiasRef, EdgeRef, EditTarget, GraphRef, NeuronRef
from nnviz.ui.graph.editor import ValueEditor
from nnviz.ui.graph.layout import GraphLayout
from nnviz.ui.graph.tooltips import edit_title


class ClickEdits:
    """The inline editing of the weight or bias under a click on the graph, and the features that block it."""

    def __init__(self, parent: QWidget, apply: Callable[[EditTarget, float], None]) -> None:
        self.editor = ValueEditor(parent)
        self.editor.committed.connect(self._committed)
        self._apply = apply
        self._blockers: set[str] = set()  # features that take clicks over (while any does, nothing is edited)
        self._target: EditTarget | None = None
        self._pos = QPoint()

    def block(self, owner: str, blocked: bool) -> None:
        """While any owner blocks them, clicks open no editor (and an open one closes)."""
        if blocked:
            self._blockers.add(owner)
            self.editor.close_editor()
        else:
            self._blockers.discard(owner)

    def close(self) -> None:
        """Close the editor without applying (the drawing it was opened on is gone)."""
        self.editor.close_editor()

    def edit_at(self, hit: GraphRef, frame: Frame, lay: GraphLayout, pos: QPoint) -> bool:
        """Edit the weight or bias a click at pos (viewport coordinates) hit; False when it hit nothing editable
        (a neuron with a bias marker of its own). A blocked click counts as taken (True) and opens nothing."""
        if self._blockers:
            return True
        if isinstance(hit, NeuronRef) and lay.compact and hit.layer > 0:  # a compact column has no bias markers
            hit = BiasRef(hit.layer, hit.neuron)
        if isinstance(hit, EdgeRef):
            current = float(frame.weights[hit.layer - 1][hit.dst, hit.src])
        elif isinstance(hit, BiasRef):
            current = float(frame.biases[hit.layer - 1][hit.neuron])
        else:
            return False
        self._target, self._pos = hit, pos
        value = self.ask_value(edit_title(frame, hit), current)
        if value is not None:
            self._apply(hit, value)
        return True

    def ask_value(self, title: str, current: float) -> float | None:
        """Ask the user for a new value. Return it, or None when the answer comes later or not at all.

        The default opens the non-modal inline editor at the click, which applies the value
        on Enter; tests may replace this with a direct answer.
        """
        self.editor.open(self._target, title, current, self._pos)
        return None

    def _committed(self, target: object, value: float) -> None:
        if isinstance(target, EdgeRef | BiasRef):
            self._apply(target, value)
