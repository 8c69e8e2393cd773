"""The parts of the window that can be exported, by name.

The names are the ones `nnviz render --panel` and File ▸ Export use: the whole
window, the network graph, the boundary, the loss chart, and the explanation
panel while the teaching mode shows it. Features add theirs through the window's surface.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nnviz.ui.export.output import ExportError
from nnviz.ui.window.surface import WindowSurface

PANEL_TITLES: dict[str, str] = {
    "window": "The whole window",
    "network": "The network graph",
    "boundary": "The boundary (output view)",
    "loss": "The loss chart",
    "explanation": "The explanation panel",
}


def available_panels(surface: WindowSurface) -> list[str]:
    """The panels this window can export now, in menu order."""
    shown = surface.panels()
    return [name for name in PANEL_TITLES if name in shown]


def panel_widget(surface: WindowSurface, name: str) -> QWidget:
    """The widget behind a panel name (ExportError for a panel this window does not have)."""
    widget = surface.panels().get(name)
    if widget is None:
        raise ExportError(f"there is no {name!r} panel to export; choose one of {', '.join(available_panels(surface))}")
    return widget
