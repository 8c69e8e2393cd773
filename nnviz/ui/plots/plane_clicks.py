"""The mouse gestures on the output plane: the one table of point bindings and the click that features see."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt


@dataclass(frozen=True)
class PointClick:
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


@dataclass(frozen=True)
class PlaneClick:
    """A mouse click on the plane: where (plane coordinates), which button, which modifier keys."""

    x: float
    y: float
    button: Qt.MouseButton
    modifiers: Qt.KeyboardModifier
