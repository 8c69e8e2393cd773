"""The features the main window is built with, in order: each gets the window's surface and adds itself.

A feature is a function `install(surface) -> object` (the object holds the feature's parts);
the window keeps what each returned under its name in `MainWindow.features`. Menus and
toolbar groups appear in this order.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.ui.export.menu import install_export
from nnviz.ui.presentation import install_presentation
from nnviz.ui.tables import install_tables
from nnviz.ui.teach import install_teaching
from nnviz.ui.timeline import install_timeline
from nnviz.ui.window.help_menu import install_help
from nnviz.ui.window.keyboard import install_window_keys
from nnviz.ui.window.surface import WindowSurface

Feature = Callable[[WindowSurface], object]

FEATURES: tuple[tuple[str, Feature], ...] = (
    ("export", install_export),
    ("teaching", install_teaching),
    ("tables", install_tables),  # your own data: import, drop, slice, confusion matrix
    ("timeline", install_timeline),  # the loss chart as the run's timeline, replay, pinned runs, Compare
    ("presentation", install_presentation),  # View ▸ Presentation Mode, Full Screen, zoom, high contrast
    ("keys", install_window_keys),  # shortcuts whatever has focus; Enter/Escape leave a text field
    ("help", install_help),  # Help ▸ User Guide; Help stays the last menu
)
