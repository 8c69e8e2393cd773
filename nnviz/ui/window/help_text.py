"""Help ▸ Keyboard Shortcuts, written from the actions' own shortcuts and the output view's mouse table."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QAction, QKeySequence

from nnviz.ui.plots.boundary_view import POINT_CLICKS

GRAPH_CLICKS = (("Click an edge or a bias marker", "edit its value in the network view"),
                ("− / + on a column", "one neuron fewer / more in that hidden layer"))


def _row(keys: str, what: str) -> str:
    what = what[:1].upper() + what[1:]
    return f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"


def shortcuts_help(actions: Iterable[QAction]) -> str:
    """An HTML table: every action's shortcut and tip, then the mouse gestures of the output and graph views."""
    rows = []
    for action in actions:
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if key:
            rows.append(_row(key, action.statusTip() or action.text().replace("&", "")))
    for click in POINT_CLICKS:
        rows.append(_row(f"{click.gesture} in the output view", click.effect))
    rows.extend(_row(keys, what) for keys, what in GRAPH_CLICKS)
    return "<table>" + "".join(rows) + "</table>"
