"""Help ▸ Keyboard Shortcuts, written from the window's own actions and the mouse gestures its parts register."""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from nnviz.ui.plots.plane_clicks import POINT_CLICKS

Gesture = tuple[str, str]  # (what the hand does, what happens)

GRAPH_CLICKS: tuple[Gesture, ...] = (("Click an edge or a bias marker", "edit its value in the network view"),
                                     ("− / + on a column", "one neuron fewer / more in that hidden layer"))

# the one table of bindings beyond the window's actions: parts that take over mouse gestures add theirs here
_GESTURES: weakref.WeakKeyDictionary[QWidget, list[Gesture]] = weakref.WeakKeyDictionary()


def register_gestures(window: QWidget, gestures: Iterable[Gesture]) -> None:
    """Add mouse gestures to the ones the window's help lists."""
    _GESTURES.setdefault(window, []).extend(gestures)


def window_gestures(window: QWidget) -> list[Gesture]:
    """Every mouse gesture of the window: the output view's, the graph's, then the registered ones."""
    points = [(f"{click.gesture} in the output view", click.effect) for click in POINT_CLICKS]
    return points + list(GRAPH_CLICKS) + _GESTURES.get(window, [])


def _row(keys: str, what: str) -> str:
    from html import escape  # lazy: the help is written when it is opened, not before the first paint (issue 23)

    what = what[:1].upper() + what[1:]
    return f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"


def key_text(action: QAction) -> str:
    """An action's shortcut as the help shows it ('' when it has none)."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def shortcuts_help(actions: Iterable[QAction], gestures: Iterable[Gesture] = ()) -> str:
    """An HTML table: every action's shortcut and tip, then the mouse gestures."""
    rows = []
    seen: set[int] = set()
    for action in actions:
        key = key_text(action)
        if key and id(action) not in seen:
            seen.add(id(action))
            rows.append(_row(key, action.statusTip() or action.text().replace("&", "")))
    rows.extend(_row(keys, what) for keys, what in gestures)
    return "<table>" + "".join(rows) + "</table>"


def window_help(window: QWidget) -> str:
    """The help of a whole window: every shortcut it holds, then every mouse gesture."""
    return shortcuts_help(window.findChildren(QAction), window_gestures(window))
