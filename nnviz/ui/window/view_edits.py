"""Edits made in the views (a weight, a bias, a point added or removed) as commands for the training worker."""

from __future__ import annotations

from collections.abc import Callable

from nnviz.session import commands as cmd
from nnviz.session.graph_refs import BiasRef, EdgeRef
from nnviz.ui.graph.view import NetworkGraphView
from nnviz.ui.plots.boundary_view import BoundaryView

REMOVE_REACH = 0.1  # how near a Ctrl+click must be to a point to remove it, in plane half-widths (0.6 on ±6)


class ViewEdits:
    """Turns the graph's weight and bias edits and the output view's point edits into commands.

    `structure_shown` is the structure version of the network on screen: an edit made on it is dropped by the
    worker after a rebuild."""

    def __init__(self, graph_view: NetworkGraphView, boundary_view: BoundaryView,
                 send: Callable[[cmd.Command], None], structure_shown: Callable[[], int]) -> None:
        self._boundary_view, self._send, self._structure_shown = boundary_view, send, structure_shown
        graph_view.weightEdited.connect(self._on_weight_edited)
        graph_view.biasEdited.connect(self._on_bias_edited)
        boundary_view.pointAdded.connect(self._on_point_added)
        boundary_view.pointRemoved.connect(self._on_point_removed)

    def _on_weight_edited(self, edge: EdgeRef, value: float) -> None:
        self._send(cmd.SetWeight(edge, value, self._structure_shown()))

    def _on_bias_edited(self, bias: BiasRef, value: float) -> None:
        self._send(cmd.SetBias(bias, value, self._structure_shown()))

    def _on_point_added(self, x: float, y: float, label: int) -> None:
        self._send(cmd.AddPoint(x, y, float(label)))

    def _on_point_removed(self, x: float, y: float) -> None:
        self._send(cmd.RemovePoint(x, y, REMOVE_REACH * self._boundary_view.extent))
