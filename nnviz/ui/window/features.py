"""The features the main window is built with, in order: each gets the window's surface and adds itself.

A feature is a function `install(surface) -> object` (the object holds the feature's parts);
the window keeps what each returned under its name in `MainWindow.features`. Menus and
toolbar groups appear in this order.
"""

from __future__ import annotations

from collections.abc import Callable

from nnviz.ui.export.menu import install_export
from nnviz.ui.teach import install_teaching
from nnviz.ui.window.surface import WindowSurface

Feature = Callable[[WindowSurface], object]

FEATURES: tuple[tuple[str, Feature], ...] = (
    ("export", install_export),
    ("teaching", install_teaching),
)
