"""Icons as QIcons, from the files that nnviz.resource_paths finds (installed, from source or frozen)."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QIcon

from nnviz.resource_paths import resource_path

log = logging.getLogger(__name__)

APP_ICON = "nnviz.svg"
APP_ICON_PNG = "nnviz.png"


@cache
def icon(name: str) -> QIcon:
    """A QIcon from resources/icons/<name>.svg (an empty icon when missing)."""
    path = resource_path(f"icons/{name}.svg")
    if not path.is_file():
        log.warning("icon %s is missing", path)
        return QIcon()
    return QIcon(str(path))


@cache
def app_icon() -> QIcon:
    """The application icon, as SVG with a PNG fallback."""
    result = QIcon()
    for name in (APP_ICON, APP_ICON_PNG):
        path = resource_path(name)
        if path.is_file():
            result.addFile(str(path))
    return result
