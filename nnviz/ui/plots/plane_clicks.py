"""The mouse gestures on the output plane: the one table of point bindings, the click that features see, and
what a click does (`PlaneGestures`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, SignalInstance

from nnviz.session.message import Message


class PointClick(Message):
    """One mouse gesture on the plane: what it does, and how the help and the hint name it."""

    button: Qt.MouseButton
    ctrl: bool
    action: str  # "add" (the chosen class), "add_other" (the other class) or "remove" (the nearest point)
    gesture: str  # "Right-click"
    effect: str  # for the Help
    hint: str  # short, for the hint beside the class picker


# the one table of mouse bindings: click_at obeys it, Help ▸ Keyboard Shortcuts and the hint are written from it
POINT_CLICKS: tuple[PointClick, ...] = (
    PointClick(Qt.MouseButton.LeftButton, False, "add", "Click",
               "adds a point of the chosen class (regression: target +1)", "add"),
    PointClick(Qt.MouseButton.RightButton, False, "add_other", "Right-click",
               "adds a point of the other class (regression: target −1)", "other class"),
    PointClick(Qt.MouseButton.LeftButton, True, "remove", "Ctrl+click", "removes the nearest point", "remove"),
)


class PlaneClick(Message):
    """A mouse click on the plane: where (plane coordinates), which button, which modifier keys."""

    x: float
    y: float
    button: Qt.MouseButton
    modifiers: Qt.KeyboardModifier


class PlaneGestures:
    """What a click on the output plane does: the point edits of POINT_CLICKS, unless a feature holds the click.

    Every click is published first (`clicked`, a PlaneClick); features that take a gesture over
    reserve it, or block point edits while they hold the clicks.
    """

    def __init__(self, clicked: SignalInstance, added: SignalInstance, removed: SignalInstance) -> None:
        """clicked(PlaneClick), added(x, y, class), removed(x, y): the view's signals."""
        self._clicked, self._added, self._removed = clicked, added, removed
        self._selected = 1
        self._reserved: set[tuple[Qt.MouseButton, Qt.KeyboardModifier]] = set()  # gestures features took over
        self._edit_blockers: set[str] = set()  # features holding every click (no point is added or removed)

    def set_selected_class(self, k: int) -> None:
        """The class a left click adds (used clamped to the classes the current data has)."""
        self._selected = max(0, int(k))

    def selected_class(self, n_classes: int) -> int:
        """The class a left click adds now, with n_classes classes."""
        return min(self._selected, max(0, n_classes - 1))

    def reserve_gesture(self, button: Qt.MouseButton, modifier: Qt.KeyboardModifier) -> None:
        """A click with this button and modifier key is a feature's: it adds or removes no point."""
        self._reserved.add((button, modifier))

    def block_point_edits(self, owner: str, blocked: bool) -> None:
        """While any owner blocks them, clicks only publish `clicked`."""
        if blocked:
            self._edit_blockers.add(owner)
        else:
            self._edit_blockers.discard(owner)

    def click_at(self, x: float, y: float, button: Qt.MouseButton, modifiers: Qt.KeyboardModifier,
                 extent: float, problem: str, n_classes: int) -> bool:
        """Do what a click at plane point (x, y) of [-extent, extent]² does; False when it did nothing."""
        self._clicked.emit(PlaneClick(float(x), float(y), button, modifiers))
        if self._edit_blockers or any(button == b and modifiers & m for b, m in self._reserved):
            return True
        if not (abs(x) <= extent and abs(y) <= extent):
            return False
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        click = next((c for c in POINT_CLICKS if c.button == button and c.ctrl == ctrl), None)
        if click is None:
            return False
        if click.action == "remove":
            self._removed.emit(float(x), float(y))
            return True
        other = click.action == "add_other"
        selected = self.selected_class(n_classes)
        if problem == "regression":
            label = -1 if other else 1
        elif not other:
            label = selected
        elif n_classes <= 2:
            label = 1 - min(selected, 1)
        else:
            label = (selected + 1) % n_classes
        self._added.emit(float(x), float(y), int(label))
        return True
