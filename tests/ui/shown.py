"""Show a widget at a size for a test, as a user would see it."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def shown(qtbot: Any, widget: W, w: int, h: int) -> W:
    """The widget, resized to w x h, shown and exposed (qtbot closes it after the test)."""
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
